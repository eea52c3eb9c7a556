/* fuzz_writer.c: libFuzzer target for one writer, chosen at build time with
 * -DNC_FUZZ_WRITER=nc_writer_NAME (tests/fuzz/CMakeLists.txt makes one target
 * per row of formats/registry.c). The fuzzer's bytes are read as an article,
 * then written to a memory sink twice: the writer must succeed (the document
 * came from the reader, so there is nothing to refuse but an image it names,
 * with NC_ERR_RESOURCE and a message: see fuzz.h for image inputs), give the
 * same bytes both times, and, for a text format, give clean UTF-8. */
#include <stdint.h>
#include <string.h>

#include "formats.h"
#include "fuzz.h"
#include "utf8.h"

#ifndef NC_FUZZ_WRITER
#error "build with -DNC_FUZZ_WRITER=nc_writer_NAME"
#endif

static unsigned char *render(const nc_document *doc, size_t *size)
{
    const nc_writer *w = &NC_FUZZ_WRITER;
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.timestamp = 1700000000; /* no clock, no environment: same bytes each run */
    nc_sink *sink = nc_sink_new_memory();
    if (!sink)
        nc_fuzz_die("no memory for a sink");
    nc_error err = {0};
    nc_status rc = nc_write(doc, w, &wo, sink, &err);
    if (rc == NC_OK)
        rc = nc_sink_finish(sink, &err);
    /* An image the article names may be missing, damaged or too big: a
     * refusal with a message, the one failure a writer may have. */
    int image = nc_meta_get(doc, "image") || nc_meta_get(doc, "cover-image");
    if (rc == NC_ERR_RESOURCE && image && err.message[0]) {
        nc_sink_free(sink);
        return NULL;
    }
    if (rc != NC_OK)
        nc_fuzz_die("%s writer failed (%d): %s", w->name, (int)rc, err.message);
    const unsigned char *data = nc_sink_memory_data(sink, size);
    unsigned char *copy = malloc(*size ? *size : 1);
    if (!copy)
        nc_fuzz_die("no memory for a copy");
    memcpy(copy, data, *size);
    nc_sink_free(sink);
    return copy;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nc_document *doc = nc_fuzz_read(data, size);
    if (!doc)
        return 0;
    size_t n1, n2;
    unsigned char *a = render(doc, &n1);
    unsigned char *b = a ? render(doc, &n2) : NULL;
    if (!a || !b) {
        if (a || b)
            nc_fuzz_die("%s: an image refused once only", NC_FUZZ_WRITER.name);
        nc_document_free(doc);
        return 0;
    }
    if (n1 != n2 || memcmp(a, b, n1) != 0)
        nc_fuzz_die("%s: two runs gave different bytes", NC_FUZZ_WRITER.name);
    if (!NC_FUZZ_WRITER.binary) {
        if (!nc_utf8_valid((const char *)a, n1))
            nc_fuzz_die("%s: output is not valid UTF-8", NC_FUZZ_WRITER.name);
        for (size_t i = 0; i < n1; i++)
            if (a[i] < 0x20 && a[i] != '\t' && a[i] != '\n' && a[i] != '\r')
                nc_fuzz_die("%s: control character 0x%02X at byte %zu", NC_FUZZ_WRITER.name,
                            a[i], i);
    }
    free(a);
    free(b);
    nc_document_free(doc);
    return 0;
}

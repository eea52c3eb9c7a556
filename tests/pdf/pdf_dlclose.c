/* The HarfBuzz face cache (formats/pdf/face.c) when libnewsconv.so is
 * unloaded: a program dlopen()s the library, writes a PDF (the cache maps
 * the font files), dlclose()s it, and no font file may stay mapped (the
 * cache's atexit handler runs at dlclose: glibc runs a library's atexit
 * handlers when it unloads it); opened again, the library writes the same
 * bytes. Sees only the public header and the shared library.
 *   pdf_dlclose PATH-TO-libnewsconv.so */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsconv.h"

static const char article[] = "A Headline Over Words\n\n"
                              "The text of the article is set in the serif face, its "
                              "headline in the sans, and both are shaped with kerning.\n";

/* Whether a TrueType or OpenType file is mapped into the process. */
static int font_mapped(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    char line[4096];
    int found = 0;
    while (fgets(line, sizeof line, f))
        found |= strstr(line, ".ttf") || strstr(line, ".otf") || strstr(line, ".TTF");
    fclose(f);
    return found;
}

static int fail(const char *what)
{
    fprintf(stderr, "FAIL: %s\n", what);
    return 1;
}

/* Opens the library, writes the article as PDF into *out (malloc'd), and
 * leaves the library open in *handle. 0, or 1 on failure. */
static int write_pdf(const char *lib, void **handle, unsigned char **out, size_t *len)
{
    void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return fail(dlerror());
#define FN(name) __typeof__(name) *p_##name; *(void **)(&p_##name) = dlsym(h, #name)
    FN(nc_reader_options_init); FN(nc_read_memory); FN(nc_sink_new_memory); FN(nc_write);
    FN(nc_writer_find); FN(nc_sink_finish); FN(nc_sink_memory_data); FN(nc_sink_free);
    FN(nc_document_free);
#undef FN
    if (!p_nc_reader_options_init || !p_nc_read_memory || !p_nc_sink_new_memory || !p_nc_write ||
        !p_nc_writer_find || !p_nc_sink_finish || !p_nc_sink_memory_data || !p_nc_sink_free ||
        !p_nc_document_free)
        return fail("a function is missing from the library");
    nc_reader_options ro;
    p_nc_reader_options_init(&ro);
    ro.lang = "en";
    nc_error err;
    nc_document *doc = NULL;
    nc_sink *sink = p_nc_sink_new_memory();
    if (!sink || p_nc_read_memory(article, strlen(article), &ro, &doc, &err) != NC_OK ||
        p_nc_write(doc, p_nc_writer_find("pdf"), NULL, sink, &err) != NC_OK ||
        p_nc_sink_finish(sink, &err) != NC_OK)
        return fail("the PDF was not written");
    const unsigned char *data = p_nc_sink_memory_data(sink, len);
    *out = malloc(*len);
    if (!*out)
        return fail("out of memory");
    memcpy(*out, data, *len);
    p_nc_sink_free(sink);
    p_nc_document_free(doc);
    *handle = h;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return fail("usage: pdf_dlclose PATH-TO-libnewsconv.so");
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    void *h;
    unsigned char *first, *second;
    size_t n1, n2;
    if (write_pdf(argv[1], &h, &first, &n1) != 0)
        return 1;
    if (font_mapped() != 1)
        return fail("no font file is mapped while the library is open: the check sees nothing");
    if (dlclose(h) != 0)
        return fail(dlerror());
    if (dlopen(argv[1], RTLD_NOW | RTLD_NOLOAD)) {
        printf("skipped: the library stays loaded after dlclose\n");
    } else if (font_mapped() != 0) {
        return fail("a font file is still mapped after the library was unloaded");
    }
    if (write_pdf(argv[1], &h, &second, &n2) != 0)
        return 1;
    if (n1 != n2 || memcmp(first, second, n1) != 0)
        return fail("the library opened again wrote other bytes");
    dlclose(h);
    free(first);
    free(second);
    printf("ok: %zu bytes twice; no font mapped once the library was unloaded\n", n1);
    return 0;
}

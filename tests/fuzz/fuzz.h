/* fuzz.h: what the fuzz targets share: reading the fuzzer's bytes the way
 * the CLI would, and stopping loudly when a property breaks (a finding is
 * an abort, which libFuzzer and the replay driver both report). */
#ifndef NC_FUZZ_H
#define NC_FUZZ_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "newsconv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void nc_fuzz_die(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;
static inline void nc_fuzz_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz finding: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* A document, or NULL when the reader refused the bytes with a proper error.
 * A refusal without a message, or an out-of-memory on a small input, is a
 * finding. */
static inline nc_document *nc_fuzz_read(const uint8_t *data, size_t size)
{
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    /* Keep each run small and fast; the limit itself is tested by the CLI. */
    ro.max_input = 1 << 20;
    ro.source_name = "fuzz";
    nc_document *doc = NULL;
    nc_error err = {0};
    nc_status rc = nc_read_memory(data, size, &ro, &doc, &err);
    if (rc == NC_OK) {
        if (!doc)
            nc_fuzz_die("NC_OK without a document");
        return doc;
    }
    if (doc)
        nc_fuzz_die("a failed read returned a document");
    if (!err.message[0])
        nc_fuzz_die("status %d without a message", (int)rc);
    if (rc == NC_ERR_NOMEM)
        nc_fuzz_die("out of memory reading %zu bytes", size);
    return NULL;
}

#endif

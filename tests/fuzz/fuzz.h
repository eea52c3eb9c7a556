/* fuzz.h: what the fuzz targets share: reading the fuzzer's bytes the way
 * the CLI would, and stopping loudly when a property breaks (a finding is
 * an abort, which libFuzzer and the replay driver both report). */
#ifndef NC_FUZZ_H
#define NC_FUZZ_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsconv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

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

/* Images through the front matter: the bytes after NC_FUZZ_IMAGE_MARK are
 * an image file, written as "photo" into a folder of the process's own,
 * which is the article's folder; the article before the mark names it
 * ("image: photo" in its front matter; the seeds *.img do). So the fuzzer
 * mutates PNG and JPEG files as the image loader meets them. */
#define NC_FUZZ_IMAGE_MARK "\n\x01image\x01\n"

static char nc_fuzz_dir[64];

static inline void nc_fuzz_cleanup(void)
{
    char path[96];
    snprintf(path, sizeof path, "%s/photo", nc_fuzz_dir);
    remove(path);
    remove(nc_fuzz_dir);
}

/* Splits off the image (size is cut to the article's); returns the
 * article's folder, or NULL when the input holds no image. */
static inline const char *nc_fuzz_image(const uint8_t *data, size_t *size)
{
    static const char mark[] = NC_FUZZ_IMAGE_MARK;
    const size_t m = sizeof mark - 1;
    size_t at = 0;
    while (at + m <= *size && memcmp(data + at, mark, m) != 0)
        at++;
    if (at + m > *size)
        return NULL;
    if (!nc_fuzz_dir[0]) {
        snprintf(nc_fuzz_dir, sizeof nc_fuzz_dir, "%s/nc-fuzz-XXXXXX",
                 getenv("TMPDIR") && strlen(getenv("TMPDIR")) < 40 ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(nc_fuzz_dir))
            nc_fuzz_die("cannot make a folder for images");
        atexit(nc_fuzz_cleanup);
    }
    char path[96];
    snprintf(path, sizeof path, "%s/photo", nc_fuzz_dir);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data + at + m, 1, *size - at - m, fp) != *size - at - m || fclose(fp) != 0)
        nc_fuzz_die("cannot write the image");
    *size = at;
    return nc_fuzz_dir;
}

/* A document, or NULL when the reader refused the bytes with a proper error.
 * A refusal without a message, or an out-of-memory on a small input, is a
 * finding. */
static inline nc_document *nc_fuzz_read(const uint8_t *data, size_t size)
{
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.resource_dir = nc_fuzz_image(data, &size);
    if (!ro.resource_dir) /* an article naming a file finds none */
        ro.resource_dir = "/nonexistent";
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

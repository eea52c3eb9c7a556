/* zipfile.h: the ZIP archive an EPUB is, written straight to a sink with the
 * zlib the library links anyway. Internal to formats/.
 *
 * It used to be libzip's work; libzip is opened with dlopen and brings
 * OpenSSL's libcrypto, libbz2 and a second zlib, 3.5 M instructions and
 * 1.5 of the 2.5 ms an EPUB of the seed took. What an EPUB needs is a
 * small part of ZIP: files added in order, stored or deflated, no Zip64,
 * no encryption, no comments, no extra fields. The headers carry what
 * libzip 1.7 wrote for the same archive, field for field, and the deflated
 * data comes from the same zlib settings (raw deflate, a 32 KB window,
 * memory level 9), so the archive is byte for byte what libzip made. */
#ifndef NC_ZIPFILE_H
#define NC_ZIPFILE_H

#include <stddef.h>
#include <time.h>

#include "newsconv.h"

typedef struct nc_zip_entry {
    const char *name;  /* ASCII, '/' between folders */
    const void *data;
    size_t size;
    int store;         /* 1: kept as it is (EPUB's mimetype, a JPEG); 0: deflated */
} nc_zip_entry;

/* Writes the n entries, in order, as one archive to sink: each file's
 * header and data as soon as it is deflated, then the central directory.
 * level: zlib's 1 to 9, or 0 to store every entry. when: every entry's
 * time (UTC; DOS times cannot say a moment before 1980 or after 2107, so
 * those are clamped). NC_OK, the sink's error (NC_ERR_IO), NC_ERR_NOMEM,
 * or NC_ERR_WRITER for an archive past ZIP's 4 GiB and 65,535 files
 * (err says which). */
nc_status nc_zip_write(nc_sink *sink, const nc_zip_entry *entries, size_t n, int level,
                       time_t when, nc_error *err);

#endif

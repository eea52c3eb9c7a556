/* buf.h: a growing byte buffer, the library's one string builder. */
#ifndef NC_BUF_H
#define NC_BUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct nc_buf {
    char *data;   /* NUL-terminated when len > 0 or after nc_buf_cstr */
    size_t len;
    size_t cap;
    int failed;   /* sticky: an allocation failed; every later append is a no-op */
} nc_buf;

#define NC_BUF_INIT {0}

/* Each returns 0, or -1 once an allocation has failed (and then always). */
int nc_buf_grow(nc_buf *b, size_t extra);
int nc_buf_put(nc_buf *b, const void *data, size_t n);
int nc_buf_puts(nc_buf *b, const char *s);
int nc_buf_putc(nc_buf *b, char c);
/* Appends a code point as UTF-8. */
int nc_buf_put_utf8(nc_buf *b, unsigned long cp);
int nc_buf_printf(nc_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Always a valid string ("" for an empty buffer), or NULL after a failure. */
const char *nc_buf_cstr(nc_buf *b);
void nc_buf_clear(nc_buf *b);
/* Hands the NUL-terminated data to the caller (free() it); the buffer is empty after. */
char *nc_buf_detach(nc_buf *b);
void nc_buf_free(nc_buf *b);

#endif

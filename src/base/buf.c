#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int nc_buf_grow(nc_buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (extra < (size_t)-1 - b->len - 1 && b->len + extra + 1 <= b->cap)
        return 0;
    if (extra >= (size_t)-1 / 2 - b->len) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap += cap / 2 + 64; /* geometric growth keeps appends amortised O(1) */
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int nc_buf_put(nc_buf *b, const void *data, size_t n)
{
    /* Most appends fit: test inline rather than call nc_buf_grow. */
    if ((b->failed || b->cap - b->len <= n) && nc_buf_grow(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int nc_buf_puts(nc_buf *b, const char *s) { return nc_buf_put(b, s, strlen(s)); }

int nc_buf_putc(nc_buf *b, char c)
{
    /* The writers' and the reader's byte-at-a-time loops run through here:
     * no call and no memcpy while there is room for the byte and the NUL. */
    if (!b->failed && b->cap - b->len > 1) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
    }
    return nc_buf_put(b, &c, 1);
}

int nc_buf_put_utf8(nc_buf *b, unsigned long cp)
{
    unsigned char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (unsigned char)(0xF0 | (cp >> 18));
        u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return nc_buf_put(b, u, n);
}

int nc_buf_printf(nc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return -1;
    }
    if ((size_t)n < sizeof small)
        return nc_buf_put(b, small, (size_t)n);
    if (nc_buf_grow(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

const char *nc_buf_cstr(nc_buf *b)
{
    if (b->failed)
        return NULL;
    if (!b->data && nc_buf_grow(b, 0) < 0)
        return NULL;
    b->data[b->len] = '\0';
    return b->data;
}

void nc_buf_clear(nc_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

char *nc_buf_detach(nc_buf *b)
{
    if (!nc_buf_cstr(b))
        return NULL;
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void nc_buf_free(nc_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

#include "utf8.h"

long nc_utf8_decode(const char *str, size_t len, size_t *size)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0) {
        *size = 0;
        return -1;
    }
    unsigned c = s[0];
    if (c < 0x80) {
        *size = 1;
        return (long)c;
    }
    size_t n;
    unsigned long cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        *size = 1;
        return -1;
    }
    size_t i;
    for (i = 1; i < n; i++) {
        if (i >= len || (s[i] & 0xC0) != 0x80) {
            *size = i; /* skip the lead and the continuation bytes seen */
            return -1;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *size = n;
        return -1;
    }
    *size = n;
    return (long)cp;
}

int nc_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n;
        if (nc_utf8_decode(s + i, len - i, &n) < 0)
            return 0;
        i += n;
    }
    return 1;
}

size_t nc_utf8_prefix_chars(const char *s, size_t len, size_t n)
{
    size_t i = 0;
    while (i < len && n > 0) {
        size_t k;
        nc_utf8_decode(s + i, len - i, &k);
        i += k ? k : 1;
        n--;
    }
    return i;
}

size_t nc_utf8_length(const char *s, size_t len)
{
    size_t i = 0, count = 0;
    while (i < len) {
        size_t k;
        nc_utf8_decode(s + i, len - i, &k);
        i += k ? k : 1;
        count++;
    }
    return count;
}

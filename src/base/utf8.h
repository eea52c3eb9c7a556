/* utf8.h: decoding and measuring UTF-8. */
#ifndef NC_UTF8_H
#define NC_UTF8_H

#include <stddef.h>

/* Decodes the code point at s (len bytes available). Returns it and sets
 * *size to its byte length; for an invalid, overlong, surrogate or truncated
 * sequence returns -1 and sets *size to the number of bytes to skip (1 or
 * more, never past len). */
long nc_utf8_decode(const char *s, size_t len, size_t *size);

/* 1 when all len bytes are well-formed UTF-8, else 0. */
int nc_utf8_valid(const char *s, size_t len);

/* The number of bytes of the first n characters of s (at most len). */
size_t nc_utf8_prefix_chars(const char *s, size_t len, size_t n);

/* Number of characters (code points) in s. Invalid bytes count one each. */
size_t nc_utf8_length(const char *s, size_t len);

#endif

/* hash.h: FNV-1a, the hash of the open-addressing tables that find words
 * again (the reader's word set, the PDF writer's shaped words, hyphenated
 * words and dictionary substrings). Inline: they hash every word of an
 * article, and some carry a hash along a growing substring one unit at a
 * time (nc_hash_step). */
#ifndef NC_HASH_H
#define NC_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The 64-bit FNV offset basis and prime. */
#define NC_HASH_START 14695981039346656037ULL
#define NC_HASH_PRIME 1099511628211ULL

/* h extended by one unit: a byte, or a wider value (a code point). */
static inline uint64_t nc_hash_step(uint64_t h, uint64_t unit)
{
    return (h ^ unit) * NC_HASH_PRIME;
}

/* The hash of the n bytes at p, from h (NC_HASH_START, or a value mixed
 * into it first). */
static inline uint64_t nc_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        h = nc_hash_step(h, s[i]);
    return h;
}

#endif

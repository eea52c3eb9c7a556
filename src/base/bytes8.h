/* bytes8.h: questions about eight bytes at once, for the loops that pass
 * over runs of plain text (the reader's and the writers' hottest): most
 * eight-byte words of an article hold nothing such a loop stops at, and one
 * test of the word replaces eight of a byte each. These are the usual
 * "has a byte less than / between" word tricks; a borrow or carry can only
 * come from a byte that itself answers yes, so each answer is exact. */
#ifndef NC_BYTES8_H
#define NC_BYTES8_H

#include <stdint.h>
#include <string.h>

#define NC_ONES8 UINT64_C(0x0101010101010101)
#define NC_HIGH8 UINT64_C(0x8080808080808080)

/* The eight bytes at s, whatever its alignment. */
static inline uint64_t nc_load8(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
    return w;
}

/* Is one of the bytes of w below n (n <= 128)? */
static inline int nc_has_less8(uint64_t w, unsigned n)
{
    return ((w - NC_ONES8 * n) & ~w & NC_HIGH8) != 0;
}

/* Is one of the bytes of w 0x7F or above? */
static inline int nc_has_del_or_high8(uint64_t w)
{
    return ((w | (w + NC_ONES8)) & NC_HIGH8) != 0;
}

/* Is one of the bytes b of w such that m < b < n (m, n <= 127)? Bytes of
 * 0x80 and above never are. */
static inline int nc_has_between8(uint64_t w, unsigned m, unsigned n)
{
    const uint64_t x = w & (NC_ONES8 * 0x7F);
    return ((NC_ONES8 * (127 + n) - x) & ~w & (x + NC_ONES8 * (127 - m)) & NC_HIGH8) != 0;
}

#endif

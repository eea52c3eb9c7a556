/* reserve.h: room in a growing array. One helper for the grow-by-doubling
 * that the PDF writer's arrays repeated, each with its own first size and
 * overflow checks, or none. */
#ifndef NC_RESERVE_H
#define NC_RESERVE_H

#include <stddef.h>

/* nc_reserve's growing, when need > *cap. */
int nc_reserve_grow(void *array, size_t *cap, size_t need, size_t elem);

/* Makes the array whose pointer is at array (the address of any object
 * pointer, a T **, passed as void *) hold at least need elements of elem
 * bytes, *cap being how many it holds now: when need > *cap, the array is
 * reallocated to twice *cap (16 at the least, need when that is more) and
 * *cap updated. 0, or -1 when out of memory or the size would overflow
 * size_t; then the array and *cap are as they were. The pointer is read
 * and written with memcpy: no T ** is accessed as a void **. Inline, the
 * test that finds room: the layout asks once a character. */
static inline int nc_reserve(void *array, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : nc_reserve_grow(array, cap, need, elem);
}

#endif

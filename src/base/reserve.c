/* reserve.c: room in a growing array; see reserve.h. */
#include "reserve.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int nc_reserve_grow(void *array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    if (elem == 0 || need > SIZE_MAX / elem)
        return -1;
    size_t c = *cap < 16 ? 16 : *cap;
    while (c < need)
        c = c <= SIZE_MAX / 2 ? c * 2 : need;
    if (c > SIZE_MAX / elem)
        c = need; /* doubling would overflow; need alone does not */
    void *p;
    memcpy(&p, array, sizeof p);
    void *q = realloc(p, c * elem);
    if (!q)
        return -1;
    memcpy(array, &q, sizeof q);
    *cap = c;
    return 0;
}

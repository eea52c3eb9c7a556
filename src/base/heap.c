/* heap.c: giving freed heap back to the system; see heap.h. */
#include "heap.h"

#include <stdlib.h> /* defines __GLIBC__ with glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

void nc_heap_give_back(size_t min_free)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    if (min_free == 0 || mallinfo2().fordblks >= min_free)
        malloc_trim(0);
#else
    (void)min_free;
#endif
}

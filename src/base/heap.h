/* heap.h: giving freed heap back to the system. glibc keeps what a
 * program frees for its next allocations (the CLI even asks it to:
 * M_TRIM_THRESHOLD in cli/main.c), so a stage that frees megabytes before
 * a stage that needs other memory (font subsets, the save) leaves the
 * process's resident set as high as if it had kept them. */
#ifndef NC_HEAP_H
#define NC_HEAP_H

#include <stddef.h>

/* When at least min_free bytes of freed heap are held (0: always), hands
 * the pages wholly inside free blocks back to the system (malloc_trim).
 * Does nothing on a C library without malloc_trim. Thread-safe; it costs a
 * walk of the free lists and a system call a page run, and the pages given
 * back are faulted in afresh when used again: for after a large stage, not
 * for every document of a batch. */
void nc_heap_give_back(size_t min_free);

#endif

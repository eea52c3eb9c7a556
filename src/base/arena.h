/* arena.h: a bump allocator. A document's nodes and strings live in one
 * arena and are freed together, so building a tree costs no per-node free
 * and cannot leak half a tree on an error path. */
#ifndef NC_ARENA_H
#define NC_ARENA_H

#include <stddef.h>

typedef struct nc_arena_chunk nc_arena_chunk;
typedef struct nc_arena {
    nc_arena_chunk *head;
} nc_arena;

/* Zeroed memory, aligned for any type, or NULL when out of memory. */
void *nc_arena_alloc(nc_arena *a, size_t size);
/* A NUL-terminated copy of n bytes of s, or NULL when out of memory. */
char *nc_arena_strndup(nc_arena *a, const char *s, size_t n);
char *nc_arena_strdup(nc_arena *a, const char *s);
/* Hands the arena a block from malloc of size bytes that its owner no
 * longer needs (the reader's input, once the units hold their text): the
 * arena allocates from it next and frees it with the rest. The block's
 * pages are already in memory, so the document built in it costs no fresh
 * page faults. A block too small to be worth it is freed at once. */
void nc_arena_donate(nc_arena *a, void *block, size_t size);
void nc_arena_free(nc_arena *a);

#endif

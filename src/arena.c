#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

struct nc_arena_chunk {
    nc_arena_chunk *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
};

enum { CHUNK_SIZE = 64 * 1024 };

void *nc_arena_alloc(nc_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    nc_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        /* A large request gets a chunk of its own, kept behind the current
         * one so the current chunk's free space is not wasted. */
        size_t n = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE;
        if (n > (size_t)-1 - sizeof *c)
            return NULL;
        nc_arena_chunk *nc = malloc(sizeof *nc + n);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->size = n;
        if (c && n != CHUNK_SIZE) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *nc_arena_strndup(nc_arena *a, const char *s, size_t n)
{
    char *p = nc_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nc_arena_strdup(nc_arena *a, const char *s) { return nc_arena_strndup(a, s, strlen(s)); }

void nc_arena_free(nc_arena *a)
{
    nc_arena_chunk *c = a->head;
    while (c) {
        nc_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

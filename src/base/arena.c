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

/* Memory as nc_arena_alloc gives it but not zeroed: strings are written
 * over at once, and zeroing them first was a second pass over every byte
 * of the document's text. */
static void *alloc_raw(nc_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > (size_t)-1 - align)
        return NULL;
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
    return p;
}

void *nc_arena_alloc(nc_arena *a, size_t size)
{
    void *p = alloc_raw(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

char *nc_arena_strndup(nc_arena *a, const char *s, size_t n)
{
    if (n == (size_t)-1)
        return NULL;
    char *p = alloc_raw(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *nc_arena_strdup(nc_arena *a, const char *s) { return nc_arena_strndup(a, s, strlen(s)); }

void nc_arena_donate(nc_arena *a, void *block, size_t size)
{
    if (!block)
        return;
    if (size < sizeof(nc_arena_chunk) + CHUNK_SIZE) {
        free(block);
        return;
    }
    /* malloc's alignment suits the chunk header; the current chunk's free
     * space is given up, a small loss beside the donated block */
    nc_arena_chunk *c = block;
    c->used = 0;
    c->size = size - sizeof *c;
    c->next = a->head;
    a->head = c;
}

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

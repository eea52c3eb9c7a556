/* hyphen_pack.c: a parsed hyphenation dictionary moved into one block; see
 * hyphen_pack.h. */
#include "hyphen_pack.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* libhyphen chains two levels at most (compound parts, then words); more
 * would be a dictionary this copy does not know. */
enum { LEVELS_MAX = 4 };

/* The bytes of a dictionary's NOHYPHEN strings: nohyphenl + 1 strings,
 * each ended by a NUL, one after the other. */
static size_t nohyphen_size(const HyphenDict *d)
{
    if (!d->nohyphen)
        return 0;
    size_t n = 0;
    for (int i = 0; i <= d->nohyphenl; i++)
        n += strlen(d->nohyphen + n) + 1;
    return n;
}

static size_t string_size(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

/* The levels of d, in order, into level; how many (0 when too many). */
static size_t levels(const HyphenDict *d, const HyphenDict *level[LEVELS_MAX])
{
    size_t n = 0;
    for (; d; d = d->nextlevel) {
        if (n == LEVELS_MAX)
            return 0;
        level[n++] = d;
    }
    return n;
}

/* Copies n bytes from src to *at and moves *at past them; NULL for none. */
static char *put(char **at, const char *src, size_t n)
{
    if (!n)
        return NULL;
    char *p = *at;
    memcpy(p, src, n);
    *at += n;
    return p;
}

HyphenDict *nc_pdf_hyphen_pack(const HyphenDict *d)
{
    const HyphenDict *level[LEVELS_MAX];
    size_t n_levels = d ? levels(d, level) : 0;
    if (!n_levels)
        return NULL;
    /* Sizes first: the structs, then the transitions (ints), then bytes,
     * so each part starts aligned for what it holds. */
    size_t n_states = 0, n_trans = 0, n_bytes = 0;
    for (size_t l = 0; l < n_levels; l++) {
        n_states += (size_t)level[l]->num_states;
        n_bytes += nohyphen_size(level[l]);
        for (int s = 0; s < level[l]->num_states; s++) {
            const HyphenState *st = &level[l]->states[s];
            n_trans += st->trans && st->num_trans > 0 ? (size_t)st->num_trans : 0;
            n_bytes += string_size(st->match) + string_size(st->repl);
        }
    }
    _Static_assert(alignof(HyphenState) <= alignof(HyphenDict) &&
                       alignof(HyphenTrans) <= alignof(HyphenState),
                   "the parts follow each other aligned");
    size_t size = n_levels * sizeof(HyphenDict) + n_states * sizeof(HyphenState) +
                  n_trans * sizeof(HyphenTrans) + n_bytes;
    HyphenDict *out = malloc(size);
    if (!out)
        return NULL;
    HyphenState *states = (HyphenState *)(out + n_levels);
    HyphenTrans *trans = (HyphenTrans *)(states + n_states);
    char *bytes = (char *)(trans + n_trans);
    for (size_t l = 0; l < n_levels; l++) {
        const HyphenDict *src = level[l];
        HyphenDict *dst = &out[l];
        *dst = *src;
        dst->nextlevel = l + 1 < n_levels ? &out[l + 1] : NULL;
        dst->nohyphen = put(&bytes, src->nohyphen, nohyphen_size(src));
        dst->states = states;
        for (int s = 0; s < src->num_states; s++) {
            const HyphenState *st = &src->states[s];
            HyphenState *copy = &states[s];
            *copy = *st;
            copy->match = put(&bytes, st->match, string_size(st->match));
            copy->repl = put(&bytes, st->repl, string_size(st->repl));
            copy->trans = NULL;
            if (st->trans && st->num_trans > 0) {
                copy->trans = trans;
                memcpy(trans, st->trans, (size_t)st->num_trans * sizeof *trans);
                trans += st->num_trans;
            }
        }
        states += src->num_states;
    }
    return out;
}

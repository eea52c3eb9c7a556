/* hyphen_cut.c: a hyphenation dictionary cut down to a set of words; see
 * hyphen_cut.h. */
#include "hyphen_cut.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "reserve.h"

/* ------------------------------------------------------------ byte sets */

/* One open-addressed table serves both the word set and the set of the
 * words' substrings: an entry is a run of bytes inside a pool the owner
 * keeps alive. */
typedef struct run {
    const char *p; /* NULL: an empty slot */
    size_t n;
    uint64_t hash;
} run;

typedef struct runs {
    run *slot;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} runs;


static run *runs_find(const runs *t, const char *p, size_t n, uint64_t h)
{
    size_t i = (size_t)h & (t->cap - 1);
    for (;; i = (i + 1) & (t->cap - 1)) {
        run *r = &t->slot[i];
        if (!r->p || (r->hash == h && r->n == n && memcmp(r->p, p, n) == 0))
            return r;
    }
}

static int runs_reserve(runs *t, size_t more)
{
    if ((t->count + more) * 2 <= t->cap)
        return 0;
    size_t cap = t->cap ? t->cap : 64;
    while ((t->count + more) * 2 > cap)
        cap *= 2;
    run *old = t->slot;
    size_t old_cap = t->cap;
    t->slot = calloc(cap, sizeof *t->slot);
    if (!t->slot) {
        t->slot = old;
        return -1;
    }
    t->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].p)
            *runs_find(t, old[i].p, old[i].n, old[i].hash) = old[i];
    free(old);
    return 0;
}

/* With h = nc_hash_bytes(NC_HASH_START, p, n). 1: added, 0: there
 * already, -1: out of memory. */
static int runs_add_hashed(runs *t, const char *p, size_t n, uint64_t h)
{
    if (runs_reserve(t, 1) != 0)
        return -1;
    run *r = runs_find(t, p, n, h);
    if (r->p)
        return 0;
    *r = (run){.p = p, .n = n, .hash = h};
    t->count++;
    return 1;
}

static int runs_add(runs *t, const char *p, size_t n)
{
    return runs_add_hashed(t, p, n, nc_hash_bytes(NC_HASH_START, p, n));
}

/* With h = nc_hash_bytes(NC_HASH_START, p, n). */
static int runs_has_hash(const runs *t, const char *p, size_t n, uint64_t h)
{
    return t->cap && runs_find(t, p, n, h)->p != NULL;
}

static int runs_has(const runs *t, const char *p, size_t n)
{
    return runs_has_hash(t, p, n, nc_hash_bytes(NC_HASH_START, p, n));
}

/* ---------------------------------------------------------------- words */

/* Each word in a block of its own, so that the set's entries, which
 * point at the words, never move. */
struct nc_pdf_words {
    runs set;
    run *list; /* the words in the order added: the same entries as in set */
    size_t n, cap;
};

nc_pdf_words *nc_pdf_words_new(void) { return calloc(1, sizeof(nc_pdf_words)); }

void nc_pdf_words_free(nc_pdf_words *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->n; i++)
        free((char *)w->list[i].p);
    free(w->list);
    free(w->set.slot);
    free(w);
}

int nc_pdf_words_add(nc_pdf_words *w, const char *word, size_t n)
{
    if (!w || !word || n == 0)
        return -1;
    if (nc_pdf_words_has(w, word, n))
        return 0;
    if (nc_reserve(&w->list, &w->cap, w->n + 1, sizeof *w->list) != 0)
        return -1;
    char *copy = malloc(n + 1);
    if (!copy)
        return -1;
    memcpy(copy, word, n);
    copy[n] = '\0';
    if (runs_add(&w->set, copy, n) < 0) {
        free(copy);
        return -1;
    }
    w->list[w->n++] = (run){.p = copy, .n = n};
    return 0;
}

int nc_pdf_words_has(const nc_pdf_words *w, const char *word, size_t n)
{
    return w && n && runs_has(&w->set, word, n);
}

size_t nc_pdf_words_count(const nc_pdf_words *w) { return w ? w->n : 0; }

const char *nc_pdf_words_at(const nc_pdf_words *w, size_t i, size_t *n)
{
    if (!w || i >= w->n)
        return NULL;
    if (n)
        *n = w->list[i].n;
    return w->list[i].p;
}

/* ------------------------------------------------------------ the cut */

int nc_pdf_hyphen_charset(const char *path, char *cset, size_t size)
{
    FILE *f = fopen(path, "r");
    if (!f || size == 0) {
        if (f)
            fclose(f);
        return -1;
    }
    int ok = fgets(cset, (int)size, f) != NULL;
    fclose(f);
    if (!ok)
        return -1;
    cset[strcspn(cset, "\r\n")] = '\0';
    return 0;
}

static int read_file(const char *path, nc_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char chunk[16384];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        nc_buf_put(out, chunk, got);
    int bad = ferror(f) || out->failed;
    fclose(f);
    return bad ? -1 : 0;
}

/* libhyphen runs its patterns as an automaton whose states are the
 * prefixes of the patterns, reporting at each letter only the pattern (if
 * any) of the longest state the text read so far ends with. So a longer
 * state can hide a shorter pattern, and cutting the pattern that made the
 * longer state would change the result: a cut must keep every state the
 * words can reach, not only the patterns found in them. The texts it runs
 * over are ".word." and, in a two-level dictionary, ".part." for parts of
 * the word: so the strings it can be in are a substring of a word with, or
 * without, a dot before and after. The cut keeps each pattern that is such
 * a string, and for each such string that is a prefix of patterns, the
 * first pattern it prefixes. Then both automata go through the same states
 * and report the same patterns on every word of the set. */

/* Substrings of words longer than this are not listed; a pattern whose
 * letters are longer is kept without looking (Debian's longest, a whole
 * word for English, has 17 letters; keeping a pattern is always safe). */
enum { MAX_LETTERS = 48 };

/* Every substring of every word, up to MAX_LETTERS bytes. */
static int substrings(const nc_pdf_words *words, runs *subs)
{
    for (size_t k = 0; k < nc_pdf_words_count(words); k++) {
        size_t n;
        const char *w = nc_pdf_words_at(words, k, &n);
        for (size_t i = 0; i < n; i++) {
            uint64_t h = NC_HASH_START; /* of w[i, i + l), carried along */
            for (size_t l = 1; l <= MAX_LETTERS && i + l <= n; l++) {
                h = nc_hash_step(h, (unsigned char)w[i + l - 1]);
                if (runs_add_hashed(subs, w + i, l, h) < 0)
                    return -1;
            }
        }
    }
    return 0;
}

typedef struct cutter {
    runs subs;       /* substrings of the words */
    runs reached;    /* states with a pattern kept for them (into pool) */
    nc_buf pool;     /* the kept patterns' strings; sized once, never moved */
    int any_words;
} cutter;

/* Which prefixes of a pattern's string s (m bytes, digits left out) are
 * states the automaton can be in on one of the words: reach[l] for the
 * prefix of l bytes, which must be [.]X[.] with X a substring of a word
 * (or empty). One pass, the substring's hash carried along: a prefix whose
 * X is no substring has no longer one that is. */
static void reachable_prefixes(const cutter *c, const char *s, size_t m, char *reach)
{
    size_t a = s[0] == '.';
    uint64_t h = NC_HASH_START;
    int core = c->any_words; /* X = s[a, l) is a substring (or empty) */
    memset(reach, 0, m + 1);
    for (size_t l = 1; l <= m; l++) {
        if (l <= a) {
            reach[l] = (char)c->any_words; /* "." */
        } else if (s[l - 1] == '.') {
            reach[l] = (char)core; /* [.]X. : and no longer prefix is one */
            break;
        } else {
            h = nc_hash_step(h, (unsigned char)s[l - 1]);
            core = core && runs_has_hash(&c->subs, s + a, l - a, h);
            if (!core)
                break;
            reach[l] = 1;
        }
    }
}

/* Whether libhyphen could need the line for one of the words: comments
 * never; its keywords (LEFTHYPHENMIN, NOHYPHEN, NEXTLEVEL...; patterns
 * are lower case) and lines that are no pattern always; a pattern when it
 * is a reachable state or makes one no pattern kept so far makes. Like
 * libhyphen, reads a pattern up to the first space or control byte, and
 * up to a '/' that starts its replacement, and leaves its digits out.
 * 1 keep, 0 drop, -1 out of memory. */
static int keep_line(cutter *c, const char *line, size_t n)
{
    if (n == 0 || line[0] == '\n' || line[0] == '\r')
        return 1;
    if (line[0] == '%')
        return 0;
    if (line[0] >= 'A' && line[0] <= 'Z')
        return 1;
    char s[MAX_LETTERS], reach[MAX_LETTERS + 1];
    size_t m = 0;
    for (size_t i = 0; i < n && (unsigned char)line[i] > ' ' && line[i] != '/'; i++) {
        if (line[i] >= '0' && line[i] <= '9')
            continue;
        if (m == MAX_LETTERS)
            return 1;
        s[m++] = line[i];
    }
    if (m == 0)
        return 1;
    reachable_prefixes(c, s, m, reach);
    uint64_t hs[MAX_LETTERS + 1];
    uint64_t h = NC_HASH_START;
    int keep = reach[m];
    for (size_t l = 1; l <= m; l++) {
        h = nc_hash_step(h, (unsigned char)s[l - 1]);
        hs[l] = h;
        if (!keep && reach[l] && !runs_has_hash(&c->reached, s, l, h))
            keep = 1;
    }
    if (!keep)
        return 0;
    /* Its prefixes are states from now on. */
    if (c->pool.len + m > c->pool.cap)
        return 1; /* cannot happen: the pool holds the whole file */
    char *copy = c->pool.data + c->pool.len;
    memcpy(copy, s, m);
    c->pool.len += m;
    for (size_t l = 1; l <= m; l++) {
        if (!reach[l])
            continue;
        if (runs_add_hashed(&c->reached, copy, l, hs[l]) < 0)
            return -1;
    }
    return 1;
}

HyphenDict *nc_pdf_hyphen_load_cut(const char *path, const nc_pdf_words *words)
{
    nc_buf in = NC_BUF_INIT, out = NC_BUF_INIT;
    cutter c = {.any_words = nc_pdf_words_count(words) > 0};
    HyphenDict *d = NULL;
    if (!path || read_file(path, &in) != 0 || substrings(words, &c.subs) != 0 ||
        nc_buf_grow(&c.pool, in.len + 1) != 0)
        goto done;
    /* The first line names the character set: always kept. */
    const char *p = in.data ? in.data : "", *end = p + in.len;
    int first = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *next = nl ? nl + 1 : end;
        int keep = first ? 1 : keep_line(&c, p, (size_t)(next - p));
        if (keep < 0)
            goto done;
        /* A replacement pattern ("ck/k=k") can put letters of its own into
         * the parts a two-level dictionary hyphenates again: no cut. */
        if (!first && keep && memchr(p, '/', (size_t)(next - p)) && p[0] != '%' &&
            !(p[0] >= 'A' && p[0] <= 'Z'))
            goto done;
        /* The second level is an automaton of its own. */
        if (!first && p[0] == 'N' && strncmp(p, "NEXTLEVEL", 9) == 0) {
            free(c.reached.slot);
            c.reached = (runs){0};
        }
        if (keep)
            nc_buf_put(&out, p, (size_t)(next - p));
        first = 0;
        p = next;
    }
    if (out.failed || out.len == 0)
        goto done;
    FILE *f = fmemopen(out.data, out.len, "r");
    if (f) {
        d = hnj_hyphen_load_file(f);
        fclose(f);
    }
done:
    free(c.subs.slot);
    free(c.reached.slot);
    nc_buf_free(&c.pool);
    nc_buf_free(&in);
    nc_buf_free(&out);
    return d;
}

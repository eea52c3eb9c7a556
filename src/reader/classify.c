/* classify.c: what each unit is in an article. Every rule here only picks a
 * node type; no rule drops text, so a wrong guess costs formatting only. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reader.h"

static int starts_ci(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return m <= n && strncasecmp(s, p, m) == 0;
}

static int contains_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    if (m == 0)
        return 1;
    /* the first byte decides at most positions, without a call */
    int first = tolower((unsigned char)needle[0]);
    for (size_t i = 0; i + m <= n; i++)
        if (tolower((unsigned char)s[i]) == first && strncasecmp(s + i, needle, m) == 0)
            return 1;
    return 0;
}

/* The words of s, counted up to limit + 1: every caller only asks whether
 * a text has more than `limit`, and stopping there keeps the test on each
 * long paragraph from reading all of it. */
static size_t count_words(const char *s, size_t n, size_t limit)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w <= limit; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            w++;
    return w;
}

static int is_closer(unsigned long cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
           cp == 0xBB || cp == 0x201C;
}

/* Does text end a sentence: . ! ? or an ellipsis, perhaps inside closing
 * quotes or brackets (and a colon too when `colon`)? */
static int ends_sentence(const char *s, size_t n, int colon)
{
    size_t i = n, k;
    unsigned long cp;
    while ((cp = nc_cp_before(s, i, &k)) && is_closer(cp))
        i -= k;
    cp = nc_cp_before(s, i, &k);
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || (colon && (cp == ':' || cp == ';'));
}

static unsigned long first_cp(const nc_unit *x)
{
    size_t k;
    return nc_cp_at(x->text, x->len, 0, &k);
}

static unsigned long last_cp(const nc_unit *x)
{
    size_t k;
    return nc_cp_before(x->text, x->len, &k);
}

static int plain(const nc_unit *x)
{
    return x->type == NC_NODE_PARAGRAPH && x->container == NC_NODE_NONE;
}

/* ---------------------------------------------------------------- byline */

/* Adds the names (NUL-terminated, one after another) to meta.authors,
 * each once. */
static int add_authors(nc_document *doc, const nc_buf *names)
{
    for (size_t i = 0; i < names->len; i += strlen(names->data + i) + 1) {
        const char *v = names->data + i;
        int dup = 0;
        for (size_t a = 0; a < doc->meta.n_authors; a++)
            dup |= strcmp(doc->meta.authors[a], v) == 0;
        if (!dup && nc_meta_set(doc, "authors", v) < 0)
            return -1;
    }
    return 0;
}

/* --------------------------------------------------------------- caption */

static int is_caption(const nc_unit *x)
{
    static const char *const markers[] = {"(right)", "(left)", "(center)", "(centre)",
                                          "(file photo)", "(pictured)", ", pictured,",
                                          "(l)", "(r)", "(top)", "(bottom)", "(above)",
                                          "(front)", "(back)", "(second left)",
                                          "(second right)", "(l-r)", "(from left)", NULL};
    if (x->len > 400)
        return 0;
    for (const char *const *m = markers; *m; m++)
        if (contains_ci(x->text, x->len, *m))
            return 1;
    if (starts_ci(x->text, x->len, "photo:") || starts_ci(x->text, x->len, "pictured:") ||
        starts_ci(x->text, x->len, "picture:") || starts_ci(x->text, x->len, "photograph:"))
        return 1;
    /* a trailing "(Photo: AGENCY)" or "(Photo by NAME)" */
    if (x->len && x->text[x->len - 1] == ')') {
        const char *open = NULL;
        for (size_t i = x->len; i-- > 0;)
            if (x->text[i] == '(') {
                open = x->text + i;
                break;
            }
        if (open && (starts_ci(open, 7, "(photo:") || starts_ci(open, 9, "(photo by") ||
                     starts_ci(open, 9, "(picture:") || starts_ci(open, 8, "(photos:")))
            return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- credit */

static int is_credit(const nc_unit *x)
{
    static const char *const openers[] = {"with reporting by ", "reporting by ",
                                          "additional reporting by ", "compiled by ",
                                          "writing by ", "editing by ", "copyright ",
                                          "\xC2\xA9", "(c) ", NULL};
    if (x->len > 300)
        return 0;
    if (nc_credit_line(x->text, x->len))
        return 1;
    /* Reuters' closing word, alone on its line: "Reuter", "REUTER", "REUTER..." */
    if (x->len >= 6 && x->len <= 9 && starts_ci(x->text, x->len, "reuter") &&
        strspn(x->text + 6, ".") == x->len - 6)
        return 1;
    for (const char *const *o = openers; *o; o++)
        if (starts_ci(x->text, x->len, *o))
            return 1;
    /* "(Reuters)", "(AP)": an agency alone in brackets */
    if (x->len >= 3 && x->len <= 40 && x->text[0] == '(' && x->text[x->len - 1] == ')' &&
        nc_cp_is_upper((unsigned char)x->text[1]) && !memchr(x->text + 1, '(', x->len - 2))
        return count_words(x->text, x->len, 4) <= 4;
    return 0;
}

/* -------------------------------------------------------------- dateline */

/* Finds the kicker and the dateline opening x; a dateline's date with a
 * year fills meta.date when it is unset. Returns 0, or -1 out of memory. */
static int opening(nc_document *doc, nc_unit *x)
{
    size_t da, db;
    x->kicker = nc_kicker(x->text, x->len);
    x->dateline = nc_dateline(x->text + x->kicker, x->len - x->kicker, &da, &db);
    if (!x->dateline || db <= da || doc->meta.date)
        return 0;
    char iso[11];
    if (!nc_parse_date(x->text + x->kicker + da, db - da, iso))
        return 0;
    if (nc_meta_set(doc, "date", iso) < 0)
        return -1;
    doc->meta.date_iso = 1;
    return 0;
}

/* ----------------------------------------------------------- split credit */

/* "... the end. (APA, 5.12.2023)": the credit after the last paragraph's
 * text becomes a unit of its own on the same line, the paragraph keeping
 * the rest. Returns 0, or -1 out of memory. */
static int split_tail(nc_units *u, size_t i)
{
    nc_unit *x = &u->v[i];
    size_t at = nc_credit_tail(x->text, x->len);
    if (!at)
        return 0;
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 8;
        nc_unit *v = realloc(u->v, cap * sizeof *v);
        if (!v)
            return -1;
        u->v = v;
        u->cap = cap;
        x = &u->v[i];
    }
    size_t end = x->len;
    while (end > at && x->text[end - 1] == ' ')
        end--;
    char *t = malloc(end - at + 1);
    if (!t)
        return -1;
    memcpy(t, x->text + at, end - at);
    t[end - at] = '\0';
    memmove(&u->v[i + 2], &u->v[i + 1], (u->n - i - 1) * sizeof *u->v);
    u->n++;
    u->v[i + 1] = (nc_unit){.type = NC_NODE_CREDIT, .first = x->last, .last = x->last,
                            .text = t, .len = end - at, .nlines = 1};
    while (at > 0 && x->text[at - 1] == ' ')
        at--;
    x->len = at;
    x->text[at] = '\0';
    return 0;
}

/* --------------------------------------------------------------- joining */

/* "... the title of" [blank] "was awarded ...": one sentence, one paragraph.
 * Appends b to a; b's text is freed. a's text grows geometrically: an
 * exact-size realloc for each of 500,000 fragments copied the text every
 * time under an allocator that does not grow in place (ASan's). */
static int join(nc_unit *a, nc_unit *b)
{
    size_t need = a->len + 1 + b->len + 1;
    size_t cap = a->cap ? a->cap : a->len + 1;
    if (need > cap) {
        cap = cap * 2 > need ? cap * 2 : need;
        char *t = realloc(a->text, cap);
        if (!t)
            return -1;
        a->text = t;
        a->cap = cap;
    }
    char *t = a->text;
    t[a->len] = ' ';
    memcpy(t + a->len + 1, b->text, b->len + 1);
    a->len += 1 + b->len;
    a->last = b->last;
    a->nlines += b->nlines;
    free(b->text);
    b->text = NULL;
    return 0;
}

/* Joins each sentence broken by a stray blank line, in one pass that moves
 * every unit once: removing the joined unit from the array at each join
 * made a text with many of them quadratic. */
static int join_broken_sentences(nc_units *u, size_t start)
{
    size_t w = start; /* the last unit kept */
    for (size_t r = start + 1; r < u->n; r++) {
        nc_unit *a = &u->v[w], *b = &u->v[r];
        if (plain(a) && plain(b) && !ends_sentence(a->text, a->len, 1) &&
            nc_cp_is_lower(first_cp(b))) {
            if (join(a, b) < 0) {
                /* keep the array whole for nc_units_free */
                memmove(&u->v[w + 1], b, (u->n - r) * sizeof *b);
                u->n = w + 1 + (u->n - r);
                return -1;
            }
            continue;
        }
        u->v[++w] = *b;
    }
    u->n = w + 1;
    return 0;
}

int nc_classify(nc_document *doc, nc_units *u, size_t start, const nc_reader_options *opts)
{
    if (start >= u->n)
        return 0;
    /* byline and caption: near the top */
    int have_byline = 0;
    for (size_t i = start; i < u->n && i < start + 3; i++) {
        nc_unit *x = &u->v[i];
        if (!plain(x))
            continue;
        nc_buf names = NC_BUF_INIT;
        int by = !have_byline && nc_byline(x->text, x->len, x->nlines, &names);
        int bad = by && (names.failed || add_authors(doc, &names) < 0);
        nc_buf_free(&names);
        if (bad)
            return -1;
        if (by) {
            x->type = NC_NODE_BYLINE;
            have_byline = 1;
        } else if (is_caption(x)) {
            x->type = NC_NODE_CAPTION;
        }
    }
    /* a credit closing the last paragraph becomes a block of its own */
    if (u->n > start && plain(&u->v[u->n - 1]) && split_tail(u, u->n - 1) < 0)
        return -1;
    /* credits: at the end, at most three in a row, never the whole body */
    for (size_t i = u->n, k = 0; i-- > start + 1 && k < 3; k++) {
        if (!plain(&u->v[i]) || !is_credit(&u->v[i]))
            break;
        u->v[i].type = NC_NODE_CREDIT;
    }
    if (join_broken_sentences(u, start) < 0)
        return -1;
    /* subheads: a short line without closing punctuation, after a finished
     * sentence and before a paragraph that starts like one */
    for (size_t i = start + 1; i + 1 < u->n; i++) {
        nc_unit *x = &u->v[i], *prev = &u->v[i - 1], *next = &u->v[i + 1];
        if (!plain(x) || x->nlines != 1)
            continue;
        /* the ends before the words: most paragraphs end with a full stop */
        unsigned long f = first_cp(x);
        if (!(nc_cp_is_upper(f) || nc_cp_is_digit(f)) || !nc_cp_is_alnum(last_cp(x)) ||
            count_words(x->text, x->len, 12) > 12)
            continue;
        int prev_ok = prev->type == NC_NODE_PARAGRAPH || prev->type == NC_NODE_ITEM;
        if (!prev_ok || (prev->container != NC_NODE_LIST && !ends_sentence(prev->text, prev->len, 0)))
            continue;
        /* what follows must be a finished paragraph or a list, so that a
         * run of short lines (award categories, fixtures) stays paragraphs */
        size_t k;
        if (next->type == NC_NODE_ITEM
                ? nc_cp_is_lower(nc_cp_at(next->text, next->len, next->body, &k))
                : next->type != NC_NODE_PARAGRAPH || nc_cp_is_lower(first_cp(next)) ||
                      !ends_sentence(next->text, next->len, 1))
            continue;
        x->type = NC_NODE_HEADING;
    }
    /* kicker and dateline: the opening of the first paragraph of the body */
    for (size_t i = start; i < u->n; i++) {
        nc_unit *x = &u->v[i];
        if (x->type == NC_NODE_BYLINE || x->type == NC_NODE_CAPTION)
            continue;
        if (plain(x) && opening(doc, x) < 0)
            return -1;
        break;
    }
    (void)opts;
    return 0;
}

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

static int particle(const char *w, size_t n)
{
    static const char *const p[] = {"de", "van", "von", "der", "den", "da", "di", "du", "la", "le",
                                    "al", "bin", "el", "ibn", "dos", "das", "del", "ter", NULL};
    for (const char *const *q = p; *q; q++)
        if (strlen(*q) == n && strncmp(w, *q, n) == 0)
            return 1;
    return 0;
}

/* "By Friday, most of it was in": a day or month is no one's name. */
static int calendar_word(const char *w, size_t n)
{
    static const char *const names[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday", "january", "february", "march",
                                        "april", "june", "july", "august", "september",
                                        "october", "november", "december", "then", "now",
                                        "the", "this", "that", "next", "last", NULL};
    for (const char *const *q = names; *q; q++)
        if (strlen(*q) == n && strncasecmp(w, *q, n) == 0)
            return 1;
    return 0;
}

/* A name: one to five words, each capitalised or a particle. */
static int is_name(const char *s, size_t n)
{
    while (n && s[0] == ' ') {
        s++;
        n--;
    }
    while (n && s[n - 1] == ' ')
        n--;
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        size_t k;
        unsigned long cp = nc_cp_at(s, n, i, &k);
        if ((!nc_cp_is_upper(cp) && !particle(s + i, j - i)) || calendar_word(s + i, j - i))
            return 0;
        for (size_t q = i; q < j;) {
            unsigned long c = nc_cp_at(s, j, q, &k);
            if (!nc_cp_is_letter(c) && c != '.' && c != '-' && c != '\'' && c != 0x2019)
                return 0;
            q += k;
        }
        words++;
        i = j;
        while (i < n && s[i] == ' ')
            i++;
    }
    return words >= 1 && words <= 5;
}

/* "By NAME", "By NAME and NAME", "By NAME, ROLE": the names, else 0. */
static int byline_names(const nc_unit *x, size_t *names_end)
{
    /* the cheap test first: almost no paragraph starts with "By " */
    if (x->nlines != 1 ||
        !(starts_ci(x->text, x->len, "by ") && nc_cp_is_upper((unsigned char)x->text[0])) ||
        count_words(x->text, x->len, 10) > 10)
        return 0;
    const char *s = x->text + 3;
    size_t n = x->len - 3;
    const char *comma = memchr(s, ',', n);
    size_t end = comma ? (size_t)(comma - s) : n;
    /* a byline is no sentence: a ROLE is a few words without a full stop */
    if (comma && (count_words(comma + 1, n - end - 1, 5) > 5 || ends_sentence(s, n, 0)))
        return 0;
    for (size_t i = 0; i <= end;) {
        size_t j = i;
        size_t sep = 0;
        while (j < end) {
            if (j + 5 <= end && strncmp(s + j, " and ", 5) == 0) {
                sep = 5;
                break;
            }
            if (j + 3 <= end && strncmp(s + j, " & ", 3) == 0) {
                sep = 3;
                break;
            }
            j++;
        }
        if (!is_name(s + i, j - i))
            return 0;
        if (!sep)
            break;
        i = j + sep;
    }
    *names_end = 3 + end;
    return 1;
}

static int add_authors(nc_document *doc, const char *s, size_t n)
{
    nc_buf name = NC_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0;) {
        size_t j = i, sep = 0;
        while (j < n) {
            if (j + 5 <= n && strncmp(s + j, " and ", 5) == 0) {
                sep = 5;
                break;
            }
            if (j + 3 <= n && strncmp(s + j, " & ", 3) == 0) {
                sep = 3;
                break;
            }
            j++;
        }
        nc_buf_clear(&name);
        nc_buf_put(&name, s + i, j - i);
        const char *v = nc_buf_cstr(&name);
        int dup = 0;
        for (size_t a = 0; v && a < doc->meta.n_authors; a++)
            dup |= strcmp(doc->meta.authors[a], v) == 0;
        if (!v || (!dup && nc_meta_set(doc, "authors", v) < 0))
            rc = -1;
        i = sep ? j + sep : n;
    }
    nc_buf_free(&name);
    return rc;
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
        size_t names_end;
        if (!plain(x))
            continue;
        if (!have_byline && byline_names(x, &names_end)) {
            x->type = NC_NODE_BYLINE;
            have_byline = 1;
            if (add_authors(doc, x->text + 3, names_end - 3) < 0)
                return -1;
        } else if (is_caption(x)) {
            x->type = NC_NODE_CAPTION;
        }
    }
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

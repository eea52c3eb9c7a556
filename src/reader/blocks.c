/* blocks.c: lines to units. Blank lines separate blocks; inside a block,
 * breaks, quote lines and list markers start units of their own; lines of
 * one unit are joined (hard wrapping is not structure). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "reader.h"

/* ------------------------------------------------------------ word set */

/* The words of the text, lower-cased: the document is its own dictionary
 * when a word hyphenated at a line end is to be joined. Open addressing. */
typedef struct wordset {
    char **slot;
    size_t cap, n;
    int failed;
} wordset;

static uint64_t hash(const char *s, size_t n) { return nc_hash_bytes(NC_HASH_START, s, n); }

static int ws_has(const wordset *w, const char *s, size_t n)
{
    if (!w->cap)
        return 0;
    for (size_t i = hash(s, n) & (w->cap - 1);; i = (i + 1) & (w->cap - 1)) {
        if (!w->slot[i])
            return 0;
        if (strlen(w->slot[i]) == n && memcmp(w->slot[i], s, n) == 0)
            return 1;
    }
}

static void ws_add(wordset *w, const char *s, size_t n)
{
    if (w->failed || ws_has(w, s, n))
        return;
    if ((w->n + 1) * 2 > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 1024;
        char **slot = calloc(cap, sizeof *slot);
        if (!slot) {
            w->failed = 1;
            return;
        }
        for (size_t i = 0; i < w->cap; i++) {
            if (!w->slot[i])
                continue;
            size_t j = hash(w->slot[i], strlen(w->slot[i])) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = w->slot[i];
        }
        free(w->slot);
        w->slot = slot;
        w->cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy) {
        w->failed = 1;
        return;
    }
    memcpy(copy, s, n);
    copy[n] = '\0';
    size_t j = hash(s, n) & (w->cap - 1);
    while (w->slot[j])
        j = (j + 1) & (w->cap - 1);
    w->slot[j] = copy;
    w->n++;
}

static void ws_free(wordset *w)
{
    for (size_t i = 0; i < w->cap; i++)
        free(w->slot[i]);
    free(w->slot);
}

/* Appends the lower-cased letters of s[a, b) to out. */
static void lower_letters(nc_buf *out, const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b;) {
        size_t k;
        unsigned long cp = nc_cp_at(s, b, i, &k);
        nc_buf_put_utf8(out, nc_cp_tolower(cp));
        i += k;
    }
}

static void ws_fill(wordset *w, const nc_line *lines, size_t n)
{
    nc_buf word = NC_BUF_INIT;
    for (size_t l = 0; l < n; l++) {
        const char *s = lines[l].text;
        size_t len = lines[l].len;
        for (size_t i = 0; i < len;) {
            size_t k;
            if (!nc_cp_is_letter(nc_cp_at(s, len, i, &k))) {
                i += k;
                continue;
            }
            size_t j = i;
            while (j < len && nc_cp_is_letter(nc_cp_at(s, len, j, &k)))
                j += k;
            /* the fragments around a line-end hyphen are not words */
            int cut = (j < len && s[j] == '-' && j + 1 == len) || (i == 0 && l > 0 &&
                       lines[l - 1].len && lines[l - 1].text[lines[l - 1].len - 1] == '-');
            if (!cut) {
                nc_buf_clear(&word);
                lower_letters(&word, s, i, j);
                if (word.failed)
                    w->failed = 1;
                else
                    ws_add(w, word.data, word.len);
            }
            i = j;
        }
    }
    nc_buf_free(&word);
}

/* ------------------------------------------------------------- lines */

typedef struct ctx {
    const nc_line *lines;
    size_t n;
    nc_units *out;
    wordset words;
    int words_ready;
    nc_buf text; /* the unit being joined, reused from unit to unit */
    unsigned group;
    int failed;
} ctx;

static int indent_of(const nc_line *l, size_t *off)
{
    int col = 0;
    size_t i = 0;
    for (; i < l->len; i++) {
        if (l->text[i] == ' ')
            col++;
        else if (l->text[i] == '\t')
            col = (col / 8 + 1) * 8;
        else
            break;
    }
    if (off)
        *off = i;
    return col;
}

static int is_blank(const nc_line *l)
{
    size_t off;
    indent_of(l, &off);
    return off == l->len;
}

/* "***", "* * *", "---", "###", "___": three or more of one mark alone. */
static int is_break(const nc_line *l)
{
    size_t off;
    indent_of(l, &off);
    char mark = 0;
    int count = 0;
    for (size_t i = off; i < l->len; i++) {
        char c = l->text[i];
        if (c == ' ' || c == '\t')
            continue;
        if (c != '*' && c != '-' && c != '#' && c != '_')
            return 0;
        if (mark && c != mark)
            return 0;
        mark = c;
        count++;
    }
    return count >= 3;
}

/* A list marker and the space after it; returns the bytes they take (0
 * when there is none) and fills marker and number. */
static size_t list_marker(const char *s, size_t n, int *marker, int *number)
{
    size_t m = 0;
    *number = 0;
    if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
        *marker = s[0];
        m = 1;
    } else if (n >= 4 && memcmp(s, "\xE2\x80\xA2", 3) == 0 && s[3] == ' ') {
        *marker = 0x2022;
        m = 3;
    } else if (n >= 4 && memcmp(s, "\xE2\x80\x93", 3) == 0 && s[3] == ' ') {
        *marker = 0x2013;
        m = 3;
    } else {
        size_t d = 0;
        int v = 0;
        while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9')
            v = v * 10 + (s[d++] - '0');
        if (d == 0 || d + 1 >= n || (s[d] != '.' && s[d] != ')') || s[d + 1] != ' ')
            return 0;
        *marker = s[d];
        *number = v;
        m = d + 1;
    }
    size_t e = m;
    while (e < n && (s[e] == ' ' || s[e] == '\t'))
        e++;
    return e < n ? e : 0;
}

/* A quote line: '>' after at most three columns of indentation. Returns
 * the offset of its content (after "> "), or 0. */
static size_t quote_line(const nc_line *l)
{
    size_t off;
    if (indent_of(l, &off) > 3 || off >= l->len || l->text[off] != '>')
        return 0;
    off++;
    if (off < l->len && (l->text[off] == ' ' || l->text[off] == '\t'))
        off++;
    return off;
}

/* --------------------------------------------------------------- units */

static nc_unit *new_unit(ctx *c, nc_node_type type, const nc_line *l)
{
    nc_units *u = c->out;
    if (u->n == u->cap) {
        size_t cap = u->cap ? u->cap * 2 : 32;
        nc_unit *v = realloc(u->v, cap * sizeof *v);
        if (!v) {
            c->failed = 1;
            return NULL;
        }
        u->v = v;
        u->cap = cap;
    }
    nc_unit *x = &u->v[u->n++];
    *x = (nc_unit){.type = type, .first = l->number, .last = l->number,
                   .indent = indent_of(l, NULL)};
    return x;
}

/* Lower-cased letters just before s[end] and from s[0]: the two halves of
 * a word hyphenated at a line end. */
static int hyphen_joins(ctx *c, const char *prev, size_t end, const char *next, size_t n)
{
    if (!c->words_ready) {
        ws_fill(&c->words, c->lines, c->n);
        c->words_ready = 1;
    }
    size_t a = end, k;
    while (a > 0 && nc_cp_is_letter(nc_cp_before(prev, a, &k)))
        a -= k;
    size_t b = 0;
    while (b < n && nc_cp_is_letter(nc_cp_at(next, n, b, &k)))
        b += k;
    nc_buf w = NC_BUF_INIT;
    lower_letters(&w, prev, a, end);
    lower_letters(&w, next, 0, b);
    int found = !w.failed && w.len && ws_has(&c->words, w.data, w.len);
    nc_buf_free(&w);
    return found;
}

/* Appends s[0, n) (one line's content) to the unit's text. */
static void append(ctx *c, nc_buf *text, nc_unit *x, const char *s, size_t n, unsigned long line)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!n)
        return;
    if (text->len) {
        size_t k1, k2, k3;
        unsigned long last = nc_cp_before(text->data, text->len, &k1);
        unsigned long before = last == '-' ? nc_cp_before(text->data, text->len - 1, &k2) : 0;
        unsigned long first = nc_cp_at(s, n, 0, &k3);
        if (last == '-' && nc_cp_is_letter(before) && nc_cp_is_letter(first)) {
            if (hyphen_joins(c, text->data, text->len - 1, s, n))
                text->len--; /* "eco-" + "nomic" where "economic" is a word here */
            /* else the hyphen is part of the word: "pro-" + "Russian" */
        } else {
            nc_buf_putc(text, ' ');
        }
    }
    size_t at = text->len; /* the whole line at once; tabs are rare */
    if (nc_buf_put(text, s, n) == 0)
        for (char *t = memchr(text->data + at, '\t', n); t;
             t = memchr(t + 1, '\t', (size_t)(text->data + text->len - t - 1)))
            *t = ' ';
    x->last = line;
    x->nlines++;
}

static void close_unit(ctx *c, nc_unit **cur, nc_buf *text)
{
    if (!*cur)
        return;
    if (text->failed) {
        c->failed = 1;
    } else {
        /* An exact-size copy: detaching the growing buffer would keep up
         * to a third of each unit's size unused, for the whole article. */
        char *t = malloc(text->len + 1);
        if (t) {
            memcpy(t, text->data ? text->data : "", text->len);
            t[text->len] = '\0';
        } else {
            c->failed = 1;
        }
        (*cur)->len = text->len;
        (*cur)->text = t;
    }
    nc_buf_clear(text);
    *cur = NULL;
}

/* Reuters' closing line, "Reuter", "REUTER...": never part of a paragraph,
 * even flush under its last line. */
static int signoff(const nc_line *l)
{
    size_t off;
    indent_of(l, &off);
    return nc_signoff(l->text + off, l->len - off);
}

/* Characters of valid UTF-8: the bytes that start one. */
static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Did the paragraph end before line L[i], in a block [a, b) of a text
 * without blank lines? Lines too long to be wrapped (one line a paragraph)
 * end one each; a wrapped line that ends a sentence ends its paragraph when
 * the next line's first word would have fit on it: wrapping fills lines.
 * *width: the block's widest line, 0 until first needed. */
static int paragraph_ended(const nc_line *L, size_t a, size_t b, size_t i, size_t *width)
{
    const nc_line *prev = &L[i - 1], *next = &L[i];
    size_t n = prev->len, k;
    while (n && (prev->text[n - 1] == ' ' || prev->text[n - 1] == '\t'))
        n--;
    unsigned long last = nc_cp_before(prev->text, n, &k);
    if (last == '"' || last == 0x201D || last == 0xBB || last == ')')
        last = nc_cp_before(prev->text, n - k, &k);
    if (last != '.' && last != '!' && last != '?' && last != 0x2026)
        return 0;
    if (!*width) {
        /* a line of over 480 bytes has over 120 characters: no need to
         * count (long lines are where counting costs) */
        size_t longest = 0;
        for (size_t m = a; m < b; m++)
            longest = L[m].len > longest ? L[m].len : longest;
        for (size_t m = a; m < b && longest <= 480; m++) {
            size_t c = chars(L[m].text, L[m].len);
            *width = c > *width ? c : *width;
        }
        *width = longest > 480 ? longest : *width + !*width;
    }
    if (*width > 120)
        return 1;
    size_t off;
    indent_of(next, &off);
    size_t word = 0;
    while (off + word < next->len && next->text[off + word] != ' ')
        word++;
    return chars(prev->text, n) + 1 + chars(next->text + off, word) <= *width;
}

/* Lines [a, b) as a table: the text keeps them as written, one a line. */
static void table_unit(ctx *c, size_t a, size_t b)
{
    nc_buf *text = &c->text;
    nc_unit *x = new_unit(c, NC_NODE_TABLE, &c->lines[a]);
    for (size_t i = a; i < b && x; i++) {
        if (i > a)
            nc_buf_putc(text, '\n');
        nc_buf_put(text, c->lines[i].text, c->lines[i].len);
        x->last = c->lines[i].number;
        x->nlines++;
    }
    close_unit(c, &x, text);
}

/* Lines [a, b) all indented by four or more and none a list item nor a
 * table: with quote_indent, one paragraph of a quote. 1 when they were. */
static int indented_quote(ctx *c, size_t a, size_t b, int quote_indent)
{
    const nc_line *L = c->lines;
    int all_deep = 1;
    for (size_t i = a; i < b; i++) {
        size_t off;
        if (indent_of(&L[i], &off) < 4 || list_marker(L[i].text + off, L[i].len - off,
                                                     &(int){0}, &(int){0}))
            all_deep = 0;
    }
    if (!quote_indent || !all_deep || nc_table_run(L, a, b, NULL) >= b)
        return 0;
    nc_units *u = c->out;
    unsigned g = u->n && u->v[u->n - 1].container == NC_NODE_QUOTE &&
                         u->v[u->n - 1].indent >= 4 ? u->v[u->n - 1].group : ++c->group;
    nc_unit *cur = new_unit(c, NC_NODE_PARAGRAPH, &L[a]);
    if (cur) {
        cur->container = NC_NODE_QUOTE;
        cur->group = g;
    }
    for (size_t i = a; i < b && cur; i++)
        append(c, &c->text, cur, L[i].text, L[i].len, L[i].number);
    close_unit(c, &cur, &c->text);
    return 1;
}

/* One block of non-blank lines [a, b). */
static void chunk(ctx *c, size_t a, size_t b, int print, int min_indent, int quote_indent)
{
    const nc_line *L = c->lines;
    nc_buf *text = &c->text;
    nc_unit *cur = NULL;
    if (indented_quote(c, a, b, quote_indent))
        return;
    int in_quote = 0;
    size_t width = 0; /* the widest line, where the text was wrapped: found on first need */
    nc_table_memo memo = {0};
    for (size_t i = a; i < b && !c->failed; i++) {
        const nc_line *l = &L[i];
        size_t off;
        int ind = indent_of(l, &off);
        size_t q;
        int marker, number;
        size_t m, t;
        if ((t = nc_table_run(L, i, b, &memo)) > i) {
            close_unit(c, &cur, text);
            table_unit(c, i, t);
            in_quote = 0;
            i = t - 1;
        } else if (is_break(l)) {
            close_unit(c, &cur, text);
            nc_unit *x = new_unit(c, NC_NODE_BREAK, l);
            if (x)
                x->nlines = 1;
            in_quote = 0;
        } else if ((q = quote_line(l)) != 0) {
            if (!in_quote || !cur) {
                close_unit(c, &cur, text);
                if (!in_quote) {
                    /* "> a" [blank] "> b": one quote of two paragraphs */
                    nc_units *u = c->out;
                    int joins = i == a && u->n && u->v[u->n - 1].container == NC_NODE_QUOTE &&
                                u->v[u->n - 1].indent < 4;
                    if (!joins)
                        c->group++;
                }
            }
            in_quote = 1;
            if (q >= l->len) { /* ">" alone: a paragraph break inside the quote */
                close_unit(c, &cur, text);
                continue;
            }
            if (!cur) {
                cur = new_unit(c, NC_NODE_PARAGRAPH, l);
                if (cur) {
                    cur->container = NC_NODE_QUOTE;
                    cur->group = c->group;
                }
            }
            if (cur)
                append(c, text, cur, l->text + q, l->len - q, l->number);
        } else if (!(print && cur && cur->type == NC_NODE_PARAGRAPH && ind <= min_indent) &&
                   (m = list_marker(l->text + off, l->len - off, &marker, &number)) != 0) {
            /* (in print, a flush line that starts with "- " goes on the
             * paragraph above: "... Key West Grill" / "- hurt results.") */
            close_unit(c, &cur, text);
            in_quote = 0;
            cur = new_unit(c, NC_NODE_ITEM, l);
            if (cur) {
                cur->marker = marker;
                cur->number = number;
                append(c, text, cur, l->text + off, l->len - off, l->number);
                cur->body = m;
            }
        } else {
            if (in_quote || signoff(l) ||
                (print && ind > min_indent && cur && (cur->type != NC_NODE_ITEM || ind <= cur->indent)) ||
                (!print && cur && cur->type == NC_NODE_PARAGRAPH && i > a &&
                 paragraph_ended(L, a, b, i, &width)))
                close_unit(c, &cur, text);
            in_quote = 0;
            if (!cur)
                cur = new_unit(c, NC_NODE_PARAGRAPH, l);
            if (cur)
                append(c, text, cur, l->text, l->len, l->number);
        }
    }
    close_unit(c, &cur, text);
}

/* Two or more items in a row make a list: bullets of one kind, or numbers
 * 1, 2, 3... with one kind of delimiter. Any other item is a paragraph
 * that happens to start with a dash or a number ("1984. It was..."). */
static void make_lists(ctx *c)
{
    nc_units *u = c->out;
    for (size_t i = 0; i < u->n;) {
        nc_unit *x = &u->v[i];
        if (x->type != NC_NODE_ITEM) {
            i++;
            continue;
        }
        int ordered = x->marker == '.' || x->marker == ')';
        size_t j = i + 1;
        if (!ordered || x->number == 1)
            while (j < u->n && u->v[j].type == NC_NODE_ITEM && u->v[j].marker == x->marker &&
                   (!ordered || u->v[j].number == u->v[j - 1].number + 1))
                j++;
        if (j - i >= 2) {
            c->group++;
            for (size_t k = i; k < j; k++) {
                u->v[k].container = NC_NODE_LIST;
                u->v[k].group = c->group;
            }
        } else {
            j = i + 1;
            x->type = NC_NODE_PARAGRAPH;
            x->body = 0;
            x->marker = x->number = 0;
        }
        i = j;
    }
}

/* Lines [a, b) open paragraphs with an indent (Reuters, ANPA): two or
 * more of them are indented deeper than the least indented line. */
static int indented_starts(const nc_line *lines, size_t a, size_t b)
{
    int least = -1, deeper = 0;
    for (size_t i = a; i < b; i++) {
        int ind = indent_of(&lines[i], NULL);
        if (least < 0 || ind < least)
            least = ind;
    }
    for (size_t i = a; i < b && deeper < 2; i++)
        deeper += indent_of(&lines[i], NULL) > least;
    return deeper >= 2;
}

int nc_blocks(const nc_line *lines, size_t n, nc_units *out)
{
    ctx c = {.lines = lines, .n = n, .out = out};
    /* A text without a single blank line between its first and last lines
     * is laid out like print: an indented line starts a paragraph. */
    size_t first = 0, last = n;
    while (first < n && is_blank(&lines[first]))
        first++;
    while (last > first && is_blank(&lines[last - 1]))
        last--;
    /* The body is what follows a headline of one or two lines and comes
     * before a sign-off line alone at the end ("Reuter"): wire copy puts
     * blank lines around those even when its paragraphs have none. */
    size_t body = first, body_end = last;
    while (body < last && body - first < 3 && !is_blank(&lines[body]))
        body++;
    if (body - first > 2 || body == last)
        body = first;
    if (body_end - body > 2 && is_blank(&lines[body_end - 2]) && !is_blank(&lines[body_end - 1]))
        body_end -= 2;
    while (body < body_end && is_blank(&lines[body]))
        body++;
    /* a stray blank line in wire copy (a line of spaces) does not make
     * it a text of blank-line paragraphs: one in eight is allowed */
    int blank_inside = 0, min_indent = -1, unindented_blocks = 0;
    size_t body_blank = 0;
    for (size_t i = first; i < last; i++) {
        if (is_blank(&lines[i])) {
            blank_inside = 1;
            body_blank += i >= body && i < body_end;
            continue;
        }
        int ind = indent_of(&lines[i], NULL);
        if (min_indent < 0 || ind < min_indent)
            min_indent = ind;
        if (ind == 0 && (i == first || is_blank(&lines[i - 1])))
            unindented_blocks++;
    }
    /* print: an indented line starts a paragraph */
    int print = (!blank_inside && last - first > 1) ||
                (body_blank * 8 < body_end - body && body_end - body > 2 &&
                 indented_starts(lines, body, body_end));
    for (size_t i = first; i < last && !c.failed;) {
        if (is_blank(&lines[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < last && !is_blank(&lines[j]))
            j++;
        chunk(&c, i, j, print, min_indent, !print && unindented_blocks > 0);
        i = j;
    }
    if (!c.failed)
        make_lists(&c);
    if (c.words.failed)
        c.failed = 1;
    ws_free(&c.words);
    nc_buf_free(&c.text);
    return c.failed ? -1 : 0;
}

void nc_units_free(nc_units *u)
{
    for (size_t i = 0; i < u->n; i++)
        free(u->v[i].text);
    free(u->v);
    *u = (nc_units){0};
}

/* inline.c: the text of a leaf block becomes inline nodes. Links are found
 * first, on the text as written, so that neither typography nor emphasis
 * touches a URL; then typography; then *emphasis* and _emphasis_. */
#include <string.h>
#include <strings.h>

#include "reader.h"

/* ----------------------------------------------------------- typography */

typedef struct qstyle {
    const char *lang;           /* "ll", or "ll-rr" for a region's own use */
    const char *open, *close;   /* "double" */
    const char *open2, *close2; /* double inside double */
    const char *sopen, *sclose; /* 'single' */
    int spaced;                 /* no-break spaces inside guillemets and before ; : ! ?
                                 * (French) */
    const char *dash;           /* " - " between words: an en dash unless set */
} qstyle;

#define LDQ "\u201C" /* “ */
#define RDQ "\u201D" /* ” */
#define LSQ "\u2018" /* ‘ */
#define RSQ "\u2019" /* ’ */
#define BDQ "\u201E" /* „ */
#define BSQ "\u201A" /* ‚ */
#define LAQ "\u00AB" /* « */
#define RAQ "\u00BB" /* » */
#define LSAQ "\u2039" /* ‹ */
#define RSAQ "\u203A" /* › */
#define NBSP "\u00A0"
#define EMD "\u2014" /* — the spaced dash of Russian, Ukrainian, Belarusian, Bulgarian */

/* Each language's quotation marks as its style guides and the major
 * papers set them; the README's table of conventions shows them. A tag
 * with a region ("de-CH") is looked up whole first, then by its language;
 * a language not here gets the English marks. */
static const qstyle styles[] = {
    {"en", LDQ, RDQ, LDQ, RDQ, LSQ, RSQ, 0, NULL},
    {"de", BDQ, LDQ, BDQ, LDQ, BSQ, LSQ, 0, NULL},
    {"de-ch", LAQ, RAQ, LAQ, RAQ, LSAQ, RSAQ, 0, NULL},
    {"fr", LAQ, RAQ, LDQ, RDQ, LSAQ, RSAQ, 1, NULL},
    {"ru", LAQ, RAQ, BDQ, LDQ, LSQ, RSQ, 0, EMD},
    {"uk", LAQ, RAQ, BDQ, LDQ, LSQ, RSQ, 0, EMD},
    {"be", LAQ, RAQ, BDQ, LDQ, LSQ, RSQ, 0, EMD},
    {"es", LAQ, RAQ, LDQ, RDQ, LSQ, RSQ, 0, NULL},
    {"it", LAQ, RAQ, LDQ, RDQ, LSQ, RSQ, 0, NULL},
    {"ca", LAQ, RAQ, LDQ, RDQ, LSQ, RSQ, 0, NULL},
    {"pt", LAQ, RAQ, LDQ, RDQ, LSQ, RSQ, 0, NULL},
    {"pt-br", LDQ, RDQ, LSQ, RSQ, LSQ, RSQ, 0, NULL},
    {"el", LAQ, RAQ, LDQ, RDQ, LSQ, RSQ, 0, NULL},
    {"nb", LAQ, RAQ, LSQ, RSQ, LSQ, RSQ, 0, NULL},
    {"nn", LAQ, RAQ, LSQ, RSQ, LSQ, RSQ, 0, NULL},
    {"no", LAQ, RAQ, LSQ, RSQ, LSQ, RSQ, 0, NULL},
    {"da", RAQ, LAQ, RSAQ, LSAQ, RSAQ, LSAQ, 0, NULL},
    {"sv", RDQ, RDQ, RSQ, RSQ, RSQ, RSQ, 0, NULL},
    {"fi", RDQ, RDQ, RSQ, RSQ, RSQ, RSQ, 0, NULL},
    {"nl", LDQ, RDQ, LSQ, RSQ, LSQ, RSQ, 0, NULL},
    {"pl", BDQ, RDQ, LAQ, RAQ, BSQ, RSQ, 0, NULL},
    {"cs", BDQ, LDQ, BSQ, LSQ, BSQ, LSQ, 0, NULL},
    {"sk", BDQ, LDQ, BSQ, LSQ, BSQ, LSQ, 0, NULL},
    {"sl", BDQ, LDQ, BSQ, LSQ, BSQ, LSQ, 0, NULL},
    {"hr", BDQ, RDQ, LSQ, RSQ, LSQ, RSQ, 0, NULL},
    {"sr", BDQ, RDQ, RSQ, RSQ, RSQ, RSQ, 0, NULL},
    {"bg", BDQ, LDQ, RSQ, RSQ, RSQ, RSQ, 0, EMD},
    {"lt", BDQ, LDQ, BSQ, LSQ, BSQ, LSQ, 0, NULL},
    {"et", BDQ, LDQ, BDQ, LDQ, BSQ, LSQ, 0, NULL},
    {"hu", BDQ, RDQ, RAQ, LAQ, RAQ, LAQ, 0, NULL},
    {"ro", BDQ, RDQ, LAQ, RAQ, LAQ, RAQ, 0, NULL},
    {"tr", LDQ, RDQ, LSQ, RSQ, LSQ, RSQ, 0, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL},
};

/* The style of lang: its language and first subtag ("pt-BR", "de_CH")
 * whole, else its language alone, else English. */
static const qstyle *style_for(const char *lang)
{
    char tag[16];
    size_t n = 0, cut = 0;
    for (; lang && lang[n] && n + 1 < sizeof tag; n++) {
        char c = lang[n] == '_' ? '-' : (char)(lang[n] | 0x20);
        if (c == '-' && cut)
            break; /* a second subtag ("sr-Latn-RS") is not looked at */
        if (c == '-')
            cut = n;
        tag[n] = c;
    }
    tag[n] = '\0';
    for (int pass = 0; pass < 2 && n; pass++) {
        if (pass == 1 && cut)
            tag[cut] = '\0';
        for (const qstyle *q = styles; q->lang; q++)
            if (strcmp(tag, q->lang) == 0)
                return q;
    }
    return &styles[0];
}

typedef struct tstate {
    const qstyle *q;
    int depth;       /* open double quotes */
    int single_open; /* an opening single quote waits for its close */
} tstate;

#define APOS "\u2019"

/* Before an opening quote: the start, white space, or opening punctuation. */
static int opens_after(unsigned long cp)
{
    return cp == 0 || nc_cp_is_space(cp) || cp == '(' || cp == '[' || cp == '{' || cp == '/' ||
           cp == 0x2014 || cp == 0x2013 || cp == '-' || cp == 0x201C || cp == 0x2018 ||
           cp == 0x201E || cp == 0x201A || cp == 0xAB || cp == 0x2039 ||
           cp == 0xBB || cp == 0x203A; /* Danish quotes open with » and › */
}

/* A guillemet that French spaces off from what it quotes. */
static int guillemet(const char *mark)
{
    return strcmp(mark, LAQ) == 0 || strcmp(mark, RAQ) == 0 || strcmp(mark, LSAQ) == 0 ||
           strcmp(mark, RSAQ) == 0;
}

static int elision(const char *s, size_t n)
{
    static const char *const words[] = {"em", "tis", "twas", "til", "cause", "bout", "n", NULL};
    for (const char *const *w = words; *w; w++) {
        size_t m = strlen(*w);
        if (m <= n && strncasecmp(s, *w, m) == 0) {
            size_t k;
            if (!nc_cp_is_letter(nc_cp_at(s, n, m, &k)))
                return 1;
        }
    }
    return 0;
}

/* Whether the hyphen at s[i] stands alone between two words, " - ", as
 * a typewriter writes the dash a typographer sets as a spaced en dash.
 * out holds what comes before it. */
static int spaced_between_words(const nc_buf *out, const char *s, size_t i, size_t b)
{
    return out->len >= 2 && out->data[out->len - 1] == ' ' && out->data[out->len - 2] != ' ' &&
           i + 2 < b && s[i + 1] == ' ' && s[i + 2] != ' ';
}

/* Appends a mark for which smart has made room. */
static void put_mark(nc_buf *out, const char *mark)
{
    size_t n = strlen(mark);
    memcpy(out->data + out->len, mark, n);
    out->len += n;
}

/* An opening or closing quotation mark, with the no-break space the style
 * puts between a guillemet and the quote ("« Oui »"); a space typed there
 * goes. Room for both was made: four bytes. */
static void put_open(nc_buf *out, const qstyle *q, const char *mark)
{
    put_mark(out, mark);
    if (q->spaced && guillemet(mark))
        put_mark(out, NBSP);
}

static void put_close(nc_buf *out, const qstyle *q, const char *mark)
{
    if (q->spaced && guillemet(mark)) {
        while (out->len && out->data[out->len - 1] == ' ')
            out->len--;
        put_mark(out, NBSP);
    }
    put_mark(out, mark);
}

/* Appends s[a, b) to out with typography; the context before a quote is
 * what out already holds, so quotes next to a link or emphasis still turn
 * the right way. */
static void smart(nc_buf *out, const char *s, size_t a, size_t b, tstate *st)
{
    size_t i = a;
    while (i < b) {
        /* The run up to the next . - " or ': strcspn, which the C library
         * makes look at many bytes a step, beats any loop of ours here
         * (this was the reader's hottest loop). s lies inside a
         * NUL-terminated string (reader.h), so strcspn stops at its end at
         * the latest. */
        size_t r = i + strcspn(s + i, st->q->spaced ? ".-\"';:!?" : ".-\"'");
        if (r > b)
            r = b;
        /* room for the run and the mark after it (seven bytes at most), so
         * that the marks below are written without a check each */
        if (nc_buf_grow(out, r - i + 8) < 0)
            return;
        memcpy(out->data + out->len, s + i, r - i);
        out->len += r - i;
        i = r;
        if (i == b)
            break;
        char c = s[i];
        size_t k;
        unsigned long prev = 0, next = 0;
        if (c == '"' || c == '\'') { /* only quotes look at their neighbours */
            prev = out->len ? nc_cp_before(out->data, out->len, &k) : 0;
            next = i + 1 < b ? nc_cp_at(s, b, i + 1, &k) : 0;
        }
        if (c == '.' && i + 2 < b && s[i + 1] == '.' && s[i + 2] == '.') {
            put_mark(out, "\u2026");
            i += 3;
        } else if (c == '-' && i + 1 < b && s[i + 1] == '-') {
            put_mark(out, "\u2014");
            i += (i + 2 < b && s[i + 2] == '-') ? 3 : 2;
        } else if (c == '-' && spaced_between_words(out, s, i, b)) {
            put_mark(out, st->q->dash ? st->q->dash : "\u2013"); /* "exploitation - what" */
            i++;
        } else if (c == '"') {
            int open = opens_after(prev) && !(next == 0 || nc_cp_is_space(next));
            if (!open && opens_after(prev) && st->depth == 0)
                open = 1; /* a lone " between spaces, with no quote open */
            if (open) {
                put_open(out, st->q, st->depth % 2 ? st->q->open2 : st->q->open);
                st->depth++;
            } else {
                if (st->depth)
                    st->depth--;
                put_close(out, st->q, st->depth % 2 ? st->q->close2 : st->q->close);
            }
            i++;
        } else if (c == '\'') {
            if (nc_cp_is_alnum(prev) && nc_cp_is_alnum(next)) {
                put_mark(out, APOS); /* Russia's, don't, rock'n'roll */
            } else if (opens_after(prev) && nc_cp_is_digit(next)) {
                put_mark(out, APOS); /* '90s */
            } else if (opens_after(prev) && next == 'n' && i + 2 < b && s[i + 2] == '\'' &&
                       (i + 3 == b || s[i + 3] == ' ')) {
                put_mark(out, APOS "n" APOS); /* rock 'n' roll */
                i += 3;
                continue;
            } else if (opens_after(prev) && nc_cp_is_letter(next) && elision(s + i + 1, b - i - 1)) {
                put_mark(out, APOS); /* 'em, 'tis */
            } else if (opens_after(prev) && next && !nc_cp_is_space(next)) {
                put_open(out, st->q, st->q->sopen);
                st->single_open = 1;
            } else if (st->single_open) {
                put_close(out, st->q, st->q->sclose);
                st->single_open = 0;
            } else {
                put_mark(out, APOS); /* the players' union */
            }
            i++;
        } else if (c == ';' || c == ':' || c == '!' || c == '?') {
            /* French only (the scan stops here for a spaced style): the
             * space typed before ; : ! ? becomes a no-break space, so the
             * mark never starts a line */
            size_t sp = out->len;
            while (sp && out->data[sp - 1] == ' ')
                sp--;
            if (sp && sp < out->len) {
                out->len = sp;
                put_mark(out, NBSP);
            }
            out->data[out->len++] = c;
            i++;
        } else {
            out->data[out->len++] = c;
            i++;
        }
    }
    if (out->data)
        out->data[out->len] = '\0';
}

int nc_typography(nc_buf *out, const char *s, size_t n, const char *lang)
{
    tstate st = {.q = style_for(lang)};
    smart(out, s, 0, n, &st);
    return out->failed ? -1 : 0;
}

/* ---------------------------------------------------------------- links */

typedef struct span {
    size_t a, b;   /* in the text being scanned */
    int email, www;
} span;

#define MAX_SPANS 64

static int url_char(unsigned char c)
{
    return c > ' ' && c != '<' && c != '>' && c != '"' && c != '`' && c != '{' && c != '}' &&
           c != '|' && c != '\\' && c != '^';
}

/* What find_links learns about the run of URL characters it is in, kept
 * while later starts in the same run are tried: the run's end, where the
 * next dot is, and the paren balance from the latest start to the run's
 * end. Each is moved forward as the start moves, so every byte of a run is
 * looked at a bounded number of times: recomputing them for every "http://"
 * or ')' made runs like "http://a/)" repeated, or "http://a.com/" followed
 * by 100 KB of ')', take seconds. */
/* The longest run of URL characters looked at for a link, in bytes. */
#define MAX_URL 4096

typedef struct url_run {
    size_t end;             /* s[start, end) are URL characters; 0: no run yet */
    size_t dot_from, dot;   /* first '.' in s[dot_from, end) is at dot (end: none) */
    size_t bal_from;        /* paren balance of s[bal_from, end) ... */
    long bal;
    int bal_known;
} url_run;

static long paren_step(char c) { return c == '(' ? 1 : c == ')' ? -1 : 0; }

/* The balance of s[i, r->end), i never before the last start asked. */
static long run_balance(const char *s, size_t i, url_run *r)
{
    if (!r->bal_known || r->bal_from > i) {
        r->bal = 0;
        for (size_t q = i; q < r->end; q++)
            r->bal += paren_step(s[q]);
        r->bal_from = i;
        r->bal_known = 1;
    }
    for (; r->bal_from < i; r->bal_from++)
        r->bal -= paren_step(s[r->bal_from]);
    return r->bal;
}

/* Is there a '.' in s[from, to), to <= r->end? */
static int run_has_dot(const char *s, size_t from, size_t to, url_run *r)
{
    if (from < r->dot_from || from > r->dot) {
        const char *d = memchr(s + from, '.', r->end - from);
        r->dot_from = from;
        r->dot = d ? (size_t)(d - s) : r->end;
    }
    return r->dot < to;
}

/* Where a URL starting at s[i] inside run r ends: the run less trailing
 * punctuation, which belongs to the sentence, and less each ')' that
 * closes nothing inside the URL. */
static size_t url_end(const char *s, size_t i, url_run *r)
{
    size_t j = r->end;
    long depth = 0;
    int counted = 0;
    while (j > i) {
        char c = s[j - 1];
        if (strchr(".,;:!?'*_", c)) {
            j--;
            continue;
        }
        if (c == ')') {
            if (!counted) {
                depth = run_balance(s, i, r);
                /* the bytes already dropped from the end are not in the URL */
                for (size_t q = j; q < r->end; q++)
                    depth -= paren_step(s[q]);
                counted = 1;
            }
            if (depth < 0) {
                j--;
                depth++;
                continue;
            }
        }
        break;
    }
    return j;
}

static int email_local(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static int domain_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-';
}

/* Could s hold a link at all: an '@', a "://" or a "www." (any case)?
 * Most paragraphs have none of them, and memchr rules that out far faster
 * than find_links's look at every byte. */
static int may_link(const char *s, size_t n)
{
    const char *end = s + n;
    if (memchr(s, '@', n))
        return 1;
    for (const char *c = memchr(s, ':', n); c; c = memchr(c + 1, ':', (size_t)(end - c - 1)))
        if (end - c >= 3 && c[1] == '/' && c[2] == '/')
            return 1;
    for (const char *d = memchr(s, '.', n); d; d = memchr(d + 1, '.', (size_t)(end - d - 1)))
        if (d - s >= 3 && (d[-1] | 0x20) == 'w' && (d[-2] | 0x20) == 'w' && (d[-3] | 0x20) == 'w')
            return 1;
    return 0;
}

static size_t find_links(const char *s, size_t n, span *sp)
{
    size_t k = 0;
    if (!may_link(s, n))
        return 0;
    url_run run = {0};
    for (size_t i = 0; i < n && k < MAX_SPANS; i++) {
        /* Only h, w (either case) and @ can start a link: every other byte
         * is passed over before anything else is looked at. */
        char lc = (char)(s[i] | 0x20);
        if (lc != 'h' && lc != 'w' && s[i] != '@')
            continue;
        int boundary = i == 0 || !email_local((unsigned char)s[i - 1]);
        int www = 0;
        if (boundary && (lc == 'h' || lc == 'w') && (strncasecmp(s + i, "http://", 7) == 0 ||
                         strncasecmp(s + i, "https://", 8) == 0 ||
                         (www = (n - i > 4 && strncasecmp(s + i, "www.", 4) == 0)))) {
            if (i >= run.end) {
                size_t end = i;
                while (end < n && url_char((unsigned char)s[end]))
                    end++;
                run = (url_run){.end = end, .dot_from = end, .dot = end};
            }
            /* No real link is this long; trimming a longer run from every
             * start in it would take time quadratic in its length. */
            if (run.end - i > MAX_URL) {
                i = run.end - 1;
                continue;
            }
            size_t e = url_end(s, i, &run), stop = run.end;
            /* "<http://a/?b=<x>>": a URL run into markup is no URL we can
             * be sure of; leave it as text */
            if (stop < n && s[stop] != ' ' && s[stop] != '\t' && s[stop] != '"') {
                i = stop;
                continue;
            }
            size_t min = www ? 4 : (s[i + 4] == 's' || s[i + 4] == 'S') ? 8 : 7;
            if (e > i + min + 1 && run_has_dot(s, i + min, e, &run)) {
                sp[k++] = (span){.a = i, .b = e, .www = www};
                i = e - 1;
            } else if (!memchr(s + e, ')', stop - e)) {
                /* No dot after the scheme: a link (or an email) starting
                 * later in this run ends at e as well and has no dot either,
                 * and what was cut off past e starts none. Going on from
                 * i + 1 rescanned the run from every "http://" in it
                 * ("http://a/" repeated: 180 KB took 3 s). A ')' past e may
                 * be kept by a later start, so that case is left as it was. */
                i = stop - 1;
            }
            continue;
        }
        if (s[i] != '@' || i == 0)
            continue;
        size_t a = i;
        while (a > 0 && email_local((unsigned char)s[a - 1]))
            a--;
        while (a < i && (s[a] == '.' || s[a] == '-'))
            a++;
        size_t e = i + 1;
        while (e < n && domain_char((unsigned char)s[e]))
            e++;
        while (e > i + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
            e--;
        const char *dot = NULL;
        for (size_t q = i + 1; q < e; q++)
            if (s[q] == '.')
                dot = s + q;
        if (a == i || !dot || dot == s + i + 1 || (size_t)(s + e - dot) < 3)
            continue;
        if (k && sp[k - 1].b > a)
            continue; /* inside a URL already */
        int letters = 1;
        for (const char *t = dot + 1; t < s + e; t++)
            letters &= (*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z');
        if (!letters)
            continue;
        sp[k++] = (span){.a = a, .b = e, .email = 1};
        i = e - 1;
    }
    return k;
}

/* ------------------------------------------------------------- emphasis */

static int punct_or_space(unsigned long cp) { return cp == 0 || !nc_cp_is_alnum(cp); }

/* Where a delimiter may close emphasis depends only on the delimiter and
 * its neighbours, not on the opener: so the first closer at or after a
 * position, once found (or found missing), holds for every later opener
 * up to that closer. Without this, "**b** " repeated scanned the rest of
 * the paragraph from each of its openers: 2 s for 130 KB, minutes for 2 MB. */
typedef struct closer_memo {
    int known;
    size_t from, at; /* no closer in [from, at); at == n: none from there on */
} closer_memo;

/* The first j >= start where d may close emphasis, or n. */
static size_t next_closer(const char *t, size_t n, size_t start, char d, closer_memo *m)
{
    if (m->known && start >= m->from && start <= m->at)
        return m->at;
    size_t j = start;
    for (; j < n; j++) {
        if (t[j] != d)
            continue;
        size_t k;
        unsigned long in = nc_cp_before(t, j, &k);
        unsigned long out = nc_cp_at(t, n, j + 1, &k);
        if (!nc_cp_is_space(in) && in != (unsigned char)d && punct_or_space(out) &&
            out != (unsigned char)d)
            break;
    }
    *m = (closer_memo){.known = 1, .from = start, .at = j};
    return j;
}

/* The closing delimiter for an opener at t[i], or 0. memo is the one for
 * t[i]'s delimiter. */
static size_t emphasis_close(const char *t, size_t n, size_t i, const span *sp, size_t nsp,
                             closer_memo *memo)
{
    char d = t[i];
    size_t k;
    unsigned long before = nc_cp_before(t, i, &k);
    unsigned long after = nc_cp_at(t, n, i + 1, &k);
    if (!punct_or_space(before) || after == 0 || nc_cp_is_space(after) || after == (unsigned char)d)
        return 0;
    size_t j = next_closer(t, n, i + 2, d, memo);
    if (j >= n)
        return 0;
    for (size_t s = 0; s < nsp; s++)
        if (sp[s].a < j && sp[s].b > i)
            return 0; /* emphasis may not cut through a link */
    return j;
}

/* ---------------------------------------------------------------- nodes */

static int add_text(nc_document *doc, nc_node *parent, const char *s, size_t n)
{
    if (!n)
        return 0;
    nc_node *last = parent->last_child;
    if (last && last->type == NC_NODE_TEXT) {
        size_t m = strlen(last->literal);
        char *joined = nc_arena_alloc(&doc->arena, m + n + 1);
        if (!joined)
            return -1;
        memcpy(joined, last->literal, m);
        memcpy(joined + m, s, n);
        last->literal = joined;
        return 0;
    }
    nc_node *t = nc_node_new_text(&doc->arena, s, n);
    return t ? nc_node_append(parent, t) : -1;
}

int nc_inline(nc_document *doc, nc_node *leaf, const char *text, size_t n, int smart_on,
              const char *lang, nc_buf *scratch)
{
    span sp[MAX_SPANS];
    size_t nsp = find_links(text, n, sp);
    /* typography around the links; the spans move to the new text, built
     * in the caller's buffer so that one allocation serves every block */
    nc_buf own = NC_BUF_INIT;
    nc_buf *t = scratch ? scratch : &own;
    nc_buf_clear(t);
    tstate st = {.q = style_for(lang)};
    size_t at = 0;
    for (size_t s = 0; s <= nsp; s++) {
        size_t end = s < nsp ? sp[s].a : n;
        if (smart_on)
            smart(t, text, at, end, &st);
        else
            nc_buf_put(t, text + at, end - at);
        if (s == nsp)
            break;
        size_t a = t->len;
        nc_buf_put(t, text + sp[s].a, sp[s].b - sp[s].a);
        at = sp[s].b;
        sp[s].a = a;
        sp[s].b = t->len;
    }
    if (t->failed) {
        nc_buf_free(&own);
        return -1;
    }
    const char *s = t->data ? t->data : "";
    size_t len = t->len, from = 0, next_span = 0;
    int rc = 0;
    nc_buf url = NC_BUF_INIT;
    /* where the next '*' and '_' are (len: none), each found by memchr
     * once: the two are rare, and looking at every byte for them was
     * this pass's largest cost */
    size_t star = 0, under = 0;
    closer_memo memo[2] = {{0}, {0}}; /* for '*' and '_' */
    for (size_t i = 0; i < len && rc == 0;) {
        if (next_span < nsp && i == sp[next_span].a) {
            const span *x = &sp[next_span++];
            rc = add_text(doc, leaf, s + from, i - from);
            nc_buf_clear(&url);
            nc_buf_puts(&url, x->email ? "mailto:" : x->www ? "https://" : "");
            nc_buf_put(&url, s + x->a, x->b - x->a);
            nc_node *link = nc_node_new(&doc->arena, NC_NODE_LINK);
            const char *u = nc_buf_cstr(&url);
            if (rc || !link || !u || !(link->literal = nc_arena_strdup(&doc->arena, u)) ||
                add_text(doc, link, s + x->a, x->b - x->a) < 0 || nc_node_append(leaf, link) < 0)
                rc = -1;
            i = from = x->b;
            continue;
        }
        if (s[i] == '*' || s[i] == '_') {
            size_t close = emphasis_close(s, len, i, sp + next_span, nsp - next_span,
                                          &memo[s[i] == '_']);
            if (close) {
                nc_node *em = nc_node_new(&doc->arena, NC_NODE_EMPHASIS);
                if (add_text(doc, leaf, s + from, i - from) < 0 || !em ||
                    add_text(doc, em, s + i + 1, close - i - 1) < 0 || nc_node_append(leaf, em) < 0)
                    rc = -1;
                i = from = close + 1;
                continue;
            }
        }
        /* on to the next position where a link or emphasis may start */
        i++;
        if (star < i) {
            const char *p = memchr(s + i, '*', len - i);
            star = p ? (size_t)(p - s) : len;
        }
        if (under < i) {
            const char *p = memchr(s + i, '_', len - i);
            under = p ? (size_t)(p - s) : len;
        }
        size_t next = star < under ? star : under;
        if (next_span < nsp && sp[next_span].a < next)
            next = sp[next_span].a;
        if (next > i)
            i = next;
    }
    if (rc == 0)
        rc = add_text(doc, leaf, s + from, len - from);
    nc_buf_free(&url);
    nc_buf_free(&own);
    return rc;
}

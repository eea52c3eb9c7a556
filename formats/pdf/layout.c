/* layout.c: line breaking, hyphenation, justification and pagination
 * for the PDF writer. Justified blocks are broken as TeX does
 * (paragraph.c), ragged ones first-fit. Each run of text in one face is
 * shaped by HarfBuzz (face.h) before it is measured, and the glyphs
 * measured are the glyphs drawn: a character's width is its cluster's
 * advance, kerning included, so that the breaker sees the lines as they
 * will be. Words are placed one by one (the PDF's word spacing does not
 * apply to two-byte codes). */
#include "layout.h"

#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breaks.h"
#include "error.h"
#include "haru.h"
#include "hyphenate.h"
#include "paragraph.h"
#include "reserve.h"
#include "utf8.h"

nc_status nc_pdf_layout_load(nc_error *err) { return nc_pdf_breaks_load(err); }

typedef struct ch {
    size_t off;          /* in the block's text */
    unsigned char len;
    unsigned char glue;  /* a breakable space: stretched, never drawn */
    char brk;            /* LINEBREAK_* after this character */
    unsigned long cp;
    nc_pdf_style style;
    unsigned char cont;  /* inside a cluster: its glyphs are its first character's */
    int face;            /* -1: no face has it, the stand-in is drawn */
    int span;
    float w;             /* its cluster's advance on its first character, else 0 */
    unsigned g0, ng;     /* its glyphs, in the block's */
} ch;

typedef struct unit {    /* a box up to a break opportunity, and the spaces after it */
    size_t s, eb, eg;
    int must;            /* a forced line break follows */
} unit;

typedef struct blk {
    nc_pdf_layout *L;
    const nc_pdf_span *spans;
    const nc_pdf_block_style *bs;
    char *text;
    ch *c;
    double *cum;         /* cum[i]: width of the characters before i */
    double *stretch, *shrink; /* the same for the spaces' stretch and shrink */
    size_t n;
    nc_pdf_shaped *gl;   /* the block's glyphs, run by run */
    size_t ngl, capgl;
    int first_line;
    size_t line0;        /* index of the block's first line */
} blk;

static void fail(nc_pdf_layout *L, nc_status rc, const char *why)
{
    if (L->status == NC_OK) {
        L->status = rc;
        snprintf(L->why, sizeof L->why, "%s", why);
    }
}

/* nc_reserve, its failure recorded; 0 or -1. */
static int room(nc_pdf_layout *L, void *array, size_t *cap, size_t need, size_t size)
{
    if (nc_reserve(array, cap, need, size) == 0)
        return 0;
    fail(L, NC_ERR_NOMEM, "out of memory");
    return -1;
}


nc_status nc_pdf_layout_init(nc_pdf_layout *L, nc_pdf_fonts *fonts, float width,
                             const char *lang, const char *text, size_t len)
{
    *L = (nc_pdf_layout){.fonts = fonts, .width = width, .lang = lang ? lang : "en", .top = 1};
    nc_pdf_hyphenator_init(&L->hyph, L->lang, text, len);
    return NC_OK;
}

void nc_pdf_layout_free(nc_pdf_layout *L)
{
    nc_pdf_hyphenator_free(&L->hyph);
    nc_buf_free(&L->pool);
    free(L->pieces);
    free(L->lines);
    free(L->missing);
    free(L->glyphs);
    nc_pdf_shaper_free(&L->shaper);
    *L = (nc_pdf_layout){0};
}

static const nc_pdf_face *face_of(nc_pdf_layout *L, nc_pdf_style style, int face)
{
    nc_status rc = NC_OK;
    const nc_pdf_face *f = nc_pdf_fonts_face(L->fonts, style, face, &rc);
    if (!f)
        fail(L, rc, nc_pdf_fonts_problem(L->fonts));
    return f;
}

/* Shapes the len bytes at s, all in one face, into L->shaper; their
 * advance in thousandths of an em, or -1 on failure (recorded). */
static long shape(nc_pdf_layout *L, nc_pdf_style style, int face, const char *s, size_t len)
{
    const nc_pdf_face *f = face_of(L, style, face);
    if (!f)
        return -1;
    if (nc_pdf_shape(&L->shaper, f, L->lang, s, len) != 0) {
        fail(L, NC_ERR_NOMEM, "out of memory");
        return -1;
    }
    long w = 0;
    for (size_t i = 0; i < L->shaper.n; i++)
        w += L->shaper.g[i].advance;
    return w;
}

/* The bytes of text glyph i of the shaper's last result stands for: its
 * cluster's, on the cluster's first glyph; none on the others. */
static unsigned cluster_len(const nc_pdf_shaper *S, size_t i, size_t len)
{
    unsigned c = S->g[i].cluster;
    if (i > 0 && S->g[i - 1].cluster == c)
        return 0;
    size_t j = i + 1;
    while (j < S->n && S->g[j].cluster == c)
        j++;
    return (unsigned)((j < S->n ? S->g[j].cluster : len) - c);
}

/* How many bytes from text on are in one face of style s (*face), or, when
 * the first character is in none (*face -1), that character's. */
static size_t face_run(nc_pdf_layout *L, nc_pdf_style s, const char *text, size_t n, int *face)
{
    size_t k;
    long cp = nc_utf8_decode(text, n, &k);
    *face = cp < 0 ? -1 : nc_pdf_fonts_pick(L->fonts, s, (unsigned long)cp);
    if (*face < 0)
        return k;
    size_t j = k;
    while (j < n) {
        size_t k2;
        long c2 = nc_utf8_decode(text + j, n - j, &k2);
        if (c2 < 0 || nc_pdf_fonts_pick(L->fonts, s, (unsigned long)c2) != *face)
            break;
        j += k2;
    }
    return j;
}

float nc_pdf_layout_text_width(nc_pdf_layout *L, nc_pdf_style s, float size, const char *text)
{
    double w = 0;
    size_t n = strlen(text);
    for (size_t i = 0; i < n && L->status == NC_OK;) {
        int face;
        size_t j = i + face_run(L, s, text + i, n - i, &face);
        long a = face >= 0 ? shape(L, s, face, text + i, j - i) : 0;
        w += a > 0 ? a : 0;
        i = j;
    }
    return (float)(w * size / 1000.0);
}

static int add_glyphs(nc_pdf_layout *L, size_t n)
{
    return room(L, &L->glyphs, &L->cap_glyphs, L->n_glyphs + n, sizeof *L->glyphs);
}

float nc_pdf_layout_text_piece(nc_pdf_layout *L, nc_pdf_style s, int face, float size, float gray,
                               const char *text, size_t len, float x)
{
    if (room(L, &L->pieces, &L->cap_pieces, L->n_pieces + 1, sizeof *L->pieces) != 0)
        return 0;
    long a = shape(L, s, face, text, len);
    const nc_pdf_shaper *S = &L->shaper;
    if (a < 0 || add_glyphs(L, S->n) != 0)
        return 0;
    nc_pdf_piece pc = {.x = x, .width = (float)(a * size / 1000.0), .style = s, .face = face,
                       .size = size, .gray = gray, .text = L->pool.len,
                       .first_glyph = L->n_glyphs, .n_glyphs = S->n};
    for (size_t i = 0; i < S->n; i++)
        L->glyphs[L->n_glyphs++] = (nc_pdf_glyph){.gid = S->g[i].gid, .advance = S->g[i].advance,
                                                  .dx = S->g[i].dx,
                                                  .text = S->g[i].cluster,
                                                  .len = cluster_len(S, i, len)};
    nc_buf_put(&L->pool, text, len);
    nc_buf_putc(&L->pool, '\0');
    if (L->pool.failed)
        fail(L, NC_ERR_NOMEM, "out of memory");
    L->pieces[L->n_pieces++] = pc;
    return pc.width;
}

static void note_missing(nc_pdf_layout *L, unsigned long cp)
{
    for (size_t i = 0; i < L->n_missing; i++)
        if (L->missing[i] == cp)
            return;
    if (room(L, &L->missing, &L->cap_missing, L->n_missing + 1, sizeof *L->missing) != 0)
        return;
    L->missing[L->n_missing++] = cp;
}

static int is_glue(unsigned long cp)
{
    /* Breakable spaces only: no-break spaces and the figure space stay
     * inside their word. */
    return cp == ' ' || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x205F ||
           cp == 0x3000;
}

/* Where a line may end inside a run of text with no space: after a hyphen,
 * and between ideographs. The other opportunities UAX #14 offers inside a
 * word (after '/', after a dash) are left out: text extraction joins a
 * word only across a hyphenated line end, so a URL or "word\xE2\x80\x94word"
 * broken there would be copied out as two words. */
static int breaks_inside_words(unsigned long c)
{
    return c == '-' || c == 0x2010 || (c >= 0x2E80 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static unsigned long next_cp(const char *s, size_t n)
{
    size_t k;
    long cp = nc_utf8_decode(s, n, &k);
    return cp < 0 ? 0xFFFD : (unsigned long)cp;
}

/* Appends to out the positions (character indices) in [s, e) before which
 * the word may be hyphenated; returns how many. */
static size_t hyphen_points(blk *b, size_t s, size_t e, size_t *out, size_t max)
{
    size_t c0 = s, c1 = e;
    while (c0 < c1 && !nc_pdf_is_letter(b->c[c0].cp))
        c0++;
    while (c1 > c0 && !nc_pdf_is_letter(b->c[c1 - 1].cp))
        c1--;
    /* An English possessive or contraction ends the word, as in TeX:
     * "em-ployee's" hyphenates, "employee" being its word. */
    size_t stem = c0;
    while (stem < c1 && nc_pdf_is_letter(b->c[stem].cp))
        stem++;
    if (stem < c1) {
        unsigned long ap = b->c[stem].cp;
        if ((ap != 0x2019 && ap != '\'') || c1 - stem > 4)
            return 0;
        for (size_t i = stem + 1; i < c1; i++)
            if (!nc_pdf_is_letter(b->c[i].cp))
                return 0;
        c1 = stem;
    }
    if (c1 - c0 < NC_PDF_HYPHEN_MIN_WORD || c1 - c0 > 60)
        return 0;
    unsigned long letters[64];
    for (size_t i = c0; i < c1; i++)
        letters[i - c0] = nc_pdf_lower(b->c[i].cp);
    size_t n = nc_pdf_hyphenate(&b->L->hyph, letters, c1 - c0, out, max), kept = 0;
    /* Never inside a cluster: a ligature is one glyph. */
    for (size_t i = 0; i < n; i++)
        if (!b->c[out[i] + c0].cont)
            out[kept++] = out[i] + c0;
    return kept;
}

static double width(const blk *b, size_t a, size_t e) { return b->cum[e] - b->cum[a]; }

/* The hyphen added after character last: its face, glyph and width. */
static float hyphen_width(blk *b, size_t last, int *face, nc_pdf_shaped *g)
{
    nc_pdf_style st = b->c[last].style;
    *face = nc_pdf_fonts_pick(b->L->fonts, st, '-');
    const nc_pdf_face *f = *face < 0 ? NULL : face_of(b->L, st, *face);
    if (!f) {
        *face = -1;
        return 0;
    }
    unsigned gid = nc_pdf_face_glyph(f, '-');
    int adv = nc_pdf_face_advance(f, gid);
    *g = (nc_pdf_shaped){.gid = gid, .advance = adv, .nominal = adv};
    return (float)(g->advance * b->bs->size / 1000.0);
}

/* How much narrower the line's last glyph is when the line ends at e
 * inside a run of one face: its kerning with the next character, which
 * goes to the next line. */
static const nc_pdf_shaped *end_glyph(const blk *b, size_t e)
{
    if (e == 0 || e >= b->n || b->c[e].glue)
        return NULL;
    size_t k = e - 1;
    while (k > 0 && b->c[k].cont)
        k--;
    const ch *c = &b->c[k];
    return c->ng ? &b->gl[c->g0 + c->ng - 1] : NULL;
}

static double end_kern(const blk *b, size_t e)
{
    const nc_pdf_shaped *g = end_glyph(b, e);
    return g ? (g->advance - g->nominal) * b->bs->size / 1000.0 : 0;
}

/* Pieces under construction: one run of characters in one face, its text
 * written straight into the layout's pool (nothing else goes into the pool
 * while a line is made). */
typedef struct piece_builder {
    nc_pdf_layout *L;
    nc_pdf_piece p;
    int open;
    size_t cluster;      /* the glyph whose cluster the next character may join */
} piece_builder;

static void piece_close(piece_builder *pb)
{
    nc_pdf_layout *L = pb->L;
    if (!pb->open)
        return;
    pb->open = 0;
    nc_buf_putc(&L->pool, '\0');
    if (L->pool.failed)
        fail(L, NC_ERR_NOMEM, "out of memory");
    if (room(L, &L->pieces, &L->cap_pieces, L->n_pieces + 1, sizeof *L->pieces) != 0)
        return;
    L->pieces[L->n_pieces++] = pb->p;
}

/* Makes the open piece one of characters in this style, face and link,
 * at x when it starts here. */
static void piece_open(piece_builder *pb, float x, nc_pdf_style style, int face, float size,
                       float gray, size_t url)
{
    nc_pdf_layout *L = pb->L;
    if (pb->open && (pb->p.style != style || pb->p.face != face || pb->p.url != url))
        piece_close(pb);
    if (!pb->open) {
        pb->open = 1;
        pb->p = (nc_pdf_piece){.x = x, .style = style, .face = face, .size = size,
                               .gray = gray, .url = url, .text = L->pool.len,
                               .first_glyph = L->n_glyphs};
        pb->cluster = (size_t)-1;
    }
}

/* Adds to the open piece the ng glyphs at g of a character whose len bytes
 * are at byte `at` of the piece's text; a character inside a cluster (ng 0)
 * adds its bytes to the text of the cluster's first glyph. */
static void piece_glyphs(piece_builder *pb, size_t at, size_t len, const nc_pdf_shaped *g,
                         size_t ng)
{
    nc_pdf_layout *L = pb->L;
    if (ng == 0 && pb->cluster != (size_t)-1) {
        L->glyphs[pb->cluster].len += (unsigned)len;
    } else if (ng && add_glyphs(L, ng) == 0) {
        pb->cluster = L->n_glyphs;
        for (size_t i = 0; i < ng; i++)
            L->glyphs[L->n_glyphs++] = (nc_pdf_glyph){.gid = g[i].gid, .advance = g[i].advance,
                                                      .dx = g[i].dx, .text = (unsigned)at,
                                                      .len = i == 0 ? (unsigned)len : 0};
        pb->p.n_glyphs += ng;
    }
}

/* Adds a character (its UTF-8 at s) to the piece and the ng glyphs of its
 * cluster at g. */
static void piece_add(piece_builder *pb, float x, nc_pdf_style style, int face, float size,
                      float gray, size_t url, const char *s, size_t len, float w,
                      const nc_pdf_shaped *g, size_t ng)
{
    nc_pdf_layout *L = pb->L;
    piece_open(pb, x, style, face, size, gray, url);
    piece_glyphs(pb, L->pool.len - pb->p.text, len, g, ng);
    nc_buf_put(&L->pool, s, len);
    pb->p.width += w;
}

/* Adds the characters [i, j) of the line, all drawn in their own face,
 * style and link: their bytes are one stretch of the block's text, copied
 * at once; their widths add up one by one, as the line measured them. */
static void piece_run(blk *b, piece_builder *pb, size_t i, size_t j, size_t url, double tc,
                      double *x)
{
    nc_pdf_layout *L = b->L;
    const ch *c = &b->c[i];
    piece_open(pb, (float)*x, c->style, c->face, b->bs->size, b->bs->gray, url);
    size_t at = L->pool.len - pb->p.text;
    for (size_t k = i; k < j; k++) {
        const ch *d = &b->c[k];
        double w = d->w + tc * d->ng;
        piece_glyphs(pb, at + (d->off - c->off), d->len, b->gl + d->g0, d->ng);
        pb->p.width += (float)w;
        *x += w;
    }
    nc_buf_put(&L->pool, b->text + c->off, b->c[j - 1].off + b->c[j - 1].len - c->off);
}

static size_t url_offset(nc_pdf_layout *L, const char *url)
{
    if (!url)
        return 0;
    size_t off = L->pool.len;
    nc_buf_puts(&L->pool, url);
    nc_buf_putc(&L->pool, '\0');
    return off + 1;
}

/* What character c is drawn as: its own bytes in its face, or the
 * stand-in's in the stand-in's face (returned). */
static int drawn(const blk *b, const ch *c, const char **text, size_t *len)
{
    if (c->face >= 0) {
        *text = b->text + c->off;
        *len = c->len;
        return c->face;
    }
    int face = nc_pdf_fonts_standin(b->L->fonts, c->style, text);
    *len = strlen(*text);
    return face;
}

/* The marker left of a block's first line, in the indent, as pieces of
 * its own. */
static void emit_marker(nc_pdf_layout *L, const nc_pdf_block_style *bs)
{
    const char *m = bs->marker;
    size_t ml = strlen(m);
    float mx = -nc_pdf_layout_text_width(L, bs->marker_style, bs->size, m) - bs->size * 0.5f;
    for (size_t i = 0; i < ml && L->status == NC_OK;) {
        int face;
        size_t j = i + face_run(L, bs->marker_style, m + i, ml - i, &face);
        if (face >= 0)
            mx += nc_pdf_layout_text_piece(L, bs->marker_style, face, bs->size, bs->gray, m + i,
                                           j - i, mx);
        i = j;
    }
}

static void emit_line(blk *b, size_t a, size_t e, int hyph, int last, size_t *urls)
{
    nc_pdf_layout *L = b->L;
    const nc_pdf_block_style *bs = b->bs;
    if (L->status != NC_OK)
        return;
    if (room(L, &L->lines, &L->cap_lines, L->n_lines + 1, sizeof *L->lines) != 0)
        return;
    float first = b->first_line ? bs->first_indent : 0;
    double avail = L->width - bs->indent_left - bs->indent_right - first;
    int hface = -1;
    nc_pdf_shaped hg = {0};
    double hw = hyph && e > a ? hyphen_width(b, e - 1, &hface, &hg) : 0;
    double ek = end_kern(b, e);
    double natural = width(b, a, e) + hw - ek;
    size_t n_glue = 0, n_drawn = hyph ? 1 : 0;
    for (size_t i = a; i < e; i++) {
        if (b->c[i].glue)
            n_glue++;
        else
            n_drawn += b->c[i].ng;
    }
    double extra = 0, tc = 0;
    /* Justified: the spaces take up the difference, shrinking too (the
     * line breaker allows that down to TeX's shrink); a line without
     * spaces is letter-spaced (the PDF's character spacing: per glyph). */
    if (bs->align == NC_PDF_JUSTIFY && (!last || natural > avail)) {
        if (n_glue)
            extra = (avail - natural) / (double)n_glue;
        else if (n_drawn >= 2 && avail > natural)
            tc = (avail - natural) / (double)n_drawn;
    }
    nc_pdf_line line = {
        .first_piece = L->n_pieces,
        .x = bs->indent_left + first +
             (bs->align == NC_PDF_CENTER && avail > natural ? (float)((avail - natural) / 2) : 0),
        .leading = bs->leading,
        .space_before = b->first_line ? bs->space_before : 0,
        .char_space = (float)tc,
        /* a break after a word's own hyphen counts too */
        .hyphenated = hyph || (!last && e > a && (b->c[e - 1].cp == '-' || b->c[e - 1].cp == 0x2010)),
        .block = L->blocks,
    };
    if (b->first_line && bs->marker)
        emit_marker(L, bs);
    piece_builder pb = {.L = L};
    double x = 0;
    for (size_t i = a; i < e;) {
        const ch *c = &b->c[i];
        if (c->glue) {
            piece_close(&pb);
            x += c->w + extra;
            i++;
            continue;
        }
        if (c->face >= 0) {
            size_t j = i + 1, url = urls[c->span];
            while (j < e && !b->c[j].glue && b->c[j].face == c->face &&
                   b->c[j].style == c->style && urls[b->c[j].span] == url)
                j++;
            piece_run(b, &pb, i, j, url, tc, &x);
            i = j;
            continue;
        }
        const char *t;
        size_t tl;
        int face = drawn(b, c, &t, &tl);
        double w = c->w + tc * c->ng;
        piece_add(&pb, (float)x, c->style, face, bs->size, bs->gray, urls[c->span], t, tl, (float)w,
                  b->gl + c->g0, c->ng);
        x += w;
        i++;
    }
    if (ek != 0 && pb.open && pb.p.n_glyphs) {
        L->glyphs[L->n_glyphs - 1].advance = end_glyph(b, e)->nominal;
        pb.p.width -= (float)ek;
        x -= ek;
    }
    if (hyph && hface >= 0)
        piece_add(&pb, (float)x, b->c[e - 1].style, hface, bs->size, bs->gray, urls[b->c[e - 1].span],
                  "-", 1, (float)(hw + tc), &hg, 1);
    piece_close(&pb);
    line.n_pieces = L->n_pieces - line.first_piece;
    L->lines[L->n_lines++] = line;
    b->first_line = 0;
}

/* Splits the characters into units: boxes that end where a line may
 * break, each with the spaces that follow it. */
static unit *make_units(blk *b, size_t *nu)
{
    unit *u = malloc((b->n + 1) * sizeof *u);
    if (!u) {
        fail(b->L, NC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    size_t k = 0, i = 0, n = b->n;
    const ch *c = b->c;
    while (i < n) {
        size_t s = i, eb;
        for (;;) {
            while (i < n && !c[i].glue) {
                i++;
                if (c[i - 1].brk != LINEBREAK_NOBREAK)
                    break;
            }
            eb = i;
            while (i < n && c[i].glue)
                i++;
            if (i == n || c[i - 1].brk != LINEBREAK_NOBREAK)
                break;
        }
        u[k++] = (unit){.s = s, .eb = eb, .eg = i,
                        .must = i < n && c[i - 1].brk == LINEBREAK_MUSTBREAK};
    }
    *nu = k;
    return u;
}

static void fill_lines(blk *b, const unit *u, size_t nu, size_t *urls)
{
    nc_pdf_layout *L = b->L;
    const nc_pdf_block_style *bs = b->bs;
    float space = nc_pdf_layout_text_width(L, NC_PDF_SERIF, bs->size, " ");
    size_t k = 0, start = nu ? u[0].s : 0;
    /* A unit wider than the measure is tried for hyphenation on every line
     * it is cut over; hyphen_points() scans the whole unit, so its answer
     * is kept per unit (a 400 KB run of '*' took 4 s, one scan a line). */
    size_t pts[64], np = 0, pts_unit = (size_t)-1;
    while (k < nu && L->status == NC_OK) {
        if (u[k].eb <= start) { /* nothing but spaces left in this unit */
            k++;
            start = k < nu ? u[k].s : b->n;
            continue;
        }
        double avail = L->width - bs->indent_left - bs->indent_right -
                       (b->first_line ? bs->first_indent : 0);
        size_t a = start, end = start;
        double w = 0, pend = 0;
        int count = 0, hyph = 0, forced = 0;
        while (k < nu) {
            size_t bstart = count ? u[k].s : start;
            double bw = width(b, bstart, u[k].eb);
            double need = (count ? pend : 0) + bw;
            if (w + need <= avail + 0.001) {
                w += need;
                end = u[k].eb;
                pend = width(b, u[k].eb, u[k].eg);
                count++;
                forced = u[k].must;
                k++;
                start = k < nu ? u[k].s : b->n;
                if (forced)
                    break;
                continue;
            }
            double left = avail - w - (count ? pend : 0);
            if (bs->hyphenate && (count == 0 || left > 2.0 * space)) {
                if (pts_unit != k) {
                    np = hyphen_points(b, u[k].s, u[k].eb, pts, 64);
                    pts_unit = k;
                }
                size_t best = 0;
                for (size_t p = 0; p < np; p++) {
                    int hf;
                    nc_pdf_shaped hg;
                    if (pts[p] < bstart + 2)
                        continue;
                    if (width(b, bstart, pts[p]) + hyphen_width(b, pts[p] - 1, &hf, &hg) -
                            end_kern(b, pts[p]) <=
                        left + 0.001)
                        best = pts[p];
                }
                if (best) {
                    end = best;
                    hyph = 1;
                    count++;
                    start = best;
                    break;
                }
            }
            if (count == 0) {
                /* A word wider than the measure: cut it where it must. */
                size_t h = bstart + 1;
                while (h < u[k].eb && width(b, bstart, h + 1) <= avail)
                    h++;
                while (h > bstart + 1 && h < b->n && b->c[h].cont)
                    h--;
                end = h;
                count++;
                start = h;
            }
            break;
        }
        emit_line(b, a, end, hyph, k >= nu || forced, urls);
    }
}

/* The face of character c; 0, or -1 when no face can draw even a
 * stand-in. */
static int pick_face(nc_pdf_layout *L, ch *c)
{
    c->face = nc_pdf_fonts_pick(L->fonts, c->style, c->cp);
    if (c->face >= 0)
        return 0;
    const char *standin;
    if (nc_pdf_fonts_standin(L->fonts, c->style, &standin) < 0) {
        fail(L, NC_ERR_RESOURCE, *nc_pdf_fonts_problem(L->fonts)
                                     ? nc_pdf_fonts_problem(L->fonts)
                                     : "no font can draw even a stand-in character");
        return -1;
    }
    note_missing(L, c->cp);
    return 0;
}

/* Gives the characters [i, j), whose bytes s[0 .. len) were just shaped,
 * their glyphs: a cluster's glyphs and advance go to its first character,
 * the others are inside it. */
static int take_glyphs(blk *b, size_t i, size_t j)
{
    const nc_pdf_shaper *S = &b->L->shaper;
    if (room(b->L, &b->gl, &b->capgl, b->ngl + S->n, sizeof *b->gl) != 0)
        return -1;
    for (size_t k = i; k < j; k++)
        b->c[k] = (ch){.off = b->c[k].off, .len = b->c[k].len, .brk = b->c[k].brk, .cp = b->c[k].cp,
                       .style = b->c[k].style, .face = b->c[k].face, .span = b->c[k].span,
                       .cont = 1};
    size_t k = i, base = b->c[i].off;
    for (size_t n = 0; n < S->n; n++) {
        while (k + 1 < j && b->c[k + 1].off <= base + S->g[n].cluster)
            k++;
        ch *c = &b->c[k];
        if (!c->ng)
            c->g0 = (unsigned)b->ngl;
        c->ng++;
        c->cont = 0;
        c->w += (float)(S->g[n].advance * b->bs->size / 1000.0);
        b->gl[b->ngl++] = S->g[n];
    }
    b->c[i].cont = 0; /* a run's first character starts a cluster whatever happens */
    return 0;
}

/* Shapes the block: each run of characters in one style and face between
 * spaces, each stand-in alone. A space is glue of its glyph's width. */
static int shape_block(blk *b)
{
    nc_pdf_layout *L = b->L;
    for (size_t i = 0; i < b->n;) {
        ch *c = &b->c[i];
        if (c->glue) {
            const nc_pdf_face *f = c->face >= 0 ? face_of(L, c->style, c->face) : NULL;
            c->w = f ? (float)(nc_pdf_face_advance(f, nc_pdf_face_glyph(f, c->cp)) * b->bs->size /
                               1000.0)
                     : 0;
            i++;
            continue;
        }
        size_t j = i + 1, len;
        const char *t;
        int face = drawn(b, c, &t, &len);
        if (c->face >= 0) {
            while (j < b->n && !b->c[j].glue && b->c[j].face == face && b->c[j].style == c->style)
                j++;
            len = b->c[j - 1].off + b->c[j - 1].len - c->off;
        }
        if (shape(L, c->style, face, t, len) < 0 || take_glyphs(b, i, j) != 0)
            return -1;
        i = j;
    }
    return 0;
}

/* Where the page may not break after the block's lines, from line0 on. */
static void set_keeps(nc_pdf_layout *L, size_t line0, int keep_with_next)
{
    size_t nb = L->n_lines - line0;
    for (size_t i = 0; i < nb; i++) {
        nc_pdf_line *ln = &L->lines[line0 + i];
        /* At least two lines of a paragraph on either side of a page
         * break: no orphan, no widow. */
        int keep = i + 1 < nb ? !(i >= 1 && i + 3 <= nb) : keep_with_next;
        /* A word split over a page break would read badly and extract
         * badly: never break the page after a hyphen. */
        ln->keep = keep || ln->hyphenated;
    }
}

/* Whether the word of characters [s, e) may be hyphenated by the
 * dictionary: not when it holds a hyphen already ("7,500-kilometre"), a
 * digit, or is a URL or an e-mail address. */
static int word_may_hyphenate(const blk *b, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++) {
        unsigned long c = b->c[i].cp;
        if (c == '-' || c == 0x2010 || c == 0x2011 || c == 0xAD || (c >= '0' && c <= '9') ||
            c == '@' || c == '/' || c == '\\' || c == '_' || c == '=' || c == '#' ||
            (c == '.' && i + 1 < e && nc_pdf_is_letter(b->c[i + 1].cp)))
            return 0;
    }
    return 1;
}

typedef struct cand_list {
    nc_pdf_candidate *v;
    size_t n, cap;
} cand_list;

static int add_cand(blk *b, cand_list *cl, nc_pdf_candidate c)
{
    if (room(b->L, &cl->v, &cl->cap, cl->n + 1, sizeof *cl->v) != 0)
        return -1;
    cl->v[cl->n++] = c;
    return 0;
}

/* The places inside unit u a line may end: its hyphenation points (hyph),
 * and, in a box wider than the narrowest line, cuts as late as the measure
 * allows, so that no line ever runs past it. */
static int inner_candidates(blk *b, const unit *u, int whole_word, int hyph, double narrowest,
                            cand_list *cl)
{
    if (hyph && whole_word && word_may_hyphenate(b, u->s, u->eb)) {
        size_t pts[64];
        size_t np = hyphen_points(b, u->s, u->eb, pts, 64);
        for (size_t k = 0; k < np; k++) {
            int face;
            nc_pdf_shaped hg;
            double hw = hyphen_width(b, pts[k] - 1, &face, &hg) - end_kern(b, pts[k]);
            /* extra > 0 is what says a hyphen is drawn */
            nc_pdf_candidate c = {.end = pts[k], .next = pts[k], .penalty = 50, .flagged = 1,
                                  .extra = hw > 0.001 ? hw : 0.001};
            if (add_cand(b, cl, c) != 0)
                return -1;
        }
    }
    if (width(b, u->s, u->eb) <= narrowest)
        return 0;
    size_t a = u->s;
    while (width(b, a, u->eb) > narrowest) {
        size_t h = a + 1;
        while (h < u->eb && width(b, a, h + 1) <= narrowest)
            h++;
        while (h > a + 1 && h < u->eb && b->c[h].cont)
            h--;
        if (h >= u->eb)
            break;
        /* Hyphenation points inside this stretch stay ordered before it. */
        size_t at = cl->n;
        while (at > 0 && cl->v[at - 1].end > h)
            at--;
        if (add_cand(b, cl, (nc_pdf_candidate){0}) != 0)
            return -1;
        memmove(cl->v + at + 1, cl->v + at, (cl->n - 1 - at) * sizeof *cl->v);
        cl->v[at] = (nc_pdf_candidate){.end = h, .next = h, .penalty = 0};
        a = h;
    }
    return 0;
}

/* Every place a line of the block may end, in order; the last ends it. */
static int make_candidates(blk *b, const unit *u, size_t nu, int hyph, cand_list *cl)
{
    const nc_pdf_block_style *bs = b->bs;
    double rest = b->L->width - bs->indent_left - bs->indent_right;
    double narrowest = rest - (bs->first_indent > 0 ? bs->first_indent : 0);
    int word_start = 1;
    for (size_t k = 0; k < nu; k++) {
        int ends_word = k + 1 == nu || u[k].eg > u[k].eb || u[k].must;
        if (u[k].eb <= u[k].s) {
            /* Only spaces: nothing to set, but a forced break or the end
             * of the block they hold ends the line before them. */
            if (cl->n && (k + 1 == nu || u[k].must))
                cl->v[cl->n - 1].penalty = NC_PDF_FORCED;
            word_start = 1;
            continue;
        }
        if (inner_candidates(b, &u[k], word_start && ends_word, hyph, narrowest, cl) != 0)
            return -1;
        /* A line ending in a hyphen of the text ("Helligkeits- und",
         * "7,500-kilometre") counts as hyphenated. */
        unsigned long lastc = u[k].eb > u[k].s ? b->c[u[k].eb - 1].cp : 0;
        int hyphen = lastc == '-' || lastc == 0x2010;
        nc_pdf_candidate c = {.end = u[k].eb, .next = u[k].eg, .flagged = hyphen,
                              .penalty = k + 1 == nu || u[k].must ? NC_PDF_FORCED
                                                                  : hyphen ? 50 : 0};
        if (add_cand(b, cl, c) != 0)
            return -1;
        word_start = ends_word;
    }
    return 0;
}

/* Justified text: the breaks TeX would choose. A first try without
 * hyphenation within badness 100, then with it within 200, as TeX's
 * \pretolerance and \tolerance; failing both, the best lines that fit. */
static void fill_optimal(blk *b, const unit *u, size_t nu, size_t *urls)
{
    nc_pdf_layout *L = b->L;
    const nc_pdf_block_style *bs = b->bs;
    double rest = L->width - bs->indent_left - bs->indent_right;
    nc_pdf_paragraph p = {.width = b->cum, .stretch = b->stretch, .shrink = b->shrink,
                          .first_width = rest - bs->first_indent, .width_rest = rest};
    static const double tolerance[] = {100, 200, -1};
    cand_list cl = {0};
    size_t *chosen = NULL, n_chosen = 0;
    int found = 0;
    for (int pass = 0; pass < 3 && !found && L->status == NC_OK; pass++) {
        int hyph = pass > 0 && bs->hyphenate;
        if (pass < 2) {
            cl.n = 0;
            if (make_candidates(b, u, nu, hyph, &cl) != 0)
                break;
            free(chosen);
            if (!(chosen = malloc((cl.n + 1) * sizeof *chosen))) {
                fail(L, NC_ERR_NOMEM, "out of memory");
                break;
            }
        }
        p.cand = cl.v;
        p.n_cand = cl.n;
        /* nothing but spaces: no line, as the ragged filling sets none */
        found = cl.n ? nc_pdf_break_lines(&p, tolerance[pass], chosen, &n_chosen) : 1;
        if (found < 0)
            fail(L, NC_ERR_NOMEM, "out of memory");
    }
    size_t start = nu ? u[0].s : 0;
    for (size_t k = 0; found > 0 && k < n_chosen && L->status == NC_OK; k++) {
        const nc_pdf_candidate *c = &cl.v[chosen[k]];
        emit_line(b, start, c->end, c->flagged && c->extra > 0, c->penalty <= NC_PDF_FORCED, urls);
        start = c->next;
    }
    if (found == 0 && L->status == NC_OK)
        fail(L, NC_ERR_WRITER, "no line breaks fit the measure");
    free(chosen);
    free(cl.v);
}

nc_status nc_pdf_layout_block(nc_pdf_layout *L, const nc_pdf_span *spans, size_t n,
                              const nc_pdf_block_style *bs, int bookmark)
{
    if (L->status != NC_OK)
        return L->status;
    blk b = {.L = L, .spans = spans, .bs = bs, .first_line = 1, .line0 = L->n_lines};
    nc_buf text = NC_BUF_INIT;
    size_t *span_end = malloc((n + 1) * sizeof *span_end);
    size_t *urls = malloc((n + 1) * sizeof *urls);
    if (!span_end || !urls) {
        free(span_end);
        free(urls);
        fail(L, NC_ERR_NOMEM, "out of memory");
        return L->status;
    }
    for (size_t i = 0; i < n; i++) {
        nc_buf_put(&text, spans[i].text, spans[i].len);
        span_end[i] = text.len;
        urls[i] = url_offset(L, spans[i].url);
    }
    if (text.failed || L->pool.failed) {
        fail(L, NC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (text.len == 0 && !bs->marker)
        goto done;
    b.text = text.data ? text.data : "";
    char *brks = malloc(text.len + 1);
    b.c = malloc((text.len + 1) * sizeof *b.c);
    b.cum = malloc((text.len + 2) * sizeof *b.cum);
    b.stretch = malloc((text.len + 2) * sizeof *b.stretch);
    b.shrink = malloc((text.len + 2) * sizeof *b.shrink);
    if (!brks || !b.c || !b.cum || !b.stretch || !b.shrink) {
        free(brks);
        fail(L, NC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (text.len && nc_pdf_line_breaks(b.text, text.len, L->lang, brks) != 0) {
        free(brks);
        fail(L, NC_ERR_NOMEM, "out of memory");
        goto done;
    }
    size_t sp = 0;
    b.cum[0] = b.stretch[0] = b.shrink[0] = 0;
    for (size_t i = 0; i < text.len;) {
        size_t k;
        long cp = nc_utf8_decode(b.text + i, text.len - i, &k);
        while (sp + 1 < n && i >= span_end[sp])
            sp++;
        ch *c = &b.c[b.n];
        *c = (ch){.off = i, .len = (unsigned char)k, .cp = cp < 0 ? 0xFFFD : (unsigned long)cp,
                  .style = spans[sp].style, .span = (int)sp, .brk = brks[i + k - 1]};
        c->glue = (unsigned char)is_glue(c->cp);
        if (c->brk == LINEBREAK_ALLOWBREAK && !c->glue && !breaks_inside_words(c->cp) &&
            !(i + k < text.len && breaks_inside_words(next_cp(b.text + i + k, text.len - i - k))))
            c->brk = LINEBREAK_NOBREAK;
        if (pick_face(L, c) != 0) {
            free(brks);
            goto done;
        }
        b.n++;
        i += k;
    }
    free(brks);
    if (shape_block(&b) != 0)
        goto done;
    for (size_t i = 0; i < b.n; i++) {
        const ch *c = &b.c[i];
        b.cum[i + 1] = b.cum[i] + c->w;
        /* TeX's glue for Times: a space of 0.25 em stretches by 0.15 em
         * and shrinks by 0.06 em; other spaces in proportion. */
        b.stretch[i + 1] = b.stretch[i] + (c->glue ? c->w * 0.6 : 0);
        b.shrink[i + 1] = b.shrink[i] + (c->glue ? c->w * 0.24 : 0);
    }
    size_t nu = 0;
    unit *u = b.n ? make_units(&b, &nu) : NULL;
    if (u && bs->align == NC_PDF_JUSTIFY)
        fill_optimal(&b, u, nu, urls);
    else if (u)
        fill_lines(&b, u, nu, urls);
    free(u);
    if (!b.n)
        emit_line(&b, 0, 0, 0, 1, urls);
    if (L->status == NC_OK && L->n_lines > b.line0) {
        set_keeps(L, b.line0, bs->keep_with_next);
        L->lines[b.line0].bookmark = bookmark;
    }
done:
    L->blocks++;
    nc_buf_free(&text);
    free(span_end);
    free(urls);
    free(b.c);
    free(b.cum);
    free(b.stretch);
    free(b.shrink);
    free(b.gl);
    return L->status;
}

nc_status nc_pdf_layout_image(nc_pdf_layout *L, float w, float h, float space_before)
{
    if (L->status != NC_OK)
        return L->status;
    if (room(L, &L->lines, &L->cap_lines, L->n_lines + 1, sizeof *L->lines) != 0)
        return L->status;
    L->lines[L->n_lines++] = (nc_pdf_line){
        .first_piece = L->n_pieces, .leading = h, .space_before = space_before, .keep = 1,
        .block = L->blocks++, .image_w = w, .image_h = h,
        .x = (L->width - w) / 2};
    return NC_OK;
}

void nc_pdf_paginate(nc_pdf_layout *L, float height, int final)
{
    size_t i = L->placed, n = L->n_lines;
    while (i < n) {
        /* The group that must stay on one page: up to a line after which a
         * page may break. */
        size_t j = i;
        while (j + 1 < n && L->lines[j].keep)
            j++;
        /* The next block may still join this group. */
        if (!final && L->lines[j].keep)
            break;
        double h = 0;
        for (size_t k = i; k <= j; k++)
            h += L->lines[k].leading + L->lines[k].after +
                 (k == i && L->top ? 0 : L->lines[k].space_before);
        if (!L->top && L->y + h > height) {
            L->page++;
            L->y = 0;
            L->top = 1;
        }
        /* A group taller than a page breaks where it must. */
        for (size_t k = i; k <= j; k++) {
            nc_pdf_line *ln = &L->lines[k];
            double adv = ln->leading + (L->top ? 0 : ln->space_before);
            if (!L->top && L->y + adv > height) {
                L->page++;
                L->y = 0;
                L->top = 1;
                adv = ln->leading;
            }
            /* A table row taller than a page, broken inside a cell: the
             * next cell starts at the new page's first baseline, not above
             * it (its leading is negative only after a cell of several
             * lines, whose last line's leading is the row's). */
            if (ln->leading < 0 && k > i && L->y + adv < L->lines[k - 1].leading)
                adv = L->lines[k - 1].leading - L->y;
            L->y += adv;
            ln->page = L->page;
            ln->y = (float)L->y;
            L->y += ln->after;
            L->top = 0;
        }
        i = j + 1;
    }
    L->placed = i;
    if (final)
        L->n_pages = L->page + 1;
}

void nc_pdf_layout_drop(nc_pdf_layout *L, size_t n)
{
    if (n > L->placed)
        n = L->placed;
    if (n == 0)
        return;
    size_t p0 = n < L->n_lines ? L->lines[n].first_piece : L->n_pieces;
    /* URLs go into the pool before their block's texts. */
    size_t keep_from = L->pool.len;
    for (size_t k = p0; k < L->n_pieces; k++) {
        const nc_pdf_piece *pc = &L->pieces[k];
        if (pc->text < keep_from)
            keep_from = pc->text;
        if (pc->url && pc->url - 1 < keep_from)
            keep_from = pc->url - 1;
    }
    for (size_t k = p0; k < L->n_pieces; k++) {
        nc_pdf_piece *pc = &L->pieces[k];
        pc->text -= keep_from;
        if (pc->url)
            pc->url -= keep_from;
    }
    if (L->pool.len > keep_from)
        memmove(L->pool.data, L->pool.data + keep_from, L->pool.len - keep_from);
    L->pool.len -= keep_from;
    memmove(L->pieces, L->pieces + p0, (L->n_pieces - p0) * sizeof *L->pieces);
    L->n_pieces -= p0;
    size_t g0 = L->n_pieces ? L->pieces[0].first_glyph : L->n_glyphs;
    for (size_t k = 0; k < L->n_pieces; k++)
        L->pieces[k].first_glyph -= g0;
    memmove(L->glyphs, L->glyphs + g0, (L->n_glyphs - g0) * sizeof *L->glyphs);
    L->n_glyphs -= g0;
    for (size_t k = n; k < L->n_lines; k++)
        L->lines[k].first_piece -= p0;
    memmove(L->lines, L->lines + n, (L->n_lines - n) * sizeof *L->lines);
    L->n_lines -= n;
    L->placed -= n;
}

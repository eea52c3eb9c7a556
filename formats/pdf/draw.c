/* draw.c: the PDF writer's page drawing: every line, piece of text,
 * image, link, rule, bookmark and footer of the laid-out pages is drawn
 * here and only here, each wrapped in the marked-content hooks of tag.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haru.h"
#include "draw.h"
#include "status.h"
#include "reserve.h"
#include "tag.h"

/* What the text state of the page's text object is: text is drawn with
 * operators written here, in glyph codes of our fonts (fonts.h). */
typedef struct pen {
    nc_pdf_font *font;
    float size, char_space, gray;
    int blue;
    double x, y;         /* the text line matrix's origin: Td moves from it */
} pen;

/* A number as PDF writes it, to a thousandth, whatever the C locale;
 * by hand, as printf was a fifth of a long article's PDF time. */
static void num(nc_buf *b, double v)
{
    long long m = llround(v * 1000);
    char d[32], *p = d + sizeof d;
    int neg = m < 0;
    if (neg)
        m = -m;
    int frac = (int)(m % 1000), digits = 3;
    for (; frac && frac % 10 == 0; digits--)
        frac /= 10;
    if (frac) {
        for (int i = 0; i < digits; i++, frac /= 10)
            *--p = (char)('0' + frac % 10);
        *--p = '.';
    }
    m /= 1000;
    do
        *--p = (char)('0' + m % 10);
    while ((m /= 10) > 0);
    if (neg)
        *--p = '-';
    nc_buf_put(b, p, (size_t)(d + sizeof d - p));
}

/* A glyph's two-byte code inside a literal string: the bytes as they are,
 * but for the three the string's syntax takes and a carriage return (a
 * reader would take it for an end of line). Hex strings, <0041>, took
 * twice the bytes: the 1 MB article's contents were 6.7 MB, 5.1 MB so,
 * and zlib's time goes with them (deflated at level 4, 13% smaller). */
static void put_code(nc_buf *b, long code)
{
    char s[4];
    size_t n = 0;
    for (int shift = 8; shift >= 0; shift -= 8) {
        char c = (char)(code >> shift & 0xFF);
        if (c == '(' || c == ')' || c == '\\')
            s[n++] = '\\';
        else if (c == '\r') {
            s[n++] = '\\';
            c = 'r';
        }
        s[n++] = c;
    }
    nc_buf_put(b, s, n);
}

/* The glyphs as one TJ: their codes, and where a glyph's advance is not
 * its width (kerning) or it is drawn off the pen (a mark), the
 * difference, in thousandths of an em: glyph i is drawn at pen + dx[i],
 * and the pen moves on by its advance. */
static int show(nc_buf *b, nc_pdf_font *f, const nc_pdf_glyph *g, size_t n, const char *text)
{
    const nc_pdf_face *face = nc_pdf_font_face(f);
    nc_buf_putc(b, '[');
    if (n && g[0].dx)
        num(b, -g[0].dx);
    nc_buf_putc(b, '(');
    for (size_t i = 0; i < n; i++) {
        long code = nc_pdf_font_code(f, g[i].gid, text + g[i].text, g[i].len);
        if (code < 0)
            return -1;
        put_code(b, code);
        int adj = nc_pdf_face_advance(face, g[i].gid) - g[i].advance + g[i].dx -
                  (i + 1 < n ? g[i + 1].dx : 0);
        if (adj && i + 1 < n) {
            nc_buf_putc(b, ')');
            num(b, adj);
            nc_buf_putc(b, '(');
        }
    }
    nc_buf_puts(b, ")]TJ\n");
    return 0;
}

/* The state operators the piece needs (font and size, character spacing,
 * colour), then where it starts and its glyphs, into the page's contents. */
static int draw_piece(nc_pdfw *w, HPDF_Page page, pen *p, const nc_pdf_piece *pc, float x, float y,
                      float char_space)
{
    nc_status rc = NC_OK;
    nc_pdf_font *f = nc_pdf_fonts_get(w->fonts, pc->style, pc->face, &rc);
    if (!f) {
        nc_pdfw_set_status(w, rc, nc_pdf_fonts_problem(w->fonts));
        return -1;
    }
    nc_buf *b = &w->content;
    if (f != p->font || pc->size != p->size) {
        if (nc_hpdf_page_use_font(page, nc_pdf_font_name(f), nc_pdf_font_dict(f)) != 0)
            return -1;
        nc_buf_putc(b, '/');
        nc_buf_puts(b, nc_pdf_font_name(f));
        nc_buf_putc(b, ' ');
        num(b, pc->size);
        nc_buf_puts(b, " Tf\n");
        p->font = f;
        p->size = pc->size;
    }
    if (char_space != p->char_space) {
        num(b, char_space);
        nc_buf_puts(b, " Tc\n");
        p->char_space = char_space;
    }
    int blue = pc->url != 0;
    if (blue != p->blue || pc->gray != p->gray) {
        if (blue) {
            nc_buf_puts(b, "0.05 0.2 0.5 rg\n");
        } else {
            num(b, pc->gray);
            nc_buf_puts(b, " g\n");
        }
        p->blue = blue;
        p->gray = pc->gray;
    }
    num(b, x - p->x);
    nc_buf_putc(b, ' ');
    num(b, y - p->y);
    nc_buf_puts(b, " Td\n");
    p->x = x;
    p->y = y;
    if (show(b, f, w->L.glyphs + pc->first_glyph, pc->n_glyphs, w->L.pool.data + pc->text) != 0)
        return -1;
    if (b->failed) {
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
        return -1;
    }
    return 0;
}

/* The page's contents are gathered in w->content and handed over whole:
 * to zlib when the page is complete (nc_hpdf_deflate_page), or into
 * libharu's content stream before libharu draws something itself (a rule,
 * the photo) and at the end of a footer. Writing each word into libharu's
 * stream, 4 KB blocks filled a byte at a time, was 6% of a long article's
 * instructions. */
static int hand_over(nc_pdfw *w, HPDF_Page page)
{
    int rc = 0;
    if (w->content.failed) {
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
        rc = -1;
    } else if (w->content.len) {
        rc = nc_hpdf_page_write(page, w->content.data, w->content.len);
    }
    nc_buf_clear(&w->content);
    return rc;
}

/* A text object, written by hand: libharu's BT and ET would go into its
 * stream ahead of the contents gathered. */
static void text_object(nc_pdfw *w, int begin)
{
    nc_buf_puts(&w->content, begin ? "BT\012" : "ET\012");
}

static int draw_links(nc_pdfw *w, HPDF_Page page, const nc_pdf_line *ln, float left, float y)
{
    const nc_hpdf_api *hp = nc_hpdf();
    for (size_t k = 0; k < ln->n_pieces; k++) {
        const nc_pdf_piece *pc = &w->L.pieces[ln->first_piece + k];
        if (!pc->url)
            continue;
        float x = left + ln->x + pc->x;
        HPDF_Rect r = {x, y - pc->size * 0.25f, x + pc->width, y + pc->size * 0.85f};
        HPDF_Annotation a =
            hp->HPDF_Page_CreateURILinkAnnot(page, r, w->L.pool.data + pc->url - 1);
        if (!a || hp->HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) != HPDF_OK ||
            nc_pdf_tag_link(w, page, a, w->L.pool.data + pc->url - 1) != 0)
            return -1;
    }
    return 0;
}

/* The footer is shaped into the layout's storage, drawn, and forgotten:
 * every page's lines are gone by now. */
static int draw_footer(nc_pdfw *w, HPDF_Page page, int n, int of)
{
    nc_pdf_layout *L = &w->L;
    char text[64];
    snprintf(text, sizeof text, "page %d of %d", n, of);
    float size = w->size * 0.8f;
    int face = nc_pdf_fonts_pick(w->fonts, NC_PDF_SERIF_ITALIC, 'p');
    if (face < 0) {
        nc_pdfw_set_status(w, NC_ERR_RESOURCE, "no font for the page footer");
        return -1;
    }
    size_t pieces = L->n_pieces, glyphs = L->n_glyphs, pool = L->pool.len;
    float tw = nc_pdf_layout_text_width(L, NC_PDF_SERIF_ITALIC, size, text);
    nc_pdf_layout_text_piece(L, NC_PDF_SERIF_ITALIC, face, size, 0.35f, text, strlen(text), 0);
    if (L->status != NC_OK) {
        nc_pdfw_set_status(w, L->status, L->why);
        return -1;
    }
    pen p = {.size = -1, .gray = 0};
    int rc = -1;
    if (nc_pdf_tag_begin(w, page, NC_PDF_CONTENT_ARTIFACT, -1) == 0) {
        text_object(w, 1);
        if (draw_piece(w, page, &p, &L->pieces[pieces], (w->page_w - tw) / 2,
                       w->margin_bottom * 0.55f, 0) == 0) {
            text_object(w, 0);
            rc = nc_pdf_tag_end(w, page, NC_PDF_CONTENT_ARTIFACT) == 0 ? hand_over(w, page) : -1;
        }
    }
    L->n_pieces = pieces;
    L->n_glyphs = glyphs;
    L->pool.len = pool;
    return rc;
}

static int rule(nc_pdfw *w, HPDF_Page page, float x0, float x1, float y, float width)
{
    const nc_hpdf_api *hp = nc_hpdf();
    return nc_pdf_tag_begin(w, page, NC_PDF_CONTENT_ARTIFACT, -1) == 0 &&
                   hand_over(w, page) == 0 && hp->HPDF_Page_SetLineWidth(page, width) == HPDF_OK &&
                   hp->HPDF_Page_SetGrayStroke(page, 0.2f) == HPDF_OK &&
                   hp->HPDF_Page_MoveTo(page, x0, y) == HPDF_OK &&
                   hp->HPDF_Page_LineTo(page, x1, y) == HPDF_OK &&
                   hp->HPDF_Page_Stroke(page) == HPDF_OK &&
                   nc_pdf_tag_end(w, page, NC_PDF_CONTENT_ARTIFACT) == 0
               ? 0
               : -1;
}

/* Draws the lines of page pg from lines[*i] on, advancing *i past them;
 * NULL, or what libharu failed at. */
static const char *draw_page(nc_pdfw *w, HPDF_Page page, int pg, size_t *i)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_pdf_layout *L = &w->L;
    float left = w->margin_side, top = w->page_h - w->margin_top;
    size_t first = *i;
    pen p = {.size = -1, .gray = 0};
    text_object(w, 1);
    for (; *i < L->placed && L->lines[*i].page == pg; ++*i) {
        const nc_pdf_line *ln = &L->lines[*i];
        float y = top - ln->y;
        if (ln->n_pieces == 0)
            continue;
        if (nc_pdf_tag_begin(w, page, NC_PDF_CONTENT_TEXT, ln->block) != 0)
            return "tagging text";
        for (size_t k = 0; k < ln->n_pieces; k++) {
            const nc_pdf_piece *pc = &L->pieces[ln->first_piece + k];
            /* The marker in the indent is never letter-spaced. */
            float cs = pc->x < 0 ? 0 : ln->char_space;
            if (nc_pdf_tag_piece(w, page, pc) != 0)
                return "tagging text";
            if (draw_piece(w, page, &p, pc, left + ln->x + pc->x, y, cs) != 0)
                return "drawing text";
        }
    }
    if (nc_pdf_tag_end(w, page, NC_PDF_CONTENT_TEXT) != 0)
        return "tagging text";
    text_object(w, 0);
    for (size_t k = first; k < *i; k++) {
        const nc_pdf_line *ln = &L->lines[k];
        float y = top - ln->y;
        if (ln->image_h > 0 &&
            (nc_pdf_tag_begin(w, page, NC_PDF_CONTENT_IMAGE, ln->block) != 0 ||
             hand_over(w, page) != 0 ||
             hp->HPDF_Page_DrawImage(page, w->image, left + ln->x, y, ln->image_w, ln->image_h) !=
                 HPDF_OK ||
             nc_pdf_tag_end(w, page, NC_PDF_CONTENT_IMAGE) != 0))
            return "drawing the image";
        if (draw_links(w, page, ln, left, y) != 0)
            return "adding a link";
        /* A hairline closes the headline block, as on a front page. A
         * complete page is never the last laid out, so the next line is
         * there to look at. */
        if (ln->block == w->head_block && (k + 1 == L->n_lines || L->lines[k + 1].block != w->head_block) &&
            rule(w, page, left, w->page_w - w->margin_side, y - w->size * 0.9f, 0.6f) != 0)
            return "drawing a rule";
        if (ln->bookmark && w->next_mark < w->n_marks) {
            HPDF_Outline o = hp->HPDF_CreateOutline(w->pdf, ln->bookmark == 1 ? NULL : w->root,
                                                    w->marks[w->next_mark].title,
                                                    hp->HPDF_GetEncoder(w->pdf, "UTF-8"));
            HPDF_Destination d = o ? hp->HPDF_Page_CreateDestination(page) : NULL;
            if (!d || hp->HPDF_Destination_SetXYZ(d, 0, y + ln->leading, 1) != HPDF_OK ||
                hp->HPDF_Outline_SetDestination(o, d) != HPDF_OK)
                return "adding a bookmark";
            if (ln->bookmark == 1) {
                w->root = o;
                if (hp->HPDF_Outline_SetOpened(o, HPDF_TRUE) != HPDF_OK)
                    return "adding a bookmark";
            }
            w->next_mark++;
        }
    }
    return NULL;
}

/* The footers wait for the end, when the number of pages is known; libharu
 * keeps every page until it saves anyway. */
void nc_pdf_draw_ready(nc_pdfw *w, int final)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_pdf_layout *L = &w->L;
    if (w->draw_failed || w->status != NC_OK || L->status != NC_OK)
        return;
    nc_pdf_paginate(L, w->page_h - w->margin_top - w->margin_bottom, final);
    if (w->head_block < 0 && L->n_lines)
        w->head_block = L->lines[0].block;
    int upto = final ? L->n_pages : L->page;
    size_t i = 0;
    for (int pg = (int)w->n_pages; pg < upto && !w->draw_failed; pg++) {
        if (nc_reserve(&w->pages, &w->cap_pages, w->n_pages + 1, sizeof *w->pages) != 0) {
            nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
            return;
        }
        HPDF_Page page = hp->HPDF_AddPage(w->pdf);
        if (!page || hp->HPDF_Page_SetWidth(page, w->page_w) != HPDF_OK ||
            hp->HPDF_Page_SetHeight(page, w->page_h) != HPDF_OK) {
            w->draw_failed = "adding a page";
            return;
        }
        w->pages[w->n_pages++] = page;
        if (nc_pdf_tag_page(w, page, pg, 1) != 0)
            w->draw_failed = "tagging a page";
        if (!w->draw_failed)
            w->draw_failed = draw_page(w, page, pg, &i);
        if (!w->draw_failed && nc_pdf_tag_page(w, page, pg, 0) != 0)
            w->draw_failed = "tagging a page";
        /* zlib and libharu fail here only for want of memory. */
        if (!w->draw_failed && w->content.failed) {
            nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
            w->draw_failed = "drawing";
        }
        if (!w->draw_failed &&
            nc_hpdf_deflate_page(page, w->content.data, w->content.len, w->zlevel) != 0) {
            nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
            w->draw_failed = "compressing a page";
        }
        nc_buf_clear(&w->content);
    }
    nc_pdf_layout_drop(L, i);
}

nc_status nc_pdf_draw_footers(nc_pdfw *w, nc_error *err)
{
    for (size_t k = 0; k < w->n_pages; k++) {
        HPDF_Page page = w->pages[k];
        if (nc_hpdf_reopen_page(page) != 0 ||
            draw_footer(w, page, (int)k + 1, (int)w->n_pages) != 0)
            return nc_pdfw_failed(w, err, "drawing the footer");
    }
    return NC_OK;
}

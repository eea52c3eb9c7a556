/* pdf.c: PDF through libharu, typeset by our own layout engine
 * (layout.c) with fonts found through fontconfig (fonts.c). This
 * file maps the document onto block styles, draws the laid-out pages and
 * fills in the document data: info dictionary, dates, bookmarks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "error.h"
#include "formats.h"
#include "fonts.h"
#include "haru.h"
#include "layout.h"
#include "writer.h"

#define INFO_MAX 2000     /* bytes of an info string or bookmark title; libharu fails past 65,535 */
#define IMAGE_MAX ((size_t)64 * 1024 * 1024)

typedef struct span_list {
    nc_pdf_span *v;
    size_t n, cap;
    int failed;
} span_list;

typedef struct outline_mark {
    char *title;
    int level;
} outline_mark;

typedef struct pdfw {
    HPDF_Doc pdf;
    HPDF_STATUS hpdf_error, hpdf_detail; /* the first error libharu reported */
    const nc_document *doc;
    const nc_writer_options *opts;
    nc_pdf_fonts *fonts;
    nc_pdf_layout L;
    float page_w, page_h, margin_top, margin_bottom, margin_side;
    float size;                          /* body text */
    int after_head;                      /* the next paragraph starts flush */
    int image_placed;
    HPDF_Image image;
    float image_w, image_h;
    outline_mark *marks;
    size_t n_marks;
    /* Drawing, page by page as soon as a page is complete: */
    HPDF_Page *pages;                    /* every page, for the footers drawn last */
    size_t n_pages, cap_pages;
    HPDF_Outline root;
    size_t next_mark;
    int head_block;                      /* the headline's block, -1 until seen */
    const char *draw_failed;             /* what libharu failed at, or NULL */
    int zlevel;                          /* for the page contents */
    nc_status status;
    char why[300];
} pdfw;

/* libharu calls this on every error and then returns an error code, which
 * each call site checks too: some failures never reach the handler. */
static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user_data)
{
    pdfw *w = user_data;
    if (w->hpdf_error == 0) {
        w->hpdf_error = error;
        w->hpdf_detail = detail;
    }
}

static nc_status hpdf_failed(pdfw *w, nc_error *err, const char *what)
{
    if (w->status != NC_OK)
        return nc_fail(err, w->status, "pdf writer: %s", w->why);
    if (w->hpdf_error == HPDF_FAILD_TO_ALLOC_MEM)
        return nc_fail(err, NC_ERR_NOMEM, "pdf writer: out of memory");
    return nc_fail(err, NC_ERR_WRITER, "pdf writer: libharu failed %s (error 0x%04X, detail %u)",
                   what, (unsigned)w->hpdf_error, (unsigned)w->hpdf_detail);
}

static void set_status(pdfw *w, nc_status rc, const char *why)
{
    if (w->status == NC_OK) {
        w->status = rc;
        snprintf(w->why, sizeof w->why, "%s", why);
    }
}

static void push_span(span_list *sl, const char *text, size_t len, nc_pdf_style style,
                      const char *url)
{
    if (sl->failed || len == 0)
        return;
    if (sl->n == sl->cap) {
        size_t cap = sl->cap ? sl->cap * 2 : 16;
        nc_pdf_span *v = realloc(sl->v, cap * sizeof *v);
        if (!v) {
            sl->failed = 1;
            return;
        }
        sl->v = v;
        sl->cap = cap;
    }
    sl->v[sl->n++] = (nc_pdf_span){.text = text, .len = len, .style = style, .url = url};
}

static void collect_inlines(span_list *sl, const nc_node *first, nc_pdf_style style,
                            const char *url)
{
    for (const nc_node *c = first; c; c = c->next) {
        if (c->type == NC_NODE_TEXT)
            push_span(sl, c->literal, strlen(c->literal), style, url);
        else if (c->type == NC_NODE_EMPHASIS)
            collect_inlines(sl, c->first_child, nc_pdf_style_italic(style), url);
        else if (c->type == NC_NODE_LINK)
            collect_inlines(sl, c->first_child, style, c->literal);
    }
}

/* The dateline that opens a paragraph is set in bold, as papers do. */
static void embolden_prefix(span_list *sl, size_t n)
{
    span_list out = {0};
    for (size_t i = 0; i < sl->n; i++) {
        nc_pdf_span s = sl->v[i];
        if (n >= s.len) {
            push_span(&out, s.text, s.len, nc_pdf_style_bold(s.style), s.url);
            n -= s.len;
        } else if (n > 0) {
            push_span(&out, s.text, n, nc_pdf_style_bold(s.style), s.url);
            push_span(&out, s.text + n, s.len - n, s.style, s.url);
            n = 0;
        } else {
            push_span(&out, s.text, s.len, s.style, s.url);
        }
    }
    if (out.failed) {
        free(out.v);
        sl->failed = 1;
        return;
    }
    free(sl->v);
    *sl = out;
}

static char *cut_utf8(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

static void add_bookmark(pdfw *w, const char *title, int level)
{
    outline_mark *m = realloc(w->marks, (w->n_marks + 1) * sizeof *m);
    char *t = cut_utf8(title, INFO_MAX);
    if (!m || !t) {
        free(t);
        if (m)
            w->marks = m;
        set_status(w, NC_ERR_NOMEM, "out of memory");
        return;
    }
    w->marks = m;
    w->marks[w->n_marks++] = (outline_mark){.title = t, .level = level};
}

static nc_pdf_block_style body_style(const pdfw *w)
{
    return (nc_pdf_block_style){
        .size = w->size, .leading = w->size * 1.32f, .align = NC_PDF_JUSTIFY,
        .hyphenate = 1, .marker_style = NC_PDF_SERIF};
}

static void draw_ready(pdfw *w, int final);

static void layout_spans(pdfw *w, span_list *sl, const nc_pdf_block_style *bs, int bookmark)
{
    if (sl->failed)
        set_status(w, NC_ERR_NOMEM, "out of memory");
    else if (w->status == NC_OK && !w->draw_failed &&
             nc_pdf_layout_block(&w->L, sl->v, sl->n, bs, bookmark) == NC_OK)
        draw_ready(w, 0);
    free(sl->v);
    *sl = (span_list){0};
}

static void layout_leaf(pdfw *w, const nc_node *b, nc_pdf_style style,
                        const nc_pdf_block_style *bs, int bookmark)
{
    span_list sl = {0};
    collect_inlines(&sl, b->first_child, style, NULL);
    if (b->type == NC_NODE_PARAGRAPH && b->literal && *b->literal)
        embolden_prefix(&sl, strlen(b->literal));
    layout_spans(w, &sl, bs, bookmark);
}

static void place_image(pdfw *w)
{
    if (!w->image || w->image_placed)
        return;
    w->image_placed = 1;
    if (!w->draw_failed && nc_pdf_layout_image(&w->L, w->image_w, w->image_h, w->size * 0.9f) == NC_OK)
        draw_ready(w, 0);
}

static void layout_blocks(pdfw *w, const nc_node *first, float indent, int depth);

static void layout_list(pdfw *w, const nc_node *list, float indent, int depth)
{
    int n = list->ordered ? list->start : 0;
    for (const nc_node *item = list->first_child; item; item = item->next, n++) {
        char marker[32];
        if (list->ordered)
            snprintf(marker, sizeof marker, "%d.", n);
        else
            snprintf(marker, sizeof marker, "%s", depth % 2 ? "\xE2\x80\x93" : "\xE2\x80\xA2");
        nc_pdf_block_style bs = body_style(w);
        bs.indent_left = indent + w->size * 1.8f;
        bs.space_before = item == list->first_child ? w->size * 0.5f : w->size * 0.25f;
        bs.marker = marker;
        bs.align = NC_PDF_LEFT;
        if (nc_node_is_leaf_block(item)) {
            layout_leaf(w, item, NC_PDF_SERIF, &bs, 0);
        } else {
            /* The marker goes on the item's first block. */
            const nc_node *c = item->first_child;
            if (c && nc_node_is_leaf_block(c) && c->type != NC_NODE_BREAK) {
                layout_leaf(w, c, NC_PDF_SERIF, &bs, 0);
                c = c->next;
            }
            layout_blocks(w, c, bs.indent_left, depth + 1);
        }
    }
    w->after_head = 0;
}

static void layout_block(pdfw *w, const nc_node *b, float indent, int depth)
{
    nc_pdf_block_style bs = body_style(w);
    bs.indent_left = indent;
    bs.indent_right = depth > 0 && indent > 0 ? indent : 0;
    switch (b->type) {
    case NC_NODE_PARAGRAPH:
        bs.first_indent = w->after_head ? 0 : w->size * 1.2f;
        bs.space_before = w->after_head ? w->size * 0.35f : 0;
        layout_leaf(w, b, NC_PDF_SERIF, &bs, 0);
        w->after_head = 0;
        break;
    case NC_NODE_HEADING: {
        int level = b->level >= 2 ? b->level : 2;
        bs.size = level == 2 ? w->size * 1.2f : w->size * 1.05f;
        bs.leading = bs.size * 1.25f;
        bs.space_before = w->size * 1.3f;
        bs.align = NC_PDF_LEFT;
        bs.hyphenate = 0;
        bs.keep_with_next = 1;
        nc_buf t = NC_BUF_INIT;
        nc_node_plain_text(b, &t);
        add_bookmark(w, t.data ? t.data : "", level);
        nc_buf_free(&t);
        layout_leaf(w, b, NC_PDF_SANS_BOLD, &bs, level);
        w->after_head = 1;
        break;
    }
    case NC_NODE_CAPTION:
        place_image(w);
        bs.size = w->size * 0.85f;
        bs.leading = bs.size * 1.3f;
        bs.space_before = w->size * (w->image_placed ? 0.4f : 1.1f);
        bs.align = NC_PDF_LEFT;
        bs.gray = 0.25f;
        layout_leaf(w, b, NC_PDF_SERIF_ITALIC, &bs, 0);
        w->after_head = 1;
        break;
    case NC_NODE_BYLINE:
        bs.size = w->size * 0.85f;
        bs.leading = bs.size * 1.35f;
        bs.space_before = w->size * 0.8f;
        bs.align = NC_PDF_LEFT;
        bs.hyphenate = 0;
        bs.keep_with_next = 1;
        layout_leaf(w, b, NC_PDF_SANS_BOLD, &bs, 0);
        w->after_head = 1;
        break;
    case NC_NODE_CREDIT:
        bs.size = w->size * 0.85f;
        bs.leading = bs.size * 1.3f;
        bs.space_before = w->size * 1.2f;
        bs.align = NC_PDF_LEFT;
        bs.gray = 0.25f;
        layout_leaf(w, b, NC_PDF_SERIF_ITALIC, &bs, 0);
        break;
    case NC_NODE_BREAK: {
        bs.align = NC_PDF_CENTER;
        bs.space_before = w->size * 0.6f;
        span_list sl = {0};
        push_span(&sl, "*\xE2\x80\x83*\xE2\x80\x83*", 9, NC_PDF_SERIF, NULL);
        layout_spans(w, &sl, &bs, 0);
        w->after_head = 1;
        break;
    }
    case NC_NODE_QUOTE: {
        w->after_head = 1;
        float in = indent + w->size * 2.2f;
        /* A quote's first block keeps some air above it. */
        layout_blocks(w, b->first_child, in, depth + 1);
        w->after_head = 1;
        break;
    }
    case NC_NODE_LIST:
        layout_list(w, b, indent, depth);
        break;
    case NC_NODE_ITEM:
        layout_leaf(w, b, NC_PDF_SERIF, &bs, 0);
        break;
    default:
        break;
    }
}

static void layout_blocks(pdfw *w, const nc_node *first, float indent, int depth)
{
    for (const nc_node *b = first; b && w->status == NC_OK && w->L.status == NC_OK && !w->draw_failed;
         b = b->next) {
        if (depth > 0 && b == first && b->type == NC_NODE_PARAGRAPH) {
            nc_pdf_block_style bs = body_style(w);
            bs.indent_left = bs.indent_right = indent;
            bs.space_before = w->size * 0.6f;
            layout_leaf(w, b, NC_PDF_SERIF, &bs, 0);
            w->after_head = 0;
            continue;
        }
        layout_block(w, b, indent, depth);
    }
    if (depth > 0)
        w->after_head = 1;
}

static void layout_head(pdfw *w)
{
    nc_buf title = NC_BUF_INIT;
    if (nc_document_display_title(w->doc, &title) != 0 || !title.data) {
        nc_buf_free(&title);
        set_status(w, NC_ERR_NOMEM, "out of memory");
        return;
    }
    add_bookmark(w, title.data, 1);
    nc_pdf_block_style bs = {
        .size = w->size * 2.1f, .leading = w->size * 2.1f * 1.12f, .align = NC_PDF_LEFT,
        .keep_with_next = 1};
    span_list sl = {0};
    push_span(&sl, title.data, title.len, NC_PDF_SANS_BOLD, NULL);
    layout_spans(w, &sl, &bs, 1);
    const char *sub = w->doc->meta.subtitle;
    if (sub && *sub) {
        nc_pdf_block_style ss = {.size = w->size * 1.3f, .leading = w->size * 1.3f * 1.25f,
                                 .align = NC_PDF_LEFT, .keep_with_next = 1,
                                 .space_before = w->size * 0.4f};
        push_span(&sl, sub, strlen(sub), NC_PDF_SERIF_ITALIC, NULL);
        layout_spans(w, &sl, &ss, 0);
    }
    nc_buf_free(&title);
    w->after_head = 1;
}

static nc_status load_image(pdfw *w, const char *path, nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nc_fail(err, NC_ERR_RESOURCE, "pdf writer: cannot open the image '%s'", path);
    unsigned char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *d = cap <= IMAGE_MAX + 1 ? realloc(data, cap) : NULL;
            if (!d) {
                free(data);
                fclose(fp);
                return cap > IMAGE_MAX + 1
                           ? nc_fail(err, NC_ERR_RESOURCE, "pdf writer: the image '%s' is too large", path)
                           : nc_fail(err, NC_ERR_NOMEM, "pdf writer: out of memory");
            }
            data = d;
        }
        size_t got = fread(data + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(data);
        return nc_fail(err, NC_ERR_RESOURCE, "pdf writer: cannot read the image '%s'", path);
    }
    if (n >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
        w->image = hp->HPDF_LoadPngImageFromMem(w->pdf, data, (HPDF_UINT)n);
    else if (n >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        w->image = hp->HPDF_LoadJpegImageFromMem(w->pdf, data, (HPDF_UINT)n);
    free(data);
    if (!w->image)
        return nc_fail(err, NC_ERR_RESOURCE,
                       "pdf writer: the image '%s' is not a PNG or JPEG file libharu can read", path);
    float iw = (float)hp->HPDF_Image_GetWidth(w->image);
    float ih = (float)hp->HPDF_Image_GetHeight(w->image);
    if (iw <= 0 || ih <= 0)
        return nc_fail(err, NC_ERR_RESOURCE, "pdf writer: the image '%s' is empty", path);
    float measure = w->page_w - 2 * w->margin_side;
    float maxh = (w->page_h - w->margin_top - w->margin_bottom) * 0.45f;
    float scale = measure / iw;
    if (ih * scale > maxh)
        scale = maxh / ih;
    w->image_w = iw * scale;
    w->image_h = ih * scale;
    /* A small image would only lose from being enlarged past 1.5x. */
    return NC_OK;
}

static void set_info(pdfw *w, HPDF_InfoType type, const char *value)
{
    const nc_hpdf_api *hp = nc_hpdf();
    if (!value || !*value)
        return;
    char *v = cut_utf8(value, INFO_MAX);
    if (!v || hp->HPDF_SetInfoAttr(w->pdf, type, v) != HPDF_OK)
        set_status(w, v ? NC_ERR_WRITER : NC_ERR_NOMEM, "cannot set the document information");
    free(v);
}

static void set_info_list(pdfw *w, HPDF_InfoType type, char **items, size_t n)
{
    if (n == 0)
        return;
    nc_buf b = NC_BUF_INIT;
    for (size_t i = 0; i < n && b.len < INFO_MAX; i++) {
        if (i)
            nc_buf_puts(&b, ", ");
        nc_buf_puts(&b, items[i]);
    }
    if (b.failed)
        set_status(w, NC_ERR_NOMEM, "out of memory");
    else
        set_info(w, type, nc_buf_cstr(&b));
    nc_buf_free(&b);
}

static void document_data(pdfw *w)
{
    const nc_hpdf_api *hp = nc_hpdf();
    const nc_meta *m = &w->doc->meta;
    set_info(w, HPDF_INFO_TITLE, w->n_marks ? w->marks[0].title : m->title);
    set_info_list(w, HPDF_INFO_AUTHOR, m->authors, m->n_authors);
    set_info(w, HPDF_INFO_SUBJECT, m->subject && *m->subject ? m->subject : m->description);
    set_info_list(w, HPDF_INFO_KEYWORDS, m->keywords, m->n_keywords);
    char creator[64];
    snprintf(creator, sizeof creator, "newsconv %s", nc_version());
    set_info(w, HPDF_INFO_CREATOR, creator);
    time_t t = nc_writer_time(w->doc, w->opts);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return;
    HPDF_Date d = {.year = tm.tm_year + 1900, .month = tm.tm_mon + 1, .day = tm.tm_mday,
                   .hour = tm.tm_hour, .minutes = tm.tm_min, .seconds = tm.tm_sec, .ind = 'Z'};
    if (hp->HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, d) != HPDF_OK ||
        hp->HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, d) != HPDF_OK)
        set_status(w, NC_ERR_WRITER, "cannot set the document dates");
}

typedef struct pen {
    HPDF_Font font;
    float size, char_space, gray;
    int blue;
} pen;

static int draw_piece(pdfw *w, HPDF_Page page, pen *p, const nc_pdf_piece *pc, float x, float y,
                      float char_space)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_status rc = NC_OK;
    HPDF_Font f = nc_pdf_fonts_get(w->fonts, pc->style, pc->face, &rc);
    if (!f) {
        set_status(w, rc, nc_pdf_fonts_problem(w->fonts));
        return -1;
    }
    if ((f != p->font || pc->size != p->size) &&
        hp->HPDF_Page_SetFontAndSize(page, f, pc->size) != HPDF_OK)
        return -1;
    p->font = f;
    p->size = pc->size;
    if (char_space != p->char_space && hp->HPDF_Page_SetCharSpace(page, char_space) != HPDF_OK)
        return -1;
    p->char_space = char_space;
    int blue = pc->url != 0;
    if (blue != p->blue || pc->gray != p->gray) {
        HPDF_STATUS s = blue ? hp->HPDF_Page_SetRGBFill(page, 0.05f, 0.2f, 0.5f)
                             : hp->HPDF_Page_SetGrayFill(page, pc->gray);
        if (s != HPDF_OK)
            return -1;
        p->blue = blue;
        p->gray = pc->gray;
    }
    return hp->HPDF_Page_TextOut(page, x, y, w->L.pool.data + pc->text) == HPDF_OK ? 0 : -1;
}

static int draw_links(pdfw *w, HPDF_Page page, const nc_pdf_line *ln, float left, float y)
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
        if (!a || hp->HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0) != HPDF_OK)
            return -1;
    }
    return 0;
}

static int draw_footer(pdfw *w, HPDF_Page page, int n, int of)
{
    const nc_hpdf_api *hp = nc_hpdf();
    char text[64];
    snprintf(text, sizeof text, "page %d of %d", n, of);
    float size = w->size * 0.8f;
    nc_status rc = NC_OK;
    int face = nc_pdf_fonts_pick(w->fonts, NC_PDF_SERIF_ITALIC, 'p');
    HPDF_Font f = face < 0 ? NULL : nc_pdf_fonts_get(w->fonts, NC_PDF_SERIF_ITALIC, face, &rc);
    if (!f) {
        set_status(w, NC_ERR_RESOURCE, "no font for the page footer");
        return -1;
    }
    float tw = nc_pdf_layout_text_width(&w->L, NC_PDF_SERIF_ITALIC, size, text);
    if (hp->HPDF_Page_BeginText(page) != HPDF_OK ||
        hp->HPDF_Page_SetFontAndSize(page, f, size) != HPDF_OK ||
        hp->HPDF_Page_SetGrayFill(page, 0.35f) != HPDF_OK ||
        hp->HPDF_Page_TextOut(page, (w->page_w - tw) / 2, w->margin_bottom * 0.55f, text) != HPDF_OK ||
        hp->HPDF_Page_EndText(page) != HPDF_OK)
        return -1;
    return 0;
}

static int rule(HPDF_Page page, float x0, float x1, float y, float width)
{
    const nc_hpdf_api *hp = nc_hpdf();
    return hp->HPDF_Page_SetLineWidth(page, width) == HPDF_OK &&
                   hp->HPDF_Page_SetGrayStroke(page, 0.2f) == HPDF_OK &&
                   hp->HPDF_Page_MoveTo(page, x0, y) == HPDF_OK &&
                   hp->HPDF_Page_LineTo(page, x1, y) == HPDF_OK &&
                   hp->HPDF_Page_Stroke(page) == HPDF_OK
               ? 0
               : -1;
}

/* Draws the lines of page pg from lines[*i] on, advancing *i past them;
 * NULL, or what libharu failed at. */
static const char *draw_page(pdfw *w, HPDF_Page page, int pg, size_t *i)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_pdf_layout *L = &w->L;
    float left = w->margin_side, top = w->page_h - w->margin_top;
    size_t first = *i;
    pen p = {.size = -1, .gray = 0};
    if (hp->HPDF_Page_BeginText(page) != HPDF_OK)
        return "drawing";
    for (; *i < L->placed && L->lines[*i].page == pg; ++*i) {
        const nc_pdf_line *ln = &L->lines[*i];
        float y = top - ln->y;
        for (size_t k = 0; k < ln->n_pieces; k++) {
            const nc_pdf_piece *pc = &L->pieces[ln->first_piece + k];
            /* The marker in the indent is never letter-spaced. */
            float cs = pc->x < 0 ? 0 : ln->char_space;
            if (draw_piece(w, page, &p, pc, left + ln->x + pc->x, y, cs) != 0)
                return "drawing text";
        }
    }
    if (hp->HPDF_Page_EndText(page) != HPDF_OK)
        return "drawing";
    for (size_t k = first; k < *i; k++) {
        const nc_pdf_line *ln = &L->lines[k];
        float y = top - ln->y;
        if (ln->image_h > 0 &&
            hp->HPDF_Page_DrawImage(page, w->image, left + ln->x, y, ln->image_w, ln->image_h) !=
                HPDF_OK)
            return "drawing the image";
        if (draw_links(w, page, ln, left, y) != 0)
            return "adding a link";
        /* A hairline closes the headline block, as on a front page. A
         * complete page is never the last laid out, so the next line is
         * there to look at. */
        if (ln->block == w->head_block && (k + 1 == L->n_lines || L->lines[k + 1].block != w->head_block) &&
            rule(page, left, w->page_w - w->margin_side, y - w->size * 0.75f, 0.6f) != 0)
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

/* libharu's memory streams grow in blocks of a fixed size, 4 KB by
 * default, whatever they hold: a page's footer (100 bytes) or its
 * deflated text (about 5 KB) would waste more than they use. Sets the
 * block size of an empty stream. */
static void block_size(HPDF_Stream st, HPDF_UINT size)
{
    HPDF_MemStreamAttr a = st->attr;
    if (st->type == HPDF_STREAM_MEMORY && st->size == 0 && a && a->buf->count == 0 && size > 0) {
        a->buf_siz = size;
        a->w_pos = size; /* full: the first write allocates a block */
    }
}

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    const nc_hpdf_api *hp = nc_hpdf();
    (void)dict;
    return hp->HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* libharu keeps every page's content stream uncompressed in memory until
 * it saves, about 30 bytes for each word drawn: 8 MB for a 1 MB article.
 * A finished page is deflated here instead, and marked so that saving
 * copies it as it is and names its filter (libharu drops a /Filter entry
 * of a stream it does not filter itself, so the name is written by the
 * dictionary's write hook). Reaches into libharu's dictionary and page
 * records (hpdf_objects.h, hpdf_pages.h, installed with hpdf.h); when
 * they are not as expected the page is left for libharu to deflate. */
static int deflate_page(HPDF_Page page, int level)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
    HPDF_Dict c = attr ? attr->contents : NULL;
    if (!c || !c->stream || c->stream->type != HPDF_STREAM_MEMORY || c->write_fn ||
        c->filter != HPDF_STREAM_FILTER_FLATE_DECODE || c->stream != attr->stream)
        return 0;
    z_stream z = {0};
    if (deflateInit(&z, level) != Z_OK)
        return -1;
    nc_buf out = NC_BUF_INIT;
    HPDF_UINT n = hp->HPDF_MemStream_GetBufCount(c->stream);
    int zrc = Z_OK;
    for (HPDF_UINT i = 0; i <= n && zrc == Z_OK; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *data = i < n ? hp->HPDF_MemStream_GetBufPtr(c->stream, i, &len) : NULL;
        z.next_in = data;
        z.avail_in = data ? len : 0;
        int flush = i == n ? Z_FINISH : Z_NO_FLUSH;
        do {
            if (nc_buf_grow(&out, 16384) != 0) {
                zrc = Z_MEM_ERROR;
                break;
            }
            z.next_out = (Bytef *)out.data + out.len;
            z.avail_out = (uInt)(out.cap - out.len);
            size_t before = z.avail_out;
            zrc = deflate(&z, flush);
            out.len += before - z.avail_out;
        } while (zrc == Z_OK && (z.avail_in > 0 || flush == Z_FINISH));
        if (zrc == Z_BUF_ERROR)
            zrc = Z_OK;
    }
    deflateEnd(&z);
    if (zrc != Z_STREAM_END) {
        nc_buf_free(&out);
        return -1;
    }
    hp->HPDF_MemStream_FreeData(c->stream);
    block_size(c->stream, (HPDF_UINT)out.len);
    HPDF_STATUS st =
        hp->HPDF_Stream_Write(c->stream, (const HPDF_BYTE *)out.data, (HPDF_UINT)out.len);
    nc_buf_free(&out);
    if (st != HPDF_OK)
        return -1;
    c->filter = HPDF_STREAM_FILTER_NONE;
    c->write_fn = write_flate_filter;
    return 0;
}

/* Draws every page the layout has completed and lets the layout forget
 * their lines: memory holds a page or so, whatever the article's length.
 * final: the document is laid out; the last page is drawn too. The
 * footers wait for the end, when the number of pages is known; libharu
 * keeps every page until it saves anyway. */
static void draw_ready(pdfw *w, int final)
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
        if (w->n_pages == w->cap_pages) {
            size_t cap = w->cap_pages ? w->cap_pages * 2 : 64;
            HPDF_Page *v = realloc(w->pages, cap * sizeof *v);
            if (!v) {
                set_status(w, NC_ERR_NOMEM, "out of memory");
                return;
            }
            w->pages = v;
            w->cap_pages = cap;
        }
        HPDF_Page page = hp->HPDF_AddPage(w->pdf);
        if (!page || hp->HPDF_Page_SetWidth(page, w->page_w) != HPDF_OK ||
            hp->HPDF_Page_SetHeight(page, w->page_h) != HPDF_OK) {
            w->draw_failed = "adding a page";
            return;
        }
        w->pages[w->n_pages++] = page;
        w->draw_failed = draw_page(w, page, pg, &i);
        /* zlib and libharu fail here only for want of memory. */
        if (!w->draw_failed && deflate_page(page, w->zlevel) != 0) {
            set_status(w, NC_ERR_NOMEM, "out of memory");
            w->draw_failed = "compressing a page";
        }
    }
    nc_pdf_layout_drop(L, i);
}

static nc_status draw_footers(pdfw *w, nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    for (size_t k = 0; k < w->n_pages; k++) {
        HPDF_Page page = w->pages[k];
        HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
        /* A deflated page takes no more content: the footer goes into a
         * second content stream of its own, deflated by libharu. */
        if (attr->contents->write_fn == write_flate_filter) {
            HPDF_Dict more = NULL;
            if (hp->HPDF_Page_New_Content_Stream(page, &more) != HPDF_OK || !more)
                return hpdf_failed(w, err, "drawing the footer");
            more->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
            block_size(more->stream, 256);
        }
        if (draw_footer(w, page, (int)k + 1, (int)w->n_pages) != 0)
            return hpdf_failed(w, err, "drawing the footer");
    }
    return NC_OK;
}

static nc_status copy_out(pdfw *w, nc_sink *sink, nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    if (hp->HPDF_SaveToStream(w->pdf) != HPDF_OK)
        return hpdf_failed(w, err, "saving");
    static const size_t chunk = 64 * 1024;
    HPDF_BYTE *buf = malloc(chunk);
    if (!buf)
        return nc_fail(err, NC_ERR_NOMEM, "pdf writer: out of memory");
    HPDF_UINT32 total = hp->HPDF_GetStreamSize(w->pdf), done = 0;
    nc_status rc = NC_OK;
    while (done < total && rc == NC_OK) {
        HPDF_UINT32 n = (HPDF_UINT32)chunk;
        HPDF_STATUS s = hp->HPDF_ReadFromStream(w->pdf, buf, &n);
        if ((s != HPDF_OK && s != HPDF_STREAM_EOF) || n == 0) {
            rc = hpdf_failed(w, err, "reading the document back");
            break;
        }
        rc = nc_sink_write(sink, buf, n);
        done += n;
    }
    free(buf);
    return rc;
}

static nc_status read_options(pdfw *w, nc_error *err)
{
    const char *paper = nc_writer_option(w->opts, "paper");
    if (!paper || strcmp(paper, "a4") == 0 || strcmp(paper, "A4") == 0) {
        w->page_w = 595.276f;
        w->page_h = 841.89f;
    } else if (strcmp(paper, "letter") == 0) {
        w->page_w = 612;
        w->page_h = 792;
    } else {
        return nc_fail(err, NC_ERR_OPTION,
                       "bad value '%s' for option 'paper' (expected a4 or letter)", paper);
    }
    w->size = 11.0f;
    const char *fs = nc_writer_option(w->opts, "font-size");
    if (fs) {
        char *end = NULL;
        double v = strtod(fs, &end);
        if (!*fs || *end || !(v >= 6 && v <= 18))
            return nc_fail(err, NC_ERR_OPTION,
                           "bad value '%s' for option 'font-size' (expected points, 6 to 18)", fs);
        w->size = (float)v;
    }
    /* Deflate level of the page contents (the fonts and the rest are
     * libharu's, at its default 6). Page contents are most of the work on
     * a long article: 1 MB to PDF took 377 ms at level 6 for 1.87 MB, 256
     * ms at level 4 for 2.07 MB, 234 ms at level 1 for 2.45 MB; on a
     * typical article the embedded fonts dwarf the pages (the seed: 140.3
     * KB at 4, 139.9 KB at 6). 4 is also the EPUB writer's default. */
    w->zlevel = 4;
    nc_status rc = nc_option_level(w->opts, "compression-level", &w->zlevel, err);
    if (rc != NC_OK)
        return rc;
    /* A measure of about 70 characters, wide white margins, room for the footer. */
    w->margin_side = (w->page_w - w->size * 36.0f) / 2;
    if (w->margin_side < 36)
        w->margin_side = 36;
    w->margin_top = 60;
    w->margin_bottom = 64;
    return NC_OK;
}

/* Past this, a document's words keep most of the hyphenation patterns:
 * the layout is given no text and takes the whole dictionary. */
enum { HYPHEN_TEXT_MAX = 32 * 1024 };

/* The text whose words the layout may hyphenate (hyphen_cut.h): the title,
 * the subtitle and the body's text, a line break at each block's edges (the
 * texts inside one block run on, as the layout sets them: "un" and an
 * emphasised "likely" make one word), into out; 1 when it is longer than
 * HYPHEN_TEXT_MAX (out is then cleared), -1 when out of memory. */
static int hyphenation_text(const nc_document *doc, nc_buf *out)
{
    if (nc_document_display_title(doc, out) != 0)
        return -1;
    nc_buf_putc(out, '\n');
    if (doc->meta.subtitle)
        nc_buf_puts(out, doc->meta.subtitle);
    nc_iter it;
    nc_iter_init(&it, doc->body);
    nc_event ev;
    while (out->len <= HYPHEN_TEXT_MAX && (ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        if (it.node->type == NC_NODE_TEXT && ev == NC_EVENT_ENTER)
            nc_buf_puts(out, it.node->literal);
        else if (it.node->type < NC_NODE_TEXT)
            nc_buf_putc(out, '\n');
    }
    if (out->failed)
        return -1;
    if (out->len > HYPHEN_TEXT_MAX) {
        nc_buf_clear(out);
        return 1;
    }
    return 0;
}

static nc_status write_pdf(const nc_document *doc, const nc_writer_options *opts, nc_sink *sink,
                           nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    pdfw *w = calloc(1, sizeof *w);
    if (!w)
        return nc_fail(err, NC_ERR_NOMEM, "pdf writer: out of memory");
    w->doc = doc;
    w->opts = opts;
    w->head_block = -1;
    nc_status rc = read_options(w, err);
    if (rc != NC_OK || (rc = nc_hpdf_load(err)) != NC_OK || (rc = nc_pdf_layout_load(err)) != NC_OK)
        goto out;
    w->pdf = hp->HPDF_NewEx(on_hpdf_error, NULL, NULL, 0, w);
    if (!w->pdf) {
        rc = nc_fail(err, NC_ERR_NOMEM, "pdf writer: out of memory");
        goto out;
    }
    /* Past 32,767 pages one page tree node overflows: spread the pages
     * over intermediate nodes from the first page on. */
    if (hp->HPDF_SetPagesConfiguration(w->pdf, 4096) != HPDF_OK ||
        hp->HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL) != HPDF_OK ||
        hp->HPDF_UseUTFEncodings(w->pdf) != HPDF_OK ||
        hp->HPDF_SetCurrentEncoder(w->pdf, "UTF-8") != HPDF_OK) {
        rc = hpdf_failed(w, err, "setting up");
        goto out;
    }
    w->fonts = nc_pdf_fonts_new(w->pdf);
    if (!w->fonts) {
        rc = nc_fail(err, NC_ERR_NOMEM, "pdf writer: out of memory");
        goto out;
    }
    if (doc->meta.image && *doc->meta.image && (rc = load_image(w, doc->meta.image, err)) != NC_OK)
        goto out;
    nc_buf words = NC_BUF_INIT;
    int hw = hyphenation_text(doc, &words);
    rc = hw < 0 ? NC_ERR_NOMEM
                : nc_pdf_layout_init(&w->L, w->fonts, w->page_w - 2 * w->margin_side, doc->meta.lang,
                                     hw == 0 ? words.data : NULL, words.len);
    nc_buf_free(&words);
    if (rc != NC_OK) {
        rc = nc_fail(err, rc, "pdf writer: out of memory");
        goto out;
    }
    layout_head(w);
    int has_caption = 0;
    for (const nc_node *b = doc->body->first_child; b; b = b->next)
        has_caption |= b->type == NC_NODE_CAPTION;
    if (!has_caption)
        place_image(w);
    layout_blocks(w, doc->body->first_child, 0, 0);
    if (w->status == NC_OK && w->L.status != NC_OK)
        set_status(w, w->L.status, w->L.why);
    if (w->draw_failed) {
        rc = hpdf_failed(w, err, w->draw_failed);
        goto out;
    }
    if (w->status != NC_OK || w->hpdf_error) {
        rc = hpdf_failed(w, err, "measuring text");
        goto out;
    }
    for (size_t i = 0; i < w->L.n_missing; i++)
        nc_warn(opts->diag, opts->diag_userdata, NC_WARN_MISSING_GLYPH, 0,
                       "no font has U+%04lX; a stand-in was drawn", w->L.missing[i]);
    draw_ready(w, 1);
    if (w->draw_failed || w->status != NC_OK) {
        rc = hpdf_failed(w, err, w->draw_failed ? w->draw_failed : "drawing");
        goto out;
    }
    if ((rc = draw_footers(w, err)) != NC_OK)
        goto out;
    document_data(w);
    if (w->status != NC_OK || w->hpdf_error) {
        rc = hpdf_failed(w, err, "setting the document data");
        goto out;
    }
    rc = copy_out(w, sink, err);
out:
    nc_pdf_layout_free(&w->L);
    nc_pdf_fonts_free(w->fonts);
    if (w->pdf)
        hp->HPDF_Free(w->pdf);
    for (size_t i = 0; i < w->n_marks; i++)
        free(w->marks[i].title);
    free(w->marks);
    free(w->pages);
    free(w);
    return rc;
}

static const char *const option_keys[] = {"paper", "font-size", "compression-level", NULL};

const nc_writer nc_writer_pdf = {
    .struct_size = sizeof(nc_writer),
    .name = "pdf",
    .aliases = NULL,
    .extension = "pdf",
    .binary = 1,
    .description = "PDF, typeset with embedded fonts (A4 or --paper letter); -W compression-level=0..9 (default 4)",
    .option_keys = option_keys,
    .write = write_pdf,
};

/* pdf.c: PDF through libharu, typeset by our own layout engine
 * (layout.c) with fonts found through fontconfig (fonts.c) and drawn by
 * draw.c. This file maps the document onto block styles and fills in the
 * document data: info dictionary, dates, bookmarks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "error.h"
#include "formats.h"
#include "fonts.h"
#include "haru.h"
#include "heap.h"
#include "image.h"
#include "layout.h"
#include "photo.h"
#include "reserve.h"
#include "state.h"
#include "status.h"
#include "table.h"
#include "tag.h"
#include "xhtml.h"
#include "writer.h"

#define INFO_MAX 2000     /* bytes of an info string or bookmark title; libharu fails past 65,535 */

typedef struct span_list {
    nc_pdf_span *v;
    size_t n, cap;
    int failed;
} span_list;

/* libharu calls this on every error and then returns an error code, which
 * each call site checks too: some failures never reach the handler. */
static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *user_data)
{
    nc_pdfw *w = user_data;
    if (w->hpdf_error == 0) {
        w->hpdf_error = error;
        w->hpdf_detail = detail;
    }
}

static void push_span(span_list *sl, const char *text, size_t len, nc_pdf_style style,
                      const char *url)
{
    if (sl->failed || len == 0)
        return;
    if (nc_reserve(&sl->v, &sl->cap, sl->n + 1, sizeof *sl->v) != 0) {
        sl->failed = 1;
        return;
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
        else if (c->type == NC_NODE_DATELINE || c->type == NC_NODE_KICKER)
            /* set in bold, as papers do */
            collect_inlines(sl, c->first_child, nc_pdf_style_bold(style), url);
    }
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

static void add_bookmark(nc_pdfw *w, const char *title, int level)
{
    if (nc_reserve(&w->marks, &w->cap_marks, w->n_marks + 1, sizeof *w->marks) != 0) {
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
        return;
    }
    char *t = cut_utf8(title, INFO_MAX);
    if (!t) {
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
        return;
    }
    w->marks[w->n_marks++] = (nc_pdf_outline_mark){.title = t, .level = level};
}

static nc_pdf_block_style body_style(const nc_pdfw *w)
{
    return (nc_pdf_block_style){
        .size = w->size, .leading = w->size * 1.32f, .align = NC_PDF_JUSTIFY,
        .hyphenate = 1, .marker_style = NC_PDF_SERIF};
}

/* The layout holds about 80 bytes a character of the block it sets (a
 * 10 MB paragraph took 650 MB), so a longer block is set in parts of about
 * this many bytes, cut at a space: each part's last line ends short, as a
 * paragraph's would, and the parts are one element of the structure. */
#define PART_BYTES ((size_t)64 * 1024)

/* Where the part that starts at span i, byte off ends: *j, *end (the end
 * is exclusive, inside span *j, after a space when there is one near). */
static void part_end(const span_list *sl, size_t i, size_t off, size_t *j, size_t *end)
{
    size_t got = 0;
    for (*j = i; *j < sl->n; (*j)++) {
        const nc_pdf_span *sp = &sl->v[*j];
        size_t from = *j == i ? off : 0, n = sp->len - from;
        if (got + n <= PART_BYTES) {
            got += n;
            continue;
        }
        size_t at = from + (PART_BYTES > got ? PART_BYTES - got : 0);
        const char *space = memchr(sp->text + at, ' ', sp->len - at);
        if (!space && got + n <= 2 * PART_BYTES) { /* none here: look further */
            got += n;
            continue;
        }
        if (space) {
            *end = (size_t)(space - sp->text) + 1;
        } else { /* one enormous word: cut between two characters */
            *end = at > from ? at : from + 1;
            while (*end < sp->len && ((unsigned char)sp->text[*end] & 0xC0) == 0x80)
                (*end)++;
        }
        return;
    }
    *j = sl->n - 1;
    *end = sl->v[*j].len;
}

static void layout_parts(nc_pdfw *w, const span_list *sl, const nc_pdf_block_style *bs,
                         int bookmark)
{
    nc_pdf_block_style rest = *bs;
    rest.space_before = 0;
    rest.first_indent = 0;
    rest.marker = NULL;
    size_t i = 0, off = 0;
    while (i < sl->n && w->status == NC_OK && !w->draw_failed) {
        size_t j, end;
        part_end(sl, i, off, &j, &end);
        int last = j + 1 == sl->n && end == sl->v[j].len;
        nc_pdf_block_style st = i == 0 && off == 0 ? *bs : rest;
        st.keep_with_next = last ? bs->keep_with_next : 0;
        nc_pdf_span first = sl->v[i], final = sl->v[j];
        if (i == j) {
            first.text += off;
            first.len = end - off;
        } else {
            first.text += off;
            first.len -= off;
            final.len = end;
        }
        /* the part's spans: first and final adjusted, those between as they are */
        nc_pdf_span keep_i = sl->v[i], keep_j = sl->v[j];
        sl->v[j] = final;
        sl->v[i] = first;
        if (i > 0 || off > 0)
            nc_pdf_tag_continued(w);
        nc_status rc = nc_pdf_layout_block(&w->L, sl->v + i, j - i + 1, &st,
                                           i == 0 && off == 0 ? bookmark : 0);
        sl->v[i] = keep_i;
        sl->v[j] = keep_j;
        if (rc != NC_OK)
            break;
        nc_pdf_draw_ready(w, 0);
        if (end < sl->v[j].len) {
            i = j;
            off = end;
        } else {
            i = j + 1;
            off = 0;
        }
    }
}

static void layout_spans(nc_pdfw *w, span_list *sl, const nc_pdf_block_style *style,
                         int bookmark)
{
    nc_pdf_block_style bs = *style;
    bs.space_before += w->space_after_rule;
    w->space_after_rule = 0;
    size_t total = 0;
    for (size_t i = 0; i < sl->n; i++)
        total += sl->v[i].len;
    if (sl->failed)
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
    else if (total > PART_BYTES)
        layout_parts(w, sl, &bs, bookmark);
    else if (w->status == NC_OK && !w->draw_failed &&
             nc_pdf_layout_block(&w->L, sl->v, sl->n, &bs, bookmark) == NC_OK)
        nc_pdf_draw_ready(w, 0);
    free(sl->v);
    *sl = (span_list){0};
}

/* The next block laid out is an element of this role in the structure. */
static void tag(nc_pdfw *w, const char *role) { nc_pdf_tag_leaf(w, role); }

static void layout_leaf(nc_pdfw *w, const nc_node *b, nc_pdf_style style,
                        const nc_pdf_block_style *bs, int bookmark)
{
    span_list sl = {0};
    collect_inlines(&sl, b->first_child, style, NULL);
    layout_spans(w, &sl, bs, bookmark);
}

#define TABLE_COLUMNS 64

/* Whether a cell holds any text but spaces. */
static int has_text(const nc_node *cell)
{
    nc_buf t = NC_BUF_INIT;
    nc_node_plain_text(cell, &t);
    int any = t.data && t.data[strspn(t.data, " \t\n")] != '\0';
    nc_buf_free(&t);
    return any;
}

/* The widest word of text set in style st at size 1. */
static float widest_word(nc_pdfw *w, nc_pdf_style st, char *text)
{
    float most = 0;
    for (char *p = text; *p;) {
        p += strspn(p, " ");
        size_t len = strcspn(p, " ");
        if (!len)
            break;
        char keep = p[len];
        p[len] = '\0';
        float ww = nc_pdf_layout_text_width(&w->L, st, 1.0f, p);
        p[len] = keep;
        most = ww > most ? ww : most;
        p += len;
    }
    return most;
}

/* A table's columns at size 1: each its widest cell's width on one line
 * (width) and its widest word's (least). */
typedef struct table_columns {
    size_t n;
    float width[TABLE_COLUMNS], least[TABLE_COLUMNS];
} table_columns;

static void column_widths(nc_pdfw *w, const nc_node *t, table_columns *tc, nc_buf *text)
{
    tc->n = 0;
    for (const nc_node *r = t->first_child; r; r = r->next) {
        size_t c = 0;
        nc_pdf_style st = r->header ? NC_PDF_SANS_BOLD : NC_PDF_SANS;
        for (const nc_node *x = r->first_child; x && c < TABLE_COLUMNS; x = x->next, c++) {
            nc_buf_clear(text);
            nc_node_plain_text(x, text);
            char *s = nc_buf_cstr(text) ? text->data : "";
            float cw = nc_pdf_layout_text_width(&w->L, st, 1.0f, s);
            float ww = *s ? widest_word(w, st, s) : 0;
            if (c >= tc->n) {
                tc->width[tc->n] = tc->least[tc->n] = 0;
                tc->n++;
            }
            tc->width[c] = cw > tc->width[c] ? cw : tc->width[c];
            tc->least[c] = ww > tc->least[c] ? ww : tc->least[c];
        }
    }
}

/* Shares room (at size 1) out over the columns beyond their widest
 * words: evenly, but no column more than its one-line width asks, so
 * short columns (figures) stay on one line and the long ones wrap alike.
 * Sets tc->width to the columns' widths. */
static void share_room(table_columns *tc, float room)
{
    unsigned char done[TABLE_COLUMNS] = {0};
    size_t left = tc->n;
    for (int more = 1; more && left;) {
        more = 0;
        float share = room / (float)left;
        for (size_t c = 0; c < tc->n; c++)
            if (!done[c] && tc->width[c] - tc->least[c] <= share) {
                room -= tc->width[c] - tc->least[c];
                done[c] = 1;
                left--;
                more = 1;
            }
    }
    float share = left ? room / (float)left : 0;
    for (size_t c = 0; c < tc->n; c++)
        if (!done[c])
            tc->width[c] = tc->least[c] + share;
}

/* The table's type size, and its columns' widths at size 1 in tc->width.
 * Set smaller than the text, and kept at that size: when its cells on one
 * line each would not fit the measure, they wrap in columns that keep
 * their widest words and share out what is left (share_room). Only
 * when the widest words themselves do not fit is the type smaller, just
 * small enough for them (cells break at spaces only). */
static float table_size(nc_pdfw *w, table_columns *tc, float gap, float measure)
{
    float size = w->size * 0.85f;
    float gaps = gap * (float)(tc->n ? tc->n - 1 : 0), all = gaps, words = gaps;
    for (size_t c = 0; c < tc->n; c++) {
        all += tc->width[c];
        words += tc->least[c];
    }
    if (all * size <= measure || all <= 0)
        return size;
    if (words * size > measure)
        size = measure / words;
    share_room(tc, measure / size - words);
    return size;
}

/* A table: each cell in its column, its text wrapped there, numbers
 * aligned right (table_size). Tagged Table, TR, TH (header rows) and TD. */
static void layout_table(nc_pdfw *w, const nc_node *t, float indent)
{
    table_columns tc;
    nc_buf text = NC_BUF_INIT;
    column_widths(w, t, &tc, &text);
    float gap = 1.2f, size = table_size(w, &tc, gap, w->L.width - 2 * indent);
    size_t rows = 0;
    for (const nc_node *r = t->first_child; r; r = r->next)
        rows++;
    nc_pdf_tag_open(w, "Table");
    /* As in HTML: an empty cell of a header row heads nothing; below such
     * a corner the first column names the rows. */
    const nc_node *r0 = t->first_child;
    int row_names = r0 && r0->header && r0->first_child && !has_text(r0->first_child);
    size_t k = 0;
    for (const nc_node *r = t->first_child; r && w->L.status == NC_OK; r = r->next, k++) {
        nc_pdf_row_style rs = {
            .style = r->header ? NC_PDF_SANS_BOLD : NC_PDF_SANS, .size = size,
            .leading = size * 1.35f, .space_before = k == 0 ? w->size * 0.5f : 0,
            .keep = r->header || rows <= 6 || k == 0 || k + 2 == rows};
        nc_pdf_tag_open(w, "TR");
        nc_pdf_row row = {0};
        size_t n = 0;
        float x = indent;
        for (const nc_node *c = r->first_child; c && n < tc.n; c = c->next, n++) {
            nc_buf_clear(&text);
            nc_node_plain_text(c, &text);
            nc_pdf_cell cell = {.text = nc_buf_cstr(&text) ? text.data : "", .align = c->align,
                                .x = x, .width = tc.width[n] * size};
            x += (tc.width[n] + gap) * size;
            int names = r->header || (row_names && n == 0);
            if (names && cell.text[strspn(cell.text, " ")])
                nc_pdf_tag_header_cell(w, !r->header);
            else
                nc_pdf_tag_leaf(w, "TD");
            nc_pdf_layout_cell(&w->L, &row, &cell, &rs);
        }
        nc_pdf_layout_row_end(&w->L, &row, &rs);
        nc_pdf_tag_close(w);
        if (w->L.status == NC_OK)
            nc_pdf_draw_ready(w, 0);
    }
    nc_pdf_tag_close(w);
    if (text.failed)
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
    nc_buf_free(&text);
    w->after_head = 1;
}

/* Places the photo, once: 1 when it did, leaving its Figure open for a
 * caption (tag.h). Its /Alt is the HTML page's alt of it. */
static int place_image(nc_pdfw *w)
{
    if (!w->image || w->image_placed)
        return 0;
    w->image_placed = 1;
    nc_buf alt = NC_BUF_INIT;
    nc_xhtml_photo_alt(w->doc, w->n_marks ? w->marks[0].title : "", &alt);
    if (!nc_buf_cstr(&alt))
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
    nc_pdf_tag_open(w, "Figure");
    nc_pdf_tag_alt(w, nc_buf_cstr(&alt));
    nc_buf_free(&alt);
    tag(w, NULL);
    if (!w->draw_failed && nc_pdf_layout_image(&w->L, w->image_w, w->image_h, w->size * 0.9f) == NC_OK)
        nc_pdf_draw_ready(w, 0);
    return 1;
}

static void layout_blocks(nc_pdfw *w, const nc_node *first, float indent, int depth);

static void layout_list(nc_pdfw *w, const nc_node *list, float indent, int depth)
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
        nc_pdf_tag_open(w, "LI");
        if (nc_node_is_leaf_block(item)) {
            nc_pdf_tag_item(w, 1);
            layout_leaf(w, item, NC_PDF_SERIF, &bs, 0);
        } else {
            /* The marker goes on the item's first block. */
            const nc_node *c = item->first_child;
            int text = c && nc_node_is_leaf_block(c) && c->type != NC_NODE_BREAK;
            nc_pdf_tag_item(w, text);
            if (text) {
                layout_leaf(w, c, NC_PDF_SERIF, &bs, 0);
                c = c->next;
            }
            layout_blocks(w, c, bs.indent_left, depth + 1);
        }
        nc_pdf_tag_close(w); /* LBody */
        nc_pdf_tag_close(w); /* LI */
    }
    w->after_head = 0;
}

static void layout_block(nc_pdfw *w, const nc_node *b, float indent, int depth)
{
    nc_pdf_block_style bs = body_style(w);
    bs.indent_left = indent;
    bs.indent_right = depth > 0 && indent > 0 ? indent : 0;
    switch (b->type) {
    case NC_NODE_PARAGRAPH:
        bs.first_indent = w->after_head ? 0 : w->size * 1.2f;
        bs.space_before = w->after_head ? w->size * 0.35f : 0;
        tag(w, "P");
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
        nc_pdf_tag_heading(w, level);
        layout_leaf(w, b, NC_PDF_SANS_BOLD, &bs, level);
        w->after_head = 1;
        break;
    }
    case NC_NODE_CAPTION: {
        int figure = place_image(w);
        bs.size = w->size * 0.85f;
        bs.leading = bs.size * 1.3f;
        bs.space_before = w->size * (w->image_placed ? 0.4f : 1.1f);
        bs.align = NC_PDF_LEFT;
        bs.gray = 0.25f;
        tag(w, "Caption");
        layout_leaf(w, b, NC_PDF_SERIF_ITALIC, &bs, 0);
        if (figure)
            nc_pdf_tag_close(w);
        w->after_head = 1;
        break;
    }
    case NC_NODE_BYLINE:
        bs.size = w->size * 0.85f;
        bs.leading = bs.size * 1.35f;
        bs.space_before = w->size * 0.8f;
        bs.align = NC_PDF_LEFT;
        bs.hyphenate = 0;
        bs.keep_with_next = 1;
        tag(w, "Byline");
        layout_leaf(w, b, NC_PDF_SANS_BOLD, &bs, 0);
        w->after_head = 1;
        break;
    case NC_NODE_CREDIT:
        bs.size = w->size * 0.85f;
        bs.leading = bs.size * 1.3f;
        bs.space_before = w->size * 1.2f;
        bs.align = NC_PDF_LEFT;
        bs.gray = 0.25f;
        tag(w, "Credit");
        layout_leaf(w, b, NC_PDF_SERIF_ITALIC, &bs, 0);
        break;
    case NC_NODE_BREAK: {
        bs.align = NC_PDF_CENTER;
        bs.space_before = w->size * 0.6f;
        span_list sl = {0};
        push_span(&sl, "*\xE2\x80\x83*\xE2\x80\x83*", 9, NC_PDF_SERIF, NULL);
        nc_pdf_tag_artifact(w);
        layout_spans(w, &sl, &bs, 0);
        w->after_head = 1;
        break;
    }
    case NC_NODE_QUOTE: {
        w->after_head = 1;
        float in = indent + w->size * 2.2f;
        /* A quote's first block keeps some air above it. */
        nc_pdf_tag_open(w, "BlockQuote");
        layout_blocks(w, b->first_child, in, depth + 1);
        nc_pdf_tag_close(w);
        w->after_head = 1;
        break;
    }
    case NC_NODE_LIST:
        nc_pdf_tag_open(w, "L");
        layout_list(w, b, indent, depth);
        nc_pdf_tag_close(w);
        break;
    case NC_NODE_ITEM:
        tag(w, "P");
        layout_leaf(w, b, NC_PDF_SERIF, &bs, 0);
        break;
    case NC_NODE_TABLE:
        layout_table(w, b, indent);
        break;
    default:
        break;
    }
}

static void layout_blocks(nc_pdfw *w, const nc_node *first, float indent, int depth)
{
    for (const nc_node *b = first; b && w->status == NC_OK && w->L.status == NC_OK && !w->draw_failed;
         b = b->next) {
        if (depth > 0 && b == first && b->type == NC_NODE_PARAGRAPH) {
            nc_pdf_block_style bs = body_style(w);
            bs.indent_left = bs.indent_right = indent;
            bs.space_before = w->size * 0.6f;
            tag(w, "P");
            layout_leaf(w, b, NC_PDF_SERIF, &bs, 0);
            w->after_head = 0;
            continue;
        }
        layout_block(w, b, indent, depth);
    }
    if (depth > 0)
        w->after_head = 1;
}

static void layout_head(nc_pdfw *w)
{
    nc_buf title = NC_BUF_INIT;
    if (nc_document_display_title(w->doc, &title) != 0 || !title.data) {
        nc_buf_free(&title);
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
        return;
    }
    add_bookmark(w, title.data, 1);
    nc_pdf_block_style bs = {
        .size = w->size * 2.1f, .leading = w->size * 2.1f * 1.12f, .align = NC_PDF_LEFT,
        .keep_with_next = 1};
    span_list sl = {0};
    const char *kicker = w->doc->meta.kicker;
    if (kicker && *kicker) /* lighter than the headline it opens */
        push_span(&sl, kicker, strlen(kicker), NC_PDF_SANS, NULL);
    push_span(&sl, title.data, title.len, NC_PDF_SANS_BOLD, NULL);
    tag(w, "H1");
    layout_spans(w, &sl, &bs, 1);
    /* The rule under the headline (draw.c) wants air on both sides. */
    w->space_after_rule = w->size;
    const char *sub = w->doc->meta.subtitle;
    if (sub && *sub) {
        nc_pdf_block_style ss = {.size = w->size * 1.3f, .leading = w->size * 1.3f * 1.25f,
                                 .align = NC_PDF_LEFT, .keep_with_next = 1,
                                 .space_before = w->size * 0.4f};
        push_span(&sl, sub, strlen(sub), NC_PDF_SERIF_ITALIC, NULL);
        tag(w, "Subtitle");
        layout_spans(w, &sl, &ss, 0);
    }
    nc_buf_free(&title);
    w->after_head = 1;
}

static void set_info(nc_pdfw *w, HPDF_InfoType type, const char *value)
{
    const nc_hpdf_api *hp = nc_hpdf();
    if (!value || !*value)
        return;
    char *v = cut_utf8(value, INFO_MAX);
    if (!v || hp->HPDF_SetInfoAttr(w->pdf, type, v) != HPDF_OK)
        nc_pdfw_set_status(w, v ? NC_ERR_WRITER : NC_ERR_NOMEM, "cannot set the document information");
    free(v);
}

static void set_info_list(nc_pdfw *w, HPDF_InfoType type, char **items, size_t n)
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
        nc_pdfw_set_status(w, NC_ERR_NOMEM, "out of memory");
    else
        set_info(w, type, nc_buf_cstr(&b));
    nc_buf_free(&b);
}

static void document_data(nc_pdfw *w)
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
        nc_pdfw_set_status(w, NC_ERR_WRITER, "cannot set the document dates");
}

static nc_status copy_out(nc_pdfw *w, nc_sink *sink, nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_pdf_save t;
    if (nc_pdf_save_to(w->pdf, &t, sink) != 0)
        return nc_error_set(err, NC_ERR_NOMEM, "pdf writer: out of memory");
    HPDF_STATUS s = hp->HPDF_SaveToStream(w->pdf);
    /* A failed write may leave libharu's error unset: the sink's says. */
    if (t.rc != NC_OK)
        return nc_error_set(err, t.rc, "pdf writer: cannot write the document");
    if (s != HPDF_OK)
        return nc_pdfw_failed(w, err, "saving");
    return NC_OK;
}

static const char *const papers[] = {"a4", "letter", NULL};
/* pdf-standard's choices, and the standards (tag.h) each claims. */
static const char *const standard_names[] = {"ua-1,a-2a", "a-2a,ua-1", "ua-1", "a-2a", "none",
                                             NULL};
static const int standards[] = {NC_PDF_UA1 | NC_PDF_A2A, NC_PDF_UA1 | NC_PDF_A2A, NC_PDF_UA1,
                                NC_PDF_A2A, 0};
static const nc_option_spec pdf_options[] = {
    {.key = "paper", .kind = NC_OPTION_CHOICE, .choices = papers, .default_value = "a4",
     .help = "the paper size", .alias = "paper"},
    {.key = "font-size", .kind = NC_OPTION_NUMBER, .min = 6, .max = 18, .default_value = "11",
     .help = "the body text's size in points"},
    /* Page contents are most of zlib's work on a long article (the fonts
     * and the rest are libharu's, at its default 6); on a typical article
     * the embedded fonts dwarf the pages. The 1 MB article's contents, as
     * literal strings, by level (callgrind, whole process, and the file):
     * 1: 2.095 G instructions, 2.04 MB; 2: 2.102 G, 1.98 MB; 3: 2.122 G,
     * 1.93 MB; 4: 2.227 G, 1.86 MB; 6: 2.463 G, 1.79 MB. Level 3 is zlib's
     * last fast one (lazy matching starts at 4): 5% of the instructions
     * for 4% of the file, against 1% more instructions for the next 5%
     * below it. The seed: 46.3 KB at 3, 46.2 KB at 4. */
    {.key = "compression-level", .kind = NC_OPTION_INT, .min = 0, .max = 9,
     .default_value = "3", .help = "deflate level of the page contents: 0 stores, 9 packs tightest"},
    {.key = "pdf-standard", .kind = NC_OPTION_CHOICE, .choices = standard_names,
     .default_value = "ua-1,a-2a", .help = "the standards the PDF claims (tagged), or none"},
    NC_IMAGE_OPTION,
    {.key = NULL},
};

/* The options were checked by nc_write against the table above. */
static void read_options(nc_pdfw *w)
{
    if (nc_writer_option_number(&nc_writer_pdf, w->opts, "paper") == 1) {
        w->page_w = 612;
        w->page_h = 792;
    } else {
        w->page_w = 595.276f;
        w->page_h = 841.89f;
    }
    w->size = (float)nc_writer_option_number(&nc_writer_pdf, w->opts, "font-size");
    w->zlevel = (int)nc_writer_option_number(&nc_writer_pdf, w->opts, "compression-level");
    w->standards = standards[(int)nc_writer_option_number(&nc_writer_pdf, w->opts, "pdf-standard")];
    /* A measure of about 70 characters, wide white margins, room for the footer. */
    w->margin_side = (w->page_w - w->size * 36.0f) / 2;
    if (w->margin_side < 36)
        w->margin_side = 36;
    w->margin_top = 60;
    w->margin_bottom = 64;
}

/* Past this, a document's words keep most of the hyphenation patterns:
 * the layout is given no text and takes the whole dictionary. */
enum { HYPHEN_TEXT_MAX = 32 * 1024 };

/* Freed heap worth giving back once the layout is done (heap.h). */
enum { LAYOUT_GIVE_BACK_MIN = 2 << 20 };

/* The text whose words the layout may hyphenate (hyphen_cut.h): the title,
 * the subtitle and the body's text, a line break at each block's edges (the
 * texts inside one block run on, as the layout sets them: "un" and an
 * emphasised "likely" make one word), into out; 1 when it is longer than
 * HYPHEN_TEXT_MAX (out is then cleared), -1 when out of memory. */
static int hyphenation_text(const nc_document *doc, nc_buf *out)
{
    if (doc->meta.kicker)
        nc_buf_puts(out, doc->meta.kicker);
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

static void writer_free(nc_pdfw *w)
{
    nc_pdf_layout_free(&w->L);
    nc_pdf_fonts_free(w->fonts);
    nc_pdf_tag_free(w);
    if (w->pdf)
        nc_hpdf()->HPDF_Free(w->pdf);
    for (size_t i = 0; i < w->n_marks; i++)
        free(w->marks[i].title);
    free(w->marks);
    free(w->pages);
    nc_buf_free(&w->content);
    free(w);
}

static nc_status write_pdf(const nc_document *doc, const nc_writer_options *opts, nc_sink *sink,
                           nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_pdfw *w = calloc(1, sizeof *w);
    if (!w)
        return nc_error_set(err, NC_ERR_NOMEM, "pdf writer: out of memory");
    w->doc = doc;
    w->opts = opts;
    w->head_block = -1;
    read_options(w);
    nc_status rc = nc_hpdf_load(err);
    if (rc != NC_OK || (rc = nc_pdf_layout_load(err)) != NC_OK ||
        (rc = nc_pdf_face_load(err)) != NC_OK)
        goto out;
    w->pdf = hp->HPDF_NewEx(on_hpdf_error, NULL, NULL, 0, w);
    if (!w->pdf) {
        rc = nc_error_set(err, NC_ERR_NOMEM, "pdf writer: out of memory");
        goto out;
    }
    /* Past 32,767 pages one page tree node overflows: spread the pages
     * over intermediate nodes from the first page on. */
    if (hp->HPDF_SetPagesConfiguration(w->pdf, 4096) != HPDF_OK ||
        hp->HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL) != HPDF_OK ||
        hp->HPDF_UseUTFEncodings(w->pdf) != HPDF_OK ||
        hp->HPDF_SetCurrentEncoder(w->pdf, "UTF-8") != HPDF_OK) {
        rc = nc_pdfw_failed(w, err, "setting up");
        goto out;
    }
    w->fonts = nc_pdf_tag_new(w, w->standards, doc->meta.lang) == 0 ? nc_pdf_fonts_new(w->pdf) : NULL;
    if (!w->fonts) {
        rc = nc_error_set(err, NC_ERR_NOMEM, "pdf writer: out of memory");
        goto out;
    }
    if (doc->meta.image && *doc->meta.image && (rc = nc_pdf_photo_load(w, doc->meta.image, err)) != NC_OK)
        goto out;
    nc_buf words = NC_BUF_INIT;
    int hw = hyphenation_text(doc, &words);
    rc = hw < 0 ? NC_ERR_NOMEM
                : nc_pdf_layout_init(&w->L, w->fonts, w->page_w - 2 * w->margin_side, doc->meta.lang,
                                     hw == 0 ? words.data : NULL, words.len);
    nc_buf_free(&words);
    if (rc != NC_OK) {
        rc = nc_error_set(err, rc, "pdf writer: out of memory");
        goto out;
    }
    layout_head(w);
    int has_caption = 0;
    for (const nc_node *b = doc->body->first_child; b; b = b->next)
        has_caption |= b->type == NC_NODE_CAPTION;
    if (!has_caption && place_image(w))
        nc_pdf_tag_close(w);
    layout_blocks(w, doc->body->first_child, 0, 0);
    if (w->status == NC_OK && w->L.status != NC_OK)
        nc_pdfw_set_status(w, w->L.status, w->L.why);
    if (w->draw_failed) {
        rc = nc_pdfw_failed(w, err, w->draw_failed);
        goto out;
    }
    if (w->status != NC_OK || w->hpdf_error) {
        rc = nc_pdfw_failed(w, err, "measuring text");
        goto out;
    }
    for (size_t i = 0; i < w->L.n_missing; i++)
        nc_warn(opts->diag, opts->diag_userdata, NC_WARN_MISSING_GLYPH, 0,
                       "no font has U+%04lX; a stand-in was drawn", w->L.missing[i]);
    nc_pdf_draw_ready(w, 1);
    if (w->draw_failed || w->status != NC_OK) {
        rc = nc_pdfw_failed(w, err, w->draw_failed ? w->draw_failed : "drawing");
        goto out;
    }
    if ((rc = nc_pdf_draw_footers(w, err)) != NC_OK)
        goto out;
    /* Laid out and drawn: the shaper's word table, the lines and their
     * glyphs (3 MB of heap for a 1 MB article) make room for the font
     * subsets and the save, which need less and bring the libraries'
     * pages (HarfBuzz's subsetter: 1.1 MB): given back, not kept for them,
     * the 1 MB article's peak RSS is 0.6 MB lower. A short article frees
     * too little to be worth the page faults. */
    nc_pdf_layout_free(&w->L);
    nc_heap_give_back(LAYOUT_GIVE_BACK_MIN);
    if (nc_pdf_fonts_finish(w->fonts) != 0) {
        rc = nc_pdfw_failed(w, err, "writing the fonts");
        goto out;
    }
    document_data(w);
    if (w->status != NC_OK || w->hpdf_error) {
        rc = nc_pdfw_failed(w, err, "setting the document data");
        goto out;
    }
    if (nc_pdf_tag_finish(w) != 0) {
        rc = nc_pdfw_failed(w, err, "tagging");
        goto out;
    }
    rc = copy_out(w, sink, err);
out:
    writer_free(w);
    return rc;
}

const nc_writer nc_writer_pdf = {
    .struct_size = sizeof(nc_writer),
    .name = "pdf",
    .aliases = NULL,
    .extension = "pdf",
    .binary = 1,
    .description = "PDF/UA-1 and PDF/A-2a, typeset with embedded fonts, justified and hyphenated",
    .option_specs = pdf_options,
    .write = write_pdf,
};


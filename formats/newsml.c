/* newsml.c: an IPTC NewsML-G2 2.34 newsItem, valid against the NewsML-G2
 * 2.34 XML Schema, with the article in inlineXML as NITF 3.6, valid against
 * the NITF 3.6 schema on its own (tests/iptc/ checks both with xmllint).
 *
 * NITF rather than XHTML because it is IPTC's own text format, made to
 * travel inside NewsML-G2, with elements for what a news article holds and
 * XHTML has not: headline and subheadline (hedline/hl1/hl2), byline,
 * dateline with its location, media with caption, the closing credit
 * (tagline), a quote's credit; and because it has a schema to hold the body
 * to (inlineXML itself accepts anything).
 *
 * NITF puts a byline or a dateline only at the start of a <block>, so the
 * body is a run of blocks and a new one opens where a byline or a dateline
 * comes after other content. */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "formats.h"
#include "iptc.h"
#include "writer.h"
#include "xhtml.h"

#define G2_NS "http://iptc.org/std/nar/2006-10-01/"
#define NITF_NS "http://iptc.org/std/NITF/2006-10-18/"
/* The IPTC catalog the qcodes (ninat:, stat:, drol:) resolve in; the one
 * the NewsML-G2 2.34 release's own example item uses. */
#define G2_CATALOG "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"

/* What the open <block> of a flow holds, in the order NITF allows. */
enum { HOLDS_NOTHING, HOLDS_BYLINE, HOLDS_DATELINE, HOLDS_CONTENT };

/* A place that holds blocks (body.content, bq), or only block content
 * (li, td: no byline or dateline elements there). */
typedef struct flow {
    int blocks;   /* 1: may open <block>s */
    int open;     /* a <block> is open */
    int holds;    /* HOLDS_*: what the open block holds */
    size_t count; /* blocks opened so far */
} flow;

typedef struct g2 {
    nc_xml *x;
    const nc_document *doc;
    const nc_node *photo_caption; /* the caption the photo goes with */
    const nc_node *tail;          /* the credits that close the body */
    size_t parts;                 /* lines of the tagline, or credit lines */
    nc_buf scratch;
} g2;

static void nl(g2 *g) { nc_xml_raw(g->x, "\n"); }

static void element(g2 *g, const char *name, const char *text)
{
    nc_xml_element(g->x, name, text);
    nl(g);
}

/* An empty element with one attribute. */
static void empty(g2 *g, const char *name, const char *attr, const char *value)
{
    nc_xml_void(g->x, name, attr, value, NULL);
    nl(g);
}

/* ------------------------------------------------------------ NITF body */

/* Makes the flow ready for `what`: a byline or dateline needs a block that
 * holds nothing that must come after it; content goes in any block. */
static void flow_need(g2 *g, flow *f, int what)
{
    if (!f->blocks)
        return;
    if (f->open && what != HOLDS_CONTENT && f->holds >= what) {
        nc_xml_end(g->x);
        nl(g);
        f->open = 0;
    }
    if (!f->open) {
        nc_xml_start(g->x, "block");
        nl(g);
        f->open = 1;
        f->holds = HOLDS_NOTHING;
        f->count++;
    }
    f->holds = what;
}

static void flow_close(g2 *g, flow *f)
{
    if (f->open) {
        nc_xml_end(g->x);
        nl(g);
        f->open = 0;
    }
}

static void inlines(g2 *g, const nc_node *first)
{
    for (const nc_node *c = first; c; c = c->next) {
        switch (c->type) {
        case NC_NODE_TEXT:
            nc_xml_puts(g->x, c->literal);
            break;
        case NC_NODE_EMPHASIS:
            nc_xml_start(g->x, "em");
            inlines(g, c->first_child);
            nc_xml_end(g->x);
            break;
        case NC_NODE_DATELINE:
        case NC_NODE_KICKER:
            inlines(g, c->first_child);
            break;
        case NC_NODE_LINK:
            nc_xml_start(g->x, "a");
            nc_buf_clear(&g->scratch);
            nc_escape_url(&g->scratch, c->literal ? c->literal : "");
            nc_xml_attr(g->x, "href", nc_buf_cstr(&g->scratch) ? g->scratch.data : "");
            inlines(g, c->first_child);
            nc_xml_end(g->x);
            break;
        default:
            break;
        }
    }
}

/* A leaf block as an element holding its inlines; `cls` the NITF class
 * attribute for a part NITF has no element of its own for. */
static void leaf(g2 *g, const char *name, const char *cls, const nc_node *b)
{
    nc_xml_start(g->x, name);
    nc_xml_attr(g->x, "class", cls);
    inlines(g, b->first_child);
    nc_xml_end(g->x);
    nl(g);
}

/* The dateline as NITF's own element, the place it names marked as a
 * location, then the rest of the paragraph. */
static void dateline_paragraph(g2 *g, flow *f, const nc_node *p)
{
    const nc_node *dl = nc_node_dateline(p);
    if (!f->blocks) {
        /* No block here to hold one. */
        flow_need(g, f, HOLDS_CONTENT);
        leaf(g, "p", "dateline", p);
        return;
    }
    const nc_node *kicker = nc_node_kicker(p);
    if (kicker) {
        /* The kicker comes first in the text; a block holds its dateline
         * first, so the dateline opens the next block. */
        flow_need(g, f, HOLDS_CONTENT);
        nc_xml_start(g->x, "p");
        nc_xml_attr(g->x, "class", "kicker");
        inlines(g, kicker->first_child);
        nc_xml_end(g->x);
        nl(g);
    }
    flow_need(g, f, HOLDS_DATELINE);
    nc_buf_clear(&g->scratch);
    nc_node_plain_text(dl, &g->scratch);
    const char *d = nc_buf_cstr(&g->scratch) ? g->scratch.data : "";
    size_t at, dn = strlen(d), place = nc_iptc_located(d, &at);
    nc_xml_start(g->x, "dateline");
    nc_xml_text(g->x, d, at);
    if (place) {
        nc_xml_start(g->x, "location");
        nc_xml_text(g->x, d + at, place);
        nc_xml_end(g->x);
    }
    nc_xml_text(g->x, d + at + place, dn - at - place);
    nc_xml_end(g->x);
    nl(g);
    const nc_node *first = dl->next;
    const char *rest = first && first->type == NC_NODE_TEXT ? first->literal : "";
    rest += strspn(rest, " ");
    if (first && first->type == NC_NODE_TEXT)
        first = first->next;
    if (*rest || first) {
        f->holds = HOLDS_CONTENT;
        nc_xml_start(g->x, "p");
        nc_xml_puts(g->x, rest);
        inlines(g, first);
        nc_xml_end(g->x);
        nl(g);
    }
}

/* A caption is the caption of a media object; NITF's media needs a
 * reference, which is the photo when there is one, else an empty one. */
static void media(g2 *g, const nc_node *caption, const char *image)
{
    nc_xml_start(g->x, "media");
    nc_xml_attr(g->x, "media-type", "image");
    nl(g);
    nc_xml_start(g->x, "media-reference");
    if (image) {
        nc_buf_clear(&g->scratch);
        nc_escape_url(&g->scratch, image);
        nc_xml_attr(g->x, "source", nc_buf_cstr(&g->scratch) ? g->scratch.data : "");
        nc_xml_attr(g->x, "mime-type", nc_iptc_image_type(image));
        nc_xml_attr(g->x, "alternate-text", g->doc->meta.image_alt);
    }
    nc_xml_end(g->x);
    nl(g);
    if (caption)
        leaf(g, "media-caption", NULL, caption);
    nc_xml_end(g->x);
    nl(g);
}

static void blocks(g2 *g, flow *f, const nc_node *first, const nc_node *stop);

/* A table as NITF's (HTML's) table: rows of th (header rows) or td. */
static void table(g2 *g, const nc_node *t)
{
    nc_xml_start(g->x, "table");
    nl(g);
    for (const nc_node *r = t->first_child; r; r = r->next) {
        nc_xml_start(g->x, "tr");
        for (const nc_node *c = r->first_child; c; c = c->next) {
            nc_xml_start(g->x, r->header ? "th" : "td");
            if (c->align == NC_ALIGN_RIGHT)
                nc_xml_attr(g->x, "align", "right");
            inlines(g, c->first_child);
            nc_xml_end(g->x);
        }
        nc_xml_end(g->x);
        nl(g);
    }
    nc_xml_end(g->x);
    nl(g);
}

static void list(g2 *g, const nc_node *l)
{
    nc_xml_start(g->x, l->ordered ? "ol" : "ul");
    if (l->ordered && l->start != 1) {
        char n[24];
        snprintf(n, sizeof n, "%d", l->start);
        nc_xml_attr(g->x, "seqnum", n);
    }
    nl(g);
    for (const nc_node *item = l->first_child; item; item = item->next) {
        nc_xml_start(g->x, "li");
        if (nc_node_is_leaf_block(item)) {
            inlines(g, item->first_child);
        } else {
            flow inner = {.blocks = 0};
            nl(g);
            blocks(g, &inner, item->first_child, NULL);
        }
        nc_xml_end(g->x);
        nl(g);
    }
    nc_xml_end(g->x);
    nl(g);
}

/* A quote: NITF's bq holds blocks, each run of them followed by a credit
 * when a credit block ends it. */
static void quote(g2 *g, const nc_node *q)
{
    flow inner = {.blocks = 1};
    nc_xml_start(g->x, "bq");
    nl(g);
    for (const nc_node *b = q->first_child; b; b = b->next) {
        if (b->type != NC_NODE_CREDIT) {
            blocks(g, &inner, b, b->next);
            continue;
        }
        flow_close(g, &inner);
        if (!inner.count) {
            nc_xml_start(g->x, "block");
            nc_xml_end(g->x);
            nl(g);
        }
        leaf(g, "credit", NULL, b);
        inner.count = 0;
    }
    flow_close(g, &inner);
    nc_xml_end(g->x);
    nl(g);
}

static void block(g2 *g, flow *f, const nc_node *b)
{
    if (b->type == NC_NODE_BYLINE && f->blocks) {
        flow_need(g, f, HOLDS_BYLINE);
        leaf(g, "byline", NULL, b);
        return;
    }
    if (b->type == NC_NODE_PARAGRAPH && nc_node_dateline(b)) {
        dateline_paragraph(g, f, b);
        return;
    }
    flow_need(g, f, HOLDS_CONTENT);
    switch (b->type) {
    case NC_NODE_PARAGRAPH: leaf(g, "p", NULL, b); break;
    case NC_NODE_BYLINE: leaf(g, "p", "byline", b); break;
    case NC_NODE_CREDIT: leaf(g, "p", "credit", b); break;
    case NC_NODE_HEADING: {
        char cls[8];
        snprintf(cls, sizeof cls, "h%d", b->level);
        leaf(g, "hl2", b->level > 2 ? cls : NULL, b);
        break;
    }
    case NC_NODE_CAPTION:
        media(g, b, b == g->photo_caption ? g->doc->meta.image : NULL);
        break;
    case NC_NODE_BREAK:
        empty(g, "hr", "class", "break");
        break;
    case NC_NODE_QUOTE: quote(g, b); break;
    case NC_NODE_LIST: list(g, b); break;
    case NC_NODE_TABLE: table(g, b); break;
    default: break;
    }
}

static void blocks(g2 *g, flow *f, const nc_node *first, const nc_node *stop)
{
    for (const nc_node *b = first; b && b != stop && g->x->status == NC_OK; b = b->next)
        block(g, f, b);
}

static void tagline_part(void *ctx, const char *text)
{
    g2 *g = ctx;
    if (g->parts++)
        nc_xml_void(g->x, "br", NULL);
    nc_xml_puts(g->x, text);
}

static void body_head(g2 *g, const char *title)
{
    const nc_meta *m = &g->doc->meta;
    nc_xml_start(g->x, "body.head");
    nl(g);
    nc_xml_start(g->x, "hedline");
    nc_xml_start(g->x, "hl1");
    if (m->kicker && *m->kicker) { /* NITF has no kicker: a classed em */
        nc_xml_start(g->x, "em");
        nc_xml_attr(g->x, "class", "kicker");
        nc_xml_puts(g->x, m->kicker);
        nc_xml_end(g->x);
    }
    nc_xml_puts(g->x, title);
    nc_xml_end(g->x);
    if (m->subtitle && *m->subtitle)
        nc_xml_element(g->x, "hl2", m->subtitle);
    nc_xml_end(g->x);
    nl(g);
    /* Authors given only as metadata; a byline of the text stays where
     * it stands. */
    int byline = 0;
    for (const nc_node *b = g->doc->body->first_child; b; b = b->next)
        byline |= b->type == NC_NODE_BYLINE;
    if (m->n_authors && !byline) {
        nc_xml_start(g->x, "byline");
        for (size_t i = 0; i < m->n_authors; i++) {
            if (i)
                nc_xml_puts(g->x, i + 1 == m->n_authors ? (i > 1 ? ", and " : " and ") : ", ");
            nc_xml_element(g->x, "person", m->authors[i]);
        }
        nc_xml_end(g->x);
        nl(g);
    }
    /* The date as the article gives it (a date the reader could not read
     * has no other place in the item), normalised when it is one. */
    if (m->date && *m->date) {
        nc_xml_start(g->x, "dateline");
        nc_xml_start(g->x, "story.date");
        if (m->date_iso) {
            char norm[32];
            snprintf(norm, sizeof norm, "%.4s%.2s%.2sT000000Z", m->date, m->date + 5, m->date + 8);
            nc_xml_attr(g->x, "norm", norm);
        }
        nc_xml_puts(g->x, m->date);
        nc_xml_end(g->x);
        nc_xml_end(g->x);
        nl(g);
    }
    if (m->description && *m->description) {
        nc_xml_start(g->x, "abstract");
        element(g, "p", m->description);
        nc_xml_end(g->x);
        nl(g);
    }
    nc_xml_end(g->x);
    nl(g);
}

static void nitf(g2 *g, const char *title, const char *uri)
{
    const nc_document *doc = g->doc;
    nc_xml_start(g->x, "nitf");
    nc_xml_attr(g->x, "xmlns", NITF_NS);
    nc_xml_attr(g->x, "version", "-//IPTC//DTD NITF 3.6//EN");
    nl(g);
    nc_xml_start(g->x, "head");
    nl(g);
    element(g, "title", title);
    nc_xml_start(g->x, "docdata");
    nl(g);
    empty(g, "doc-id", "id-string", uri);
    nc_xml_end(g->x);
    nl(g);
    nc_xml_end(g->x);
    nl(g);
    nc_xml_start(g->x, "body");
    nl(g);
    body_head(g, title);
    nc_xml_start(g->x, "body.content");
    nl(g);
    flow f = {.blocks = 1};
    if (doc->meta.image && !g->photo_caption) {
        flow_need(g, &f, HOLDS_CONTENT);
        media(g, NULL, doc->meta.image);
    }
    blocks(g, &f, doc->body->first_child, g->tail);
    flow_close(g, &f);
    nc_xml_end(g->x);
    nl(g);
    /* The credits that close the article are its tagline, one line each. */
    if (g->tail || (doc->meta.credit && *doc->meta.credit)) {
        nc_xml_start(g->x, "body.end");
        nc_xml_start(g->x, "tagline");
        g->parts = 0;
        for (const nc_node *b = g->tail; b; b = b->next) {
            if (g->parts++)
                nc_xml_void(g->x, "br", NULL);
            inlines(g, b->first_child);
        }
        if (!g->tail)
            tagline_part(g, doc->meta.credit);
        nc_xml_end(g->x);
        nc_xml_end(g->x);
        nl(g);
    }
    nc_xml_end(g->x); /* body */
    nl(g);
    nc_xml_end(g->x); /* nitf */
    nl(g);
}

/* ------------------------------------------------------ NewsML-G2 item */

static void rights(g2 *g, const char *text)
{
    if (!nc_iptc_is_copyright(text))
        return;
    nc_xml_start(g->x, "rightsInfo");
    nc_xml_element(g->x, "copyrightNotice", text);
    nc_xml_end(g->x);
    nl(g);
}

/* Copyright lines are the item's rightsInfo, the others its creditlines. */
static void creditline(void *ctx, const char *text)
{
    if (!nc_iptc_is_copyright(text))
        element(ctx, "creditline", text);
}

static void item_meta(g2 *g, const nc_writer_options *opts)
{
    const nc_meta *m = &g->doc->meta;
    char when[32];
    nc_format_utc(nc_writer_time(g->doc, opts), when);
    nc_xml_start(g->x, "itemMeta");
    nl(g);
    empty(g, "itemClass", "qcode", "ninat:text");
    /* Who supplies the item: the publisher, else the source, else us. */
    const char *provider = m->publisher ? m->publisher : m->source ? m->source : "newsconv";
    nc_xml_start(g->x, "provider");
    nc_xml_attr(g->x, "literal", provider);
    nc_xml_element(g->x, "name", provider);
    nc_xml_end(g->x);
    nl(g);
    element(g, "versionCreated", when);
    empty(g, "pubStatus", "qcode", "stat:usable");
    nc_xml_end(g->x);
    nl(g);
}

/* Where it was filed, who wrote it, where it came from. */
static void administrative(g2 *g)
{
    const nc_meta *m = &g->doc->meta;
    if (m->date_iso && m->date)
        element(g, "contentCreated", m->date);
    nc_buf_clear(&g->scratch);
    size_t at = 0;
    size_t place = nc_iptc_dateline(g->doc, &g->scratch) && nc_buf_cstr(&g->scratch)
                       ? nc_iptc_located(g->scratch.data, &at)
                       : 0;
    if (place) {
        nc_xml_start(g->x, "located");
        nc_xml_start(g->x, "name");
        nc_xml_text(g->x, g->scratch.data + at, place);
        nc_xml_end(g->x);
        nc_xml_end(g->x);
        nl(g);
    }
    if (m->source) {
        nc_xml_start(g->x, "infoSource");
        nc_xml_attr(g->x, nc_iptc_is_uri(m->source) ? "uri" : "literal", m->source);
        nc_xml_element(g->x, "name", m->source);
        nc_xml_end(g->x);
        nl(g);
    }
    for (size_t i = 0; i < m->n_authors; i++) {
        nc_xml_start(g->x, "creator");
        nc_xml_element(g->x, "name", m->authors[i]);
        nc_xml_end(g->x);
        nl(g);
    }
}

static void content_meta(g2 *g, const char *title)
{
    const nc_meta *m = &g->doc->meta;
    nc_xml_start(g->x, "contentMeta");
    nl(g);
    administrative(g);
    empty(g, "language", "tag", nc_xhtml_lang(g->doc));
    if (m->subject) {
        nc_xml_start(g->x, "subject");
        nc_xml_attr(g->x, "literal", m->subject);
        nc_xml_element(g->x, "name", m->subject);
        nc_xml_end(g->x);
        nl(g);
    }
    for (size_t i = 0; i < m->n_keywords; i++)
        element(g, "keyword", m->keywords[i]);
    element(g, "headline", title);
    nc_buf_clear(&g->scratch);
    if (nc_iptc_dateline(g->doc, &g->scratch) && nc_buf_cstr(&g->scratch))
        element(g, "dateline", g->scratch.data);
    nc_buf_clear(&g->scratch);
    nc_iptc_by(g->doc, &g->scratch);
    if (g->scratch.len)
        element(g, "by", nc_buf_cstr(&g->scratch));
    if (nc_document_credits(g->doc, creditline, g) < 0)
        nc_xml_fail(g->x, NC_ERR_NOMEM);
    if (m->description && *m->description) {
        nc_xml_start(g->x, "description");
        nc_xml_attr(g->x, "role", "drol:summary");
        nc_xml_puts(g->x, m->description);
        nc_xml_end(g->x);
        nl(g);
    }
    nc_xml_end(g->x);
    nl(g);
}

static void rights_of(void *ctx, const char *text) { rights(ctx, text); }

static void news_item(g2 *g, const nc_writer_options *opts, const char *title, const char *uri)
{
    nc_xml_start(g->x, "newsItem");
    nc_xml_attr(g->x, "xmlns", G2_NS);
    nc_xml_attr(g->x, "guid", uri);
    nc_xml_attr(g->x, "version", "1");
    nc_xml_attr(g->x, "standard", "NewsML-G2");
    nc_xml_attr(g->x, "standardversion", "2.34");
    nc_xml_attr(g->x, "conformance", "power");
    nc_xml_attr(g->x, "xml:lang", nc_xhtml_lang(g->doc));
    nl(g);
    empty(g, "catalogRef", "href", G2_CATALOG);
    if (nc_document_credits(g->doc, rights_of, g) < 0)
        nc_xml_fail(g->x, NC_ERR_NOMEM);
    item_meta(g, opts);
    content_meta(g, title);
    nc_xml_start(g->x, "contentSet");
    nl(g);
    nc_xml_start(g->x, "inlineXML");
    nc_xml_attr(g->x, "contenttype", "application/nitf+xml");
    nl(g);
    nitf(g, title, uri);
    nc_xml_end(g->x); /* inlineXML */
    nl(g);
    nc_xml_end(g->x); /* contentSet */
    nl(g);
    nc_xml_end(g->x); /* newsItem */
    nl(g);
}

static nc_status write_newsml(const nc_document *doc, const nc_writer_options *opts,
                              nc_sink *sink, nc_error *err)
{
    (void)err;
    nc_buf uri = NC_BUF_INIT, title = NC_BUF_INIT;
    nc_xml x;
    g2 g = {.x = &x, .doc = doc, .photo_caption = nc_iptc_photo_caption(doc)};
    for (const nc_node *b = doc->body->last_child; b && b->type == NC_NODE_CREDIT; b = b->prev)
        g.tail = b;
    nc_iptc_uri(doc, &uri);
    nc_status rc = NC_ERR_NOMEM;
    if (nc_document_display_title(doc, &title) == 0 && nc_buf_cstr(&uri) && nc_buf_cstr(&title)) {
        if (nc_xml_open(&x, NULL, sink, NC_XML_DECLARATION) == NC_OK)
            news_item(&g, opts, title.data, uri.data);
        rc = nc_xml_close(&x);
        if (rc == NC_OK && g.scratch.failed)
            rc = NC_ERR_NOMEM;
    }
    nc_buf_free(&g.scratch);
    nc_buf_free(&uri);
    nc_buf_free(&title);
    return rc;
}

static const char *const aliases[] = {"newsml-g2", "g2", NULL};

const nc_writer nc_writer_newsml = {
    .struct_size = sizeof(nc_writer),
    .name = "newsml",
    .aliases = aliases,
    .extension = "newsml.xml",
    .binary = 0,
    .description = "IPTC NewsML-G2 2.34 newsItem with an NITF 3.6 body, valid against both schemas",
    .write = write_newsml,
};

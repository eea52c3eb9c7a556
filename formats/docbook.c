/* docbook.c: DocBook 5.0, valid against the DocBook 5.0 RELAX NG schema for
 * any document the model can hold (tests/docbook/ checks it with xmllint).
 *
 * The XML layer (xml.h) does the syntax and writes straight into the sink,
 * so memory stays flat however long the article.
 * Newlines are written by hand, and only between block elements: libxml2's
 * own indentation would put white space inside mixed content. */
#include <string.h>

#include "formats.h"
#include "writer.h"
#include "xml.h"

#define DB_NS "http://docbook.org/ns/docbook"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* HEADING levels 2..6 open sections; a deeper stack is never needed. */
#define MAX_SECTIONS 5

typedef struct dbk {
    nc_xml x;
    const nc_document *doc;
    const nc_node *photo_caption; /* the caption that shows meta.image */
} dbk;

/* Character data: the reader hands over clean UTF-8, but documents built
 * by library callers may hold anything, which the XML layer cleans. */
static void text_n(dbk *d, const char *s, size_t n) { nc_xml_text(&d->x, s, n); }

static void text(dbk *d, const char *s)
{
    if (s)
        text_n(d, s, strlen(s));
}

static void attr(dbk *d, const char *name, const char *value) { nc_xml_attr(&d->x, name, value); }

static void start(dbk *d, const char *name) { nc_xml_start(&d->x, name); }

static void end(dbk *d) { nc_xml_end(&d->x); }

/* Between block elements, where white space means nothing. */
static void newline(dbk *d) { nc_xml_raw(&d->x, "\n"); }

static void end_block(dbk *d)
{
    end(d);
    newline(d);
}

/* An element that holds elements only, its children on lines of their own. */
static void start_block(dbk *d, const char *name)
{
    start(d, name);
    newline(d);
}

/* An element holding only text, on a line of its own. */
static void text_element(dbk *d, const char *name, const char *value)
{
    start(d, name);
    text(d, value);
    end_block(d);
}

/* An empty paragraph: DocBook has no empty article, section, quote or list
 * item, and this is the least it accepts. */
static void empty_para(dbk *d, const char *role)
{
    start(d, "para");
    if (role)
        attr(d, "role", role);
    end_block(d);
}

static void inlines(dbk *d, const nc_node *first)
{
    for (const nc_node *c = first; c; c = c->next) {
        switch (c->type) {
        case NC_NODE_TEXT:
            text(d, c->literal);
            break;
        case NC_NODE_EMPHASIS:
            start(d, "emphasis");
            inlines(d, c->first_child);
            end(d);
            break;
        case NC_NODE_DATELINE:
        case NC_NODE_KICKER:
            start(d, "phrase");
            attr(d, "role", c->type == NC_NODE_DATELINE ? "dateline" : "kicker");
            inlines(d, c->first_child);
            end(d);
            break;
        case NC_NODE_LINK:
            start(d, "link");
            attr(d, "xlink:href", c->literal ? c->literal : "");
            inlines(d, c->first_child);
            end(d);
            break;
        default:
            break;
        }
    }
}

static void role_para(dbk *d, const nc_node *b, const char *role)
{
    start(d, "para");
    if (role)
        attr(d, "role", role);
    inlines(d, b->first_child);
    end_block(d);
}

static void image_object(dbk *d, const char *path)
{
    start(d, "imageobject");
    start(d, "imagedata");
    attr(d, "fileref", path);
    end(d);
    end_block(d);
}

/* A photo caption. DocBook has no caption on its own: it belongs to a media
 * object, which needs an object; the textobject (the caption's plain text,
 * for readers without the picture) is that object when there is no photo. */
static void figure(dbk *d, const nc_node *caption, const char *image)
{
    start_block(d, "informalfigure");
    start_block(d, "mediaobject");
    if (image)
        image_object(d, image);
    if (caption) {
        nc_buf plain = NC_BUF_INIT;
        nc_node_plain_text(caption, &plain);
        if (plain.failed)
            nc_xml_fail(&d->x, NC_ERR_NOMEM);
        start_block(d, "textobject");
        text_element(d, "phrase", plain.data ? plain.data : "");
        end_block(d);
        nc_buf_free(&plain);
        start_block(d, "caption");
        role_para(d, caption, NULL);
        end_block(d);
    }
    end_block(d);
    end_block(d);
}

static void blocks(dbk *d, const nc_node *first);

/* A table: a CALS informaltable, one tgroup of as many columns as its
 * widest row; a header row goes in thead. */
static void table(dbk *d, const nc_node *t)
{
    size_t cols = 1;
    for (const nc_node *r = t->first_child; r; r = r->next) {
        size_t n = 0;
        for (const nc_node *c = r->first_child; c; c = c->next)
            n++;
        cols = n > cols ? n : cols;
    }
    char n[24];
    snprintf(n, sizeof n, "%zu", cols);
    start_block(d, "informaltable");
    start(d, "tgroup");
    attr(d, "cols", n);
    newline(d);
    const nc_node *r = t->first_child;
    for (int part = 0; part < 2; part++) {
        if (part == 0 && !(r && r->header))
            continue;
        start_block(d, part == 0 ? "thead" : "tbody");
        for (; r && (part == 1 || r->header); r = r->next) {
            start(d, "row");
            for (const nc_node *c = r->first_child; c; c = c->next) {
                start(d, "entry");
                if (c->align == NC_ALIGN_RIGHT)
                    attr(d, "align", "right");
                inlines(d, c->first_child);
                end(d);
            }
            end_block(d);
        }
        end_block(d);
    }
    end_block(d);
    end_block(d);
}

static void list(dbk *d, const nc_node *l)
{
    if (!l->first_child) {
        /* A DocBook list needs an item; an empty one would invent one. */
        empty_para(d, "list");
        return;
    }
    start(d, l->ordered ? "orderedlist" : "itemizedlist");
    if (l->ordered && l->start != 1) {
        char n[24];
        snprintf(n, sizeof n, "%d", l->start);
        attr(d, "startingnumber", n);
    }
    newline(d);
    for (const nc_node *item = l->first_child; item; item = item->next) {
        start(d, "listitem");
        if (nc_node_is_leaf_block(item)) {
            role_para(d, item, NULL);
        } else {
            newline(d);
            blocks(d, item->first_child);
        }
        end_block(d);
    }
    end_block(d);
}

/* One block inside a container, or before or inside a section. A heading
 * here is never a section: sections exist only at the top (see body()). */
static void block(dbk *d, const nc_node *b)
{
    switch (b->type) {
    case NC_NODE_PARAGRAPH:
        role_para(d, b, NULL);
        break;
    case NC_NODE_TABLE:
        table(d, b);
        break;
    case NC_NODE_BYLINE:
        role_para(d, b, "byline");
        break;
    case NC_NODE_CREDIT:
        role_para(d, b, "credit");
        break;
    case NC_NODE_CAPTION:
        figure(d, b, b == d->photo_caption ? d->doc->meta.image : NULL);
        break;
    case NC_NODE_HEADING:
        start(d, "bridgehead");
        inlines(d, b->first_child);
        end_block(d);
        break;
    case NC_NODE_BREAK:
        /* DocBook 5.0 has no break element; this form validates. */
        empty_para(d, "break");
        break;
    case NC_NODE_QUOTE:
        start_block(d, "blockquote");
        blocks(d, b->first_child);
        end_block(d);
        break;
    case NC_NODE_LIST:
        list(d, b);
        break;
    default:
        break;
    }
}

/* The blocks of a container, which DocBook requires to be non-empty. */
static void blocks(dbk *d, const nc_node *first)
{
    if (!first)
        empty_para(d, NULL);
    for (const nc_node *b = first; b && d->x.status == NC_OK; b = b->next)
        block(d, b);
}

/* The body. Subheads open sections, nested by level. DocBook allows no
 * block after a section at the same depth, so every block after a subhead
 * belongs to the section it opened, up to the next subhead of the same or a
 * higher level. */
static void body(dbk *d, const nc_node *root)
{
    int level[MAX_SECTIONS];
    int filled[MAX_SECTIONS]; /* a section without content is invalid */
    int depth = 0;
    /* A photo without a caption opens the body. */
    if (!d->photo_caption && d->doc->meta.image)
        figure(d, NULL, d->doc->meta.image);
    else if (!root->first_child)
        empty_para(d, NULL);
    for (const nc_node *b = root->first_child; b && d->x.status == NC_OK; b = b->next) {
        if (b->type != NC_NODE_HEADING) {
            block(d, b);
            if (depth)
                filled[depth - 1] = 1;
            continue;
        }
        int l = b->level < 2 ? 2 : b->level > 6 ? 6 : b->level;
        while (depth > 0 && level[depth - 1] >= l) {
            if (!filled[depth - 1])
                empty_para(d, NULL);
            end_block(d);
            depth--;
        }
        if (depth)
            filled[depth - 1] = 1;
        start_block(d, "section");
        start(d, "title");
        inlines(d, b->first_child);
        end_block(d);
        level[depth] = l;
        filled[depth] = 0;
        depth++;
    }
    while (depth > 0) {
        if (!filled[depth - 1])
            empty_para(d, NULL);
        end_block(d);
        depth--;
    }
}

/* One wire credit, as DocBook's bibliographic source in the role "credit". */
static void bibliosource_credit(void *ctx, const char *credit)
{
    dbk *d = ctx;
    start(d, "bibliosource");
    attr(d, "role", "credit");
    text(d, credit);
    end_block(d);
}

static void info(dbk *d)
{
    const nc_document *doc = d->doc;
    const nc_meta *m = &doc->meta;
    start_block(d, "info");
    nc_buf title = NC_BUF_INIT;
    if (nc_document_display_title(doc, &title) < 0)
        nc_xml_fail(&d->x, NC_ERR_NOMEM);
    start(d, "title");
    if (m->kicker && *m->kicker) { /* marked as a paragraph's is */
        start(d, "phrase");
        attr(d, "role", "kicker");
        text(d, m->kicker);
        end(d);
    }
    text(d, title.data ? title.data : "");
    end_block(d);
    nc_buf_free(&title);
    if (m->subtitle)
        text_element(d, "subtitle", m->subtitle);
    for (size_t i = 0; i < m->n_authors; i++) {
        start_block(d, "author");
        text_element(d, "personname", m->authors[i]);
        end_block(d);
    }
    if (m->date)
        text_element(d, "pubdate", m->date);
    if (m->publisher) {
        start_block(d, "publisher");
        text_element(d, "publishername", m->publisher);
        end_block(d);
    }
    if (m->source)
        text_element(d, "bibliosource", m->source);
    /* The wire credit: from the metadata when given, else each credit line
     * of the body, which stays in the body as well. */
    if (nc_document_credits(doc, bibliosource_credit, d) < 0)
        nc_xml_fail(&d->x, NC_ERR_NOMEM);
    if (m->identifier)
        text_element(d, "biblioid", m->identifier);
    if (m->description) {
        start_block(d, "abstract");
        text_element(d, "para", m->description);
        end_block(d);
    }
    if (m->subject) {
        start_block(d, "subjectset");
        start_block(d, "subject");
        text_element(d, "subjectterm", m->subject);
        end_block(d);
        end_block(d);
    }
    if (m->n_keywords) {
        start_block(d, "keywordset");
        for (size_t i = 0; i < m->n_keywords; i++)
            text_element(d, "keyword", m->keywords[i]);
        end_block(d);
    }
    if (m->cover_image) {
        start_block(d, "cover");
        start_block(d, "mediaobject");
        image_object(d, m->cover_image);
        end_block(d);
        end_block(d);
    }
    end_block(d);
}

static void write_article(dbk *d)
{
    start(d, "article");
    attr(d, "xmlns", DB_NS);
    attr(d, "xmlns:xlink", XLINK_NS);
    attr(d, "version", "5.0");
    if (d->doc->meta.lang)
        attr(d, "xml:lang", d->doc->meta.lang);
    newline(d);
    info(d);
    body(d, d->doc->body);
    end(d);
}

static const nc_node *first_caption(const nc_node *root)
{
    nc_iter it;
    nc_iter_init(&it, root);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE)
        if (ev == NC_EVENT_ENTER && it.node->type == NC_NODE_CAPTION)
            return it.node;
    return NULL;
}

static nc_status write_docbook(const nc_document *doc, const nc_writer_options *opts,
                               nc_sink *sink, nc_error *err)
{
    (void)opts;
    (void)err;
    dbk d = {.doc = doc, .photo_caption = first_caption(doc->body)};
    if (nc_xml_open(&d.x, NULL, sink, NC_XML_DECLARATION | NC_XML_XML_ONLY) == NC_OK)
        write_article(&d);
    return nc_xml_close(&d.x);
}

static const char *const aliases[] = {"docbook5", "dbk", NULL};

const nc_writer nc_writer_docbook = {
    .struct_size = sizeof(nc_writer),
    .name = "docbook",
    .aliases = aliases,
    .extension = "dbk",
    .binary = 0,
    .description = "DocBook 5.0 XML (an article), valid against the DocBook 5.0 schema",
    .write = write_docbook,
};

/* docbook.c: DocBook 5.0, valid against the DocBook 5.0 RELAX NG schema for
 * any document the model can hold (tests/docbook/ checks it with xmllint).
 *
 * libxml2's xmlTextWriter does the XML syntax; its output buffer writes
 * straight into the sink, so memory stays flat however long the article.
 * Newlines are written by hand, and only between block elements: libxml2's
 * own indentation would put white space inside mixed content. */
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "escape.h"
#include "formats.h"
#include "writer.h"

#define DB_NS "http://docbook.org/ns/docbook"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* HEADING levels 2..6 open sections; a deeper stack is never needed. */
#define MAX_SECTIONS 5

typedef struct dbk {
    xmlTextWriterPtr w;
    nc_sink *sink;
    const nc_document *doc;
    const nc_node *photo_caption; /* the caption that shows meta.image */
    nc_buf clean;                 /* scratch: text made fit for XML */
    nc_status sink_status;        /* the first failed sink write */
    int failed;                   /* a libxml2 call failed */
} dbk;

static void check(dbk *d, int rc)
{
    if (rc < 0)
        d->failed = 1;
}

static int io_write(void *ctx, const char *buf, int len)
{
    dbk *d = ctx;
    if (d->sink_status != NC_OK)
        return -1;
    d->sink_status = nc_sink_write(d->sink, buf, (size_t)len);
    return d->sink_status == NC_OK ? len : -1;
}

static int io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* The reader hands over clean UTF-8, but documents built by library callers
 * may hold anything: cleaned (and, with escape, escaped) by the shared XML
 * escaper into d->clean. */
static const xmlChar *xml_text(dbk *d, const char *s, size_t n, int escape)
{
    nc_buf_clear(&d->clean);
    nc_escape_xml(&d->clean, s, n, escape ? NC_XML_MARKUP : 0);
    const char *c = nc_buf_cstr(&d->clean);
    if (!c) {
        d->failed = 1;
        return BAD_CAST "";
    }
    return BAD_CAST c;
}

/* Character data, escaped here rather than by xmlTextWriterWriteString,
 * which would also write every quotation mark as "&quot;": quotation marks
 * stay plain characters in the text. The length is known, so libxml2 need
 * not measure the text again. */
static void text_n(dbk *d, const char *s, size_t n)
{
    if (!n)
        return;
    const xmlChar *c = xml_text(d, s, n, 1);
    if (d->clean.failed || d->clean.len > INT_MAX)
        d->failed = 1; /* nothing written: the document fails as a whole */
    else
        check(d, xmlTextWriterWriteRawLen(d->w, c, (int)d->clean.len));
}

static void text(dbk *d, const char *s)
{
    if (s)
        text_n(d, s, strlen(s));
}

static void attr(dbk *d, const char *name, const char *value)
{
    check(d, xmlTextWriterWriteAttribute(d->w, BAD_CAST name,
                                         xml_text(d, value, strlen(value), 0)));
}

static void start(dbk *d, const char *name) { check(d, xmlTextWriterStartElement(d->w, BAD_CAST name)); }

static void end(dbk *d) { check(d, xmlTextWriterEndElement(d->w)); }

/* Between block elements, where white space means nothing. */
static void newline(dbk *d) { check(d, xmlTextWriterWriteRaw(d->w, BAD_CAST "\n")); }

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
            d->failed = 1;
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
    for (const nc_node *b = first; b && !d->failed; b = b->next)
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
    for (const nc_node *b = root->first_child; b && !d->failed; b = b->next) {
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

static void info(dbk *d)
{
    const nc_document *doc = d->doc;
    const nc_meta *m = &doc->meta;
    start_block(d, "info");
    nc_buf title = NC_BUF_INIT;
    if (nc_document_display_title(doc, &title) < 0)
        d->failed = 1;
    text_element(d, "title", title.data ? title.data : "");
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
    if (m->credit) {
        start(d, "bibliosource");
        attr(d, "role", "credit");
        text(d, m->credit);
        end_block(d);
    } else {
        nc_iter it;
        nc_iter_init(&it, doc->body);
        nc_event ev;
        while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
            if (ev != NC_EVENT_ENTER || it.node->type != NC_NODE_CREDIT)
                continue;
            nc_buf plain = NC_BUF_INIT;
            nc_node_plain_text(it.node, &plain);
            if (plain.failed)
                d->failed = 1;
            start(d, "bibliosource");
            attr(d, "role", "credit");
            text(d, plain.data);
            end_block(d);
            nc_buf_free(&plain);
        }
    }
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
    check(d, xmlTextWriterStartDocument(d->w, "1.0", "UTF-8", NULL));
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
    check(d, xmlTextWriterEndDocument(d->w));
    check(d, xmlTextWriterFlush(d->w));
}

static void ignore_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void ignore_structured(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* libxml2 sets itself up once per process; two threads writing their first
 * documents at once must not both do it. */
static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

static void libxml_init(void) { xmlInitParser(); }

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
    pthread_once(&libxml_once, libxml_init);
    dbk d = {.sink = sink, .doc = doc, .photo_caption = first_caption(doc->body)};

    /* libxml2 reports a failed write on stderr by default; the library never
     * prints, so this thread's handlers are silenced while we write, and put
     * back after (they are per thread, so other threads are not touched). */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, ignore_generic);
    xmlSetStructuredErrorFunc(NULL, ignore_structured);

    nc_status rc = NC_OK;
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(io_write, io_close, &d, NULL);
    if (!out) {
        rc = NC_ERR_NOMEM;
    } else if (!(d.w = xmlNewTextWriter(out))) {
        xmlOutputBufferClose(out);
        rc = NC_ERR_NOMEM;
    } else {
        write_article(&d);
        xmlFreeTextWriter(d.w); /* closes out */
        /* With the sink healthy, libxml2 fails only for want of memory. */
        rc = d.sink_status != NC_OK ? d.sink_status : d.failed ? NC_ERR_NOMEM : NC_OK;
    }
    nc_buf_free(&d.clean);

    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    return rc;
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

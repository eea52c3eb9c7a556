/* ninjs.c: IPTC ninjs 3.1 ("news in JSON"), one news item valid against
 * the ninjs 3.1 JSON Schema (tests/iptc/ checks it with python3-jsonschema).
 * The body goes out twice, as text/plain and as the XHTML article the html
 * and epub writers show (formats/xhtml.c); everything else the document
 * knows goes to the item's own properties. The README's mapping table says
 * where each part lands.
 *
 * Output streams: the text is written a top-level block at a time and the
 * XHTML through a callback sink that escapes it into the JSON string, so
 * memory stays flat however long the article. */
#include <string.h>

#include "escape.h"
#include "formats.h"
#include "iptc.h"
#include "writer.h"
#include "xhtml.h"

#define NINJS_SCHEMA "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"
#define FLUSH_AT (64 * 1024)

typedef struct nj {
    nc_buf out;
    nc_sink *sink;
    nc_status status;    /* the first failure */
    const nc_document *doc;
    size_t items;        /* items of the array being written */
    nc_buf scratch;      /* a credit's text, a block's plain text */
    nc_buf prefix;       /* plain text: quote marks and list indents */
    size_t marker_start; /* plain text: a list marker still to show once */
    size_t marker_end;
} nj;

static void flush(nj *j, size_t at)
{
    if (j->out.len < at || j->status != NC_OK)
        return;
    j->status = j->out.failed ? NC_ERR_NOMEM : nc_sink_putbuf(j->sink, &j->out);
    nc_buf_clear(&j->out);
}

static void str(nj *j, const char *s) { nc_escape_json(&j->out, s, strlen(s)); }

/* The next member of the item object (the first, "uri", is written apart). */
static void member(nj *j, const char *key)
{
    nc_buf_puts(&j->out, ",\n  ");
    str(j, key);
    nc_buf_puts(&j->out, ": ");
}

static void string_member(nj *j, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    member(j, key);
    str(j, value);
}

static void array_open(nj *j, const char *key)
{
    member(j, key);
    nc_buf_putc(&j->out, '[');
    j->items = 0;
}

static void array_close(nj *j) { nc_buf_puts(&j->out, j->items ? "\n  ]" : "]"); }

/* An object of the open array with one or two string pairs (a NULL key
 * leaves the second out), closed unless more follow. */
static void item(nj *j, const char *k1, const char *v1, const char *k2, const char *v2, int close)
{
    nc_buf_puts(&j->out, j->items++ ? ",\n    {" : "\n    {");
    str(j, k1);
    nc_buf_puts(&j->out, ": ");
    str(j, v1);
    if (k2) {
        nc_buf_puts(&j->out, ", ");
        str(j, k2);
        nc_buf_puts(&j->out, ": ");
        str(j, v2);
    }
    if (close)
        nc_buf_putc(&j->out, '}');
}

static void pair(nj *j, const char *key, const char *value)
{
    nc_buf_puts(&j->out, ", ");
    str(j, key);
    nc_buf_puts(&j->out, ": ");
    str(j, value);
}

/* ------------------------------------------------------------ plain text */

static void plain_line(nj *j, const nc_node *b)
{
    if (j->prefix.len)
        nc_buf_put(&j->scratch, j->prefix.data, j->prefix.len);
    if (j->marker_end && !j->prefix.failed) {
        /* The list marker shows on the item's first line only. */
        memset(j->prefix.data + j->marker_start, ' ', j->marker_end - j->marker_start);
        j->marker_end = 0;
    }
    if (b->type == NC_NODE_BREAK)
        nc_buf_puts(&j->scratch, "* * *");
    else
        nc_node_plain_text(b, &j->scratch);
    nc_buf_putc(&j->scratch, '\n');
}

static void plain_blocks(nj *j, const nc_node *first, int tight);

static void plain_list(nj *j, const nc_node *l)
{
    size_t keep = j->prefix.len;
    int n = l->start;
    for (const nc_node *it = l->first_child; it; it = it->next) {
        j->marker_start = j->prefix.len;
        if (l->ordered)
            nc_buf_printf(&j->prefix, "%d. ", n++);
        else
            nc_buf_puts(&j->prefix, "- ");
        j->marker_end = j->prefix.len;
        if (nc_node_is_leaf_block(it))
            plain_line(j, it);
        else
            plain_blocks(j, it->first_child, 1);
        j->marker_end = 0;
        j->prefix.len = keep;
    }
}

static void plain_block(nj *j, const nc_node *b)
{
    if (b->type == NC_NODE_QUOTE) {
        size_t keep = j->prefix.len;
        nc_buf_puts(&j->prefix, "> ");
        plain_blocks(j, b->first_child, 0);
        j->prefix.len = keep;
    } else if (b->type == NC_NODE_LIST) {
        plain_list(j, b);
    } else if (b->type == NC_NODE_TABLE) {
        /* a row a line, its cells a tab apart */
        for (const nc_node *r = b->first_child; r; r = r->next) {
            nc_buf_put(&j->scratch, j->prefix.data, j->prefix.len);
            for (const nc_node *c = r->first_child; c; c = c->next) {
                if (c != r->first_child)
                    nc_buf_putc(&j->scratch, '\t');
                nc_node_plain_text(c, &j->scratch);
            }
            nc_buf_putc(&j->scratch, '\n');
        }
    } else {
        plain_line(j, b);
    }
}

/* Blocks one a paragraph, blank lines between them (in lists, none). */
static void plain_blocks(nj *j, const nc_node *first, int tight)
{
    for (const nc_node *b = first; b; b = b->next) {
        if (b != first && !tight)
            nc_buf_putc(&j->scratch, '\n');
        plain_block(j, b);
    }
}

/* The article as text: the headline (after its kicker), the subtitle,
 * then the body. */
static void body_text(nj *j, const char *title)
{
    const char *kicker = j->doc->meta.kicker;
    nc_buf_puts(&j->out, "\n    {\"role\": \"main\", \"contentType\": \"text/plain\", \"value\": \"");
    if (kicker)
        nc_escape_json_part(&j->out, kicker, strlen(kicker));
    nc_escape_json_part(&j->out, title, strlen(title));
    nc_buf_puts(&j->out, "\\n");
    if (j->doc->meta.subtitle && *j->doc->meta.subtitle) {
        nc_buf_puts(&j->out, "\\n");
        nc_escape_json_part(&j->out, j->doc->meta.subtitle, strlen(j->doc->meta.subtitle));
        nc_buf_puts(&j->out, "\\n");
    }
    for (const nc_node *b = j->doc->body->first_child; b; b = b->next) {
        nc_buf_clear(&j->scratch);
        nc_buf_putc(&j->scratch, '\n');
        plain_block(j, b);
        if (j->scratch.failed || j->prefix.failed)
            j->out.failed = 1;
        nc_escape_json_part(&j->out, j->scratch.data, j->scratch.len);
        flush(j, FLUSH_AT);
    }
    nc_buf_puts(&j->out, "\"}");
}

/* ----------------------------------------------------------------- XHTML */

/* The XHTML renderer's bytes, escaped into the JSON string as they come. */
static int xhtml_part(const void *data, size_t size, void *ctx)
{
    nj *j = ctx;
    nc_escape_json_part(&j->out, data, size);
    flush(j, FLUSH_AT);
    return j->status != NC_OK;
}

static void body_xhtml(nj *j, const char *title)
{
    nc_buf_puts(&j->out, ",\n    {\"role\": \"richtext\", \"contentType\": \"application/xhtml+xml\", "
                         "\"value\": \"");
    nc_sink *part = nc_sink_new_callback(xhtml_part, j);
    if (!part) {
        j->out.failed = 1;
        return;
    }
    nc_xml x;
    nc_xml_open(&x, NULL, part, 0);
    nc_xml_start(&x, "div");
    nc_xml_attr(&x, "xmlns", "http://www.w3.org/1999/xhtml");
    nc_xml_attr(&x, "xml:lang", nc_xhtml_lang(j->doc));
    nc_xml_raw(&x, "\n");
    nc_xhtml_article(&x, j->doc, title, j->doc->meta.image);
    nc_xml_end(&x);
    nc_status rc = nc_xml_close(&x);
    nc_status done = nc_sink_finish(part, NULL); /* the last buffered bytes */
    if (j->status == NC_OK)
        j->status = rc != NC_OK ? rc : done;
    nc_sink_free(part);
    nc_buf_puts(&j->out, "\"}");
}

/* ------------------------------------------------------------- metadata */

static void headlines(nj *j, const char *title)
{
    array_open(j, "headlines");
    item(j, "role", "main", "value", title, 1);
    if (j->doc->meta.kicker && *j->doc->meta.kicker)
        item(j, "role", "kicker", "value", j->doc->meta.kicker, 1);
    if (j->doc->meta.subtitle && *j->doc->meta.subtitle)
        item(j, "role", "sub", "value", j->doc->meta.subtitle, 1);
    array_close(j);
}

static void people(nj *j)
{
    const nc_meta *m = &j->doc->meta;
    if (!m->n_authors)
        return;
    array_open(j, "people");
    for (size_t i = 0; i < m->n_authors; i++)
        item(j, "name", m->authors[i], "rel", "author", 1);
    array_close(j);
}

static void located(nj *j)
{
    nc_buf d = NC_BUF_INIT;
    size_t at = 0;
    size_t n = nc_iptc_dateline(j->doc, &d) && nc_buf_cstr(&d) ? nc_iptc_located(d.data, &at) : 0;
    if (n) {
        member(j, "located");
        nc_escape_json(&j->out, d.data + at, n);
    }
    if (d.failed)
        j->out.failed = 1;
    nc_buf_free(&d);
}

/* Copyright lines join into copyrightNotice; ninjs has no credit line, so
 * the other credits are descriptions with the role "creditline". */
static void add_copyright(void *ctx, const char *text)
{
    nj *j = ctx;
    if (!nc_iptc_is_copyright(text))
        return;
    if (j->scratch.len)
        nc_buf_putc(&j->scratch, '\n');
    nc_buf_puts(&j->scratch, text);
}

static void add_creditline(void *ctx, const char *text)
{
    nj *j = ctx;
    if (!nc_iptc_is_copyright(text))
        item(j, "role", "creditline", "value", text, 1);
}

static void count_creditline(void *ctx, const char *text)
{
    if (!nc_iptc_is_copyright(text))
        ++*(size_t *)ctx;
}

static void descriptions(nj *j)
{
    const char *d = j->doc->meta.description;
    size_t n = d && *d;
    if (nc_document_credits(j->doc, count_creditline, &n) < 0)
        j->out.failed = 1;
    if (!n)
        return;
    array_open(j, "descriptions");
    if (d && *d)
        item(j, "role", "summary", "value", d, 1);
    if (nc_document_credits(j->doc, add_creditline, j) < 0)
        j->out.failed = 1;
    array_close(j);
}

static void copyright(nj *j)
{
    nc_buf_clear(&j->scratch);
    if (nc_document_credits(j->doc, add_copyright, j) < 0)
        j->out.failed = 1;
    if (j->scratch.len)
        string_member(j, "copyrightNotice", nc_buf_cstr(&j->scratch));
}

/* Where the article came from, who published it, what it is about. */
static void sources_and_subjects(nj *j)
{
    const nc_meta *m = &j->doc->meta;
    if (m->source || m->publisher) {
        array_open(j, "infoSources");
        if (m->publisher)
            item(j, "name", m->publisher, "role", "publisher", 1);
        if (m->source) {
            item(j, "name", m->source, "role", "source", 0);
            if (nc_iptc_is_uri(m->source))
                pair(j, "uri", m->source);
            nc_buf_putc(&j->out, '}');
        }
        array_close(j);
    }
    if (m->subject || m->n_keywords) {
        array_open(j, "subjects");
        if (m->subject)
            item(j, "name", m->subject, "rel", "about", 1);
        for (size_t i = 0; i < m->n_keywords; i++)
            item(j, "name", m->keywords[i], "rel", "keyword", 1);
        array_close(j);
    }
    if (m->identifier && !nc_iptc_is_uri(m->identifier)) {
        array_open(j, "altIds");
        item(j, "role", "identifier", "value", m->identifier, 1);
        array_close(j);
    }
}

/* A picture associated with the item: the photo with its caption, or the
 * cover. Its URI is the item's with a fragment naming it. A photo given as
 * an absolute URI is its rendition's href; a file name (which no "uri"
 * property may hold) is the association's altId "filename". */
static void picture(nj *j, const char *uri, const char *name, const char *path,
                    const nc_node *caption, const char *alt)
{
    nc_buf_clear(&j->scratch);
    nc_buf_puts(&j->scratch, uri);
    nc_buf_putc(&j->scratch, '#');
    nc_buf_puts(&j->scratch, name);
    item(j, "name", name, "uri", nc_buf_cstr(&j->scratch) ? j->scratch.data : "", 0);
    nc_buf_puts(&j->out, ", \"type\": \"picture\"");
    if (caption) {
        nc_buf_clear(&j->scratch);
        nc_node_plain_text(caption, &j->scratch);
        nc_buf_puts(&j->out, ", \"descriptions\": [{\"role\": \"caption\", \"value\": ");
        str(j, nc_buf_cstr(&j->scratch) ? j->scratch.data : "");
        nc_buf_putc(&j->out, '}');
    }
    if (alt && *alt) {
        /* -M image-alt: what the photo shows, for who cannot see it. */
        nc_buf_puts(&j->out, caption ? ", {" : ", \"descriptions\": [{");
        nc_buf_puts(&j->out, "\"role\": \"alt\", \"value\": ");
        str(j, alt);
        nc_buf_putc(&j->out, '}');
    }
    if (caption || (alt && *alt))
        nc_buf_putc(&j->out, ']');
    int absolute = nc_iptc_is_uri(path);
    if (!absolute) {
        nc_buf_puts(&j->out, ", \"altIds\": [{\"role\": \"filename\"");
        pair(j, "value", path);
        nc_buf_puts(&j->out, "}]");
    }
    nc_buf_puts(&j->out, ", \"renditions\": [{\"name\": \"original\"");
    if (absolute)
        pair(j, "href", path);
    const char *type = nc_iptc_image_type(path);
    if (type)
        pair(j, "contentType", type);
    nc_buf_puts(&j->out, "}]}");
}

static void associations(nj *j, const char *uri)
{
    const nc_meta *m = &j->doc->meta;
    if (!m->image && !m->cover_image)
        return;
    array_open(j, "associations");
    if (m->image)
        picture(j, uri, "photo", m->image, nc_iptc_photo_caption(j->doc), m->image_alt);
    if (m->cover_image)
        picture(j, uri, "cover", m->cover_image, NULL, NULL);
    array_close(j);
}

static void item_meta(nj *j, const nc_writer_options *opts)
{
    const nc_meta *m = &j->doc->meta;
    char when[32];
    nc_buf_puts(&j->out, ",\n  \"type\": \"text\",\n  \"representationType\": \"full\"");
    nc_buf_puts(&j->out, ",\n  \"standard\": {\"name\": \"ninjs\", \"version\": \"3.1\", "
                         "\"schema\": \"" NINJS_SCHEMA "\"}");
    nc_format_utc(nc_writer_time(j->doc, opts), when);
    string_member(j, "versionCreated", when);
    if (m->date_iso && m->date) {
        snprintf(when, sizeof when, "%.10sT00:00:00Z", m->date);
        string_member(j, "contentCreated", when);
    }
    string_member(j, "pubStatus", "usable");
    string_member(j, "language", nc_xhtml_lang(j->doc));
}

static nc_status write_ninjs(const nc_document *doc, const nc_writer_options *opts,
                             nc_sink *sink, nc_error *err)
{
    (void)err;
    nj j = {.sink = sink, .doc = doc};
    nc_buf uri = NC_BUF_INIT, title = NC_BUF_INIT, by = NC_BUF_INIT;
    nc_iptc_uri(doc, &uri);
    nc_iptc_by(doc, &by);
    if (nc_document_display_title(doc, &title) < 0 || !nc_buf_cstr(&uri) || !nc_buf_cstr(&by) ||
        !nc_buf_cstr(&title)) {
        j.status = NC_ERR_NOMEM;
        goto done;
    }
    nc_buf_puts(&j.out, "{\n  \"uri\": ");
    str(&j, uri.data);
    item_meta(&j, opts);
    headlines(&j, title.data);
    string_member(&j, "by", by.data);
    people(&j);
    located(&j);
    descriptions(&j);
    copyright(&j);
    sources_and_subjects(&j);
    associations(&j, uri.data);
    array_open(&j, "bodies");
    j.items = 2;
    body_text(&j, title.data);
    body_xhtml(&j, title.data);
    array_close(&j);
    nc_buf_puts(&j.out, "\n}\n");
    if (j.scratch.failed || j.prefix.failed)
        j.out.failed = 1;
    flush(&j, 0);
done:
    nc_buf_free(&j.out);
    nc_buf_free(&j.scratch);
    nc_buf_free(&j.prefix);
    nc_buf_free(&uri);
    nc_buf_free(&title);
    nc_buf_free(&by);
    return j.status;
}

const nc_writer nc_writer_ninjs = {
    .struct_size = sizeof(nc_writer),
    .name = "ninjs",
    .aliases = NULL,
    .extension = "ninjs.json",
    .binary = 0,
    .description = "IPTC ninjs 3.1 news item (JSON), valid against the ninjs 3.1 schema",
    .write = write_ninjs,
};

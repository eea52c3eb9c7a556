/* Unit tests of the html and epub writers on documents built node by node,
 * with every structure of the model (the reader does not make them all
 * yet): the markup each becomes, escaping and text cleaning, the EPUB
 * package (entries, metadata, navigation, identifier, times), images,
 * options and failing sinks. When NC_STRUCTURES_OUT names a folder, the
 * documents are also written there for the epubcheck test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <zip.h>

#include "document.h"
#include "node.h"

static const unsigned char png1x1[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
    0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0xdf, 0xc0, 0x00, 0x00, 0x04, 0x01, 0x01, 0x80, 0xc5, 0x2a, 0x18,
    0x5d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static char tmpdir[64];

/* ---------------------------------------------------------- building */

static unsigned long line;

static nc_node *block(nc_document *doc, nc_node *parent, nc_node_type type)
{
    nc_node *n = nc_node_new(&doc->arena, type);
    assert_non_null(n);
    n->line_first = n->line_last = ++line;
    assert_int_equal(nc_node_append(parent, n), 0);
    return n;
}

static nc_node *inl(nc_document *doc, nc_node *parent, nc_node_type type, const char *literal)
{
    nc_node *n = type == NC_NODE_TEXT ? nc_node_new_text(&doc->arena, literal, strlen(literal))
                                      : nc_node_new(&doc->arena, type);
    assert_non_null(n);
    if (type == NC_NODE_LINK)
        n->literal = nc_arena_strdup(&doc->arena, literal);
    assert_int_equal(nc_node_append(parent, n), 0);
    return n;
}

static nc_node *leaf(nc_document *doc, nc_node *parent, nc_node_type type, const char *text)
{
    nc_node *b = block(doc, parent, type);
    inl(doc, b, NC_NODE_TEXT, text);
    return b;
}

/* Every block and inline type, metadata of every kind, and text the
 * reader would never let through (a control character, DEL, a C1
 * control, an invalid byte). */
static nc_document *full_document(void)
{
    line = 0;
    nc_document *doc = nc_document_new();
    assert_non_null(doc);
    nc_meta_set(doc, "title", "Storm & <Flood> \"Warning\" \xE2\x80\x94 caf\xC3\xA9");
    nc_meta_set(doc, "subtitle", "Rivers rise across the north");
    nc_meta_set(doc, "author", "Ann Example");
    nc_meta_set(doc, "author", "Bo S\xC3\xB8rensen");
    nc_meta_set(doc, "date", "2024-02-29");
    doc->meta.date_iso = 1;
    nc_meta_set(doc, "lang", "en-GB");
    nc_meta_set(doc, "publisher", "Example Wire");
    nc_meta_set(doc, "description", "Floods \xE2\x80\x9C" "expected\xE2\x80\x9D tonight");
    nc_meta_set(doc, "subject", "Weather");
    nc_meta_set(doc, "keyword", "floods");
    nc_meta_set(doc, "source", "https://example.org/story");
    nc_node *body = doc->body;
    leaf(doc, body, NC_NODE_CAPTION, "A photo caption.");
    leaf(doc, body, NC_NODE_BYLINE, "By Ann Example");
    nc_node *p = block(doc, body, NC_NODE_PARAGRAPH);
    inl(doc, inl(doc, p, NC_NODE_KICKER, NULL), NC_NODE_TEXT, "UPDATE 1-");
    inl(doc, inl(doc, p, NC_NODE_DATELINE, NULL), NC_NODE_TEXT, "LONDON \xE2\x80\x94");
    inl(doc, p, NC_NODE_TEXT, " The river rose ");
    inl(doc, inl(doc, p, NC_NODE_EMPHASIS, NULL), NC_NODE_TEXT, "fast");
    inl(doc, p, NC_NODE_TEXT, " and ");
    inl(doc, inl(doc, p, NC_NODE_LINK, "https://example.org/a b?x=\"y\""), NC_NODE_TEXT,
        "the report");
    inl(doc, p, NC_NODE_TEXT, " said. Odd:\x01\x7f\xC2\x85\xC3( end");
    nc_node *table = block(doc, body, NC_NODE_TABLE);
    for (int r = 0; r < 3; r++) {
        nc_node *row = block(doc, table, NC_NODE_ROW);
        row->header = r == 0;
        static const char *const cells[3][2] = {{"River", "Metres"}, {"Tyne", "4.2"}, {"Wear", "3.9"}};
        for (int c = 0; c < 2; c++)
            leaf(doc, row, NC_NODE_CELL, cells[r][c])->align = c ? NC_ALIGN_RIGHT : NC_ALIGN_LEFT;
    }
    /* A table whose header row leaves the corner empty: the first column
     * names the rows. */
    nc_node *named = block(doc, body, NC_NODE_TABLE);
    for (int r = 0; r < 2; r++) {
        nc_node *row = block(doc, named, NC_NODE_ROW);
        row->header = r == 0;
        leaf(doc, row, NC_NODE_CELL, r ? "Tees" : "");
        leaf(doc, row, NC_NODE_CELL, r ? "2.7" : "Feet");
    }
    nc_node *h = leaf(doc, body, NC_NODE_HEADING, "Warnings");
    h->level = 2;
    nc_node *q = block(doc, body, NC_NODE_QUOTE);
    leaf(doc, q, NC_NODE_PARAGRAPH, "Quoted words.");
    nc_node *ul = block(doc, q, NC_NODE_LIST);
    leaf(doc, ul, NC_NODE_ITEM, "one");
    leaf(doc, ul, NC_NODE_ITEM, "two");
    nc_node *ol = block(doc, body, NC_NODE_LIST);
    ol->ordered = 1;
    ol->start = 3;
    leaf(doc, ol, NC_NODE_ITEM, "three");
    nc_node *item = block(doc, ol, NC_NODE_ITEM);
    leaf(doc, item, NC_NODE_PARAGRAPH, "four a");
    leaf(doc, item, NC_NODE_PARAGRAPH, "four b");
    h = leaf(doc, body, NC_NODE_HEADING, "Details");
    h->level = 3;
    p = block(doc, body, NC_NODE_PARAGRAPH);
    inl(doc, inl(doc, p, NC_NODE_LINK, "javascript:alert(1)"), NC_NODE_TEXT, "click");
    inl(doc, p, NC_NODE_TEXT, " then ");
    nc_node *outer = inl(doc, p, NC_NODE_LINK, "https://a.example/");
    inl(doc, outer, NC_NODE_TEXT, "outer ");
    inl(doc, inl(doc, outer, NC_NODE_LINK, "https://b.example/"), NC_NODE_TEXT, "inner");
    block(doc, body, NC_NODE_BREAK);
    leaf(doc, body, NC_NODE_PARAGRAPH, "After the break.");
    leaf(doc, body, NC_NODE_CREDIT, "Reporting by Example Wire");
    assert_int_equal(nc_node_check(doc->body, NULL), 0);
    return doc;
}

/* ----------------------------------------------------------- writing */

typedef struct out {
    unsigned char *data;
    size_t size;
} out;

static nc_status write_to(const nc_document *doc, const char *format, const nc_option *options,
                          size_t n_options, time_t timestamp, out *o, nc_error *err)
{
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.options = options;
    wo.n_options = n_options;
    wo.timestamp = timestamp;
    nc_sink *s = nc_sink_new_memory();
    assert_non_null(s);
    nc_status rc = nc_write(doc, nc_writer_find(format), &wo, s, err);
    if (rc == NC_OK)
        rc = nc_sink_finish(s, err);
    *o = (out){0};
    if (rc == NC_OK) {
        const unsigned char *d = nc_sink_memory_data(s, &o->size);
        o->data = malloc(o->size + 1);
        assert_non_null(o->data);
        memcpy(o->data, d, o->size);
        o->data[o->size] = 0;
    }
    nc_sink_free(s);
    return rc;
}

static out must_write(const nc_document *doc, const char *format)
{
    out o;
    nc_error err;
    nc_status rc = write_to(doc, format, NULL, 0, (time_t)-1, &o, &err);
    if (rc != NC_OK)
        fail_msg("%s: %s", format, err.message);
    return o;
}

/* Keeps a copy for the epubcheck test, when it asked for one. */
static void keep(const out *o, const char *name)
{
    const char *dir = getenv("NC_STRUCTURES_OUT");
    if (!dir || !*dir)
        return;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(o->data, 1, o->size, fp), o->size);
    assert_int_equal(fclose(fp), 0);
}

/* ---------------------------------------------------------- reading */

typedef struct xdoc {
    xmlDocPtr doc;
    xmlXPathContextPtr ctx;
} xdoc;

static xdoc parse(const void *data, size_t size)
{
    xdoc x;
    x.doc = xmlReadMemory(data, (int)size, "t.xml", NULL, XML_PARSE_NONET);
    if (!x.doc)
        fail_msg("not well-formed XML:\n%.*s", (int)size, (const char *)data);
    x.ctx = xmlXPathNewContext(x.doc);
    xmlXPathRegisterNs(x.ctx, BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
    xmlXPathRegisterNs(x.ctx, BAD_CAST "opf", BAD_CAST "http://www.idpf.org/2007/opf");
    xmlXPathRegisterNs(x.ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
    xmlXPathRegisterNs(x.ctx, BAD_CAST "ncx", BAD_CAST "http://www.daisy.org/z3986/2005/ncx/");
    xmlXPathRegisterNs(x.ctx, BAD_CAST "epub", BAD_CAST "http://www.idpf.org/2007/ops");
    return x;
}

static void xfree(xdoc *x)
{
    xmlXPathFreeContext(x->ctx);
    xmlFreeDoc(x->doc);
}

/* The string value of an XPath expression (string(...) is applied). */
static char *xs(xdoc *x, const char *expr)
{
    char wrapped[512];
    snprintf(wrapped, sizeof wrapped, "string(%s)", expr);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST wrapped, x->ctx);
    assert_non_null(r);
    char *s = strdup(r->stringval ? (const char *)r->stringval : "");
    xmlXPathFreeObject(r);
    return s;
}

static double xn(xdoc *x, const char *expr)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, x->ctx);
    assert_non_null(r);
    double v = xmlXPathCastToNumber(r);
    xmlXPathFreeObject(r);
    return v;
}

#define assert_xs(x, expr, want)                                                                   \
    do {                                                                                           \
        char *got_ = xs(x, expr);                                                                  \
        if (strcmp(got_, want) != 0)                                                               \
            fail_msg("%s: got \"%s\", want \"%s\"", expr, got_, want);                             \
        free(got_);                                                                                \
    } while (0)

#define assert_xn(x, expr, want)                                                                   \
    do {                                                                                           \
        double got_ = xn(x, expr);                                                                 \
        if (got_ != (want))                                                                        \
            fail_msg("%s: got %g, want %g", expr, got_, (double)(want));                           \
    } while (0)

typedef struct epub {
    zip_t *za;
    out raw;
} epub;

static epub open_epub(out o)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(o.data, o.size, 0, &ze);
    assert_non_null(src);
    epub e = {.za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze), .raw = o};
    if (!e.za)
        fail_msg("not a zip archive: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return e;
}

static void close_epub(epub *e)
{
    zip_close(e->za);
    free(e->raw.data);
}

/* An entry's bytes, NUL-terminated; NULL when absent. */
static char *entry(epub *e, const char *name, size_t *size)
{
    zip_stat_t st;
    if (zip_stat(e->za, name, 0, &st) != 0)
        return NULL;
    zip_file_t *f = zip_fopen(e->za, name, 0);
    assert_non_null(f);
    char *d = malloc(st.size + 1);
    assert_int_equal(zip_fread(f, d, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    d[st.size] = 0;
    if (size)
        *size = st.size;
    return d;
}

static xdoc parse_entry(epub *e, const char *name)
{
    size_t n;
    char *d = entry(e, name, &n);
    if (!d)
        fail_msg("no entry %s", name);
    xdoc x = parse(d, n);
    free(d);
    return x;
}

/* ------------------------------------------------------------- tests */

static void html_marks_up_every_structure(void **state)
{
    (void)state;
    nc_document *doc = full_document();
    out o = must_write(doc, "html");
    keep(&o, "full.html");
    const char *html = (const char *)o.data;
    assert_true(strncmp(html, "<!DOCTYPE html>\n<html", 21) == 0); /* no XML declaration */
    xdoc x = parse(o.data, o.size);
    assert_xs(&x, "/h:html/@lang", "en-GB");
    assert_xs(&x, "//h:title", doc->meta.title);
    assert_xn(&x, "count(//h:h1)", 1);
    assert_xs(&x, "//h:article/h:header/h:h1", doc->meta.title);
    assert_xs(&x, "//h:header/h:p[@class='subtitle']", "Rivers rise across the north");
    assert_xs(&x, "//h:meta[@name='description']/@content", doc->meta.description);
    assert_xs(&x, "//h:meta[@name='author']/@content", "Ann Example, Bo S\xC3\xB8rensen");
    /* Non-ASCII in attributes is written as UTF-8, not as references. */
    assert_non_null(strstr(html, "content=\"Floods \xE2\x80\x9C" "expected"));
    assert_xs(&x, "//h:figure/h:figcaption", "A photo caption.");
    assert_xn(&x, "count(//h:figure/h:img)", 0);
    /* The text has its byline, so the authors are not repeated. */
    assert_xn(&x, "count(//h:p[@class='byline'])", 1);
    assert_xs(&x, "//h:p[@class='byline']", "By Ann Example");
    assert_xs(&x, "//h:p/h:span[@class='dateline']", "LONDON \xE2\x80\x94");
    assert_xs(&x, "//h:p/h:span[@class='kicker']", "UPDATE 1-");
    assert_xs(&x, "//h:table/h:thead/h:tr/h:th[@scope='col'][2]", "Metres");
    assert_xs(&x, "//h:table/h:tbody/h:tr[2]/h:td[@class='num']", "3.9");
    /* An empty corner is no header (axe-core: empty-table-header); the
     * rows' names below it are row headers. */
    assert_xn(&x, "count(//h:table[2]/h:thead/h:tr/h:th)", 1);
    assert_xn(&x, "count(//h:table[2]/h:thead/h:tr/h:td)", 1);
    assert_xs(&x, "//h:table[2]/h:tbody/h:tr/h:th[@scope='row']", "Tees");
    assert_xn(&x, "count(//h:table[1]/h:tbody//h:th)", 0);
    assert_xs(&x, "//h:p[h:span[@class='dateline']]/h:em", "fast");
    assert_xs(&x, "//h:header/h:p[@class='date']/h:time/@datetime", "2024-02-29");
    assert_xs(&x, "//h:a[.='the report']/@href", "https://example.org/a%20b?x=%22y%22");
    assert_xs(&x, "//h:h2/@id", "s1");
    assert_xs(&x, "//h:h2", "Warnings");
    assert_xs(&x, "//h:h3[@id='s2']", "Details");
    assert_xs(&x, "//h:blockquote/h:p", "Quoted words.");
    assert_xn(&x, "count(//h:blockquote/h:ul/h:li)", 2);
    assert_xs(&x, "//h:ol/@start", "3");
    assert_xn(&x, "count(//h:ol/h:li)", 2);
    assert_xn(&x, "count(//h:ol/h:li[2]/h:p)", 2);
    assert_xn(&x, "count(//h:hr[@class='break'])", 1);
    assert_xs(&x, "//h:article/h:footer/h:p[@class='credit']", "Reporting by Example Wire");
    /* Unsafe links are text, links do not nest, words stay. */
    assert_xn(&x, "count(//h:a[contains(@href, 'javascript')])", 0);
    assert_xn(&x, "count(//h:a//h:a)", 0);
    assert_xs(&x, "//h:a[@href='https://a.example/']", "outer inner");
    assert_non_null(strstr(html, "click then"));
    /* Control characters (C0, DEL, C1) and the invalid byte each become
     * U+FFFD: XML cannot carry them, and nothing is dropped in silence. */
    assert_non_null(strstr(html, "said. Odd:\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD( end"));
    assert_null(strchr(html, '\x01'));
    assert_null(strchr(html, '\x7f'));
    /* Blocks in the order of the body. */
    char *all = xs(&x, "//h:body");
    const char *order[] = {"A photo caption", "By Ann", "LONDON", "Warnings", "Quoted", "one",
                           "two", "three", "four a", "four b", "Details", "After the break",
                           "Reporting by"};
    const char *at = all;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        const char *f = strstr(at, order[i]);
        if (!f)
            fail_msg("'%s' missing or out of order", order[i]);
        at = f;
    }
    free(all);
    xfree(&x);
    free(o.data);
    nc_document_free(doc);
}

static void html_shows_metadata_the_text_lacks(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    nc_meta_set(doc, "author", "A One");
    nc_meta_set(doc, "author", "B Two");
    nc_meta_set(doc, "author", "C Three");
    nc_meta_set(doc, "date", "last Tuesday");
    nc_meta_set(doc, "credit", "Photo: Agency");
    leaf(doc, doc->body, NC_NODE_PARAGRAPH, "Only a paragraph.");
    out o = must_write(doc, "html");
    xdoc x = parse(o.data, o.size);
    assert_xs(&x, "//h:title", "Only a paragraph.");
    assert_xs(&x, "//h:header/h:p[@class='byline']", "A One, B Two, and C Three");
    assert_xs(&x, "//h:header/h:p[@class='date']", "last Tuesday");
    assert_xn(&x, "count(//h:time/@datetime)", 0);
    assert_xs(&x, "//h:footer/h:p[@class='credit']", "Photo: Agency");
    assert_xs(&x, "//h:meta[@name='description']/@content", "Only a paragraph.");
    xfree(&x);
    free(o.data);
    nc_document_free(doc);
}

static void epub_package_is_complete(void **state)
{
    (void)state;
    nc_document *doc = full_document();
    out o = must_write(doc, "epub");
    keep(&o, "full.epub");
    /* The mimetype entry first, stored, with no extra field, at offset 0. */
    assert_true(o.size > 60);
    assert_memory_equal(o.data, "PK\3\4", 4);
    assert_int_equal(o.data[8] | o.data[9] << 8, 0);   /* method: stored */
    assert_int_equal(o.data[26] | o.data[27] << 8, 8); /* name length */
    assert_int_equal(o.data[28] | o.data[29] << 8, 0); /* extra length */
    assert_memory_equal(o.data + 30, "mimetypeapplication/epub+zip", 28);
    /* Its time is the document's date: 2024-02-29 00:00. */
    assert_int_equal(o.data[10] | o.data[11] << 8, 0);
    assert_int_equal(o.data[12] | o.data[13] << 8, (2024 - 1980) << 9 | 2 << 5 | 29);
    epub e = open_epub(o);
    const char *names[] = {"mimetype", "META-INF/container.xml", "OEBPS/content.opf",
                           "OEBPS/nav.xhtml", "OEBPS/toc.ncx", "OEBPS/style.css",
                           "OEBPS/article.xhtml"};
    assert_int_equal(zip_get_num_entries(e.za, 0), 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(zip_get_name(e.za, i, 0), names[i]);

    xdoc c = parse_entry(&e, "META-INF/container.xml");
    xmlXPathRegisterNs(c.ctx, BAD_CAST "c",
                       BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:container");
    assert_xs(&c, "//c:rootfile/@full-path", "OEBPS/content.opf");
    xfree(&c);

    xdoc opf = parse_entry(&e, "OEBPS/content.opf");
    char *id = xs(&opf, "//dc:identifier");
    assert_int_equal(strlen(id), 45);
    assert_true(strncmp(id, "urn:uuid:", 9) == 0);
    assert_int_equal(id[9 + 14], '8'); /* RFC 9562 version 8 */
    assert_xs(&opf, "/opf:package/@unique-identifier", "uid");
    assert_xs(&opf, "//dc:identifier/@id", "uid");
    assert_xs(&opf, "//dc:title", doc->meta.title);
    assert_xs(&opf, "//dc:language", "en-GB");
    assert_xn(&opf, "count(//dc:creator)", 2);
    assert_xs(&opf, "//dc:creator[2]", "Bo S\xC3\xB8rensen");
    assert_xs(&opf, "//opf:meta[@refines='#creator2' and @property='role']", "aut");
    assert_xs(&opf, "//dc:date", "2024-02-29");
    assert_xs(&opf, "//dc:publisher", "Example Wire");
    assert_xs(&opf, "//dc:description", doc->meta.description);
    assert_xn(&opf, "count(//dc:subject)", 2);
    assert_xs(&opf, "//opf:meta[@property='dcterms:modified']", "2024-02-29T00:00:00Z");
    const char *a11y[] = {"accessMode", "accessModeSufficient", "accessibilityFeature",
                          "accessibilityHazard", "accessibilitySummary"};
    for (size_t i = 0; i < 5; i++) {
        char q[128];
        snprintf(q, sizeof q, "count(//opf:meta[@property='schema:%s'])", a11y[i]);
        if (xn(&opf, q) < 1)
            fail_msg("no schema:%s", a11y[i]);
    }
    assert_xs(&opf, "//opf:item[@properties='nav']/@href", "nav.xhtml");
    assert_xs(&opf, "//opf:spine/@toc", "ncx");
    assert_xs(&opf, "//opf:item[@id='ncx']/@href", "toc.ncx");
    assert_xn(&opf, "count(//opf:spine/opf:itemref)", 1);
    assert_xs(&opf, "//opf:spine/opf:itemref/@idref", "article");
    assert_xn(&opf, "count(//opf:meta[@name='cover'])", 0);
    xfree(&opf);

    xdoc ncx = parse_entry(&e, "OEBPS/toc.ncx");
    assert_xs(&ncx, "//ncx:meta[@name='dtb:uid']/@content", id);
    assert_xs(&ncx, "//ncx:docTitle/ncx:text", doc->meta.title);
    assert_xn(&ncx, "count(//ncx:navPoint)", 3);
    assert_xs(&ncx, "//ncx:navPoint/ncx:navPoint[2]/ncx:content/@src", "article.xhtml#s2");
    assert_xs(&ncx, "//ncx:navPoint/ncx:navPoint[2]/@playOrder", "3");
    xfree(&ncx);

    /* Every table of contents link lands on an id of the article. */
    xdoc nav = parse_entry(&e, "OEBPS/nav.xhtml");
    xdoc art = parse_entry(&e, "OEBPS/article.xhtml");
    assert_xs(&nav, "//h:nav[@epub:type='toc']/h:ol/h:li/h:a", doc->meta.title);
    assert_xn(&nav, "count(//h:nav[@epub:type='toc']//h:li)", 3);
    assert_xs(&nav, "//h:nav[@epub:type='landmarks']//h:a[@epub:type='bodymatter']/@href",
              "article.xhtml");
    for (int k = 1; k <= 2; k++) {
        char q[128], want[64];
        snprintf(q, sizeof q, "(//h:nav[@epub:type='toc']//h:ol/h:li/h:ol/h:li/h:a)[%d]/@href", k);
        snprintf(want, sizeof want, "article.xhtml#s%d", k);
        assert_xs(&nav, q, want);
        snprintf(q, sizeof q, "count(//*[@id='s%d'])", k);
        assert_xn(&art, q, 1);
    }
    assert_xs(&art, "//h:body/@epub:type", "bodymatter");
    assert_xs(&art, "//h:link/@href", "style.css");
    assert_xs(&art, "//h:figure/h:figcaption", "A photo caption.");
    assert_xs(&art, "//h:h1", doc->meta.title);
    xfree(&nav);
    xfree(&art);
    free(id);
    close_epub(&e);
    nc_document_free(doc);
}

static void epub_is_deterministic_and_identified_by_content(void **state)
{
    (void)state;
    nc_document *doc = full_document();
    out a, b;
    nc_error err;
    /* The document's own date wins over any timestamp. */
    assert_int_equal(write_to(doc, "epub", NULL, 0, 1000000000, &a, &err), NC_OK);
    assert_int_equal(write_to(doc, "epub", NULL, 0, 2000000000, &b, &err), NC_OK);
    assert_int_equal(a.size, b.size);
    assert_memory_equal(a.data, b.data, a.size);
    free(b.data);

    /* Without a date: the timestamp, in dcterms:modified and zip times. */
    doc->meta.date = NULL;
    doc->meta.date_iso = 0;
    assert_int_equal(write_to(doc, "epub", NULL, 0, 1700000000, &b, &err), NC_OK);
    epub e = open_epub(b);
    xdoc opf = parse_entry(&e, "OEBPS/content.opf");
    assert_xs(&opf, "//opf:meta[@property='dcterms:modified']", "2023-11-14T22:13:20Z");
    assert_xn(&opf, "count(//dc:date)", 0);
    char *id1 = xs(&opf, "//dc:identifier");
    xfree(&opf);
    close_epub(&e);

    /* A free-form date is no dc:date, and is content: a new identifier. */
    nc_meta_set(doc, "date", "Tuesday");
    assert_int_equal(write_to(doc, "epub", NULL, 0, 1700000000, &b, &err), NC_OK);
    e = open_epub(b);
    opf = parse_entry(&e, "OEBPS/content.opf");
    assert_xn(&opf, "count(//dc:date)", 0);
    char *id2 = xs(&opf, "//dc:identifier");
    assert_string_not_equal(id1, id2);
    xfree(&opf);
    close_epub(&e);

    /* One changed word: another identifier. */
    nc_node *last = doc->body->last_child->prev; /* "After the break." */
    last->first_child->literal = nc_arena_strdup(&doc->arena, "After the brake.");
    assert_int_equal(write_to(doc, "epub", NULL, 0, 1700000000, &b, &err), NC_OK);
    e = open_epub(b);
    opf = parse_entry(&e, "OEBPS/content.opf");
    char *id3 = xs(&opf, "//dc:identifier");
    assert_string_not_equal(id2, id3);
    xfree(&opf);
    close_epub(&e);

    /* -M identifier wins, in the OPF and the NCX alike. */
    nc_meta_set(doc, "identifier", "urn:isbn:9780000000002");
    assert_int_equal(write_to(doc, "epub", NULL, 0, 1700000000, &b, &err), NC_OK);
    e = open_epub(b);
    opf = parse_entry(&e, "OEBPS/content.opf");
    assert_xs(&opf, "//dc:identifier", "urn:isbn:9780000000002");
    xfree(&opf);
    xdoc ncx = parse_entry(&e, "OEBPS/toc.ncx");
    assert_xs(&ncx, "//ncx:meta[@name='dtb:uid']/@content", "urn:isbn:9780000000002");
    xfree(&ncx);
    close_epub(&e);
    free(id1);
    free(id2);
    free(id3);
    free(a.data);
    nc_document_free(doc);
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, size, fp), size);
    assert_int_equal(fclose(fp), 0);
}

static void images_and_cover(void **state)
{
    (void)state;
    char png[128], txt[128], missing[128];
    snprintf(png, sizeof png, "%s/photo.png", tmpdir);
    snprintf(txt, sizeof txt, "%s/notes.txt", tmpdir);
    snprintf(missing, sizeof missing, "%s/no-such.jpg", tmpdir);
    write_file(png, png1x1, sizeof png1x1);
    write_file(txt, "just text\n", 10);

    nc_document *doc = full_document();
    nc_meta_set(doc, "image", png);
    nc_meta_set(doc, "cover-image", png);
    out o = must_write(doc, "epub");
    keep(&o, "full-images.epub");
    epub e = open_epub(o);
    size_t n;
    char *img = entry(&e, "OEBPS/images/photo.png", &n);
    assert_non_null(img);
    assert_int_equal(n, sizeof png1x1);
    assert_memory_equal(img, png1x1, n);
    free(img);
    assert_non_null(img = entry(&e, "OEBPS/images/cover.png", NULL));
    free(img);
    xdoc opf = parse_entry(&e, "OEBPS/content.opf");
    assert_xs(&opf, "//opf:item[@properties='cover-image']/@href", "images/cover.png");
    assert_xs(&opf, "//opf:item[@properties='cover-image']/@media-type", "image/png");
    assert_xs(&opf, "//opf:meta[@name='cover']/@content", "cover-image");
    assert_xs(&opf, "//opf:spine/opf:itemref[1]/@idref", "cover");
    assert_xs(&opf, "//opf:item[@id='cover']/@href", "cover.xhtml");
    assert_xn(&opf, "count(//opf:meta[@property='schema:accessMode'])", 2);
    xfree(&opf);
    xdoc art = parse_entry(&e, "OEBPS/article.xhtml");
    /* The photo goes with the caption, before it. */
    assert_xs(&art, "//h:figure/h:img/@src", "images/photo.png");
    assert_xs(&art, "//h:figure/h:img/@alt", "A photo caption.");
    assert_xn(&art, "count(//h:figure/h:img/following-sibling::h:figcaption)", 1);
    xfree(&art);
    xdoc cov = parse_entry(&e, "OEBPS/cover.xhtml");
    assert_xs(&cov, "//h:img/@src", "images/cover.png");
    xfree(&cov);
    close_epub(&e);

    out h = must_write(doc, "html");
    xdoc x = parse(h.data, h.size);
    char *src = xs(&x, "//h:figure/h:img/@src");
    assert_true(strncmp(src, "data:image/png;base64,iVBORw0KGgo", 33) == 0);
    free(src);
    xfree(&x);
    free(h.data);

    /* A missing or wrong file is a clear error naming it. */
    nc_error err;
    nc_meta_set(doc, "image", missing);
    assert_int_equal(write_to(doc, "epub", NULL, 0, -1, &o, &err), NC_ERR_RESOURCE);
    assert_non_null(strstr(err.message, missing));
    assert_int_equal(write_to(doc, "html", NULL, 0, -1, &o, &err), NC_ERR_RESOURCE);
    assert_non_null(strstr(err.message, missing));
    nc_meta_set(doc, "image", png);
    nc_meta_set(doc, "cover-image", txt);
    assert_int_equal(write_to(doc, "epub", NULL, 0, -1, &o, &err), NC_ERR_RESOURCE);
    assert_non_null(strstr(err.message, txt));
    assert_non_null(strstr(err.message, "cover-image"));
    nc_meta_set(doc, "cover-image", tmpdir); /* a folder */
    assert_int_equal(write_to(doc, "epub", NULL, 0, -1, &o, &err), NC_ERR_RESOURCE);
    nc_document_free(doc);
}

static void compression_level_option(void **state)
{
    (void)state;
    nc_document *doc = full_document();
    nc_error err;
    out o;
    const char *bad[] = {"10", "-1", "x", "", "5 "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        nc_option opt = {"compression-level", bad[i]};
        assert_int_equal(write_to(doc, "epub", &opt, 1, -1, &o, &err), NC_ERR_OPTION);
        assert_non_null(strstr(err.message, "compression-level"));
        char quoted[16];
        snprintf(quoted, sizeof quoted, "'%s'", bad[i]);
        assert_non_null(strstr(err.message, quoted));
    }
    nc_option store = {"compression-level", "0"}, best = {"compression-level", "9"};
    out stored, packed;
    assert_int_equal(write_to(doc, "epub", &store, 1, -1, &stored, &err), NC_OK);
    assert_int_equal(write_to(doc, "epub", &best, 1, -1, &packed, &err), NC_OK);
    assert_true(packed.size < stored.size);
    epub e = open_epub(stored);
    for (zip_int64_t i = 0; i < zip_get_num_entries(e.za, 0); i++) {
        zip_stat_t st;
        assert_int_equal(zip_stat_index(e.za, (zip_uint64_t)i, 0, &st), 0);
        assert_int_equal(st.comp_method, ZIP_CM_STORE);
    }
    close_epub(&e);
    /* 4 is the default (the epub writer's option table says so). */
    nc_option four = {"compression-level", "4"};
    out level4;
    assert_int_equal(write_to(doc, "epub", &four, 1, -1, &level4, &err), NC_OK);
    out dflt = must_write(doc, "epub");
    assert_int_equal(dflt.size, level4.size);
    assert_memory_equal(dflt.data, level4.data, dflt.size);
    free(level4.data);
    e = open_epub(packed);
    zip_stat_t st;
    assert_int_equal(zip_stat(e.za, "OEBPS/article.xhtml", 0, &st), 0);
    assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
    close_epub(&e);
    free(dflt.data);
    /* html has no options of its own: it refuses one of epub's. */
    assert_int_equal(write_to(doc, "html", &best, 1, -1, &o, &err), NC_ERR_OPTION);
    nc_document_free(doc);
}

static int failing_cb(const void *data, size_t size, void *userdata)
{
    (void)data;
    size_t *budget = userdata;
    if (size > *budget)
        return 1;
    *budget -= size;
    return 0;
}

static void failing_sink_is_reported(void **state)
{
    (void)state;
    nc_document *doc = full_document();
    const char *formats[] = {"html", "epub"};
    for (size_t f = 0; f < 2; f++) {
        out whole = must_write(doc, formats[f]);
        free(whole.data);
        /* Failing at the first byte, near the end, and in between. */
        for (size_t budget0 = 0; budget0 < whole.size; budget0 += whole.size / 7 + 1) {
            size_t budget = budget0;
            nc_sink *s = nc_sink_new_callback(failing_cb, &budget);
            nc_error err;
            nc_status rc = nc_write(doc, nc_writer_find(formats[f]), NULL, s, &err);
            if (rc == NC_OK)
                rc = nc_sink_finish(s, &err);
            assert_int_equal(rc, NC_ERR_IO);
            nc_sink_free(s);
        }
    }
    nc_document_free(doc);
}

static void empty_document(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    out h = must_write(doc, "html");
    xdoc x = parse(h.data, h.size);
    assert_xs(&x, "//h:h1", "Untitled");
    assert_xs(&x, "/h:html/@lang", "en");
    xfree(&x);
    free(h.data);
    /* A language that is no language tag cannot reach xml:lang. */
    nc_meta_set(doc, "lang", "en\" onload=\"x");
    out o = must_write(doc, "epub");
    keep(&o, "empty.epub");
    epub e = open_epub(o);
    xdoc opf = parse_entry(&e, "OEBPS/content.opf");
    assert_xs(&opf, "//dc:title", "Untitled");
    assert_xs(&opf, "//dc:language", "und");
    xfree(&opf);
    close_epub(&e);
    nc_document_free(doc);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/nc-test-xhtml-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/photo.png", tmpdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/notes.txt", tmpdir);
    unlink(path);
    return rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_marks_up_every_structure),
        cmocka_unit_test(html_shows_metadata_the_text_lacks),
        cmocka_unit_test(epub_package_is_complete),
        cmocka_unit_test(epub_is_deterministic_and_identified_by_content),
        cmocka_unit_test(images_and_cover),
        cmocka_unit_test(compression_level_option),
        cmocka_unit_test(failing_sink_is_reported),
        cmocka_unit_test(empty_document),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

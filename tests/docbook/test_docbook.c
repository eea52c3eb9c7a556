/* The DocBook writer on documents built node by node: every node type, the
 * awkward shapes (subheads first, skipped levels, empty containers, hostile
 * text), each validated by xmllint against the DocBook 5.0 RELAX NG schema
 * and checked for structure with XPath. Also: a failing sink is reported
 * and nothing is printed; a big document leaves in sink-sized pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "document.h"
#include "node.h"

#ifndef NC_XMLLINT
#define NC_XMLLINT "xmllint"
#endif
#define RNG "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"

/* Builds a tree whose blocks carry increasing source lines, as the tree
 * checker wants. */
typedef struct builder {
    nc_document *doc;
    unsigned long line;
} builder;

static nc_node *blk(builder *b, nc_node *parent, nc_node_type type)
{
    nc_node *n = nc_node_new(&b->doc->arena, type);
    assert_non_null(n);
    n->line_first = n->line_last = ++b->line;
    assert_int_equal(nc_node_append(parent, n), 0);
    return n;
}

static nc_node *txt(builder *b, nc_node *parent, const char *s)
{
    nc_node *t = nc_node_new_text(&b->doc->arena, s, strlen(s));
    assert_non_null(t);
    assert_int_equal(nc_node_append(parent, t), 0);
    return t;
}

static nc_node *inl(builder *b, nc_node *parent, nc_node_type type, const char *s)
{
    nc_node *n = nc_node_new(&b->doc->arena, type);
    assert_non_null(n);
    assert_int_equal(nc_node_append(parent, n), 0);
    if (s)
        txt(b, n, s);
    return n;
}

static nc_node *leaf(builder *b, nc_node *parent, nc_node_type type, const char *s)
{
    nc_node *n = blk(b, parent, type);
    if (s)
        txt(b, n, s);
    return n;
}

static nc_node *heading(builder *b, int level, const char *s)
{
    nc_node *h = leaf(b, b->doc->body, NC_NODE_HEADING, s);
    h->level = level;
    return h;
}

static char *dup_str(builder *b, const char *s)
{
    char *c = nc_arena_strdup(&b->doc->arena, s);
    assert_non_null(c);
    return c;
}

/* The writer's output, NUL-terminated; free() it. */
static char *write_dbk(const nc_document *doc, size_t *len)
{
    const nc_writer *w = nc_writer_find("docbook");
    assert_non_null(w);
    assert_ptr_equal(nc_writer_find("dbk"), w);
    nc_sink *sink = nc_sink_new_memory();
    nc_error err;
    nc_status rc = nc_write(doc, w, NULL, sink, &err);
    if (rc != NC_OK)
        fail_msg("docbook writer: %s", err.message);
    assert_int_equal(nc_sink_finish(sink, &err), NC_OK);
    size_t n;
    const unsigned char *data = nc_sink_memory_data(sink, &n);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, data, n);
    copy[n] = '\0';
    nc_sink_free(sink);
    if (len)
        *len = n;
    return copy;
}

/* xmllint, the independent judge, reads the document on its standard input. */
static void assert_valid(const char *xml)
{
    FILE *p = popen(NC_XMLLINT " --noout --relaxng " RNG " - 2>&1", "w");
    assert_non_null(p);
    fwrite(xml, 1, strlen(xml), p);
    int status = pclose(p);
    if (status != 0) {
        fprintf(stderr, "--- rejected document:\n%s\n---\n", xml);
        fail_msg("xmllint rejects the DocBook output (status %d)", status);
    }
}

typedef struct parsed {
    xmlDocPtr doc;
    xmlXPathContextPtr ctx;
} parsed;

static parsed parse(const char *xml)
{
    parsed p;
    p.doc = xmlReadMemory(xml, (int)strlen(xml), "out.dbk", NULL, XML_PARSE_NONET);
    assert_non_null(p.doc);
    p.ctx = xmlXPathNewContext(p.doc);
    assert_non_null(p.ctx);
    xmlXPathRegisterNs(p.ctx, BAD_CAST "db", BAD_CAST "http://docbook.org/ns/docbook");
    xmlXPathRegisterNs(p.ctx, BAD_CAST "xl", BAD_CAST "http://www.w3.org/1999/xlink");
    return p;
}

static void unparse(parsed *p)
{
    xmlXPathFreeContext(p->ctx);
    xmlFreeDoc(p->doc);
}

static double xp_number(parsed *p, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, p->ctx);
    assert_non_null(o);
    double v = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    return v;
}

/* The string value of expr; free() it. */
static char *xp_string(parsed *p, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, p->ctx);
    assert_non_null(o);
    xmlChar *s = xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    char *copy = strdup((const char *)s);
    xmlFree(s);
    return copy;
}

static void assert_xp(parsed *p, const char *expr, double want)
{
    double got = xp_number(p, expr);
    if (got != want)
        fail_msg("%s = %g, wanted %g", expr, got, want);
}

static void assert_xp_str(parsed *p, const char *expr, const char *want)
{
    char *got = xp_string(p, expr);
    if (strcmp(got, want) != 0)
        fail_msg("%s = \"%s\", wanted \"%s\"", expr, got, want);
    free(got);
}

/* Every TEXT of the body appears, in document order, in the text content
 * of the article's body (after <info>). */
static void assert_text_in_order(parsed *p, const nc_document *doc)
{
    xmlNodePtr root = xmlDocGetRootElement(p->doc);
    nc_buf body = NC_BUF_INIT;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "info"))
            continue;
        xmlChar *t = xmlNodeGetContent(c);
        if (t)
            nc_buf_puts(&body, (const char *)t);
        xmlFree(t);
    }
    const char *hay = nc_buf_cstr(&body);
    assert_non_null(hay);
    nc_iter it;
    nc_iter_init(&it, doc->body);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        if (ev != NC_EVENT_ENTER || it.node->type != NC_NODE_TEXT || !*it.node->literal)
            continue;
        const char *at = strstr(hay, it.node->literal);
        if (!at)
            fail_msg("text \"%s\" missing or out of order in the output", it.node->literal);
        hay = at + strlen(it.node->literal);
    }
    nc_buf_free(&body);
}

static void every_node_type(void **state)
{
    (void)state;
    builder b = {.doc = nc_document_new()};
    nc_document *doc = b.doc;
    nc_node *body = doc->body;
    assert_int_equal(nc_meta_set(doc, "title", "The headline"), 0);
    assert_int_equal(nc_meta_set(doc, "lang", "de-CH"), 0);
    assert_int_equal(nc_meta_set(doc, "author", "Ann Author"), 0);
    assert_int_equal(nc_meta_set(doc, "author", "Ben Writer"), 0);
    assert_int_equal(nc_meta_set(doc, "description", "What it is about."), 0);
    leaf(&b, body, NC_NODE_BYLINE, "By Ann Author and Ben Writer");
    nc_node *p = blk(&b, body, NC_NODE_PARAGRAPH);
    inl(&b, p, NC_NODE_KICKER, "UPDATE 2-");
    inl(&b, p, NC_NODE_DATELINE, "BERLIN (AP) -");
    txt(&b, p, " The story begins.");
    nc_node *table = blk(&b, body, NC_NODE_TABLE);
    for (int r = 0; r < 3; r++) {
        nc_node *row = blk(&b, table, NC_NODE_ROW);
        row->header = r == 0;
        static const char *const cells[3][3] = {
            {"", "1987", "1986"}, {"Wheat", "22.1", "18.4"}, {"Corn", "31.5", "9.0"}};
        for (int c = 0; c < 3; c++) {
            nc_node *cell = *cells[r][c] ? leaf(&b, row, NC_NODE_CELL, cells[r][c])
                                         : blk(&b, row, NC_NODE_CELL);
            cell->align = c ? NC_ALIGN_RIGHT : NC_ALIGN_LEFT;
        }
    }
    leaf(&b, body, NC_NODE_CAPTION, "A man (left) smiles.");
    p = leaf(&b, body, NC_NODE_PARAGRAPH, "Plain, then ");
    inl(&b, p, NC_NODE_EMPHASIS, "stressed");
    txt(&b, p, " and ");
    nc_node *link = inl(&b, p, NC_NODE_LINK, "a link");
    link->literal = dup_str(&b, "https://example.org/a?b=1&c=2");
    nc_node *em = inl(&b, p, NC_NODE_EMPHASIS, "outer ");
    inl(&b, em, NC_NODE_LINK, "inner")->literal = dup_str(&b, "https://example.org/");
    nc_node *quote = blk(&b, body, NC_NODE_QUOTE);
    leaf(&b, quote, NC_NODE_PARAGRAPH, "Quoted words.");
    leaf(&b, quote, NC_NODE_HEADING, "A heading in a quote")->level = 3;
    nc_node *ql = blk(&b, quote, NC_NODE_LIST);
    leaf(&b, ql, NC_NODE_ITEM, "quoted item");
    blk(&b, quote, NC_NODE_BREAK);
    nc_node *inner = blk(&b, quote, NC_NODE_QUOTE);
    leaf(&b, inner, NC_NODE_PARAGRAPH, "Nested quote.");
    nc_node *ul = blk(&b, body, NC_NODE_LIST);
    leaf(&b, ul, NC_NODE_ITEM, "first bullet");
    leaf(&b, ul, NC_NODE_ITEM, "second bullet");
    nc_node *ol = blk(&b, body, NC_NODE_LIST);
    ol->ordered = 1;
    ol->start = 3;
    nc_node *item = blk(&b, ol, NC_NODE_ITEM);
    leaf(&b, item, NC_NODE_PARAGRAPH, "Item para one.");
    nc_node *sub = blk(&b, item, NC_NODE_LIST);
    leaf(&b, sub, NC_NODE_ITEM, "sub item");
    leaf(&b, ol, NC_NODE_ITEM, "fourth");
    nc_node *ol1 = blk(&b, body, NC_NODE_LIST);
    ol1->ordered = 1;
    ol1->start = 1;
    leaf(&b, ol1, NC_NODE_ITEM, "one");
    blk(&b, body, NC_NODE_BREAK);
    heading(&b, 2, "Section A");
    leaf(&b, body, NC_NODE_PARAGRAPH, "In A.");
    heading(&b, 3, "Section B");
    heading(&b, 3, "Section C");
    leaf(&b, body, NC_NODE_PARAGRAPH, "In C.");
    heading(&b, 2, "Section D");
    leaf(&b, body, NC_NODE_PARAGRAPH, "In D.");
    leaf(&b, body, NC_NODE_CREDIT, "With reporting by Reuters");
    assert_int_equal(nc_node_check(body, NULL), 0);

    size_t n1, n2;
    char *xml = write_dbk(doc, &n1);
    assert_valid(xml);
    char *again = write_dbk(doc, &n2);
    assert_true(n1 == n2 && memcmp(xml, again, n1) == 0); /* deterministic */
    free(again);

    parsed x = parse(xml);
    assert_xp_str(&x, "string(/db:article/@version)", "5.0");
    assert_xp_str(&x, "string(/db:article/@xml:lang)", "de-CH");
    assert_xp_str(&x, "string(/db:article/db:info/db:title)", "The headline");
    assert_xp(&x, "count(/db:article/db:info/db:author/db:personname)", 2);
    assert_xp_str(&x, "string(/db:article/db:info/db:author[2]/db:personname)", "Ben Writer");
    assert_xp_str(&x, "normalize-space(/db:article/db:info/db:abstract)", "What it is about.");
    assert_xp_str(&x, "string(/db:article/db:info/db:bibliosource[@role='credit'])",
                  "With reporting by Reuters");
    assert_xp_str(&x, "string(//db:section//db:para[@role='credit'])", "With reporting by Reuters");
    assert_xp_str(&x, "string(/db:article/db:para[@role='byline'])", "By Ann Author and Ben Writer");
    assert_xp_str(&x, "string(//db:para/db:phrase[@role='dateline'])", "BERLIN (AP) -");
    assert_xp_str(&x, "string(//db:para/db:phrase[@role='kicker'])", "UPDATE 2-");
    assert_xp_str(&x, "string(//db:para[db:phrase[@role='dateline']])",
                  "UPDATE 2-BERLIN (AP) - The story begins.");
    assert_xp_str(&x, "string(//db:informaltable/db:tgroup/@cols)", "3");
    assert_xp(&x, "count(//db:informaltable//db:thead/db:row/db:entry)", 3);
    assert_xp(&x, "count(//db:informaltable//db:tbody/db:row)", 2);
    assert_xp_str(&x, "string(//db:tbody/db:row[2]/db:entry[2])", "31.5");
    assert_xp_str(&x, "string(//db:tbody/db:row[2]/db:entry[2]/@align)", "right");
    assert_xp_str(&x, "normalize-space(//db:informalfigure/db:mediaobject/db:caption)",
                  "A man (left) smiles.");
    assert_xp_str(&x, "normalize-space(//db:informalfigure/db:mediaobject/db:textobject)",
                  "A man (left) smiles.");
    assert_xp_str(&x, "string(/db:article/db:para/db:emphasis[1])", "stressed");
    assert_xp_str(&x, "string(/db:article/db:para/db:link/@xl:href)",
                  "https://example.org/a?b=1&c=2");
    assert_xp_str(&x, "string(//db:emphasis/db:link/@xl:href)", "https://example.org/");
    assert_xp(&x, "count(/db:article/db:blockquote/db:bridgehead)", 1);
    assert_xp(&x, "count(/db:article/db:blockquote/db:itemizedlist/db:listitem)", 1);
    assert_xp(&x, "count(/db:article/db:blockquote/db:para[@role='break'])", 1);
    assert_xp(&x, "count(/db:article/db:blockquote/db:blockquote)", 1);
    assert_xp(&x, "count(/db:article/db:itemizedlist/db:listitem)", 2);
    assert_xp_str(&x, "string(/db:article/db:orderedlist[1]/@startingnumber)", "3");
    assert_xp(&x, "count(/db:article/db:orderedlist[2]/@startingnumber)", 0);
    assert_xp(&x, "count(/db:article/db:orderedlist[1]/db:listitem[1]/db:itemizedlist)", 1);
    /* A break is an empty paragraph with the role. */
    assert_xp(&x, "count(//db:para[@role='break'])", 2);
    assert_xp(&x, "count(//db:para[@role='break'][node()])", 0);
    /* Subheads: A holds B and C; D follows A; nothing follows a section. */
    assert_xp(&x, "count(/db:article/db:section)", 2);
    assert_xp_str(&x, "string(/db:article/db:section[1]/db:title)", "Section A");
    assert_xp(&x, "count(/db:article/db:section[1]/db:section)", 2);
    assert_xp_str(&x, "string(/db:article/db:section[1]/db:section[2]/db:title)", "Section C");
    assert_xp(&x, "count(/db:article/db:section[last()]/following-sibling::*)", 0);
    /* Quotation marks are characters: DocBook's quote element is not used. */
    assert_xp(&x, "count(//db:quote)", 0);
    assert_text_in_order(&x, doc);
    unparse(&x);
    free(xml);
    nc_document_free(doc);
}

static void awkward_sections(void **state)
{
    (void)state;
    builder b = {.doc = nc_document_new()};
    nc_document *doc = b.doc;
    /* Subheads first, levels skipped, out of range, and empty at the end. */
    heading(&b, 4, "Deep first");
    leaf(&b, doc->body, NC_NODE_PARAGRAPH, "under deep");
    heading(&b, 2, "Two");
    heading(&b, 6, "Six");
    heading(&b, 9, "Nine");
    leaf(&b, doc->body, NC_NODE_PARAGRAPH, "under nine");
    heading(&b, 1, "One");
    heading(&b, 0, "Zero");
    heading(&b, 2, "Empty at the end");
    /* Levels 0, 1 and 9 are beyond what the tree checker allows; a caller's
     * tree may still hold them, and the output must stay valid. */
    char *xml = write_dbk(doc, NULL);
    assert_valid(xml);
    parsed x = parse(xml);
    assert_xp(&x, "count(//db:section)", 7);
    assert_xp(&x, "count(/db:article/db:para)", 0);
    /* 9 is as deep as 6: a sibling of Six, not its child. */
    assert_xp_str(&x, "string(//db:section[db:title='Nine']/../db:title)", "Two");
    assert_xp(&x, "count(//db:section[db:title='Zero']/ancestor::db:section)", 0);
    /* A title without anything under it still holds a paragraph. */
    assert_xp(&x, "count(//db:section[not(db:para or db:section)])", 0);
    unparse(&x);
    free(xml);
    nc_document_free(doc);
}

static void empty_things(void **state)
{
    (void)state;
    builder b = {.doc = nc_document_new()};
    nc_document *doc = b.doc;
    /* An empty document first. */
    char *xml = write_dbk(doc, NULL);
    assert_valid(xml);
    parsed x = parse(xml);
    assert_xp(&x, "count(/db:article/db:info/db:title)", 1);
    unparse(&x);
    free(xml);

    nc_node *body = doc->body;
    blk(&b, body, NC_NODE_QUOTE);
    blk(&b, body, NC_NODE_LIST);
    nc_node *l = blk(&b, body, NC_NODE_LIST);
    blk(&b, l, NC_NODE_ITEM);
    nc_node *it2 = blk(&b, l, NC_NODE_ITEM);
    blk(&b, it2, NC_NODE_PARAGRAPH);
    nc_node *p = blk(&b, body, NC_NODE_PARAGRAPH);
    inl(&b, p, NC_NODE_EMPHASIS, NULL);
    inl(&b, p, NC_NODE_LINK, NULL); /* no URL, no text */
    txt(&b, p, "");
    blk(&b, body, NC_NODE_CAPTION);
    blk(&b, body, NC_NODE_BYLINE);
    blk(&b, body, NC_NODE_CREDIT);
    blk(&b, body, NC_NODE_HEADING)->level = 2;
    /* The tree checker refuses most of these (an empty list, an empty text);
     * the writer, which cannot know who built the tree, copes. */
    assert_true(nc_node_check(body, NULL) > 0);
    xml = write_dbk(doc, NULL);
    assert_valid(xml);
    free(xml);
    nc_document_free(doc);
}

static void hostile_text(void **state)
{
    (void)state;
    builder b = {.doc = nc_document_new()};
    nc_document *doc = b.doc;
    const char *markup = "a & b < c > d \"e\" 'f' ]]> &amp; <para/> \t\r\n x";
    /* C0 controls, U+FFFE, U+FFFF and broken UTF-8 have no place in XML. */
    const char *bad = "[\x01\x1f\xef\xbf\xbe\xef\xbf\xbf\xff\xc3]";
    const char *bad_clean = "[\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                            "\xef\xbf\xbd]";
    assert_int_equal(nc_meta_set(doc, "title", markup), 0);
    assert_int_equal(nc_meta_set(doc, "author", bad), 0);
    assert_int_equal(nc_meta_set(doc, "image", "a\"b<c>&d\x01.jpg"), 0);
    assert_int_equal(nc_meta_set(doc, "lang", "en"), 0);
    leaf(&b, doc->body, NC_NODE_PARAGRAPH, markup);
    leaf(&b, doc->body, NC_NODE_PARAGRAPH, bad);
    nc_node *p = leaf(&b, doc->body, NC_NODE_PARAGRAPH, "see ");
    inl(&b, p, NC_NODE_LINK, "here")->literal = dup_str(&b, "http://x/?a=\"1\"&b=<2>\x02\n");
    char *xml = write_dbk(doc, NULL);
    assert_valid(xml);
    parsed x = parse(xml);
    assert_xp_str(&x, "string(/db:article/db:info/db:title)", markup);
    assert_xp_str(&x, "string(/db:article/db:para[1])", markup);
    assert_xp_str(&x, "string(/db:article/db:para[2])", bad_clean);
    assert_xp_str(&x, "string(//db:imagedata/@fileref)", "a\"b<c>&d\xef\xbf\xbd.jpg");
    assert_xp_str(&x, "string(//db:link/@xl:href)", "http://x/?a=\"1\"&b=<2>\xef\xbf\xbd\n");
    unparse(&x);
    free(xml);
    nc_document_free(doc);
}

static void photo_without_caption(void **state)
{
    (void)state;
    builder b = {.doc = nc_document_new()};
    nc_document *doc = b.doc;
    assert_int_equal(nc_meta_set(doc, "image", "photo.jpg"), 0);
    heading(&b, 2, "Only a section");
    leaf(&b, doc->body, NC_NODE_PARAGRAPH, "text");
    char *xml = write_dbk(doc, NULL);
    assert_valid(xml);
    parsed x = parse(xml);
    assert_xp_str(&x, "string(/db:article/db:informalfigure/db:mediaobject/db:imageobject/"
                      "db:imagedata/@fileref)", "photo.jpg");
    unparse(&x);
    free(xml);
    nc_document_free(doc);
}

static void dateline_inside_markup(void **state)
{
    (void)state;
    builder b = {.doc = nc_document_new()};
    nc_document *doc = b.doc;
    nc_node *p = blk(&b, doc->body, NC_NODE_PARAGRAPH);
    nc_node *dl = inl(&b, p, NC_NODE_DATELINE, NULL);
    inl(&b, dl, NC_NODE_EMPHASIS, "LONDON");
    txt(&b, dl, " -");
    txt(&b, p, " News.");
    char *xml = write_dbk(doc, NULL);
    assert_valid(xml);
    parsed x = parse(xml);
    assert_xp_str(&x, "string(/db:article/db:para/db:phrase[@role='dateline'])", "LONDON -");
    assert_xp_str(&x, "string(/db:article/db:para/db:phrase[@role='dateline']/db:emphasis)", "LONDON");
    unparse(&x);
    free(xml);
    nc_document_free(doc);
}

typedef struct chunks {
    size_t calls, total, largest;
    int fail_after; /* fail once this many calls were made; -1: never */
} chunks;

static int count_chunk(const void *data, size_t size, void *userdata)
{
    (void)data;
    chunks *c = userdata;
    if (c->fail_after >= 0 && c->calls >= (size_t)c->fail_after)
        return -1;
    c->calls++;
    c->total += size;
    if (size > c->largest)
        c->largest = size;
    return 0;
}

static nc_document *big_document(size_t paragraphs)
{
    builder b = {.doc = nc_document_new()};
    for (size_t i = 0; i < paragraphs; i++)
        leaf(&b, b.doc->body, NC_NODE_PARAGRAPH,
             "A paragraph of a long article, long enough to make the whole thing big.");
    return b.doc;
}

static void streams_into_the_sink(void **state)
{
    (void)state;
    nc_document *doc = big_document(40000);
    chunks c = {.fail_after = -1};
    nc_sink *sink = nc_sink_new_callback(count_chunk, &c);
    nc_error err;
    assert_int_equal(nc_write(doc, nc_writer_find("docbook"), NULL, sink, &err), NC_OK);
    assert_int_equal(nc_sink_finish(sink, &err), NC_OK);
    nc_sink_free(sink);
    /* Over 3 MB, handed over in pieces no bigger than the sink's buffer: the
     * writer never held the whole document. */
    assert_true(c.total > 3000000);
    assert_true(c.calls > 20);
    assert_true(c.largest <= 64 * 1024);
    nc_document_free(doc);
}

static void failing_sink_is_an_error_and_silent(void **state)
{
    (void)state;
    nc_document *doc = big_document(5000);
    chunks c = {.fail_after = 1};
    nc_sink *sink = nc_sink_new_callback(count_chunk, &c);
    nc_error err;
    /* Catch anything libxml2 might print. */
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    dup2(fileno(tmp), 2);
    nc_status rc = nc_write(doc, nc_writer_find("docbook"), NULL, sink, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    assert_int_equal(fstat(fileno(tmp), &st), 0);
    long printed = (long)st.st_size;
    fclose(tmp);
    assert_int_equal(rc, NC_ERR_IO);
    assert_int_equal(err.code, NC_ERR_IO);
    assert_int_equal(printed, 0);
    nc_sink_free(sink);
    nc_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_node_type),
        cmocka_unit_test(awkward_sections),
        cmocka_unit_test(empty_things),
        cmocka_unit_test(hostile_text),
        cmocka_unit_test(photo_without_caption),
        cmocka_unit_test(dateline_inside_markup),
        cmocka_unit_test(streams_into_the_sink),
        cmocka_unit_test(failing_sink_is_an_error_and_silent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

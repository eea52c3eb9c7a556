/* every_node FORMAT: writes, to standard output, a document that holds every
 * node type of the model and every metadata key, in every arrangement the
 * nesting rules allow (quotes holding lists, items holding blocks, links
 * inside emphasis, a dateline), through the named writer. The reader
 * cannot make all of these yet; the schema and validator tests need them. */
#include <stdio.h>
#include <string.h>

#include "document.h"
#include "node.h"

typedef struct builder {
    nc_document *doc;
    unsigned long line;
    int failed;
} builder;

static nc_node *add(builder *b, nc_node *parent, nc_node *n)
{
    if (!n || nc_node_append(parent, n) < 0)
        b->failed = 1;
    return n;
}

static nc_node *blk(builder *b, nc_node *parent, nc_node_type type)
{
    nc_node *n = nc_node_new(&b->doc->arena, type);
    if (n) {
        b->line += 2;
        n->line_first = b->line;
        n->line_last = b->line + 1;
    }
    return add(b, parent, n);
}

static void txt(builder *b, nc_node *parent, const char *s)
{
    if (parent)
        add(b, parent, nc_node_new_text(&b->doc->arena, s, strlen(s)));
}

static nc_node *leaf(builder *b, nc_node *parent, nc_node_type type, const char *s)
{
    nc_node *n = blk(b, parent, type);
    txt(b, n, s);
    return n;
}

static nc_node *inl(builder *b, nc_node *parent, nc_node_type type, const char *s, const char *url)
{
    nc_node *n = nc_node_new(&b->doc->arena, type);
    if (n && url)
        n->literal = nc_arena_strdup(&b->doc->arena, url);
    add(b, parent, n);
    if (n && s)
        txt(b, n, s);
    return n;
}

static void build(builder *b)
{
    nc_document *doc = b->doc;
    static const char *const meta[][2] = {
        {"title", "Every node"}, {"kicker", "TEST-"}, {"subtitle", "A test document"}, {"author", "Ann Author"},
        {"author", "Ben Writer"}, {"date", "2023-09-28"}, {"lang", "en-GB"},
        {"publisher", "Newsconv Tests"}, {"source", "https://example.org/source"},
        {"identifier", "urn:uuid:00000000-0000-4000-8000-000000000000"},
        {"description", "All node types at once."}, {"subject", "Testing"},
        {"keyword", "one"}, {"keyword", "two"}, {"image", "photo.jpg"},
        {"image-alt", "A photo of every node"}, {"cover-image", "cover.jpg"}, {"credit", "With reporting by Reuters"},
    };
    for (size_t i = 0; i < sizeof meta / sizeof *meta; i++)
        if (nc_meta_set(doc, meta[i][0], meta[i][1]) != 0)
            b->failed = 1;
    doc->meta.lang_source = "option"; /* as the reader sets it */
    nc_node *body = doc->body;
    leaf(b, body, NC_NODE_BYLINE, "By Ann Author and Ben Writer");
    leaf(b, body, NC_NODE_CAPTION, "Ann Author (left) and Ben Writer.");
    nc_node *p = blk(b, body, NC_NODE_PARAGRAPH);
    inl(b, p, NC_NODE_KICKER, "EXCLUSIVE-", NULL);
    inl(b, p, NC_NODE_DATELINE, "LONDON, Sept. 28 \u2014", NULL);
    txt(b, p, " The story starts ");
    nc_node *em = inl(b, p, NC_NODE_EMPHASIS, "with emphasis", NULL);
    inl(b, em, NC_NODE_LINK, " and a link inside", "https://example.org/inner");
    txt(b, p, ", then ");
    inl(b, p, NC_NODE_LINK, "a link", "https://example.org/a?b=1&c=\"2\"");
    txt(b, p, ".");
    nc_node *q = blk(b, body, NC_NODE_QUOTE);
    leaf(b, q, NC_NODE_PARAGRAPH, "\u201cA quoted paragraph,\u201d she said.");
    nc_node *ql = blk(b, q, NC_NODE_LIST);
    leaf(b, ql, NC_NODE_ITEM, "a list in a quote");
    nc_node *qq = blk(b, q, NC_NODE_QUOTE);
    leaf(b, qq, NC_NODE_PARAGRAPH, "A quote in a quote.");
    nc_node *ul = blk(b, body, NC_NODE_LIST);
    leaf(b, ul, NC_NODE_ITEM, "first bullet");
    nc_node *item = leaf(b, ul, NC_NODE_ITEM, "second bullet, ");
    inl(b, item, NC_NODE_EMPHASIS, "emphasised", NULL);
    nc_node *ol = blk(b, body, NC_NODE_LIST);
    if (ol) {
        ol->ordered = 1;
        ol->start = 3;
    }
    nc_node *big = blk(b, ol, NC_NODE_ITEM);
    leaf(b, big, NC_NODE_PARAGRAPH, "An item holding blocks.");
    nc_node *sub = blk(b, big, NC_NODE_LIST);
    leaf(b, sub, NC_NODE_ITEM, "a nested item");
    leaf(b, ol, NC_NODE_ITEM, "fourth");
    blk(b, body, NC_NODE_BREAK);
    nc_node *table = blk(b, body, NC_NODE_TABLE);
    for (int r = 0; r < 3; r++) {
        nc_node *row = blk(b, table, NC_NODE_ROW);
        if (row)
            row->header = r == 0;
        static const char *const cells[3][3] = {
            {"", "1987", "1986"}, {"Wheat", "22.1", "18.4"}, {"Corn | maize", "31.5", ""}};
        for (int c = 0; c < 3; c++) {
            nc_node *cell = *cells[r][c] ? leaf(b, row, NC_NODE_CELL, cells[r][c])
                                         : blk(b, row, NC_NODE_CELL);
            if (cell)
                cell->align = c ? NC_ALIGN_RIGHT : NC_ALIGN_LEFT;
        }
    }
    nc_node *h = leaf(b, body, NC_NODE_HEADING, "A subhead");
    if (h)
        h->level = 2;
    leaf(b, body, NC_NODE_PARAGRAPH, "Under the subhead.");
    h = leaf(b, body, NC_NODE_HEADING, "A deeper subhead");
    if (h)
        h->level = 3;
    leaf(b, body, NC_NODE_PARAGRAPH, "Under the deeper one.");
    leaf(b, body, NC_NODE_CREDIT, "With reporting by Reuters");
}

static int to_stdout(const void *data, size_t size, void *userdata)
{
    (void)userdata;
    return fwrite(data, 1, size, stdout) == size ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: every_node FORMAT\n");
        return 2;
    }
    const nc_writer *w = nc_writer_find(argv[1]);
    builder b = {.doc = nc_document_new()};
    if (!w || !b.doc) {
        fprintf(stderr, "every_node: no writer '%s'\n", argv[1]);
        return 2;
    }
    build(&b);
    nc_buf why = NC_BUF_INIT;
    if (b.failed || nc_node_check(b.doc->body, &why) != 0) {
        fprintf(stderr, "every_node: bad tree: %s\n", why.data ? why.data : "build failed");
        return 1;
    }
    nc_sink *sink = nc_sink_new_callback(to_stdout, NULL);
    nc_error err;
    nc_status rc = sink ? nc_write(b.doc, w, NULL, sink, &err) : NC_ERR_NOMEM;
    if (rc == NC_OK)
        rc = nc_sink_finish(sink, &err);
    nc_sink_free(sink);
    nc_document_free(b.doc);
    if (rc != NC_OK) {
        fprintf(stderr, "every_node: %s\n", err.message);
        return 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

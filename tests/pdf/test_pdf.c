/* Unit tests of the PDF writer, on documents built node by node: every
 * block and inline type, options, determinism, missing glyphs, libharu's
 * string limit. With "--write BASE" it instead writes BASE.pdf and
 * BASE.json of the structured document for check_pdf.py to measure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "formats.h"
#include "node.h"
#include "writer.h"

static unsigned long line_no;

static const void *find(const void *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp((const char *)hay + i, needle, k) == 0)
            return (const char *)hay + i;
    return NULL;
}

static nc_node *block(nc_document *doc, nc_node *parent, nc_node_type t)
{
    nc_node *b = nc_node_new(&doc->arena, t);
    b->line_first = b->line_last = ++line_no;
    assert_int_equal(nc_node_append(parent, b), 0);
    return b;
}

static void text(nc_document *doc, nc_node *parent, const char *s)
{
    assert_int_equal(nc_node_append(parent, nc_node_new_text(&doc->arena, s, strlen(s))), 0);
}

static nc_node *para(nc_document *doc, nc_node *parent, const char *s)
{
    nc_node *p = block(doc, parent, NC_NODE_PARAGRAPH);
    text(doc, p, s);
    return p;
}

/* Deterministic filler prose: paragraphs of varied length, so that page
 * breaks fall at every kind of place across a long document. */
static void filler(nc_buf *out, unsigned *seed, int n_words)
{
    static const char *const w[] = {
        "government", "ministers", "announced", "the", "international", "negotiations",
        "would", "continue", "despite", "considerable", "opposition", "from", "parliament",
        "and", "several", "regional", "administrations", "economists", "warned", "that",
        "unemployment", "could", "rise", "sharply", "in", "industrial", "communities", "while",
        "representatives", "of", "manufacturers", "demanded", "clarification", "about",
        "environmental", "regulations", "a", "spokeswoman", "said", "on", "Tuesday"};
    for (int i = 0; i < n_words; i++) {
        *seed = *seed * 1103515245u + 12345u;
        const char *word = w[(*seed >> 16) % (sizeof w / sizeof *w)];
        if (i)
            nc_buf_putc(out, ' ');
        nc_buf_puts(out, word);
        if (i % 13 == 12)
            nc_buf_putc(out, ',');
    }
    nc_buf_putc(out, '.');
}

/* A document with every node type, long enough for many pages. */
static nc_document *structured(void)
{
    line_no = 0;
    nc_document *doc = nc_document_new();
    assert_non_null(doc);
    nc_meta_set(doc, "title", "Parliament Debates the Budget as Talks Continue Into the Night");
    nc_meta_set(doc, "author", "Jane Reporter");
    nc_meta_set(doc, "keyword", "budget");
    nc_meta_set(doc, "subject", "Politics");
    nc_node *body = doc->body;
    nc_node *cap = block(doc, body, NC_NODE_CAPTION);
    text(doc, cap, "Members of parliament arrive for the late session on Tuesday.");
    nc_node *by = block(doc, body, NC_NODE_BYLINE);
    text(doc, by, "By Jane Reporter");
    nc_node *first = block(doc, body, NC_NODE_PARAGRAPH);
    nc_node *dl = nc_node_new(&doc->arena, NC_NODE_DATELINE);
    nc_node_append(first, dl);
    text(doc, dl, "LONDON (Wire) \xE2\x80\x94");
    text(doc, first, " The budget debate went on late into the night, "
                     "with ministers defending every line of it.");
    nc_node *table = block(doc, body, NC_NODE_TABLE);
    for (int r = 0; r < 3; r++) {
        nc_node *row = block(doc, table, NC_NODE_ROW);
        row->header = r == 0;
        static const char *const cells[3][3] = {
            {"Department", "2024", "2025"}, {"Health", "181.2", "192.0"}, {"Defence", "54.6", "57.1"}};
        for (int c = 0; c < 3; c++) {
            nc_node *cell = block(doc, row, NC_NODE_CELL);
            cell->align = c ? NC_ALIGN_RIGHT : NC_ALIGN_LEFT;
            text(doc, cell, cells[r][c]);
        }
    }
    nc_node *p = block(doc, body, NC_NODE_PARAGRAPH);
    text(doc, p, "Some words are ");
    nc_node *em = nc_node_new(&doc->arena, NC_NODE_EMPHASIS);
    nc_node_append(p, em);
    text(doc, em, "emphasised");
    text(doc, p, " and some point to ");
    nc_node *link = nc_node_new(&doc->arena, NC_NODE_LINK);
    link->literal = nc_arena_strdup(&doc->arena, "https://example.org/budget?a=1&b=(2)");
    nc_node_append(p, link);
    text(doc, link, "the full budget");
    text(doc, p, " online.");
    unsigned seed = 7;
    for (int section = 1; section <= 14; section++) {
        nc_buf h = NC_BUF_INIT;
        nc_buf_printf(&h, "Section %d of the debate", section);
        nc_node *hd = block(doc, body, NC_NODE_HEADING);
        hd->level = section % 5 == 0 ? 3 : 2;
        text(doc, hd, h.data);
        nc_buf_free(&h);
        int n = 2 + (int)(seed >> 20) % 4;
        for (int k = 0; k < n; k++) {
            nc_buf t = NC_BUF_INIT;
            filler(&t, &seed, 12 + (int)((seed >> 12) % 130));
            para(doc, body, t.data);
            nc_buf_free(&t);
        }
        if (section % 4 == 1) {
            nc_node *q = block(doc, body, NC_NODE_QUOTE);
            nc_buf t = NC_BUF_INIT;
            filler(&t, &seed, 60);
            para(doc, q, t.data);
            nc_buf_free(&t);
        }
        if (section % 4 == 2) {
            nc_node *list = block(doc, body, NC_NODE_LIST);
            list->ordered = section % 8 == 2;
            list->start = 3;
            for (int k = 0; k < 3; k++) {
                nc_node *item = block(doc, list, NC_NODE_ITEM);
                nc_buf t = NC_BUF_INIT;
                filler(&t, &seed, 8 + 20 * k);
                text(doc, item, t.data);
                nc_buf_free(&t);
            }
        }
        if (section % 4 == 3)
            block(doc, body, NC_NODE_BREAK);
    }
    nc_node *credit = block(doc, body, NC_NODE_CREDIT);
    text(doc, credit, "With reporting by Wire");
    nc_buf why = NC_BUF_INIT;
    assert_int_equal(nc_node_check(body, &why), 0);
    nc_buf_free(&why);
    return doc;
}

typedef struct warnings {
    int count;
    char text[2048];
} warnings;

static void on_diag(const nc_diagnostic *d, void *user)
{
    warnings *w = user;
    if (d->code != NC_WARN_MISSING_GLYPH)
        return;
    w->count++;
    strncat(w->text, d->message, sizeof w->text - strlen(w->text) - 2);
    strcat(w->text, "\n");
}

static nc_sink *render(const nc_document *doc, const nc_writer_options *opts, nc_status *rc,
                       nc_error *err)
{
    nc_sink *s = nc_sink_new_memory();
    assert_non_null(s);
    *rc = nc_write(doc, &nc_writer_pdf, opts, s, err);
    return s;
}

static void every_node_type_renders_the_same_bytes_twice(void **state)
{
    (void)state;
    nc_document *doc = structured();
    nc_writer_options o;
    nc_writer_options_init(&o);
    o.timestamp = 1700000000;
    nc_error err;
    nc_status rc;
    nc_sink *a = render(doc, &o, &rc, &err);
    assert_int_equal(rc, NC_OK);
    nc_sink *b = render(doc, &o, &rc, &err);
    assert_int_equal(rc, NC_OK);
    size_t na, nb;
    const unsigned char *da = nc_sink_memory_data(a, &na), *db = nc_sink_memory_data(b, &nb);
    assert_true(na > 1000);
    assert_memory_equal(da, "%PDF-", 5);
    assert_int_equal(na, nb);
    assert_memory_equal(da, db, na);
    /* The trailer is complete. */
    assert_non_null(find(da + na - 64, 64, "%%EOF"));
    nc_sink_free(a);
    nc_sink_free(b);
    nc_document_free(doc);
}

static void bad_options_are_named(void **state)
{
    (void)state;
    nc_document *doc = structured();
    static const struct {
        const char *key, *value;
    } bad[] = {{"paper", "a5"},        {"paper", ""},          {"font-size", "2"},
               {"font-size", "11pt"}, {"font-size", "0x10"}, {"font-size", "18.5"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        nc_option opt = {bad[i].key, bad[i].value};
        nc_writer_options o;
        nc_writer_options_init(&o);
        o.options = &opt;
        o.n_options = 1;
        nc_error err;
        nc_status rc;
        nc_sink *s = render(doc, &o, &rc, &err);
        assert_int_equal(rc, NC_ERR_OPTION);
        assert_non_null(strstr(err.message, bad[i].key));
        assert_non_null(strstr(err.message, bad[i].value));
        nc_sink_free(s);
    }
    nc_option ok[] = {{"paper", "letter"}, {"font-size", "9.5"}};
    nc_writer_options o;
    nc_writer_options_init(&o);
    o.options = ok;
    o.n_options = 2;
    nc_error err;
    nc_status rc;
    nc_sink *s = render(doc, &o, &rc, &err);
    assert_int_equal(rc, NC_OK);
    size_t n;
    const unsigned char *d = nc_sink_memory_data(s, &n);
    /* Letter is 612 x 792 points; A4 would be 595 x 842. */
    assert_non_null(find(d, n, "612 792"));
    nc_sink_free(s);
    nc_document_free(doc);
}

static void missing_glyphs_warn_once_each(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    line_no = 0;
    nc_meta_set(doc, "title", "Glyphs \xF0\x9F\xA7\xA0");
    /* an emoji no font has twice (beyond U+FFFF), one DejaVu Sans has, a
     * CJK word, and Cyrillic that the fonts have */
    para(doc, doc->body, "Brain \xF0\x9F\xA7\xA0 and again \xF0\x9F\xA7\xA0 smiling \xF0\x9F\x98\x80 in "
                         "\xE6\x9D\xB1\xE4\xBA\xAC with \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0.");
    warnings w = {0};
    nc_writer_options o;
    nc_writer_options_init(&o);
    o.diag = on_diag;
    o.diag_userdata = &w;
    nc_error err;
    nc_status rc;
    nc_sink *s = render(doc, &o, &rc, &err);
    assert_int_equal(rc, NC_OK);
    assert_int_equal(w.count, 3);
    assert_non_null(strstr(w.text, "U+1F9E0"));
    assert_null(strstr(w.text, "U+1F600"));
    assert_non_null(strstr(w.text, "U+6771"));
    assert_non_null(strstr(w.text, "U+4EAC"));
    assert_null(strstr(w.text, "U+041C"));
    nc_sink_free(s);
    nc_document_free(doc);
}

/* libharu fails on any string over 65,535 bytes and poisons the document:
 * a 200 kB word and a 200 kB title must still give a PDF. */
static void huge_words_and_titles(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    line_no = 0;
    size_t n = 200000;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    nc_meta_set(doc, "title", big);
    nc_meta_set(doc, "keyword", big);
    para(doc, doc->body, big);
    nc_error err;
    nc_status rc;
    nc_sink *s = render(doc, NULL, &rc, &err);
    assert_int_equal(rc, NC_OK);
    size_t len;
    nc_sink_memory_data(s, &len);
    assert_true(len > 10000);
    nc_sink_free(s);
    free(big);
    nc_document_free(doc);
}

static void empty_document_and_bad_image(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    nc_error err;
    nc_status rc;
    nc_sink *s = render(doc, NULL, &rc, &err);
    assert_int_equal(rc, NC_OK);
    nc_sink_free(s);
    nc_meta_set(doc, "image", NC_SOURCE_DIR "/seeds/article.txt");
    s = render(doc, NULL, &rc, &err);
    assert_int_equal(rc, NC_ERR_RESOURCE);
    assert_non_null(strstr(err.message, "article.txt"));
    nc_sink_free(s);
    nc_meta_set(doc, "image", "/nonexistent/photo.png");
    s = render(doc, NULL, &rc, &err);
    assert_int_equal(rc, NC_ERR_RESOURCE);
    nc_sink_free(s);
    nc_document_free(doc);
}

static int write_fixture(const char *base)
{
    nc_document *doc = structured();
    const nc_writer *writers[2] = {&nc_writer_pdf, &nc_writer_json};
    const char *ext[2] = {".pdf", ".json"};
    for (int i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s", base, ext[i]);
        nc_error err;
        nc_sink *s = nc_sink_new_path(path, &err);
        if (!s || nc_write(doc, writers[i], NULL, s, &err) != NC_OK ||
            nc_sink_finish(s, &err) != NC_OK) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            nc_sink_free(s);
            nc_document_free(doc);
            return 1;
        }
        nc_sink_free(s);
    }
    nc_document_free(doc);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_fixture(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_node_type_renders_the_same_bytes_twice),
        cmocka_unit_test(bad_options_are_named),
        cmocka_unit_test(missing_glyphs_warn_once_each),
        cmocka_unit_test(huge_words_and_titles),
        cmocka_unit_test(empty_document_and_bad_image),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

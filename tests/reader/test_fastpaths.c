/* The reader's fast paths (issue 10) give what the slow paths give:
 * decoding in place against decoding through iconv and the cleaning copy,
 * on random texts; the pass that joins broken sentences; link and emphasis
 * scanning that skips ahead; typography that stops at its end; the JSON
 * escaper's eight-byte steps; reading a file sized from fstat. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "escape.h"
#include "node.h"
#include "reader.h"
#include "utf8.h"

/* A small generator of our own: the same texts on every run. */
static unsigned long next_rand(unsigned long *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (*s >> 33) & 0x7fffffff;
}

/* Valid UTF-8 only (invalid bytes are replaced differently by iconv), no
 * NUL (the automatic path calls that binary), but every other kind of
 * character the cleaning step changes or keeps. */
static const char *const pieces[] = {
    "a", "Z", " ", "word ", "longer plain text run ", "\n", "\t", "\r", "\r\n", "\x01",
    "\x1b", "\x7f", "\f", "\v", "\xC2\x85" /* C1 */, "\xC2\xA0", "\xC3\xA9",
    "e\xCC\x81" /* e + combining acute: NFC composes it */, "\xEF\xBF\xBE" /* U+FFFE */,
    "\xEF\xBB\xBF" /* U+FEFF */, "\xE2\x80\x99", "\xE2\x80\x94", "\xF0\x9F\x98\x80",
    "\xED\x95\x9C" /* Hangul syllable */, "\xE1\x84\x92\xE1\x85\xA1" /* conjoining jamo */,
    "\xD0\x96", "&<>\"'", "~}|{",
};

static void decode_in_place_matches_the_copying_path(void **state)
{
    (void)state;
    unsigned long seed = 10;
    int in_place = 0, copied = 0;
    for (int round = 0; round < 4000; round++) {
        char in[2048];
        size_t n = 0;
        int count = (int)(next_rand(&seed) % 40);
        int plain = next_rand(&seed) % 3 == 0; /* many texts need no change at all */
        for (int k = 0; k < count; k++) {
            const char *p = pieces[next_rand(&seed) % (plain ? 5 : sizeof pieces / sizeof *pieces)];
            size_t m = strlen(p);
            memcpy(in + n, p, m);
            n += m;
        }
        nc_reader_options fast, slow;
        nc_reader_options_init(&fast);
        nc_reader_options_init(&slow);
        slow.encoding = "ISO-10646/UTF8/"; /* glibc's other name for UTF-8: iconv, then clean */
        nc_buf a = NC_BUF_INIT, b = NC_BUF_INIT;
        const char *ta, *tb;
        size_t la, lb;
        nc_error err;
        assert_int_equal(nc_decode(in, n, &fast, &a, &ta, &la, &err), NC_OK);
        assert_int_equal(nc_decode(in, n, &slow, &b, &tb, &lb, &err), NC_OK);
        if (la != lb || memcmp(ta, tb, la) != 0)
            fail_msg("round %d: in place and copied decoding differ", round);
        assert_true(nc_utf8_valid(ta, la));
        if (ta == in) {
            in_place++;
            assert_null(a.data); /* no copy was made */
        } else {
            copied++;
        }
        nc_buf_free(&a);
        nc_buf_free(&b);
    }
    /* both paths were taken, many times */
    assert_true(in_place > 500);
    assert_true(copied > 500);
}

static void unclean_input_is_copied(void **state)
{
    (void)state;
    static const char *const cases[] = {"a\rb", "a\x80z", "\xEF\xBB\xBFtext", "x\x01y",
                                        "bad \xC3 byte", "e\xCC\x81"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nc_reader_options o;
        nc_reader_options_init(&o);
        nc_buf out = NC_BUF_INIT;
        const char *t;
        size_t len;
        nc_error err;
        assert_int_equal(nc_decode(cases[i], strlen(cases[i]), &o, &out, &t, &len, &err), NC_OK);
        assert_ptr_not_equal(t, cases[i]);
        assert_true(nc_utf8_valid(t, len));
        nc_buf_free(&out);
    }
}

static nc_document *read_text(const char *text)
{
    nc_reader_options o;
    nc_reader_options_init(&o);
    nc_document *doc = NULL;
    nc_error err;
    if (nc_read_memory(text, strlen(text), &o, &doc, &err) != NC_OK)
        fail_msg("%s", err.message);
    nc_buf why = NC_BUF_INIT;
    if (nc_node_check(doc->body, &why))
        fail_msg("tree problems: %s", nc_buf_cstr(&why));
    nc_buf_free(&why);
    return doc;
}

static size_t count_children(const nc_node *n)
{
    size_t k = 0;
    for (const nc_node *c = n->first_child; c; c = c->next)
        k++;
    return k;
}

/* Sentences broken by stray blank lines are joined in one pass over the
 * units; paragraphs around them stay apart. */
static void many_broken_sentences_join(void **state)
{
    (void)state;
    enum { PIECES = 3000 };
    nc_buf in = NC_BUF_INIT, want = NC_BUF_INIT;
    nc_buf_puts(&in, "Headline here\n\nFirst paragraph ends.\n\nthe start of");
    nc_buf_puts(&want, "the start of");
    for (int i = 0; i < PIECES; i++) {
        nc_buf_printf(&in, "\n\nmore words %d", i);
        nc_buf_printf(&want, " more words %d", i);
    }
    nc_buf_puts(&in, " end.\n\nLast paragraph.\n");
    nc_buf_puts(&want, " end.");
    nc_document *doc = read_text(nc_buf_cstr(&in));
    assert_int_equal(count_children(doc->body), 3);
    const nc_node *joined = doc->body->first_child->next;
    assert_int_equal(joined->type, NC_NODE_PARAGRAPH);
    nc_buf got = NC_BUF_INIT;
    nc_node_plain_text(joined, &got);
    assert_string_equal(nc_buf_cstr(&got), nc_buf_cstr(&want));
    assert_int_equal(joined->line_first, 5);
    assert_int_equal(joined->line_last, 5 + 2 * PIECES); /* the last piece's line */
    nc_buf_free(&got);
    nc_buf_free(&in);
    nc_buf_free(&want);
    nc_document_free(doc);
}

/* Appends a description of the inline nodes of leaf: T(text) L(url|text) E(text). */
static void describe(const nc_node *leaf, nc_buf *out)
{
    for (const nc_node *c = leaf->first_child; c; c = c->next) {
        if (c->type == NC_NODE_TEXT) {
            nc_buf_printf(out, "T(%s)", c->literal);
        } else {
            nc_buf inner = NC_BUF_INIT;
            nc_node_plain_text(c, &inner);
            if (c->type == NC_NODE_LINK)
                nc_buf_printf(out, "L(%s|%s)", c->literal, nc_buf_cstr(&inner));
            else
                nc_buf_printf(out, "E(%s)", nc_buf_cstr(&inner));
            nc_buf_free(&inner);
        }
    }
}

static void links_and_emphasis_found_when_skipping(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Go to WWW.Example.com now.", "T(Go to )L(https://WWW.Example.com|WWW.Example.com)T( now.)"},
        {"See http://a.org/x and _this_ too.",
         "T(See )L(http://a.org/x|http://a.org/x)T( and )E(this)T( too.)"},
        {"Mail ed@news.example.org or *call* us.",
         "T(Mail )L(mailto:ed@news.example.org|ed@news.example.org)T( or )E(call)T( us.)"},
        {"Words with w and h only: what, where, how.", "T(Words with w and h only: what, where, how.)"},
        {"a_b_c and snake_case stay text.", "T(a_b_c and snake_case stay text.)"},
        {"The time is 10:30, not a link.", "T(The time is 10:30, not a link.)"},
        {"*first* then https://x.example.com/path.",
         "E(first)T( then )L(https://x.example.com/path|https://x.example.com/path)T(.)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nc_buf text = NC_BUF_INIT;
        nc_buf_printf(&text, "Headline\n\n%s\n", cases[i].in);
        nc_document *doc = read_text(nc_buf_cstr(&text));
        nc_buf got = NC_BUF_INIT;
        describe(doc->body->first_child, &got);
        if (strcmp(nc_buf_cstr(&got), cases[i].want) != 0)
            fail_msg("%s\n got  %s\n want %s", cases[i].in, nc_buf_cstr(&got), cases[i].want);
        nc_buf_free(&got);
        nc_buf_free(&text);
        nc_document_free(doc);
    }
}

/* Typography skips ahead eight bytes at a time where it can: shifting the
 * text against those steps (leading spaces, which change no decision)
 * must not change what it does to the text. */
static void typography_does_not_depend_on_alignment(void **state)
{
    (void)state;
    static const char *const bits[] = {"word", " ", "...", "--", "---", "\"", "'", "-", ".",
                                       ",", "rock 'n' roll", "Russia's", "'90s", "(", ")",
                                       "\xE2\x80\x94", "#$%&*+", "a longer run of plain text"};
    unsigned long seed = 7;
    for (int round = 0; round < 3000; round++) {
        nc_buf in = NC_BUF_INIT, first = NC_BUF_INIT;
        int count = 1 + (int)(next_rand(&seed) % 30);
        for (int k = 0; k < count; k++)
            nc_buf_puts(&in, bits[next_rand(&seed) % (sizeof bits / sizeof *bits)]);
        const char *lang = round % 2 ? "de" : "en";
        assert_int_equal(nc_typography(&first, in.data, in.len, lang), 0);
        for (size_t pad = 1; pad <= 8; pad++) {
            nc_buf padded = NC_BUF_INIT, out = NC_BUF_INIT;
            for (size_t k = 0; k < pad; k++)
                nc_buf_putc(&padded, ' ');
            nc_buf_put(&padded, in.data, in.len);
            assert_int_equal(nc_typography(&out, padded.data, padded.len, lang), 0);
            if (out.len != first.len + pad || memcmp(out.data + pad, first.data, first.len) != 0)
                fail_msg("'%s' changes with %zu spaces before it", nc_buf_cstr(&in), pad);
            nc_buf_free(&padded);
            nc_buf_free(&out);
        }
        /* and the four marks were all turned into something else */
        assert_null(memchr(first.data, '"', first.len));
        nc_buf_free(&in);
        nc_buf_free(&first);
    }
}

/* Typography finds marks with strcspn, which reads on to the string's NUL:
 * text after s[n] (the next span, the rest of a paragraph) must change
 * nothing, whatever it holds. */
static void typography_stops_at_its_end(void **state)
{
    (void)state;
    static const char *const bits[] = {"word", " ", "...", "--", "\"", "'", "-", ".", "n",
                                       "rock 'n' roll", "'90s", "\xE2\x80\x94", "plain run"};
    unsigned long seed = 11;
    for (int round = 0; round < 3000; round++) {
        nc_buf in = NC_BUF_INIT, longer = NC_BUF_INIT, alone = NC_BUF_INIT, cut = NC_BUF_INIT;
        int count = 1 + (int)(next_rand(&seed) % 12), more = (int)(next_rand(&seed) % 6);
        for (int k = 0; k < count; k++)
            nc_buf_puts(&in, bits[next_rand(&seed) % (sizeof bits / sizeof *bits)]);
        nc_buf_put(&longer, in.data, in.len);
        for (int k = 0; k < more; k++)
            nc_buf_puts(&longer, bits[next_rand(&seed) % (sizeof bits / sizeof *bits)]);
        assert_int_equal(nc_typography(&alone, in.data, in.len, "en"), 0);
        assert_int_equal(nc_typography(&cut, longer.data, in.len, "en"), 0);
        if (cut.len != alone.len || memcmp(cut.data, alone.data, alone.len) != 0)
            fail_msg("'%s' reads past its end in '%s'", nc_buf_cstr(&in), nc_buf_cstr(&longer));
        nc_buf_free(&in);
        nc_buf_free(&longer);
        nc_buf_free(&alone);
        nc_buf_free(&cut);
    }
}

/* nc_escape_json passes eight plain bytes at a step: it must write what
 * the plain byte-at-a-time definition writes, at every alignment. */
static void escape_json_matches_a_byte_loop(void **state)
{
    (void)state;
    static const char *const bits[] = {"a", "plain words ", "\"", "\\", "\n", "\t", "\r",
                                       "\x01", "\x1f", "\x7f", "\xE2\x80\x9C", "\xC3\xA9",
                                       "/", "!", "#", "[", "]", "^", "~"};
    unsigned long seed = 12;
    for (int round = 0; round < 3000; round++) {
        nc_buf in = NC_BUF_INIT, got = NC_BUF_INIT, want = NC_BUF_INIT;
        for (size_t pad = next_rand(&seed) % 8; pad > 0; pad--)
            nc_buf_putc(&in, 'x');
        int count = 1 + (int)(next_rand(&seed) % 25);
        for (int k = 0; k < count; k++)
            nc_buf_puts(&in, bits[next_rand(&seed) % (sizeof bits / sizeof *bits)]);
        nc_buf_putc(&want, '"');
        for (size_t i = 0; i < in.len; i++) {
            unsigned char c = (unsigned char)in.data[i];
            if (c == '"' || c == '\\')
                nc_buf_printf(&want, "\\%c", c);
            else if (c == '\n')
                nc_buf_puts(&want, "\\n");
            else if (c == '\t')
                nc_buf_puts(&want, "\\t");
            else if (c == '\r')
                nc_buf_puts(&want, "\\r");
            else if (c < 0x20 || c == 0x7F)
                nc_buf_printf(&want, "\\u%04x", c);
            else
                nc_buf_putc(&want, (char)c);
        }
        nc_buf_putc(&want, '"');
        assert_int_equal(nc_escape_json(&got, in.data, in.len), 0);
        assert_string_equal(nc_buf_cstr(&got), nc_buf_cstr(&want));
        nc_buf_free(&in);
        nc_buf_free(&got);
        nc_buf_free(&want);
    }
}

/* The plain text of a whole document, for comparing two readings. */
static char *document_text(const nc_document *doc)
{
    nc_buf b = NC_BUF_INIT;
    nc_buf_puts(&b, doc->meta.title ? doc->meta.title : "");
    for (const nc_node *c = doc->body->first_child; c; c = c->next) {
        nc_buf_putc(&b, '\n');
        nc_node_plain_text(c, &b);
    }
    return nc_buf_detach(&b);
}

/* A file read through its size (from the current position on) reads as
 * the same bytes from memory; more than one 64 KB read, and a start past
 * the beginning. */
static void file_reads_like_memory(void **state)
{
    (void)state;
    nc_buf in = NC_BUF_INIT;
    nc_buf_puts(&in, "Skipped line\n\n");
    size_t skip = in.len;
    nc_buf_puts(&in, "A Headline\n\n");
    for (int i = 0; in.len < 300000; i++)
        nc_buf_printf(&in, "Paragraph %d says \"something\" -- and more...\n\n", i);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(fwrite(in.data, 1, in.len, fp), in.len);
    for (int from_middle = 0; from_middle <= 1; from_middle++) {
        size_t at = from_middle ? skip : 0;
        assert_int_equal(fseek(fp, (long)at, SEEK_SET), 0);
        nc_document *a = NULL, *b = NULL;
        nc_error err;
        assert_int_equal(nc_read_file(fp, NULL, &a, &err), NC_OK);
        assert_int_equal(nc_read_memory(in.data + at, in.len - at, NULL, &b, &err), NC_OK);
        char *ta = document_text(a), *tb = document_text(b);
        assert_true(strlen(ta) > 200000);
        assert_string_equal(ta, tb);
        free(ta);
        free(tb);
        nc_document_free(a);
        nc_document_free(b);
    }
    /* the limit still holds when the size is known up front */
    nc_reader_options o;
    nc_reader_options_init(&o);
    o.max_input = 1000;
    rewind(fp);
    nc_document *doc = NULL;
    nc_error err;
    assert_int_equal(nc_read_file(fp, &o, &doc, &err), NC_ERR_TOO_LARGE);
    assert_null(doc);
    fclose(fp);
    nc_buf_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decode_in_place_matches_the_copying_path),
        cmocka_unit_test(unclean_input_is_copied),
        cmocka_unit_test(many_broken_sentences_join),
        cmocka_unit_test(links_and_emphasis_found_when_skipping),
        cmocka_unit_test(typography_does_not_depend_on_alignment),
        cmocka_unit_test(typography_stops_at_its_end),
        cmocka_unit_test(escape_json_matches_a_byte_loop),
        cmocka_unit_test(file_reads_like_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

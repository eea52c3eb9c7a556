/* The Markdown writer's escaping is complete (issue 2): any text of a
 * paragraph, or of the headline, parses back through libcmark to exactly
 * that text, in exactly one paragraph (or level-1 heading) made of text
 * nodes only: no emphasis, code, link, HTML, soft or hard break.
 *
 * The strings come from a fixed-seed generator over all ASCII punctuation,
 * digits, letters, spaces, tabs and non-ASCII letters, with leading and
 * trailing spaces and backslashes, and with the openers of every CommonMark
 * block construct made more likely at the start. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "document.h"
#include "node.h"

enum { CASES = 20000, MAX_LEN = 48 };

/* xorshift64*: the same strings on every machine and every run. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

static size_t pick(uint64_t *state, size_t n) { return (size_t)(next_random(state) % n); }

static const char punctuation[] = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
static const char *const non_ascii[] = {"\xc3\xa9", "\xc3\x9f", "\xd0\xb6", "\xce\xa9",
                                        "\xc3\xb1", "\xe4\xb8\xad", "\xd7\x90", "\xc4\xb1"};
/* Block openers and other tricky beginnings, to be likely at the start. */
static const char *const openers[] = {"# ", "###### ", "####### ", "> ", "- ", "+ ", "* ",
                                      "1. ", "1) ", "123456789. ", "---", "***", "___", "===",
                                      "```", "~~~", "    ", "\t", "<div>", "<!-- ", "[a]: /u",
                                      "&amp;", "&#35;", "\\", "- - -", "| a |", "![x](y)",
                                      "<http://a.b>", "**", "__", "`"};

static void add_random_char(uint64_t *rs, char *s, size_t *n)
{
    switch (pick(rs, 6)) {
    case 0:
    case 1:
        s[(*n)++] = punctuation[pick(rs, sizeof punctuation - 1)];
        break;
    case 2:
        s[(*n)++] = (char)(pick(rs, 2) ? 'a' + pick(rs, 26) : 'A' + pick(rs, 26));
        break;
    case 3:
        s[(*n)++] = (char)('0' + pick(rs, 10));
        break;
    case 4:
        s[(*n)++] = pick(rs, 3) ? ' ' : '\t';
        break;
    default: {
        const char *u = non_ascii[pick(rs, sizeof non_ascii / sizeof *non_ascii)];
        memcpy(s + *n, u, strlen(u));
        *n += strlen(u);
        break;
    }
    }
}

/* A non-empty string (an empty paragraph has no Markdown form at all). */
static void random_text(uint64_t *rs, char *s)
{
    size_t n = 0;
    while (pick(rs, 4) == 0 && n < 5)
        s[n++] = pick(rs, 2) ? ' ' : '\\';
    if (pick(rs, 3) == 0) {
        const char *o = openers[pick(rs, sizeof openers / sizeof *openers)];
        memcpy(s + n, o, strlen(o));
        n += strlen(o);
    }
    size_t len = pick(rs, MAX_LEN);
    while (n < len)
        add_random_char(rs, s, &n);
    switch (pick(rs, 5)) {
    case 0: s[n++] = ' '; s[n++] = ' '; break;
    case 1: s[n++] = '\\'; break;
    case 2: s[n++] = '\t'; break;
    default: break;
    }
    if (n == 0)
        s[n++] = 'x';
    s[n] = '\0';
}

static char *render(const nc_document *doc)
{
    nc_sink *sink = nc_sink_new_memory();
    assert_non_null(sink);
    nc_error err;
    assert_int_equal(nc_write(doc, nc_writer_find("markdown"), NULL, sink, &err), NC_OK);
    size_t n;
    const unsigned char *data = nc_sink_memory_data(sink, &n);
    char *copy = malloc(n + 1);
    assert_non_null(copy);
    memcpy(copy, data, n);
    copy[n] = '\0';
    nc_sink_free(sink);
    return copy;
}

/* The text of a block made only of text nodes, or NULL (and why) when it
 * holds anything else. */
static char *text_only(cmark_node *block, const char **why)
{
    nc_buf out = NC_BUF_INIT;
    for (cmark_node *c = cmark_node_first_child(block); c; c = cmark_node_next(c)) {
        if (cmark_node_get_type(c) != CMARK_NODE_TEXT) {
            *why = cmark_node_get_type_string(c);
            nc_buf_free(&out);
            return NULL;
        }
        nc_buf_puts(&out, cmark_node_get_literal(c));
    }
    const char *s = nc_buf_cstr(&out);
    char *copy = strdup(s ? s : "");
    nc_buf_free(&out);
    return copy;
}

static void report(const char *what, const char *input, const char *md, const char *why)
{
    fprintf(stderr, "%s\n  input:    [%s]\n  markdown: [%s]\n  problem:  %s\n", what, input, md,
            why);
}

/* Returns 1 when the paragraph round-trips. */
static int paragraph_roundtrip(const char *s)
{
    nc_document *doc = nc_document_new();
    assert_non_null(doc);
    nc_meta_set(doc, "title", "T");
    nc_node *p = nc_node_new(&doc->arena, NC_NODE_PARAGRAPH);
    p->line_first = p->line_last = 3;
    nc_node_append(doc->body, p);
    nc_node_append(p, nc_node_new_text(&doc->arena, s, strlen(s)));
    char *md = render(doc);
    cmark_node *root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    int ok = 0;
    const char *why = "not one heading and one paragraph";
    cmark_node *h = cmark_node_first_child(root);
    cmark_node *para = h ? cmark_node_next(h) : NULL;
    if (h && cmark_node_get_type(h) == CMARK_NODE_HEADING && para &&
        cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && !cmark_node_next(para)) {
        char *t = text_only(para, &why);
        if (t && strcmp(t, s) == 0)
            ok = 1;
        else if (t)
            why = "different text";
        free(t);
    }
    if (!ok)
        report("paragraph does not round-trip", s, md, why);
    cmark_node_free(root);
    free(md);
    nc_document_free(doc);
    return ok;
}

static int heading_roundtrip(const char *s)
{
    nc_document *doc = nc_document_new();
    assert_non_null(doc);
    nc_meta_set(doc, "title", s);
    char *md = render(doc);
    cmark_node *root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    int ok = 0;
    const char *why = "not exactly one level-1 heading";
    cmark_node *h = cmark_node_first_child(root);
    if (h && cmark_node_get_type(h) == CMARK_NODE_HEADING && cmark_node_get_heading_level(h) == 1 &&
        !cmark_node_next(h)) {
        char *t = text_only(h, &why);
        if (t && strcmp(t, s) == 0)
            ok = 1;
        else if (t)
            why = "different text";
        free(t);
    }
    if (!ok)
        report("headline does not round-trip", s, md, why);
    cmark_node_free(root);
    free(md);
    nc_document_free(doc);
    return ok;
}

/* Cases that once broke, or that a generator finds only by luck. */
static const char *const fixed[] = {
    "\\", " ", "\t", "  \t ", "#", "# #", "a #", "a \\#", "1.", "1)", "10. x", "-", "- x",
    "+", "*", "_", "***", "---", "===", "> q", "<a>", "<!--", "&", "&amp;", "&#32;", "[a]",
    "[a]: /b", "![a](b)", "`x`", "```", "~~~", "    code", "\tcode", "a  ", "a\\", "x \\ y",
    "\\\\", "|", "~", "__a__", "**a**", "a*b*c", "<http://x.y>", "\xc3\xa9*\xc3\xa9*",
};

static void fixed_strings_roundtrip(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        bad += !paragraph_roundtrip(fixed[i]);
        bad += !heading_roundtrip(fixed[i]);
    }
    assert_int_equal(bad, 0);
}

static void random_strings_roundtrip(void **state)
{
    (void)state;
    uint64_t rs = 0x6e657773636f6e76ULL; /* fixed seed: "newsconv" */
    char s[MAX_LEN * 4 + 32];
    int bad = 0;
    for (int i = 0; i < CASES && bad < 20; i++) {
        random_text(&rs, s);
        bad += !paragraph_roundtrip(s);
        bad += !heading_roundtrip(s);
    }
    assert_int_equal(bad, 0);
}

/* The checker itself can fail: a text the writer did not escape (as a
 * naive writer would emit it) does not round-trip. */
static void checker_catches_unescaped_text(void **state)
{
    (void)state;
    const char *md = "# T\n\n*a* [b] `c`\n";
    cmark_node *root = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    const char *why = NULL;
    char *t = text_only(cmark_node_next(cmark_node_first_child(root)), &why);
    assert_null(t);
    assert_non_null(why);
    cmark_node_free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checker_catches_unescaped_text),
        cmocka_unit_test(fixed_strings_roundtrip),
        cmocka_unit_test(random_strings_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

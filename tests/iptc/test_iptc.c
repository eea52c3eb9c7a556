/* Unit tests of formats/iptc.c, the readings both IPTC writers share: the
 * place a dateline names (on datelines of the forms the wire corpus and
 * the agencies use, whether or not the reader finds them yet), which
 * identifiers are URIs, the author statement, copyright lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "document.h"
#include "iptc.h"
#include "node.h"

static void located(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"WASHINGTON, Sept. 30, 2023 (AP) \u2014", "WASHINGTON"},
        {"BERLIN, Sept 29 (Reuters) -", "BERLIN"},
        {"MOSCOW \u2014", "MOSCOW"},
        {"SOUTH ST. PAUL, MINN., March 31 -", "SOUTH ST. PAUL, MINN."},
        {"Toronto, Feb 26 -", "Toronto"},
        {"Wien \u2013", "Wien"},
        {"Washington/Kiew \u2013", "Washington/Kiew"},
        {"GROSSETO, Italy (AP) --", "GROSSETO, Italy"},
        {"LONDON (Reuters) -", "LONDON"},
        {"(AP) \u2014", ""},
        {"(ANSA) - ROMA, 5 DIC -", "ROMA"},
        {"(ANSA) \u2013 ROMA, 5 DIC -", "ROMA"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t at;
        size_t n = nc_iptc_located(cases[i][0], &at);
        if (n != strlen(cases[i][1]) || strncmp(cases[i][0] + at, cases[i][1], n) != 0)
            fail_msg("dateline '%s': place '%.*s', want '%s'", cases[i][0], (int)n,
                     cases[i][0] + at, cases[i][1]);
    }
}

static void uris(void **state)
{
    (void)state;
    assert_true(nc_iptc_is_uri("urn:newsconv:00ff"));
    assert_true(nc_iptc_is_uri("https://example.org/a?b=1&c=%20#x"));
    assert_true(nc_iptc_is_uri("urn:uuid:00000000-0000-4000-8000-000000000000"));
    assert_false(nc_iptc_is_uri("ISBN 978-3-16"));
    assert_false(nc_iptc_is_uri("photo.jpg"));
    assert_false(nc_iptc_is_uri("urn:"));
    assert_false(nc_iptc_is_uri("1abc:x"));
    assert_false(nc_iptc_is_uri("https://example.org/%zz"));
    assert_false(nc_iptc_is_uri("https://example.org/a b"));
    assert_false(nc_iptc_is_uri(NULL));
}

static void uri_of_document(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    assert_non_null(doc);
    nc_buf a = NC_BUF_INIT, b = NC_BUF_INIT;
    nc_iptc_uri(doc, &a);
    assert_int_equal(a.len, strlen("urn:newsconv:") + 64);
    assert_int_equal(nc_meta_set(doc, "identifier", "not a uri"), 0);
    nc_iptc_uri(doc, &b);
    assert_string_equal(nc_buf_cstr(&a), nc_buf_cstr(&b)); /* the hash leaves it out */
    nc_buf_clear(&b);
    assert_int_equal(nc_meta_set(doc, "title", "Changed"), 0);
    nc_iptc_uri(doc, &b);
    assert_string_not_equal(nc_buf_cstr(&a), nc_buf_cstr(&b));
    nc_buf_clear(&b);
    assert_int_equal(nc_meta_set(doc, "identifier", "https://example.org/1"), 0);
    nc_iptc_uri(doc, &b);
    assert_string_equal(nc_buf_cstr(&b), "https://example.org/1");
    nc_buf_free(&a);
    nc_buf_free(&b);
    nc_document_free(doc);
}

static void by(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    assert_non_null(doc);
    nc_buf out = NC_BUF_INIT;
    nc_iptc_by(doc, &out);
    assert_int_equal(out.len, 0);
    nc_node *byline = nc_node_new(&doc->arena, NC_NODE_BYLINE);
    assert_non_null(byline);
    byline->line_first = byline->line_last = 3;
    assert_int_equal(nc_node_append(byline, nc_node_new_text(&doc->arena, "By Ann Roe, AP", 14)), 0);
    assert_int_equal(nc_node_append(doc->body, byline), 0);
    nc_iptc_by(doc, &out);
    assert_string_equal(nc_buf_cstr(&out), "Ann Roe, AP");
    static const char *const names[] = {"A", "B", "C"};
    static const char *const want[] = {"A", "A and B", "A, B, and C"};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(nc_meta_set(doc, "author", names[i]), 0);
        nc_buf_clear(&out);
        nc_iptc_by(doc, &out);
        assert_string_equal(nc_buf_cstr(&out), want[i]);
    }
    nc_buf_free(&out);
    nc_document_free(doc);
}

static void copyright(void **state)
{
    (void)state;
    assert_true(nc_iptc_is_copyright("\u00a9 2023 Northern News Service"));
    assert_true(nc_iptc_is_copyright("(c) Reuters"));
    assert_true(nc_iptc_is_copyright("Copyright 2023 AP"));
    assert_false(nc_iptc_is_copyright("With reporting by AFP"));
    assert_false(nc_iptc_is_copyright("(Reuters)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(located), cmocka_unit_test(uris), cmocka_unit_test(uri_of_document),
        cmocka_unit_test(by), cmocka_unit_test(copyright),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

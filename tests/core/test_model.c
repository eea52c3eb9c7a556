/* Unit tests of the document model: nesting rules, links, the checker,
 * the iterator, metadata. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "document.h"
#include "node.h"

static void nesting_rules(void **state)
{
    (void)state;
    assert_true(nc_node_can_contain(NC_NODE_DOCUMENT, NC_NODE_PARAGRAPH));
    assert_true(nc_node_can_contain(NC_NODE_QUOTE, NC_NODE_LIST));
    assert_true(nc_node_can_contain(NC_NODE_LIST, NC_NODE_ITEM));
    assert_true(nc_node_can_contain(NC_NODE_ITEM, NC_NODE_TEXT));
    assert_true(nc_node_can_contain(NC_NODE_ITEM, NC_NODE_PARAGRAPH));
    assert_true(nc_node_can_contain(NC_NODE_PARAGRAPH, NC_NODE_EMPHASIS));
    assert_true(nc_node_can_contain(NC_NODE_LINK, NC_NODE_TEXT));
    assert_false(nc_node_can_contain(NC_NODE_DOCUMENT, NC_NODE_TEXT));
    assert_false(nc_node_can_contain(NC_NODE_DOCUMENT, NC_NODE_ITEM));
    assert_false(nc_node_can_contain(NC_NODE_LIST, NC_NODE_PARAGRAPH));
    assert_false(nc_node_can_contain(NC_NODE_PARAGRAPH, NC_NODE_PARAGRAPH));
    assert_false(nc_node_can_contain(NC_NODE_TEXT, NC_NODE_TEXT));
    assert_false(nc_node_can_contain(NC_NODE_BREAK, NC_NODE_TEXT));
}

static void append_refuses_bad_nesting(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    assert_non_null(doc);
    nc_node *text = nc_node_new_text(&doc->arena, "x", 1);
    assert_int_equal(nc_node_append(doc->body, text), -1);
    nc_node *p = nc_node_new(&doc->arena, NC_NODE_PARAGRAPH);
    p->line_first = p->line_last = 1;
    assert_int_equal(nc_node_append(doc->body, p), 0);
    assert_int_equal(nc_node_append(p, text), 0);
    assert_ptr_equal(text->parent, p);
    assert_int_equal(nc_node_check(doc->body, NULL), 0);
    nc_document_free(doc);
}

static void checker_finds_broken_trees(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    nc_node *p = nc_node_new(&doc->arena, NC_NODE_PARAGRAPH);
    nc_node *q = nc_node_new(&doc->arena, NC_NODE_PARAGRAPH);
    p->line_first = p->line_last = 5;
    q->line_first = q->line_last = 3; /* out of order */
    nc_node_append(doc->body, p);
    nc_node_append(doc->body, q);
    nc_buf why = NC_BUF_INIT;
    assert_true(nc_node_check(doc->body, &why) > 0);
    assert_non_null(strstr(nc_buf_cstr(&why), "out of order"));
    nc_buf_free(&why);
    /* A broken link is found too. */
    q->line_first = q->line_last = 7;
    assert_int_equal(nc_node_check(doc->body, NULL), 0);
    q->prev = NULL;
    assert_true(nc_node_check(doc->body, NULL) > 0);
    q->prev = p;
    /* An item mixing inlines and blocks. */
    nc_node *list = nc_node_new(&doc->arena, NC_NODE_LIST);
    nc_node *item = nc_node_new(&doc->arena, NC_NODE_ITEM);
    list->line_first = list->line_last = item->line_first = item->line_last = 9;
    nc_node_append(doc->body, list);
    nc_node_append(list, item);
    nc_node_append(item, nc_node_new_text(&doc->arena, "a", 1));
    nc_node *para = nc_node_new(&doc->arena, NC_NODE_PARAGRAPH);
    para->line_first = para->line_last = 9;
    nc_node_append(item, para);
    assert_true(nc_node_check(doc->body, NULL) > 0);
    nc_document_free(doc);
}

static void iterator_enters_and_exits_in_order(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    nc_node *p = nc_node_new(&doc->arena, NC_NODE_PARAGRAPH);
    nc_node *em = nc_node_new(&doc->arena, NC_NODE_EMPHASIS);
    nc_node_append(doc->body, p);
    nc_node_append(p, nc_node_new_text(&doc->arena, "a", 1));
    nc_node_append(p, em);
    nc_node_append(em, nc_node_new_text(&doc->arena, "b", 1));
    nc_node_append(doc->body, nc_node_new(&doc->arena, NC_NODE_BREAK));
    char trace[64] = "";
    nc_iter it;
    nc_iter_init(&it, doc->body);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        char c = nc_node_type_name(it.node->type)[0];
        char s[3] = {ev == NC_EVENT_ENTER ? '+' : '-', c, 0};
        strcat(trace, s);
    }
    /* document, paragraph, text a, emphasis, text b, break */
    assert_string_equal(trace, "+d+p+t-t+e+t-t-e-p+b-b-d");
    assert_int_equal(nc_iter_next(&it), NC_EVENT_DONE);
    nc_buf text = NC_BUF_INIT;
    nc_node_plain_text(p, &text);
    assert_string_equal(nc_buf_cstr(&text), "ab");
    nc_buf_free(&text);
    nc_document_free(doc);
}

static void metadata_by_key(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    assert_int_equal(nc_meta_set(doc, "title", "T"), 0);
    assert_int_equal(nc_meta_set(doc, "author", "A"), 0);
    assert_int_equal(nc_meta_set(doc, "authors", "B"), 0);
    assert_int_equal(nc_meta_set(doc, "nonsense", "x"), -1);
    assert_string_equal(nc_meta_get(doc, "title"), "T");
    assert_int_equal(nc_meta_count(doc, "authors"), 2);
    assert_string_equal(nc_meta_item(doc, "authors", 1), "B");
    assert_null(nc_meta_item(doc, "authors", 2));
    assert_null(nc_meta_get(doc, "subtitle"));
    nc_meta_clear(doc, "authors");
    assert_int_equal(nc_meta_count(doc, "authors"), 0);
    nc_document_free(doc);
}

static void display_title_falls_back_to_first_words(void **state)
{
    (void)state;
    nc_document *doc = nc_document_new();
    nc_node *p = nc_node_new(&doc->arena, NC_NODE_PARAGRAPH);
    nc_node_append(doc->body, p);
    const char *long_text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu "
                            "xi omicron pi rho sigma tau upsilon phi chi psi omega";
    nc_node_append(p, nc_node_new_text(&doc->arena, long_text, strlen(long_text)));
    nc_buf t = NC_BUF_INIT;
    assert_int_equal(nc_document_display_title(doc, &t), 0);
    const char *s = nc_buf_cstr(&t);
    assert_true(strncmp(s, "Alpha beta", 10) == 0);
    assert_non_null(strstr(s, "\xE2\x80\xA6"));
    /* at most 80 characters, the ellipsis included */
    size_t chars = 0;
    for (const char *c = s; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    assert_true(chars <= 80);
    nc_buf_free(&t);
    nc_meta_set(doc, "title", "Given");
    assert_int_equal(nc_document_display_title(doc, &t), 0);
    assert_string_equal(nc_buf_cstr(&t), "Given");
    nc_buf_free(&t);
    nc_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nesting_rules),
        cmocka_unit_test(append_refuses_bad_nesting),
        cmocka_unit_test(checker_finds_broken_trees),
        cmocka_unit_test(iterator_enters_and_exits_in_order),
        cmocka_unit_test(metadata_by_key),
        cmocka_unit_test(display_title_falls_back_to_first_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

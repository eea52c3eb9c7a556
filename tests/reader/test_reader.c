/* Unit tests of the reader: every case builds a tree the checker accepts;
 * hostile input gives an error or a valid document; dates; warnings;
 * things the JSON cases cannot see (date_iso, node accessors). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "node.h"
#include "reader.h"

static void checked(const nc_document *doc, const char *what)
{
    nc_buf why = NC_BUF_INIT;
    int bad = nc_node_check(doc->body, &why);
    if (bad)
        fail_msg("%s: %d tree problems: %s", what, bad, nc_buf_cstr(&why));
    nc_buf_free(&why);
}

static void every_case_passes_the_checker(void **state)
{
    (void)state;
    const char *dir = NC_SOURCE_DIR "/tests/reader/cases";
    DIR *d = opendir(dir);
    assert_non_null(d);
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        for (int smart = 0; smart <= 1; smart++) {
            nc_reader_options o;
            nc_reader_options_init(&o);
            o.smart = smart;
            nc_document *doc = NULL;
            nc_error err;
            if (nc_read_path(path, &o, &doc, &err) != NC_OK)
                fail_msg("%s: %s", path, err.message);
            checked(doc, path);
            nc_document_free(doc);
        }
        seen++;
    }
    closedir(d);
    assert_true(seen >= 30);
}

typedef struct counts {
    int n[100];
    unsigned long line[100];
} counts;

static void count_diag(const nc_diagnostic *d, void *ud)
{
    counts *c = ud;
    if (d->code > 0 && d->code < 100) {
        if (!c->n[d->code])
            c->line[d->code] = d->line;
        c->n[d->code]++;
    }
}

/* Reads data; returns the status and leaves a checked document in *out. */
static nc_status read(const char *data, size_t n, counts *c, nc_document **out, nc_error *err)
{
    nc_reader_options o;
    nc_reader_options_init(&o);
    o.diag = count_diag;
    o.diag_userdata = c;
    nc_status rc = nc_read_memory(data, n, &o, out, err);
    if (rc == NC_OK)
        checked(*out, "memory input");
    else
        assert_null(*out);
    return rc;
}

static void hostile_input(void **state)
{
    (void)state;
    counts c = {0};
    nc_document *doc;
    nc_error err;
    assert_int_equal(read("", 0, &c, &doc, &err), NC_ERR_INPUT);
    assert_null(strchr(err.message, '\n'));
    assert_int_equal(read(" \n\t\n\r\n\f\n", 8, &c, &doc, &err), NC_ERR_INPUT);
    /* binary: NULs all over */
    char bin[4096];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (char)((i * 7919u) % 251);
    nc_status rc = read(bin, sizeof bin, &c, &doc, &err);
    assert_true(rc == NC_OK || rc == NC_ERR_INPUT);
    if (rc == NC_OK)
        nc_document_free(doc);
    else
        assert_null(strchr(err.message, '\n'));
    /* invalid UTF-8 in UTF-8 text: U+FFFD and a warning naming the line */
    memset(&c, 0, sizeof c);
    const char *bad = "Title \xC3\xA9t\xC3\xA9\n\nA line with \xC3\xA9 and a bad \xFF byte.\n";
    assert_int_equal(read(bad, strlen(bad), &c, &doc, &err), NC_OK);
    assert_int_equal(c.n[NC_WARN_INVALID_BYTES], 1);
    assert_int_equal(c.line[NC_WARN_INVALID_BYTES], 3);
    nc_buf t = NC_BUF_INIT;
    nc_node_plain_text(doc->body, &t);
    assert_non_null(strstr(nc_buf_cstr(&t), "bad \xEF\xBF\xBD byte"));
    nc_buf_free(&t);
    nc_document_free(doc);
    /* control characters go, with a warning; a stray NUL too */
    memset(&c, 0, sizeof c);
    const char ctl[] = "Head\x01line\n\nBody\0 text\x1B.\n";
    assert_int_equal(read(ctl, sizeof ctl - 1, &c, &doc, &err), NC_OK);
    assert_string_equal(doc->meta.title, "Headline");
    assert_int_equal(c.n[NC_WARN_CONTROL_CHARS], 2);
    assert_int_equal(c.line[NC_WARN_CONTROL_CHARS], 1);
    nc_document_free(doc);
    /* a truncated UTF-16 text */
    const char u16[] = "\xFF\xFEH\0i\0\n\0\xD8";
    assert_int_equal(read(u16, sizeof u16 - 1, &c, &doc, &err), NC_OK);
    nc_document_free(doc);
}

static void forced_encoding(void **state)
{
    (void)state;
    nc_reader_options o;
    nc_reader_options_init(&o);
    o.encoding = "no-such-encoding";
    nc_document *doc;
    nc_error err;
    assert_int_equal(nc_read_memory("x", 1, &o, &doc, &err), NC_ERR_ENCODING);
    o.encoding = "ISO-8859-5"; /* Cyrillic: 0xBC is U+041C */
    assert_int_equal(nc_read_memory("\xBC\n", 2, &o, &doc, &err), NC_OK);
    assert_string_equal(doc->meta.title, "\xD0\x9C");
    nc_document_free(doc);
}

static void nfc(void **state)
{
    (void)state;
    nc_document *doc;
    nc_error err;
    const char *decomposed = "Cafe\xCC\x81 opens\n"; /* e + combining acute */
    assert_int_equal(nc_read_memory(decomposed, strlen(decomposed), NULL, &doc, &err), NC_OK);
    assert_string_equal(doc->meta.title, "Caf\xC3\xA9 opens");
    nc_document_free(doc);
}

static void dates(void **state)
{
    (void)state;
    char out[11];
    static const char *const good[][2] = {
        {"2023-09-28", "2023-09-28"},          {"2023-09-28T10:00:00Z", "2023-09-28"},
        {"September 28, 2023", "2023-09-28"},  {"28 September 2023", "2023-09-28"},
        {"Sept. 28, 2023", "2023-09-28"},      {"Sep 28 2023", "2023-09-28"},
        {"Thu, 28 Sep 2023 10:00:00 +0000", "2023-09-28"},
        {"29 Feb 2024", "2024-02-29"},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        assert_true(nc_parse_date(good[i][0], strlen(good[i][0]), out));
        assert_string_equal(out, good[i][1]);
    }
    static const char *const bad[] = {"", "sometime", "2023-02-30", "29 Feb 2023", "Sept 29",
                                      "2023-13-01", "28 Septober 2023", "28 September 2023 x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(nc_parse_date(bad[i], strlen(bad[i]), out));
}

static void date_iso_flag(void **state)
{
    (void)state;
    nc_document *doc;
    nc_error err;
    const char *a = "Title: T\nDate: 28 September 2023\n\nBody.\n";
    assert_int_equal(nc_read_memory(a, strlen(a), NULL, &doc, &err), NC_OK);
    assert_int_equal(nc_meta_date_is_iso(doc), 1);
    nc_document_free(doc);
    counts c = {0};
    const char *b = "Title: T\nDate: soon\n\nBody.\n";
    assert_int_equal(read(b, strlen(b), &c, &doc, &err), NC_OK);
    assert_int_equal(nc_meta_date_is_iso(doc), 0);
    assert_string_equal(nc_meta_get(doc, "date"), "soon");
    assert_int_equal(c.n[NC_WARN_DATE], 1);
    assert_int_equal(c.line[NC_WARN_DATE], 2);
    nc_document_free(doc);
    /* a dateline date without a year is not the document's date */
    const char *d = "H\n\nBERLIN, Sept 29 (Reuters) - Text.\n";
    assert_int_equal(nc_read_memory(d, strlen(d), NULL, &doc, &err), NC_OK);
    assert_null(nc_meta_get(doc, "date"));
    const nc_node *dl = nc_node_dateline(doc->body->first_child);
    assert_non_null(dl);
    assert_ptr_equal(dl, doc->body->first_child->first_child); /* stored once, as the opening inline */
    nc_buf dt = NC_BUF_INIT;
    nc_node_plain_text(dl, &dt);
    assert_string_equal(nc_buf_cstr(&dt), "BERLIN, Sept 29 (Reuters) -");
    nc_buf_free(&dt);
    nc_document_free(doc);
}

static void language_never_from_environment(void **state)
{
    (void)state;
    setenv("LANG", "C", 1);
    setenv("LC_ALL", "de_DE.UTF-8", 1);
    nc_document *doc;
    nc_error err;
    assert_int_equal(nc_read_memory("Head\n\n\"Quote\"\n", 15, NULL, &doc, &err), NC_OK);
    assert_string_equal(nc_meta_get(doc, "lang"), "en");
    nc_buf t = NC_BUF_INIT;
    nc_node_plain_text(doc->body, &t);
    assert_string_equal(nc_buf_cstr(&t), "\xE2\x80\x9CQuote\xE2\x80\x9D");
    nc_buf_free(&t);
    nc_document_free(doc);
}

/* The gap nc_kicker_gap puts between a kicker given as metadata and the
 * title, in the forms the cases do not reach. */
static void kicker_gaps(void **state)
{
    (void)state;
    static const struct {
        const char *kicker, *gap;
    } t[] = {
        {"EXCLUSIVE", " - "},        {"UPDATE 2", " - "},         {"EXCLUSIVE-", ""},
        {"EXCLUSIVE - ", ""},        {"VIDÉO -", " "},            {"EILMELDUNG \xE2\x80\x93", " "},
        {"ANALYSE\xE2\x80\x94", ""}, {"Exclusive:", " "},         {"[Video]", " "},
        {"\xC2\xBB", " "},           {"EXCLUSIVE\xC2\xA0", ""},   {"ВИДЕО", " - "},
        {"", ""},                    {NULL, ""},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (strcmp(nc_kicker_gap(t[i].kicker), t[i].gap) != 0)
            fail_msg("kicker '%s': gap '%s', not '%s'", t[i].kicker ? t[i].kicker : "(null)",
                     nc_kicker_gap(t[i].kicker), t[i].gap);
    /* and it is applied once, after -M, whatever the headline said */
    nc_reader_options o;
    nc_reader_options_init(&o);
    nc_option m[] = {{.key = "kicker", .value = "EXCLUSIVE"}};
    o.metadata = m;
    o.n_metadata = 1;
    nc_document *doc;
    nc_error err;
    const char *text = "UPDATE 2-Oil steadies\n\nBrent rose.\n";
    assert_int_equal(nc_read_memory(text, strlen(text), &o, &doc, &err), NC_OK);
    assert_string_equal(nc_meta_get(doc, "kicker"), "EXCLUSIVE - ");
    assert_string_equal(nc_meta_get(doc, "title"), "Oil steadies");
    nc_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case_passes_the_checker),
        cmocka_unit_test(hostile_input),
        cmocka_unit_test(forced_encoding),
        cmocka_unit_test(nfc),
        cmocka_unit_test(dates),
        cmocka_unit_test(date_iso_flag),
        cmocka_unit_test(language_never_from_environment),
        cmocka_unit_test(kicker_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests of formats/pdf/breaks.c: the line-break opportunities it gives,
 * from libunibreak shown each run of ASCII letters or digits cut to its
 * last character, are byte for byte what libunibreak gives for the whole
 * text: on every corpus fixture (whole, and paragraph by paragraph) and on
 * random strings of characters of most line-break classes, in several
 * languages (whose tables move the quotation marks). And a regional
 * indicator, on which libunibreak 1.1 aborts, is survived. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glob.h>
#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breaks.h"
#include "buf.h"
#include "xorshift.h"

static const char *const langs[] = {NULL, "en", "de", "fr", "zh", "ru", "es"};

/* Both ways on len bytes at text; a failure names the text's start. */
static void agree(const char *text, size_t len, const char *lang)
{
    char *want = malloc(len + 1), *got = malloc(len + 1);
    assert_non_null(want);
    assert_non_null(got);
    set_linebreaks_utf8((const utf8_t *)text, len, lang, want);
    assert_int_equal(nc_pdf_line_breaks(text, len, lang, got), 0);
    for (size_t i = 0; i < len; i++)
        if (want[i] != got[i])
            fail_msg("byte %zu of \"%.*s\" (lang %s): %d, libunibreak %d", i,
                     (int)(len < 60 ? len : 60), text, lang ? lang : "none", got[i], want[i]);
    free(want);
    free(got);
}

static void load(void)
{
    nc_error err;
    assert_int_equal(nc_pdf_breaks_load(&err), NC_OK);
    init_linebreak();
}

static void check_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    nc_buf b = NC_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        nc_buf_put(&b, chunk, n);
    fclose(f);
    assert_false(b.failed);
    for (size_t k = 0; k < sizeof langs / sizeof *langs; k++)
        agree(b.data, b.len, langs[k]);
    /* paragraph by paragraph, as the layout asks */
    for (size_t s = 0; s < b.len;) {
        const char *e = strstr(b.data + s, "\n\n");
        size_t end = e ? (size_t)(e - b.data) : b.len;
        if (end > s)
            agree(b.data + s, end - s, "en");
        s = end + 2;
    }
    nc_buf_free(&b);
}

static void corpus(void **state)
{
    (void)state;
    load();
    glob_t g;
    assert_int_equal(glob(NC_SOURCE_DIR "/tests/fixtures/corpus/*/*.txt", 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 40);
    for (size_t i = 0; i < g.gl_pathc; i++)
        check_file(g.gl_pathv[i]);
    globfree(&g);
}

/* Characters of most classes: letters and digits (the runs cut), every
 * ASCII punctuation mark, spaces, controls, quotation marks the language
 * tables change, dashes, marks, no-break and zero-width characters,
 * ideographs, Hangul, Thai, Hebrew, an emoji. */
static const char *const alphabet[] = {
    "a", "b", "Z", "x", "0", "7", " ", " ", "\t", "\n", "\r", "!", "\"", "#", "$", "%", "&", "'",
    "(", ")", "*", "+", ",", "-", ".", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\\", "]",
    "^", "_", "`", "{", "|", "}", "~", "\xC2\xA0", "\xC2\xAD", "\xC2\xAB", "\xC2\xBB",
    "\xC3\xA9", "\xCC\x81", "\xE2\x80\x94", "\xE2\x80\x90", "\xE2\x80\x93", "\xE2\x80\x98",
    "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\xB9", "\xE2\x80\xBA",
    "\xE2\x80\x8B", "\xE2\x81\xA0", "\xE2\x80\xA6", "\xE4\xB8\x80", "\xE3\x80\x81",
    "\xEA\xB0\x80", "\xE0\xB8\x81", "\xD7\x90", "\xF0\x9F\x98\x80", "\xE2\x82\xAC",
};

static void random_strings(void **state)
{
    (void)state;
    load();
    size_t n_alpha = sizeof alphabet / sizeof *alphabet;
    char text[1024];
    for (int round = 0; round < 30000; round++) {
        size_t len = 0, chars = 1 + next_random() % 60;
        for (size_t i = 0; i < chars; i++) {
            /* runs of letters and digits as often as anything else */
            const char *c = next_random() % 2 ? alphabet[next_random() % 6]
                                              : alphabet[next_random() % n_alpha];
            size_t l = strlen(c);
            memcpy(text + len, c, l);
            len += l;
        }
        agree(text, len, langs[next_random() % (sizeof langs / sizeof *langs)]);
    }
}

/* libunibreak 1.1 aborts on regional indicators; they are shown to it as
 * another character of the same length. */
static void regional_indicators(void **state)
{
    (void)state;
    load();
    const char *flag = "Flags \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA and words";
    size_t len = strlen(flag);
    char brks[64];
    assert_int_equal(nc_pdf_line_breaks(flag, len, "en", brks), 0);
    /* a break after the space before "and" */
    assert_int_equal(brks[strstr(flag, " and") - flag], LINEBREAK_ALLOWBREAK);
    assert_int_equal(brks[len - 1], LINEBREAK_MUSTBREAK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus),
        cmocka_unit_test(random_strings),
        cmocka_unit_test(regional_indicators),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

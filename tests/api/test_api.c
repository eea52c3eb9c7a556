/* The public API as an embedding program sees it: this file includes only
 * newsconv.h and links only the shared library. Every error path of issue 8:
 * unknown writer, bad options, a sink that fails midway (for each built-in
 * writer), a memory sink that grows large, an empty input, NULL arguments,
 * a writer of the caller's own, struct_size checks; and the promise that the
 * library never prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsconv.h"

/* ------------------------------------------------------------ helpers */

static char *slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *data = malloc(1 << 20);
    assert_non_null(data);
    *size = fread(data, 1, 1 << 20, fp);
    fclose(fp);
    return data;
}

static nc_document *read_seed(void)
{
    size_t n;
    char *text = slurp(NC_SOURCE_DIR "/seeds/article.txt", &n);
    nc_document *doc = NULL;
    nc_error err;
    assert_int_equal(nc_read_memory(text, n, NULL, &doc, &err), NC_OK);
    assert_non_null(doc);
    free(text);
    return doc;
}

/* An article of about `bytes` bytes of pseudo-random words (so that it
 * neither compresses to nothing nor repeats a line), with subheads, a
 * quote and a list, so that every writer has real work. */
static char *big_article(size_t bytes, size_t *size)
{
    static const char *const words[] = {
        "the", "minister", "said", "on", "Tuesday", "that", "talks", "in", "Berlin",
        "would", "continue", "despite", "sanctions", "über", "naïve", "café", "résumé",
        "7,500-kilometer", "border", "officials", "confirmed", "parliament", "ratified",
        "\"quoted\"", "it's", "--", "...", "Kazakhstan", "Toqaev", "Scholz", "економіка"};
    size_t nwords = sizeof words / sizeof *words;
    char *out = malloc(bytes + 4096);
    assert_non_null(out);
    size_t len = (size_t)sprintf(out, "A Very Long Article For The Sink Tests\n\n");
    unsigned long seed = 12345;
    int para = 0;
    while (len < bytes) {
        para++;
        if (para % 9 == 0)
            len += (size_t)sprintf(out + len, "Subhead number %d\n\n", para);
        if (para % 13 == 0)
            len += (size_t)sprintf(out + len, "- first point %d\n- second point\n\n", para);
        for (int w = 0; w < 60 + para % 40; w++) {
            seed = seed * 1103515245UL + 12345UL;
            const char *word = words[(seed >> 16) % nwords];
            len += (size_t)sprintf(out + len, "%s%s", w ? " " : "", word);
        }
        len += (size_t)sprintf(out + len, ".\n\n");
    }
    *size = len;
    return out;
}

static nc_document *read_big(size_t bytes)
{
    size_t n;
    char *text = big_article(bytes, &n);
    nc_document *doc = NULL;
    nc_error err;
    assert_int_equal(nc_read_memory(text, n, NULL, &doc, &err), NC_OK);
    free(text);
    return doc;
}

/* Writes doc with w into a new memory sink; the caller frees the copy. */
static unsigned char *render(const nc_document *doc, const nc_writer *w,
                             const nc_writer_options *opts, size_t *size)
{
    nc_sink *mem = nc_sink_new_memory();
    assert_non_null(mem);
    nc_error err;
    nc_status rc = nc_write(doc, w, opts, mem, &err);
    if (rc == NC_OK)
        rc = nc_sink_finish(mem, &err);
    if (rc != NC_OK)
        fail_msg("%s: %s", w->name, err.message);
    const unsigned char *data = nc_sink_memory_data(mem, size);
    unsigned char *copy = malloc(*size ? *size : 1);
    assert_non_null(copy);
    memcpy(copy, data, *size);
    nc_sink_free(mem);
    return copy;
}

/* A callback sink that takes `limit` bytes and fails after that. */
typedef struct {
    size_t limit, taken;
    int calls_after_failure, failed;
} budget;

static int take(const void *data, size_t size, void *userdata)
{
    (void)data;
    budget *b = userdata;
    if (b->failed) {
        b->calls_after_failure++;
        return -1;
    }
    if (size > b->limit - b->taken) {
        b->failed = 1;
        return -1;
    }
    b->taken += size;
    return 0;
}

/* --------------------------------------------------------- the writers */

static void writers_table_is_consistent(void **state)
{
    (void)state;
    const nc_writer *const *all = nc_writers();
    assert_non_null(all);
    assert_non_null(all[0]);
    for (size_t i = 0; all[i]; i++) {
        const nc_writer *w = all[i];
        assert_int_equal(w->struct_size, sizeof(nc_writer));
        assert_non_null(w->write);
        assert_non_null(w->name);
        assert_true(w->extension && *w->extension && w->extension[0] != '.');
        assert_true(w->description && *w->description);
        assert_ptr_equal(nc_writer_find(w->name), w);
        for (const char *const *a = w->aliases; a && *a; a++)
            assert_ptr_equal(nc_writer_find(*a), w);
        for (size_t j = 0; j < i; j++) /* names and aliases name one writer */
            assert_string_not_equal(all[j]->name, w->name);
    }
}

static void unknown_writer(void **state)
{
    (void)state;
    assert_null(nc_writer_find("no-such-format"));
    assert_null(nc_writer_find(""));
    assert_null(nc_writer_find(NULL));
    assert_null(nc_writer_find("MARKDOWN")); /* case-sensitive, as documented */
    nc_document *doc = read_seed();
    nc_sink *mem = nc_sink_new_memory();
    nc_error err;
    assert_int_equal(nc_write(doc, nc_writer_find("no-such-format"), NULL, mem, &err),
                     NC_ERR_ARGUMENT);
    assert_int_equal(err.code, NC_ERR_ARGUMENT);
    assert_true(strlen(err.message) > 0);
    size_t n;
    nc_sink_memory_data(mem, &n);
    assert_int_equal(n, 0);
    nc_sink_free(mem);
    nc_document_free(doc);
}

static void unknown_option_is_named(void **state)
{
    (void)state;
    nc_document *doc = read_seed();
    const nc_option opt = {.key = "no-such-option", .value = "1"};
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.options = &opt;
    wo.n_options = 1;
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        nc_sink *mem = nc_sink_new_memory();
        nc_error err;
        assert_int_equal(nc_write(doc, *w, &wo, mem, &err), NC_ERR_OPTION);
        assert_int_equal(err.code, NC_ERR_OPTION);
        assert_non_null(strstr(err.message, "no-such-option"));
        nc_sink_free(mem);
    }
    const nc_option nameless = {.key = NULL, .value = "1"};
    wo.options = &nameless;
    nc_sink *mem = nc_sink_new_memory();
    nc_error err;
    assert_int_equal(nc_write(doc, nc_writers()[0], &wo, mem, &err), NC_ERR_OPTION);
    nc_sink_free(mem);
    nc_document_free(doc);
}

/* Every format option of every writer, given a value no option takes:
 * nc_write refuses it before the writer runs, naming the option. */
static void bad_option_values_are_named(void **state)
{
    (void)state;
    nc_document *doc = read_seed();
    const char *bogus = "not-a-valid-value-\xc2\xa7";
    int refused = 0;
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        for (const nc_option_spec *s = (*w)->option_specs; s && s->key; s++) {
            if (s->kind == NC_OPTION_TEXT)
                continue;
            const nc_option opt = {.key = s->key, .value = bogus};
            nc_writer_options wo;
            nc_writer_options_init(&wo);
            wo.options = &opt;
            wo.n_options = 1;
            nc_sink *mem = nc_sink_new_memory();
            nc_error err;
            nc_status rc = nc_write(doc, *w, &wo, mem, &err);
            if (rc != NC_ERR_OPTION)
                fail_msg("%s: %s=%s gave %d", (*w)->name, s->key, bogus, rc);
            assert_int_equal(err.code, rc);
            if (!strstr(err.message, s->key) || !strstr(err.message, bogus))
                fail_msg("%s: '%s' names not both the option and the value", (*w)->name,
                         err.message);
            refused++;
            size_t n;
            nc_sink_finish(mem, NULL);
            nc_sink_memory_data(mem, &n);
            if (n != 0) /* checked before a byte is written */
                fail_msg("%s wrote %zu bytes before refusing %s", (*w)->name, n, s->key);
            nc_sink_free(mem);
        }
    }
    assert_true(refused > 0);
    nc_document_free(doc);
}

/* A writer takes only the options of its own table: one that only another
 * writer declares is refused, naming it (a front end hands each writer its
 * own, as nc_writer_option_spec tells). */
static void option_of_another_writer_is_refused(void **state)
{
    (void)state;
    nc_document *doc = read_seed();
    int tried = 0;
    for (const nc_writer *const *w = nc_writers(); *w; w++)
        for (const nc_writer *const *o = nc_writers(); *o; o++) {
            if (*o == *w || !(*o)->option_specs || !(*o)->option_specs[0].key)
                continue;
            const nc_option_spec *spec = &(*o)->option_specs[0];
            if (nc_writer_option_spec(*w, spec->key))
                continue;
            const nc_option opt = {.key = spec->key, .value = spec->default_value};
            nc_writer_options wo;
            nc_writer_options_init(&wo);
            wo.options = &opt;
            wo.n_options = 1;
            nc_sink *mem = nc_sink_new_memory();
            nc_error err;
            assert_int_equal(nc_write(doc, *w, &wo, mem, &err), NC_ERR_OPTION);
            assert_non_null(strstr(err.message, spec->key));
            nc_sink_free(mem);
            tried++;
        }
    assert_true(tried > 0);
    nc_document_free(doc);
}

/* Each built-in option is described whole: help, a default its own kind
 * takes, a range or choices where the kind needs them. */
static void option_tables_are_well_formed(void **state)
{
    (void)state;
    for (const nc_writer *const *w = nc_writers(); *w; w++)
        for (const nc_option_spec *s = (*w)->option_specs; s && s->key; s++) {
            assert_non_null(s->help);
            assert_true(*s->help && s->help[strlen(s->help) - 1] != '.');
            assert_non_null(s->default_value);
            nc_error err;
            if (nc_option_check(s, s->default_value, &err) != NC_OK)
                fail_msg("%s: %s's default: %s", (*w)->name, s->key, err.message);
            if (s->kind == NC_OPTION_INT || s->kind == NC_OPTION_NUMBER)
                assert_true(s->min <= s->max);
            if (s->kind == NC_OPTION_CHOICE)
                assert_true(s->choices && s->choices[0] && s->choices[1]);
            if (s->kind != NC_OPTION_TEXT)
                assert_false(isnan(nc_writer_option_number(*w, NULL, s->key)));
            assert_ptr_equal(nc_writer_option_spec(*w, s->key), s);
        }
}

/* Numbers are decimal and nothing else, whatever strtod would take; a
 * fraction is a NUMBER's, and a range is the kind's, both ends included. */
static void option_values_are_strict(void **state)
{
    (void)state;
    static const char *const sizes[] = {"small", "Large", NULL};
    const nc_option_spec level = {.key = "level", .kind = NC_OPTION_INT, .min = 0, .max = 9},
                         points = {.key = "points", .kind = NC_OPTION_NUMBER, .min = 6, .max = 18},
                         flag = {.key = "flag", .kind = NC_OPTION_BOOL},
                         size = {.key = "size", .kind = NC_OPTION_CHOICE, .choices = sizes};
    static const char *const not_numbers[] = {"0x10", "1e1", " 9", "9 ", "+9", "-0", "09", "9.",
                                              ".5", "", "inf", "nan", "1,5", "9.5.1",
                                              "1234567890123456", NULL};
    nc_error err;
    for (const char *const *v = not_numbers; *v; v++) {
        assert_int_equal(nc_option_check(&level, *v, &err), NC_ERR_OPTION);
        assert_int_equal(nc_option_check(&points, *v, &err), NC_ERR_OPTION);
        assert_non_null(strstr(err.message, "points"));
    }
    assert_int_equal(nc_option_check(&level, "0", &err), NC_OK);
    assert_int_equal(nc_option_check(&level, "9", &err), NC_OK);
    assert_int_equal(nc_option_check(&level, "10", &err), NC_ERR_OPTION);
    assert_int_equal(nc_option_check(&level, "4.0", &err), NC_ERR_OPTION); /* no fraction */
    assert_int_equal(nc_option_check(&points, "6", &err), NC_OK);
    assert_int_equal(nc_option_check(&points, "9.5", &err), NC_OK);
    assert_int_equal(nc_option_check(&points, "18", &err), NC_OK);
    assert_int_equal(nc_option_check(&points, "18.5", &err), NC_ERR_OPTION); /* past the range */
    assert_int_equal(nc_option_check(&points, "5.99", &err), NC_ERR_OPTION);
    assert_non_null(strstr(err.message, "6 to 18"));
    assert_int_equal(nc_option_check(&flag, "", &err), NC_OK); /* given without a value */
    assert_int_equal(nc_option_check(&flag, "maybe", &err), NC_ERR_OPTION);
    assert_int_equal(nc_option_check(&size, "LARGE", &err), NC_OK);
    assert_int_equal(nc_option_check(&size, "medium", &err), NC_ERR_OPTION);
    assert_non_null(strstr(err.message, "small or Large"));
    assert_int_equal(nc_option_check(&size, NULL, &err), NC_OK); /* not given */
    assert_int_equal(nc_option_check(NULL, "1", &err), NC_ERR_ARGUMENT);

    /* what a writer reads: the value given, else the default */
    const nc_option_spec specs[] = {
        {.key = "points", .kind = NC_OPTION_NUMBER, .min = 6, .max = 18, .default_value = "11"},
        {.key = "size", .kind = NC_OPTION_CHOICE, .choices = sizes, .default_value = "small"},
        {.key = NULL},
    };
    const nc_writer w = {.struct_size = sizeof w, .name = "w", .option_specs = specs};
    const nc_option given[] = {{"points", "9.5"}, {"size", "large"}};
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    assert_true(nc_writer_option_number(&w, &wo, "points") == 11);
    assert_true(nc_writer_option_number(&w, &wo, "size") == 0);
    wo.options = given;
    wo.n_options = 2;
    assert_true(nc_writer_option_number(&w, &wo, "points") == 9.5);
    assert_true(nc_writer_option_number(&w, &wo, "size") == 1);
    assert_true(isnan(nc_writer_option_number(&w, &wo, "nosuch")));
}

/* ------------------------------------------------------------ the sinks */

/* For each built-in writer, a callback sink that fails halfway through a
 * large output, right at the start, and one byte short of the end: the
 * write or the finish reports NC_ERR_IO with a message, the callback is
 * never called again after it failed, and it got no more than it took. */
static void failing_sink_stops_every_writer(void **state)
{
    (void)state;
    nc_document *doc = read_big(600 * 1024);
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.timestamp = 1700000000; /* a clock ticking between runs changes sizes */
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        size_t full;
        free(render(doc, *w, &wo, &full));
        assert_true(full > 0);
        const size_t limits[] = {0, full / 2, full - 1};
        for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
            budget b = {.limit = limits[i]};
            nc_sink *s = nc_sink_new_callback(take, &b);
            assert_non_null(s);
            nc_error err = {.code = NC_OK};
            nc_status rc = nc_write(doc, *w, &wo, s, &err);
            if (rc == NC_OK) /* it all fitted in the sink's buffer until the finish */
                rc = nc_sink_finish(s, &err);
            if (rc != NC_ERR_IO || err.code != NC_ERR_IO || !err.message[0])
                fail_msg("%s, sink failing after %zu of %zu bytes: status %d, '%s'",
                         (*w)->name, limits[i], full, rc, err.message);
            assert_int_equal(nc_sink_finish(s, &err), NC_ERR_IO); /* sticky */
            assert_true(b.failed);
            assert_int_equal(b.calls_after_failure, 0);
            assert_true(b.taken <= limits[i]);
            nc_sink_free(s);
        }
    }
    nc_document_free(doc);
}

/* A large output fails while the writer runs, not only at the finish: a
 * sink failure stops the writer. */
static void failing_sink_fails_the_write(void **state)
{
    (void)state;
    nc_document *doc = read_big(600 * 1024);
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        size_t full;
        free(render(doc, *w, NULL, &full));
        if (full < 256 * 1024) /* fits the sink's buffer: covered above */
            continue;
        budget b = {.limit = 1000};
        nc_sink *s = nc_sink_new_callback(take, &b);
        nc_error err;
        nc_status rc = nc_write(doc, *w, NULL, s, &err);
        if (rc != NC_ERR_IO || err.code != NC_ERR_IO || !err.message[0])
            fail_msg("%s: %zu-byte output into a sink that failed at 1000 bytes: status %d '%s'",
                     (*w)->name, full, rc, err.message);
        nc_sink_free(s);
    }
    nc_document_free(doc);
}

/* The digest a sink keeps is SHA-256 (FIPS 180-2's vector for "abc") of
 * the bytes written, however they were split, after a buffered flush too. */
static void sink_keeps_a_digest(void **state)
{
    (void)state;
    char hex[65];
    nc_sink *s = nc_sink_new_memory();
    assert_int_equal(nc_sink_digest(s, hex), 0);
    assert_string_equal(hex, "");
    assert_int_equal(nc_sink_keep_digest(s), NC_OK);
    assert_int_equal(nc_sink_write(s, "a", 1), NC_OK);
    assert_int_equal(nc_sink_write(s, "bc", 2), NC_OK);
    assert_int_equal(nc_sink_digest(s, hex), 3);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(nc_sink_digest(s, hex), 3); /* asking twice changes nothing */
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(nc_sink_digest(s, NULL), 3);
    nc_sink_free(s);
    assert_int_equal(nc_sink_keep_digest(NULL), NC_ERR_ARGUMENT);
    assert_int_equal(nc_sink_digest(NULL, hex), 0);
}

static void memory_sink_grows_large(void **state)
{
    (void)state;
    nc_sink *mem = nc_sink_new_memory();
    assert_non_null(mem);
    /* Odd chunk sizes, so that no growth step lands on a chunk boundary. */
    static unsigned char chunk[70001];
    size_t total = 0;
    while (total < 48u * 1024 * 1024) {
        size_t n = 1 + (total * 7 + 13) % sizeof chunk;
        for (size_t i = 0; i < n; i++)
            chunk[i] = (unsigned char)((total + i) % 251);
        assert_int_equal(nc_sink_write(mem, chunk, n), NC_OK);
        total += n;
    }
    assert_int_equal(nc_sink_finish(mem, NULL), NC_OK);
    size_t n;
    const unsigned char *d = nc_sink_memory_data(mem, &n);
    assert_int_equal(n, total);
    for (size_t i = 0; i < n; i += 4093)
        if (d[i] != (unsigned char)(i % 251))
            fail_msg("byte %zu is %u, not %zu", i, d[i], i % 251);
    assert_int_equal(d[n - 1], (n - 1) % 251);
    nc_sink_free(mem);
}

static int append_to(const void *data, size_t size, void *userdata)
{
    FILE *fp = userdata;
    return fwrite(data, 1, size, fp) == size ? 0 : -1;
}

static unsigned char *file_bytes(FILE *fp, size_t *size)
{
    fflush(fp);
    fseek(fp, 0, SEEK_END);
    long end = ftell(fp);
    assert_true(end >= 0);
    rewind(fp);
    unsigned char *d = malloc((size_t)end + 1);
    *size = fread(d, 1, (size_t)end, fp);
    return d;
}

/* Every kind of sink gets the same bytes from every writer, and a large
 * document through a memory sink is one of them. */
static void every_sink_gets_the_same_bytes(void **state)
{
    (void)state;
    nc_document *doc = read_big(300 * 1024);
    char dir[] = "/tmp/nc-api-XXXXXX";
    assert_non_null(mkdtemp(dir));
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.timestamp = 1700000000; /* the same moment for every sink */
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        size_t n_mem;
        unsigned char *mem = render(doc, *w, &wo, &n_mem);
        nc_error err;

        FILE *a = tmpfile(), *b = tmpfile(), *c = tmpfile();
        assert_true(a && b && c);
        nc_sink *sinks[4] = {nc_sink_new_file(a), nc_sink_new_fd(fileno(b)),
                             nc_sink_new_callback(append_to, c), NULL};
        char path[64];
        snprintf(path, sizeof path, "%s/out.%s", dir, (*w)->extension);
        sinks[3] = nc_sink_new_path(path, &err);
        for (int i = 0; i < 4; i++) {
            assert_non_null(sinks[i]);
            assert_int_equal(nc_write(doc, *w, &wo, sinks[i], &err), NC_OK);
            assert_int_equal(nc_sink_finish(sinks[i], &err), NC_OK);
            nc_sink_free(sinks[i]);
        }
        FILE *d = fopen(path, "rb");
        assert_non_null(d);
        FILE *files[4] = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            size_t n;
            unsigned char *got = file_bytes(files[i], &n);
            if (n != n_mem || memcmp(got, mem, n) != 0)
                fail_msg("%s: sink %d wrote %zu bytes, memory %zu", (*w)->name, i, n, n_mem);
            free(got);
            fclose(files[i]);
        }
        assert_int_equal(unlink(path), 0);
        free(mem);
    }
    assert_int_equal(rmdir(dir), 0); /* no temporary file left beside */
    nc_document_free(doc);
}

/* ---------------------------------------------------------- the reader */

static void empty_input_is_an_error(void **state)
{
    (void)state;
    static const char *const empties[] = {"", "\n", "   \n\t\n\n", "\r\n\r\n", "\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        nc_document *doc = (nc_document *)&doc; /* must be overwritten */
        nc_error err;
        nc_status rc = nc_read_memory(empties[i], strlen(empties[i]), NULL, &doc, &err);
        assert_int_equal(rc, NC_ERR_INPUT);
        assert_int_equal(err.code, NC_ERR_INPUT);
        assert_true(strlen(err.message) > 0);
        assert_null(doc);
    }
    nc_document *doc = (nc_document *)&doc;
    assert_int_equal(nc_read_memory(NULL, 0, NULL, &doc, NULL), NC_ERR_INPUT);
    assert_null(doc);
    FILE *fp = tmpfile();
    nc_error err;
    assert_int_equal(nc_read_file(fp, NULL, &doc, &err), NC_ERR_INPUT);
    assert_null(doc);
    fclose(fp);
    assert_int_equal(nc_read_path("/dev/null", NULL, &doc, &err), NC_ERR_INPUT);
    assert_non_null(strstr(err.message, "/dev/null"));
}

static void unreadable_inputs(void **state)
{
    (void)state;
    nc_document *doc = NULL;
    nc_error err;
    assert_int_equal(nc_read_path("/nonexistent/article.txt", NULL, &doc, &err), NC_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent/article.txt"));
    assert_null(doc);
    assert_int_equal(nc_read_path("/", NULL, &doc, &err), NC_ERR_IO);
    assert_null(doc);

    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.max_input = 10;
    const char *text = "A headline that is longer than ten bytes\n";
    assert_int_equal(nc_read_memory(text, strlen(text), &ro, &doc, &err), NC_ERR_TOO_LARGE);
    assert_null(doc);
    FILE *fp = fmemopen((void *)text, strlen(text), "rb");
    assert_int_equal(nc_read_file(fp, &ro, &doc, &err), NC_ERR_TOO_LARGE);
    fclose(fp);
    assert_int_equal(nc_read_path(NC_SOURCE_DIR "/seeds/article.txt", &ro, &doc, &err),
                     NC_ERR_TOO_LARGE);
    assert_null(doc);

    const nc_option meta = {.key = "no-such-field", .value = "x"};
    nc_reader_options_init(&ro);
    ro.metadata = &meta;
    ro.n_metadata = 1;
    assert_int_equal(nc_read_memory(text, strlen(text), &ro, &doc, &err), NC_ERR_OPTION);
    assert_non_null(strstr(err.message, "no-such-field"));
    assert_null(doc);
}

typedef struct {
    int count;
    unsigned long line;
    nc_warning code;
    char message[128];
} diag_seen;

static void collect(const nc_diagnostic *d, void *userdata)
{
    diag_seen *seen = userdata;
    if (seen->count++ == 0) {
        seen->line = d->line;
        seen->code = d->code;
        snprintf(seen->message, sizeof seen->message, "%s", d->message);
    }
}

static void diagnostics_reach_the_callback(void **state)
{
    (void)state;
    diag_seen seen = {0};
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.diag = collect;
    ro.diag_userdata = &seen;
    ro.encoding = "UTF-8";
    const char text[] = "Headline\n\nFirst paragraph.\n\nBad \xff\xfe bytes here.\n";
    nc_document *doc = NULL;
    assert_int_equal(nc_read_memory(text, sizeof text - 1, &ro, &doc, NULL), NC_OK);
    assert_true(seen.count >= 1);
    assert_int_equal(seen.code, NC_WARN_INVALID_BYTES);
    assert_int_equal(seen.line, 5);
    assert_true(strlen(seen.message) > 0);
    nc_document_free(doc);
}

/* ------------------------------------------------------- NULL and sizes */

static void null_arguments(void **state)
{
    (void)state;
    nc_document *doc = read_seed();
    nc_sink *mem = nc_sink_new_memory();
    nc_error err;
    const nc_writer *md = nc_writers()[0];

    assert_int_equal(nc_read_memory("x", 1, NULL, NULL, &err), NC_ERR_ARGUMENT);
    assert_int_equal(nc_read_memory("x", 1, NULL, NULL, NULL), NC_ERR_ARGUMENT);
    nc_document *out = (nc_document *)&out;
    assert_int_equal(nc_read_memory(NULL, 5, NULL, &out, &err), NC_ERR_ARGUMENT);
    assert_null(out);
    assert_int_equal(nc_read_file(NULL, NULL, &out, &err), NC_ERR_ARGUMENT);
    assert_int_equal(nc_read_path(NULL, NULL, &out, &err), NC_ERR_ARGUMENT);
    FILE *fp = fopen(NC_SOURCE_DIR "/seeds/article.txt", "rb");
    assert_int_equal(nc_read_file(fp, NULL, NULL, &err), NC_ERR_ARGUMENT);
    fclose(fp);
    assert_int_equal(nc_read_path(NC_SOURCE_DIR "/seeds/article.txt", NULL, NULL, &err),
                     NC_ERR_ARGUMENT);

    assert_int_equal(nc_write(NULL, md, NULL, mem, &err), NC_ERR_ARGUMENT);
    assert_int_equal(nc_write(doc, NULL, NULL, mem, &err), NC_ERR_ARGUMENT);
    assert_int_equal(nc_write(doc, md, NULL, NULL, &err), NC_ERR_ARGUMENT);
    assert_int_equal(nc_write(doc, md, NULL, NULL, NULL), NC_ERR_ARGUMENT);
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.n_options = 2; /* and no array */
    assert_int_equal(nc_write(doc, md, &wo, mem, &err), NC_ERR_ARGUMENT);
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.n_metadata = 2;
    assert_int_equal(nc_read_memory("x", 1, &ro, &out, &err), NC_ERR_ARGUMENT);

    assert_null(nc_sink_new_file(NULL));
    assert_null(nc_sink_new_fd(-1));
    assert_null(nc_sink_new_callback(NULL, NULL));
    assert_null(nc_sink_new_path(NULL, &err));
    assert_int_equal(err.code, NC_ERR_ARGUMENT);
    assert_null(nc_sink_new_path("", NULL));
    assert_int_equal(nc_sink_write(NULL, "x", 1), NC_ERR_ARGUMENT);
    assert_int_equal(nc_sink_write(mem, NULL, 0), NC_OK);
    assert_int_equal(nc_sink_write(mem, NULL, 1), NC_ERR_ARGUMENT);
    assert_int_equal(nc_sink_finish(NULL, &err), NC_ERR_ARGUMENT);
    size_t n = 99;
    assert_null(nc_sink_memory_data(NULL, &n));
    assert_int_equal(n, 0);
    nc_sink_free(NULL);
    nc_document_free(NULL);

    assert_null(nc_document_body(NULL));
    assert_null(nc_meta_get(NULL, "title"));
    assert_null(nc_meta_get(doc, NULL));
    assert_null(nc_meta_get(doc, "no-such-key"));
    assert_int_equal(nc_meta_count(NULL, "authors"), 0);
    assert_int_equal(nc_meta_count(doc, NULL), 0);
    assert_null(nc_meta_item(NULL, "authors", 0));
    assert_null(nc_meta_item(doc, "authors", 1000));
    assert_int_equal(nc_meta_date_is_iso(NULL), 0);

    assert_int_equal(nc_node_get_type(NULL), NC_NODE_NONE);
    assert_null(nc_node_parent(NULL));
    assert_null(nc_node_first_child(NULL));
    assert_null(nc_node_last_child(NULL));
    assert_null(nc_node_next(NULL));
    assert_null(nc_node_prev(NULL));
    assert_null(nc_node_text(NULL));
    assert_null(nc_node_url(NULL));
    assert_int_equal(nc_node_is_block(NULL), 0);
    assert_int_equal(nc_node_is_inline(NULL), 0);
    assert_null(nc_node_dateline(NULL));
    assert_int_equal(nc_node_level(NULL), 0);
    assert_int_equal(nc_node_list_ordered(NULL), 0);
    assert_int_equal(nc_node_list_start(NULL), 0);
    unsigned long first = 7, last = 7;
    nc_node_lines(NULL, &first, &last);
    assert_int_equal(first, 0);
    assert_int_equal(last, 0);
    nc_node_lines(nc_document_body(doc), NULL, NULL);
    nc_iter it;
    nc_iter_init(&it, NULL);
    assert_int_equal(nc_iter_next(&it), NC_EVENT_DONE);
    assert_int_equal(nc_iter_next(NULL), NC_EVENT_DONE);
    nc_iter_init(NULL, nc_document_body(doc));
    assert_string_equal(nc_node_type_name((nc_node_type)999), "none");
    assert_non_null(nc_status_string((nc_status)999));

    assert_null(nc_writer_option(NULL, "paper"));
    assert_null(nc_writer_option(&wo, NULL));
    nc_sink_free(mem);
    nc_document_free(doc);
}

/* An options struct not set up by its init function (struct_size 0, or
 * that of another version) is refused by every entry point that takes it. */
static void struct_size_is_checked(void **state)
{
    (void)state;
    nc_document *doc = read_seed();
    nc_document *out = NULL;
    nc_error err;
    nc_reader_options ro;
    nc_writer_options wo;
    nc_reader_options_init(&ro);
    nc_writer_options_init(&wo);
    assert_int_equal(ro.struct_size, sizeof ro);
    assert_int_equal(wo.struct_size, sizeof wo);
    const size_t wrong[] = {0, sizeof ro - 1, sizeof ro + 8};
    for (size_t i = 0; i < 3; i++) {
        ro.struct_size = wrong[i];
        assert_int_equal(nc_read_memory("x", 1, &ro, &out, &err), NC_ERR_ARGUMENT);
        assert_non_null(strstr(err.message, "nc_reader_options_init"));
        FILE *fp = fopen(NC_SOURCE_DIR "/seeds/article.txt", "rb");
        assert_int_equal(nc_read_file(fp, &ro, &out, &err), NC_ERR_ARGUMENT);
        fclose(fp);
        assert_int_equal(nc_read_path(NC_SOURCE_DIR "/seeds/article.txt", &ro, &out, &err),
                         NC_ERR_ARGUMENT);
        assert_null(out);
    }
    wo.struct_size = 0;
    nc_sink *mem = nc_sink_new_memory();
    assert_int_equal(nc_write(doc, nc_writers()[0], &wo, mem, &err), NC_ERR_ARGUMENT);
    assert_non_null(strstr(err.message, "nc_writer_options_init"));
    nc_sink_free(mem);
    nc_document_free(doc);
}

/* ------------------------------------------------- a writer of our own */

static const nc_option_spec own_specs[] = {
    {.key = "own-greeting", .kind = NC_OPTION_TEXT, .help = "the word before the title"},
    {.key = NULL},
};

static nc_status own_write(const nc_document *doc, const nc_writer_options *opts,
                           nc_sink *sink, nc_error *err)
{
    (void)err;
    const char *greeting = nc_writer_option(opts, "own-greeting");
    nc_status rc = nc_sink_write(sink, greeting ? greeting : "hello", greeting ? strlen(greeting) : 5);
    if (rc == NC_OK)
        rc = nc_sink_write(sink, ": ", 2);
    const char *title = nc_meta_get(doc, "title");
    if (rc == NC_OK)
        rc = nc_sink_write(sink, title, strlen(title));
    return rc;
}

static nc_status own_fail_silently(const nc_document *doc, const nc_writer_options *opts,
                                   nc_sink *sink, nc_error *err)
{
    (void)doc, (void)opts, (void)sink, (void)err;
    return NC_ERR_RESOURCE;
}

/* A writer that says why it failed, as the header shows: it may rely on
 * err, whatever nc_write's caller passed. */
static nc_status own_fail_saying_why(const nc_document *doc, const nc_writer_options *opts,
                                     nc_sink *sink, nc_error *err)
{
    (void)doc, (void)opts, (void)sink;
    err->message[0] = 'x'; /* err is never NULL here */
    return nc_error_set(err, NC_ERR_RESOURCE, "no %s\nfont", "own");
}

static void own_writer(void **state)
{
    (void)state;
    nc_document *doc = read_seed();
    nc_writer own = {
        .struct_size = sizeof(nc_writer),
        .name = "own",
        .extension = "own",
        .option_specs = own_specs,
        .write = own_write,
    };
    assert_null(nc_writer_find("own")); /* no global registration */

    size_t n;
    unsigned char *got = render(doc, &own, NULL, &n);
    char expect[512];
    snprintf(expect, sizeof expect, "hello: %s", nc_meta_get(doc, "title"));
    assert_int_equal(n, strlen(expect));
    assert_memory_equal(got, expect, n);
    free(got);

    const nc_option opts[] = {{.key = "own-greeting", .value = "hi"}};
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.options = opts;
    wo.n_options = 1;
    got = render(doc, &own, &wo, &n);
    assert_memory_equal(got, "hi: ", 4);
    free(got);
    /* its key is unknown to the built-in writers */
    nc_sink *mem = nc_sink_new_memory();
    nc_error err;
    assert_int_equal(nc_write(doc, nc_writers()[0], &wo, mem, &err), NC_ERR_OPTION);
    nc_sink_free(mem);

    /* a failing sink: the error comes from the sink */
    budget b = {.limit = 3};
    nc_sink *cb = nc_sink_new_callback(take, &b);
    assert_int_equal(nc_write(doc, &own, NULL, cb, &err), NC_OK); /* buffered */
    assert_int_equal(nc_sink_finish(cb, &err), NC_ERR_IO);
    assert_true(strlen(err.message) > 0);
    nc_sink_free(cb);

    /* a writer that fails without a word: nc_write still says who and why */
    own.write = own_fail_silently;
    mem = nc_sink_new_memory();
    assert_int_equal(nc_write(doc, &own, NULL, mem, &err), NC_ERR_RESOURCE);
    assert_int_equal(err.code, NC_ERR_RESOURCE);
    assert_non_null(strstr(err.message, "own"));
    nc_sink_free(mem);

    /* a writer that fills the error itself, one line; and given no error */
    own.write = own_fail_saying_why;
    mem = nc_sink_new_memory();
    assert_int_equal(nc_write(doc, &own, NULL, mem, &err), NC_ERR_RESOURCE);
    assert_string_equal(err.message, "no own font");
    assert_int_equal(nc_write(doc, &own, NULL, mem, NULL), NC_ERR_RESOURCE);
    nc_sink_free(mem);

    /* a description too small to hold a write function, or without one */
    own.write = own_write;
    own.struct_size = offsetof(nc_writer, write);
    mem = nc_sink_new_memory();
    assert_int_equal(nc_write(doc, &own, NULL, mem, &err), NC_ERR_WRITER);
    own.struct_size = sizeof(nc_writer);
    own.write = NULL;
    assert_int_equal(nc_write(doc, &own, NULL, mem, &err), NC_ERR_WRITER);
    nc_sink_memory_data(mem, &n);
    assert_int_equal(n, 0);
    nc_sink_free(mem);

    /* a description from a later version, larger than ours, still works */
    struct {
        nc_writer w;
        char later_fields[64];
    } bigger = {.w = {.struct_size = sizeof bigger, .name = "later", .write = own_write}};
    got = render(doc, &bigger.w, NULL, &n);
    assert_memory_equal(got, "hello: ", 7);
    free(got);
    nc_document_free(doc);
}

/* -------------------------------------------------- the document's tree */

static void walk(const nc_node *n, const nc_node **seq, size_t *len, size_t cap)
{
    assert_true(*len + 2 <= cap);
    seq[(*len)++] = n;
    const nc_node *prev = NULL;
    for (const nc_node *c = nc_node_first_child(n); c; c = nc_node_next(c)) {
        assert_ptr_equal(nc_node_parent(c), n);
        assert_ptr_equal(nc_node_prev(c), prev);
        prev = c;
        walk(c, seq, len, cap);
    }
    assert_ptr_equal(nc_node_last_child(n), prev);
    seq[(*len)++] = n;
}

/* The ENTER/EXIT iterator visits exactly what the links describe, and the
 * source lines of blocks are in order and inside the input. */
static void iterator_matches_the_links(void **state)
{
    (void)state;
    nc_document *doc = read_big(40 * 1024);
    const nc_node *body = nc_document_body(doc);
    assert_int_equal(nc_node_get_type(body), NC_NODE_DOCUMENT);
    enum { CAP = 200000 };
    const nc_node **seq = malloc(CAP * sizeof *seq);
    size_t len = 0;
    walk(body, seq, &len, CAP);
    nc_iter it;
    nc_iter_init(&it, body);
    size_t i = 0;
    int depth = 0;
    unsigned long last_line = 0;
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        assert_true(i < len);
        assert_ptr_equal(it.node, seq[i++]);
        depth += ev == NC_EVENT_ENTER ? 1 : -1;
        assert_true(depth >= 0);
        nc_node_type t = nc_node_get_type(it.node);
        assert_string_not_equal(nc_node_type_name(t), "none");
        if (ev == NC_EVENT_ENTER && t > NC_NODE_DOCUMENT && t < NC_NODE_TEXT) {
            unsigned long first, last;
            nc_node_lines(it.node, &first, &last);
            assert_true(first >= 1 && first <= last);
            assert_true(first >= last_line);
            last_line = first;
        }
        /* each accessor answers for its own type only */
        int inline_type = (t >= NC_NODE_TEXT && t <= NC_NODE_LINK) || t == NC_NODE_DATELINE ||
                          t == NC_NODE_KICKER;
        assert_int_equal(nc_node_is_inline(it.node), inline_type);
        assert_int_equal(nc_node_is_block(it.node), !inline_type);
        assert_true((nc_node_text(it.node) != NULL) == (t == NC_NODE_TEXT));
        assert_true((nc_node_url(it.node) != NULL) == (t == NC_NODE_LINK));
        if (t != NC_NODE_PARAGRAPH)
            assert_null(nc_node_dateline(it.node));
    }
    assert_int_equal(i, len);
    assert_int_equal(depth, 0);
    assert_int_equal(nc_iter_next(&it), NC_EVENT_DONE); /* and stays done */
    free(seq);
    nc_document_free(doc);
}

/* ----------------------------------------------- errors, version, silence */

static void error_codes_are_stable(void **state)
{
    (void)state;
    /* The numbers are ABI: programs store and compare them. */
    assert_int_equal(NC_OK, 0);
    assert_int_equal(NC_ERR_NOMEM, 1);
    assert_int_equal(NC_ERR_IO, 2);
    assert_int_equal(NC_ERR_INPUT, 3);
    assert_int_equal(NC_ERR_ENCODING, 4);
    assert_int_equal(NC_ERR_TOO_LARGE, 5);
    assert_int_equal(NC_ERR_OPTION, 6);
    assert_int_equal(NC_ERR_WRITER, 7);
    assert_int_equal(NC_ERR_RESOURCE, 8);
    assert_int_equal(NC_ERR_ARGUMENT, 9);
    const char *unknown = nc_status_string((nc_status)12345);
    for (int a = NC_OK; a <= NC_ERR_ARGUMENT; a++) {
        assert_string_not_equal(nc_status_string((nc_status)a), unknown);
        for (int b = NC_OK; b < a; b++)
            assert_string_not_equal(nc_status_string((nc_status)a),
                                    nc_status_string((nc_status)b));
    }
}

static void version_agrees_everywhere(void **state)
{
    (void)state;
    assert_string_equal(nc_version(), NC_VERSION_STRING);
    assert_string_equal(nc_version(), NC_PROJECT_VERSION);
    char built[32];
    snprintf(built, sizeof built, "%d.%d.%d", NC_VERSION_MAJOR, NC_VERSION_MINOR,
             NC_VERSION_PATCH);
    assert_string_equal(built, NC_VERSION_STRING);
    assert_int_equal(NC_VERSION,
                     NC_VERSION_MAJOR * 65536 + NC_VERSION_MINOR * 256 + NC_VERSION_PATCH);
}

/* Runs conversions and failures with stdout and stderr pointing at a file:
 * the file stays empty. Assertions come after, once the streams are back. */
static void library_never_prints(void **state)
{
    (void)state;
    nc_document *doc = read_big(100 * 1024);
    fflush(stdout);
    fflush(stderr);
    char path[] = "/tmp/nc-api-silence-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    int saved_out = dup(1), saved_err = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    int bad = 0;
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        nc_sink *mem = nc_sink_new_memory();
        bad += nc_write(doc, *w, NULL, mem, NULL) != NC_OK;
        nc_sink_free(mem);
        budget b = {.limit = 10};
        nc_sink *cb = nc_sink_new_callback(take, &b);
        if (nc_write(doc, *w, NULL, cb, NULL) == NC_OK)
            bad += nc_sink_finish(cb, NULL) == NC_OK;
        nc_sink_free(cb);
        int full = open("/dev/full", O_WRONLY);
        if (full >= 0) {
            nc_sink *f = nc_sink_new_fd(full);
            if (nc_write(doc, *w, NULL, f, NULL) == NC_OK)
                bad += nc_sink_finish(f, NULL) == NC_OK;
            nc_sink_free(f);
            close(full);
        }
    }
    nc_document *none = NULL;
    bad += nc_read_memory("\xff\xfe\x00", 3, NULL, &none, NULL) == NC_OK && !none;
    nc_document_free(none);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    close(fd);
    unlink(path);
    assert_int_equal(bad, 0);
    if (st.st_size != 0)
        fail_msg("the library printed %lld bytes", (long long)st.st_size);
    nc_document_free(doc);
}

/* Loading ahead (nc_writer_prepare, nc_reader_prepare): every built-in
 * writer prepares (those with nothing to load say NC_OK), again and from
 * several threads at once; a writer's own prepare is called and its status
 * passed on; a description made before prepare existed (a struct_size
 * that ends before it) is never read past its end. */
static int own_prepared;

static nc_status own_prepare(void)
{
    own_prepared++;
    return NC_ERR_WRITER;
}

static void *prepare_all(void *arg)
{
    (void)arg;
    for (const nc_writer *const *w = nc_writers(); *w; w++)
        if (nc_writer_prepare(*w) != NC_OK)
            return (void *)*w;
    return NULL;
}

static void prepare_ahead(void **state)
{
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, prepare_all, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *failed = NULL;
        pthread_join(t[i], &failed);
        if (failed)
            fail_msg("nc_writer_prepare failed for %s", ((const nc_writer *)failed)->name);
    }
    assert_non_null(nc_writer_find("epub")->prepare);
    assert_null(nc_writer_find("markdown")->prepare);
    assert_int_equal(nc_writer_prepare(NULL), NC_ERR_ARGUMENT);

    nc_writer own = {.struct_size = sizeof own, .name = "own", .write = own_write,
                     .prepare = own_prepare};
    assert_int_equal(nc_writer_prepare(&own), NC_ERR_WRITER);
    assert_int_equal(own_prepared, 1);
    own.struct_size = offsetof(nc_writer, prepare); /* an older caller's writer */
    assert_int_equal(nc_writer_prepare(&own), NC_OK);
    assert_int_equal(own_prepared, 1);

    nc_reader_options ro;
    nc_reader_options_init(&ro);
    static const char head[] = "---\nlang: de\n---\n\nEin Titel\n\nText.\n";
    assert_int_equal(nc_reader_prepare(NULL, NULL, 0), NC_OK);
    assert_int_equal(nc_reader_prepare(&ro, head, sizeof head - 1), NC_OK);
    assert_int_equal(nc_reader_prepare(&ro, "", 0), NC_OK);
    assert_int_equal(nc_reader_prepare(&ro, "\xff\xfe\x00", 3), NC_OK);
    assert_int_equal(nc_reader_prepare(&ro, NULL, 1), NC_ERR_ARGUMENT);
    ro.lang = "de";
    assert_int_equal(nc_reader_prepare(&ro, NULL, 0), NC_OK);
    ro.n_metadata = 1; /* and no metadata */
    assert_int_equal(nc_reader_prepare(&ro, NULL, 0), NC_ERR_ARGUMENT);
    ro.n_metadata = 0;
    ro.struct_size = 0;
    assert_int_equal(nc_reader_prepare(&ro, NULL, 0), NC_ERR_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writers_table_is_consistent),
        cmocka_unit_test(unknown_writer),
        cmocka_unit_test(unknown_option_is_named),
        cmocka_unit_test(bad_option_values_are_named),
        cmocka_unit_test(option_of_another_writer_is_refused),
        cmocka_unit_test(option_tables_are_well_formed),
        cmocka_unit_test(option_values_are_strict),
        cmocka_unit_test(failing_sink_stops_every_writer),
        cmocka_unit_test(failing_sink_fails_the_write),
        cmocka_unit_test(sink_keeps_a_digest),
        cmocka_unit_test(memory_sink_grows_large),
        cmocka_unit_test(every_sink_gets_the_same_bytes),
        cmocka_unit_test(empty_input_is_an_error),
        cmocka_unit_test(unreadable_inputs),
        cmocka_unit_test(diagnostics_reach_the_callback),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(struct_size_is_checked),
        cmocka_unit_test(own_writer),
        cmocka_unit_test(prepare_ahead),
        cmocka_unit_test(iterator_matches_the_links),
        cmocka_unit_test(error_codes_are_stable),
        cmocka_unit_test(version_agrees_everywhere),
        cmocka_unit_test(library_never_prints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

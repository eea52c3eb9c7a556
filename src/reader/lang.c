/* lang.c: which language an article is in, when neither the caller nor the
 * front matter says: Compact Language Detector 2 (Debian libcld2-0) on the
 * start of the body.
 *
 * Chosen by measurement over libexttextcat (LibreOffice's detector) on the
 * BBC corpus (1,313 English), the wire sample (200 Reuters English, 200 Der
 * Standard German) and 16 texts of our own in eight other languages, whole
 * texts: cld2 right on all 1,729, 0.11 ms a text; libexttextcat wrong on 25
 * English texts, 0.84 ms a text, and 14 to 24 ms to parse its 160
 * fingerprint files before the first. Cut to their first 100 bytes, cld2
 * still named 1,726 right, libexttextcat 1,327.
 *
 * libcld2 is C++: it is opened on the first article that needs it
 * (dynlib.h), never for one whose language is given, and through its two
 * plain functions, whose C++ names are spelled out below (pointers, int,
 * bool and an enum pass the same way in C as in C++ on every ABI Debian
 * builds for). Its tables are compiled into the library: it needs no data
 * files.
 *
 * What it costs, on the seed (CPU time, medians of alternating runs; the
 * README's Languages section has the figures): opening libcld2 (4,400
 * relocations of its tables) and the first detection (page faults in those
 * tables, its calls into libstdc++ bound) together about 0.8 ms; a
 * detection once warm 0.1 ms. The single-file CLI has no libstdc++.so
 * loaded (its C++ is linked in), so there opening libcld2 also loads
 * libstdc++.so and libgcc_s, another 1.3 ms, most of it the loader looking
 * up libstdc++'s 3,000 symbol relocations; the CLI on libnewsconv.so has
 * them loaded already (ICU is C++). Loading on a second thread while the
 * reader's first stages ran, with a warm-up detection there, was tried and
 * removed: the stages before detection are 20,000 instructions on the seed,
 * so nearly nothing was hidden, while the thread and the second detection
 * cost 0.3 M instructions and 0.4 to 0.7 ms of CPU. What a second thread
 * can hide is the load of another library behind the detection and the
 * writers: nc_reader_prepare (nc_lang_prepare) is for a caller that loads
 * libcld2 and then a writer's library on a thread of its own (the CLI does
 * when it writes an EPUB; see batch.c). */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "dynlib.h"
#include "reader.h"

#ifndef NC_CLD2_SONAME
#define NC_CLD2_SONAME "libcld2.so.0"
#endif

/* CLD2::Language is an enum, an int in the C++ ABI. */
typedef struct cld2_api {
    /* Language DetectLanguage(const char *buffer, int buffer_length,
     *                         bool is_plain_text, bool *is_reliable) */
    int (*detect)(const char *text, int len, bool plain, bool *reliable);
    /* const char *LanguageCode(Language lang): "en", "de", "zh-Hant", "un" */
    const char *(*code)(int language);
} cld2_api;

static cld2_api cld2_table;

static const nc_dynlib_symbol cld2_symbols[] = {
    {"_ZN4CLD214DetectLanguageEPKcibPb", offsetof(cld2_api, detect)},
    {"_ZN4CLD212LanguageCodeENS_8LanguageE", offsetof(cld2_api, code)},
};

static const char *const cld2_files[] = {NC_CLD2_SONAME, "libcld2.so", NULL};

/* The library, opened once for the process: a cache of code, not state a
 * conversion can observe. */
static nc_dynlib cld2 = NC_DYNLIB_INIT(cld2_files, cld2_symbols, cld2_table);

/* DetectLanguage writes two file-scope variables of the library on every
 * call (always the same constants, and nothing reads them), a data race
 * when two documents are read at once; calls take turns, 0.1 ms each. */
static pthread_mutex_t cld2_calls = PTHREAD_MUTEX_INITIALIZER;

static int detect(const char *text, size_t len)
{
    bool reliable = false;
    pthread_mutex_lock(&cld2_calls);
    int l = cld2_table.detect(text, (int)len, true, &reliable);
    pthread_mutex_unlock(&cld2_calls);
    return l;
}

/* cld2 answers with a few codes BCP 47 has retired. */
static const char *const renamed[][2] = {{"iw", "he"}, {"jw", "jv"}, {"in", "id"}, {NULL, NULL}};

/* "ll", "lll", or "ll-Ssss": what a language tag from cld2 may be; anything
 * else ("un", "xx-Qaai", "xxx") is no answer. */
static int usable(const char *c)
{
    size_t n = 0;
    while (c[n] >= 'a' && c[n] <= 'z')
        n++;
    if (n < 2 || n > 3 || strcmp(c, "un") == 0 || strncmp(c, "xx", 2) == 0)
        return 0;
    if (c[n] == '\0')
        return 1;
    return c[n] == '-' && strlen(c + n + 1) == 4;
}

/* Up to NC_LANG_SAMPLE bytes of the units' text, the lines of a unit and
 * the units apart by a line end; counts the letters in *letters. The
 * sample is the article's start: a language that changes half-way through
 * is not this article's. */
static void sample(const nc_units *u, nc_buf *out, size_t *letters)
{
    *letters = 0;
    for (size_t i = 0; i < u->n && out->len < NC_LANG_SAMPLE; i++) {
        const nc_unit *x = &u->v[i];
        if (!x->text)
            continue;
        size_t room = NC_LANG_SAMPLE - out->len, n = x->len < room ? x->len : room;
        while (n < x->len && n > 0 && ((unsigned char)x->text[n] & 0xC0) == 0x80)
            n--; /* never cut a character */
        /* counted only up to the threshold: past it the count changes
         * nothing (a tenth of the detection's own instructions) */
        for (size_t k, j = 0; j < n && *letters < NC_LANG_MIN_LETTERS; j += k ? k : 1)
            *letters += nc_cp_is_letter(nc_cp_at(x->text, n, j, &k)) != 0;
        nc_buf_put(out, x->text, n);
        nc_buf_putc(out, '\n');
    }
}

const char *nc_lang_given(const nc_reader_options *opts)
{
    if (opts->lang && *opts->lang)
        return opts->lang;
    for (size_t i = opts->n_metadata; i-- > 0;) {
        const nc_option *o = &opts->metadata[i];
        if (o->key && o->value && *o->value &&
            (strcmp(o->key, "lang") == 0 || strcmp(o->key, "language") == 0))
            return o->value;
    }
    return NULL;
}

int nc_lang_enough(const nc_units *u)
{
    nc_buf s = NC_BUF_INIT;
    size_t letters = 0;
    sample(u, &s, &letters);
    nc_buf_free(&s);
    return letters >= NC_LANG_MIN_LETTERS;
}

nc_status nc_lang_prepare(void)
{
    return nc_dynlib_load(&cld2) == NC_OK ? NC_OK : NC_ERR_RESOURCE;
}

const char *nc_lang_detect(const nc_units *u, const nc_reader_options *opts)
{
    nc_buf s = NC_BUF_INIT;
    size_t letters = 0;
    sample(u, &s, &letters);
    const char *found = NULL;
    if (letters >= NC_LANG_MIN_LETTERS && !s.failed) {
        if (nc_dynlib_load(&cld2) != NC_OK) {
            nc_warn(opts->diag, opts->diag_userdata, NC_WARN_OTHER, 0,
                    "language not detected (%s); install libcld2-0 or give --lang",
                    nc_dynlib_why(&cld2));
        } else {
            const char *c = cld2_table.code(detect(s.data, s.len));
            if (c && usable(c)) {
                found = c;
                for (size_t k = 0; renamed[k][0]; k++)
                    if (strcmp(c, renamed[k][0]) == 0)
                        found = renamed[k][1];
            }
        }
    }
    nc_buf_free(&s);
    return found;
}

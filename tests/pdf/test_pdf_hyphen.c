/* Unit tests of formats/pdf/hyphen_cut.c and hyphen_pack.c: a dictionary cut down to a set of
 * words hyphenates every word of the set exactly as the whole dictionary
 * does, for the four Debian dictionaries .ci/deps installs (English, the
 * German one with two levels and replacement patterns in ISO-8859-1,
 * French with two levels, Russian in KOI8-R); it is much smaller; a word
 * outside the set can come out differently (which is why the layout gives
 * such words the whole dictionary); and the PDF writer makes the same bytes
 * from the cut dictionary (the first document of a process) as from the
 * whole one (the next); the hyphenator's memory of the words it has
 * answered gives the answers libhyphen gives, before and after it fills;
 * and a whole dictionary packed into one block hyphenates as libhyphen's own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsconv.h"
#include "hyphen_cut.h"
#include "hyphen_pack.h"
#include "hyphenate.h"
#include "xorshift.h"

#define HYPHEN_DIR "/usr/share/hyphen"


/* The letters of every pattern of the file (as hyphen_cut.c reads them),
 * for building words the patterns match in. */
typedef struct fragments {
    char (*s)[64];
    size_t n, cap;
} fragments;

static void read_fragments(const char *path, fragments *fr)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char line[512];
    int first = 1;
    while (fgets(line, sizeof line, f)) {
        if (first || line[0] == '%' || line[0] == '#' || (line[0] >= 'A' && line[0] <= 'Z')) {
            first = 0;
            continue;
        }
        char letters[64];
        size_t m = 0;
        for (size_t i = 0; (unsigned char)line[i] > ' ' && line[i] != '/' && m + 1 < sizeof letters;
             i++)
            if (!(line[i] >= '0' && line[i] <= '9') && line[i] != '.')
                letters[m++] = line[i];
        if (m == 0)
            continue;
        letters[m] = '\0';
        if (fr->n == fr->cap) {
            fr->cap = fr->cap ? fr->cap * 2 : 1024;
            fr->s = realloc(fr->s, fr->cap * sizeof *fr->s);
            assert_non_null(fr->s);
        }
        memcpy(fr->s[fr->n++], letters, m + 1);
    }
    fclose(f);
    assert_true(fr->n > 1000);
}

/* A word of 2 to 4 pattern fragments: each is matched by a pattern, and
 * their joins by others. Multi-byte letters are never split: fragments
 * are whole. */
static size_t make_word(const fragments *fr, char *out, size_t size)
{
    size_t n = 0, parts = 2 + next_random() % 3;
    for (size_t k = 0; k < parts; k++) {
        const char *s = fr->s[next_random() % fr->n];
        size_t l = strlen(s);
        if (n + l + 1 > size)
            break;
        memcpy(out + n, s, l);
        n += l;
    }
    out[n] = '\0';
    return n;
}

typedef struct result {
    char hyph[300];
    char *rep[300];
    int pos[300], cut[300];
    int has_rep;
} result;

static void hyphenate(HyphenDict *d, const char *word, size_t n, result *r)
{
    memset(r, 0, sizeof *r);
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    assert_int_equal(hnj_hyphen_hyphenate2(d, word, (int)n, r->hyph, NULL, &rep, &pos, &cut), 0);
    if (rep) {
        r->has_rep = 1;
        for (size_t i = 0; i < n; i++) {
            r->rep[i] = rep[i];
            r->pos[i] = pos[i];
            r->cut[i] = cut[i];
        }
        free(rep);
    }
    free(pos);
    free(cut);
}

/* States of both levels (a one-level file is libhyphen's default first
 * level over the file's patterns). */
static int states(const HyphenDict *d)
{
    return d->num_states + (d->nextlevel ? d->nextlevel->num_states : 0);
}

static int same(const result *a, const result *b, size_t n)
{
    if (memcmp(a->hyph, b->hyph, n) != 0 || a->has_rep != b->has_rep)
        return 0;
    for (size_t i = 0; a->has_rep && i < n; i++) {
        if ((a->rep[i] == NULL) != (b->rep[i] == NULL) || a->pos[i] != b->pos[i] ||
            a->cut[i] != b->cut[i])
            return 0;
        if (a->rep[i] && strcmp(a->rep[i], b->rep[i]) != 0)
            return 0;
    }
    return 1;
}

static void free_result(result *r)
{
    for (size_t i = 0; i < 300; i++)
        free(r->rep[i]);
}

/* Whether full and cut (or packed) hyphenate the word (n bytes) alike; when not, how
 * each does, into why. */
static int agree(HyphenDict *full, HyphenDict *cut, const char *word, size_t n, char *why,
                 size_t size)
{
    result a, c;
    hyphenate(full, word, n, &a);
    hyphenate(cut, word, n, &c);
    int ok = same(&a, &c, n);
    if (!ok && why)
        snprintf(why, size, "\"%s\" is hyphenated %.*s by the whole dictionary, %.*s by the other",
                 word, (int)n, a.hyph, (int)n, c.hyph);
    free_result(&a);
    free_result(&c);
    return ok;
}

enum { BATCH = 200, BATCHES = 5 };

/* Words of the file's own fragments, in batches: each batch's cut must
 * hyphenate each of its words as the whole dictionary does. */
static void check_dictionary(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", HYPHEN_DIR, name);
    HyphenDict *full = hnj_hyphen_load(path);
    assert_non_null(full);
    fragments fr = {0};
    read_fragments(path, &fr);
    static char words[BATCH][128];
    size_t lens[BATCH];
    size_t checked = 0, differs_outside = 0;
    for (int b = 0; b < BATCHES; b++) {
        nc_pdf_words *set = nc_pdf_words_new();
        assert_non_null(set);
        for (int i = 0; i < BATCH; i++) {
            lens[i] = make_word(&fr, words[i], sizeof words[i]);
            assert_true(lens[i] > 0);
            assert_int_equal(nc_pdf_words_add(set, words[i], lens[i]), 0);
        }
        HyphenDict *cut = nc_pdf_hyphen_load_cut(path, set);
        assert_non_null(cut);
        assert_int_equal(cut->utf8, full->utf8);
        assert_string_equal(cut->cset, full->cset);
        for (int i = 0; i < BATCH; i++) {
            char why[600];
            if (!agree(full, cut, words[i], lens[i], why, sizeof why))
                fail_msg("%s: %s", name, why);
            checked++;
        }
        /* A cut for one word only: much smaller, and the same for it; other
         * words can differ (they need the whole dictionary). */
        nc_pdf_words *one = nc_pdf_words_new();
        assert_int_equal(nc_pdf_words_add(one, words[0], lens[0]), 0);
        HyphenDict *small = nc_pdf_hyphen_load_cut(path, one);
        assert_non_null(small);
        assert_true(small->nextlevel == NULL || full->nextlevel != NULL);
        assert_true(states(small) * 10 < states(full));
        assert_true(agree(full, small, words[0], lens[0], NULL, 0));
        for (int i = 1; i < BATCH; i++)
            differs_outside += !agree(full, small, words[i], lens[i], NULL, 0);
        hnj_hyphen_free(small);
        nc_pdf_words_free(one);
        hnj_hyphen_free(cut);
        nc_pdf_words_free(set);
    }
    assert_int_equal(checked, BATCH * BATCHES);
    /* The comparison can fail: outside its set, a cut gets words wrong. */
    assert_true(differs_outside > 0);
    free(fr.s);
    hnj_hyphen_free(full);
}

/* One test per dictionary, named by the test's state. */
static void cut(void **state) { check_dictionary(*state); }

static void same_string(const char *a, const char *b)
{
    assert_true((a == NULL) == (b == NULL));
    if (a) {
        assert_ptr_not_equal(a, b);
        assert_string_equal(a, b);
    }
}

static void same_state(const HyphenState *a, const HyphenState *b)
{
    same_string(a->match, b->match);
    same_string(a->repl, b->repl);
    assert_int_equal(a->replindex, b->replindex);
    assert_int_equal(a->replcut, b->replcut);
    assert_int_equal(a->fallback_state, b->fallback_state);
    assert_int_equal(a->num_trans, b->num_trans);
    for (int t = 0; t < a->num_trans; t++) {
        assert_int_equal(a->trans[t].ch, b->trans[t].ch);
        assert_int_equal(a->trans[t].new_state, b->trans[t].new_state);
    }
}

/* The whole dictionary moved into one block (hyphen_pack.h) hyphenates
 * every word as libhyphen's own does: its states, transitions, matches,
 * replacements (none of the four files has one: compared, not exercised)
 * and NOHYPHEN strings all came along, on every level. */
static void check_packed(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", HYPHEN_DIR, name);
    HyphenDict *full = hnj_hyphen_load(path);
    assert_non_null(full);
    HyphenDict *packed = nc_pdf_hyphen_pack(full);
    assert_non_null(packed);
    assert_ptr_not_equal(packed, full);
    const HyphenDict *a = full, *b = packed;
    for (; a && b; a = a->nextlevel, b = b->nextlevel) {
        assert_int_equal(a->num_states, b->num_states);
        assert_ptr_not_equal(a->states, b->states);
        for (int i = 0; i < a->num_states; i++)
            same_state(&a->states[i], &b->states[i]);
        assert_memory_equal(&a->lhmin, &b->lhmin, 4); /* lhmin, rhmin, clhmin, crhmin */
        assert_int_equal(a->utf8, b->utf8);
        assert_string_equal(a->cset, b->cset);
        assert_int_equal(a->nohyphenl, b->nohyphenl);
        assert_true((a->nohyphen == NULL) == (b->nohyphen == NULL));
        for (size_t at = 0, k = 0; a->nohyphen && k <= (size_t)a->nohyphenl; k++) {
            assert_string_equal(a->nohyphen + at, b->nohyphen + at);
            at += strlen(a->nohyphen + at) + 1;
        }
    }
    assert_null(a);
    assert_null(b);
    fragments fr = {0};
    read_fragments(path, &fr);
    char word[128], why[600];
    for (int i = 0; i < BATCH * BATCHES; i++) {
        size_t n = make_word(&fr, word, sizeof word);
        if (!agree(full, packed, word, n, why, sizeof why))
            fail_msg("%s packed: %s", name, why);
    }
    free(fr.s);
    free(packed);
    hnj_hyphen_free(full);
    assert_null(nc_pdf_hyphen_pack(NULL));
}

static void pack(void **state) { check_packed(*state); }

/* Real words: every word of the seed article, one cut for them all. */
static void cut_seed_words(void **state)
{
    (void)state;
    const char *path = HYPHEN_DIR "/hyph_en_US.dic";
    FILE *f = fopen(NC_SOURCE_DIR "/seeds/article.txt", "rb");
    assert_non_null(f);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    nc_pdf_words *set = nc_pdf_words_new();
    char words[2000][64];
    size_t lens[2000], count = 0;
    for (size_t i = 0; i < n && count < 2000;) {
        size_t l = 0;
        while (i + l < n && l < 63 && ((text[i + l] | 0x20) >= 'a' && (text[i + l] | 0x20) <= 'z'))
            l++;
        if (l >= 3) {
            for (size_t k = 0; k < l; k++)
                words[count][k] = (char)(text[i + k] | 0x20);
            words[count][l] = '\0';
            lens[count] = l;
            assert_int_equal(nc_pdf_words_add(set, words[count], l), 0);
            count++;
        }
        i += l ? l : 1;
    }
    assert_true(count > 200);
    assert_true(nc_pdf_words_count(set) < count); /* repeated words are kept once */
    HyphenDict *full = hnj_hyphen_load(path), *cut = nc_pdf_hyphen_load_cut(path, set);
    assert_non_null(full);
    assert_non_null(cut);
    printf("seed words: %d states of %d\n", states(cut), states(full));
    assert_true(states(cut) * 4 < states(full));
    for (size_t i = 0; i < count; i++)
        assert_true(agree(full, cut, words[i], lens[i], NULL, 0));
    hnj_hyphen_free(cut);
    hnj_hyphen_free(full);
    nc_pdf_words_free(set);
}

/* The set itself, through many growths of its table. */
static void word_set(void **state)
{
    (void)state;
    nc_pdf_words *w = nc_pdf_words_new();
    assert_non_null(w);
    char word[32];
    for (int i = 0; i < 20000; i++) {
        int l = snprintf(word, sizeof word, "w%dx", i * 7919);
        assert_int_equal(nc_pdf_words_add(w, word, (size_t)l), 0);
        assert_int_equal(nc_pdf_words_add(w, word, (size_t)l), 0); /* again: not twice */
    }
    assert_int_equal(nc_pdf_words_count(w), 20000);
    for (int i = 0; i < 20000; i++) {
        int l = snprintf(word, sizeof word, "w%dx", i * 7919);
        assert_true(nc_pdf_words_has(w, word, (size_t)l));
        size_t n;
        const char *at = nc_pdf_words_at(w, (size_t)i, &n);
        assert_int_equal(n, (size_t)l);
        assert_memory_equal(at, word, n);
        assert_false(nc_pdf_words_has(w, word, (size_t)l - 1)); /* a prefix is not a word */
    }
    assert_false(nc_pdf_words_has(w, "", 0));
    assert_null(nc_pdf_words_at(w, 20000, NULL));
    assert_int_equal(nc_pdf_words_add(w, "x", 0), -1);
    nc_pdf_words_free(w);
    nc_pdf_words_free(NULL);
    assert_null(nc_pdf_hyphen_load_cut("/nonexistent/hyph.dic", NULL));
    char cset[32];
    assert_int_equal(nc_pdf_hyphen_charset("/nonexistent/hyph.dic", cset, sizeof cset), -1);
    assert_int_equal(nc_pdf_hyphen_charset(HYPHEN_DIR "/hyph_ru_RU.dic", cset, sizeof cset), 0);
    assert_string_equal(cset, "KOI8-R");
}

/* The hyphenator remembers its answers per word (a long article asks for
 * the same words again and again): a hyphenator asked 40,000 different
 * words twice over, more than it keeps, answers each as a new hyphenator
 * does for that word alone; English, and German in ISO-8859-1, with
 * replacement patterns. */
static void word_letters(const char *s, unsigned long *letters, size_t *n)
{
    /* The fragments are in the file's encoding: ASCII or ISO-8859-1, one
     * byte a code point. */
    *n = 0;
    for (; *s && *n < 60; s++)
        if (nc_pdf_is_letter((unsigned char)*s))
            letters[(*n)++] = nc_pdf_lower((unsigned char)*s);
}

static size_t ask(nc_pdf_hyphenator *H, const unsigned long *letters, size_t n, size_t *out)
{
    return nc_pdf_hyphenate(H, letters, n, out, 64);
}

static void memo_agrees(void **state)
{
    const char *file = *state, *lang = strncmp(file, "hyph_de", 7) == 0 ? "de" : "en";
    char path[256];
    snprintf(path, sizeof path, "%s/%s", HYPHEN_DIR, file);
    fragments fr = {0};
    read_fragments(path, &fr);
    enum { WORDS = 40000 };
    char (*words)[128] = malloc(WORDS * sizeof *words);
    assert_non_null(words);
    for (size_t i = 0; i < WORDS; i++)
        make_word(&fr, words[i], sizeof words[i]);
    nc_pdf_hyphenator long_lived;
    nc_pdf_hyphenator_init(&long_lived, lang, NULL, 0);
    size_t hyphenated = 0;
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < WORDS; i++) {
            /* the second round backwards, so that the words kept and the
             * words past the table's room are both asked again */
            size_t w = round ? WORDS - 1 - i : i;
            unsigned long letters[64];
            size_t n, got[64], want[64];
            word_letters(words[w], letters, &n);
            size_t ng = ask(&long_lived, letters, n, got);
            nc_pdf_hyphenator fresh;
            nc_pdf_hyphenator_init(&fresh, lang, NULL, 0);
            size_t nw = ask(&fresh, letters, n, want);
            nc_pdf_hyphenator_free(&fresh);
            if (ng != nw || memcmp(got, want, ng * sizeof *got) != 0)
                fail_msg("%s: \"%s\": %zu points remembered, %zu when new", file, words[w], ng,
                         nw);
            hyphenated += ng > 0;
        }
    /* the words are hyphenated at all, and the table filled */
    assert_true(hyphenated > WORDS);
    assert_true(long_lived.memo_used > 10000 && long_lived.memo_used < WORDS);
    nc_pdf_hyphenator_free(&long_lived);
    free(words);
    free(fr.s);
}

/* Through the writer: in one process the first short document takes the
 * cut, the next ones the whole dictionary; both make the same bytes, in
 * English and in German (where the cut's words are converted to
 * ISO-8859-1). Each text has words that only fit hyphenated. */
static unsigned char *pdf_of(const char *text, const char *lang, size_t *n)
{
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.lang = lang;
    nc_error err;
    nc_document *doc = NULL;
    assert_int_equal(nc_read_memory(text, strlen(text), &ro, &doc, &err), NC_OK);
    assert_non_null(doc);
    nc_sink *sink = nc_sink_new_memory();
    assert_non_null(sink);
    assert_int_equal(nc_write(doc, nc_writer_find("pdf"), NULL, sink, &err), NC_OK);
    assert_int_equal(nc_sink_finish(sink, &err), NC_OK);
    size_t len;
    const unsigned char *data = nc_sink_memory_data(sink, &len);
    unsigned char *copy = malloc(len);
    assert_non_null(copy);
    memcpy(copy, data, len);
    *n = len;
    nc_sink_free(sink);
    nc_document_free(doc);
    return copy;
}

static void writer_cut_and_whole_agree(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    static const struct {
        const char *lang, *text;
    } cases[] = {
        {"en", "A Headline\n\nThe extraordinarily uncharacteristically incomprehensible "
               "responsibilities notwithstanding, internationalisation of the "
               "telecommunications infrastructure proceeded unremarkably through "
               "multidisciplinary interdepartmental consultations, counterrevolutionary "
               "misunderstandings and uncompromisingly bureaucratic documentation.\n"},
        {"de", "Eine Schlagzeile\n\nDie außergewöhnlich verantwortungsbewussten "
               "Rechtsschutzversicherungsgesellschaften veröffentlichten "
               "Zusammenfassungen über grenzüberschreitende Zusammenarbeit, "
               "Donaudampfschifffahrtsgesellschaften und unverhältnismäßige "
               "Geschwindigkeitsbegrenzungen in übersichtlichen Tabellenkalkulationen.\n"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t n1, n2;
        unsigned char *first = pdf_of(cases[k].text, cases[k].lang, &n1);
        unsigned char *second = pdf_of(cases[k].text, cases[k].lang, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(first, second, n1);
        free(first);
        free(second);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(word_set),
        cmocka_unit_test(cut_seed_words),
        cmocka_unit_test_prestate(cut, "hyph_en_US.dic"),
        cmocka_unit_test_prestate(cut, "hyph_de_DE.dic"),
        cmocka_unit_test_prestate(cut, "hyph_fr.dic"),
        cmocka_unit_test_prestate(cut, "hyph_ru_RU.dic"),
        cmocka_unit_test_prestate(memo_agrees, "hyph_en_US.dic"),
        cmocka_unit_test_prestate(memo_agrees, "hyph_de_DE.dic"),
        cmocka_unit_test_prestate(pack, "hyph_en_US.dic"),
        cmocka_unit_test_prestate(pack, "hyph_de_DE.dic"),
        cmocka_unit_test_prestate(pack, "hyph_fr.dic"),
        cmocka_unit_test_prestate(pack, "hyph_ru_RU.dic"),
        cmocka_unit_test(writer_cut_and_whole_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

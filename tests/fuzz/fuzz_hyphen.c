/* fuzz_hyphen: the hyphenation dictionary cut down to a set of words
 * (formats/pdf/hyphen_cut.c) against the whole dictionary. The input's first
 * byte picks one of the four Debian dictionaries; the rest, split at bytes
 * that are no letter, is the set of words (ASCII letters in lower case and
 * every byte past 0x7F, as single-byte dictionaries have them; for the
 * UTF-8 ones, only words that are valid UTF-8, as the layout's are).
 * Every word must come out of both exactly alike: a difference is a
 * finding, as is any sanitizer report. */
#include <string.h>

#include "fuzz.h"
#include "hyphen_cut.h"
#include "utf8.h"

static const char *const dicts[] = {
    "/usr/share/hyphen/hyph_en_US.dic", "/usr/share/hyphen/hyph_de_DE.dic",
    "/usr/share/hyphen/hyph_fr.dic", "/usr/share/hyphen/hyph_ru_RU.dic"};
enum { N_DICTS = sizeof dicts / sizeof dicts[0], MAX_WORD = 120 };

static HyphenDict *whole[N_DICTS];

static int letter(unsigned char c) { return (c >= 'a' && c <= 'z') || c >= 0x80; }

static void hyphenate(HyphenDict *d, const char *w, size_t n, char *hyph, char ***rep, int **pos,
                      int **cut)
{
    *rep = NULL;
    *pos = *cut = NULL;
    memset(hyph, 0, MAX_WORD + 5);
    hnj_hyphen_hyphenate2(d, w, (int)n, hyph, NULL, rep, pos, cut);
}

static void release(char **rep, int *pos, int *cut, size_t n)
{
    for (size_t i = 0; rep && i < n; i++)
        free(rep[i]);
    free(rep);
    free(pos);
    free(cut);
}

/* The whole dictionaries load before the first input: German takes seconds
 * under the sanitizers' allocator, which a loaded machine stretched past
 * the per-input timeout when it was loaded on first use. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t k = 0; k < N_DICTS; k++)
        if (!(whole[k] = hnj_hyphen_load(dicts[k])))
            nc_fuzz_die("%s does not load", dicts[k]);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t k = data[0] % N_DICTS;
    /* replay.c (the builds without libFuzzer) calls no initializer */
    if (!whole[k] && !(whole[k] = hnj_hyphen_load(dicts[k])))
        nc_fuzz_die("%s does not load", dicts[k]);
    nc_pdf_words *words = nc_pdf_words_new();
    if (!words)
        return 0;
    char w[MAX_WORD + 1];
    size_t n = 0;
    for (size_t i = 1; i <= size; i++) {
        unsigned char c = i < size ? data[i] : ' ';
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c | 0x20);
        if (letter(c) && n < MAX_WORD) {
            w[n++] = (char)c;
        } else if (n) {
            if (k == 1 || k == 3 || nc_utf8_valid(w, n))
                nc_pdf_words_add(words, w, n);
            n = 0;
        }
    }
    HyphenDict *cut = nc_pdf_hyphen_load_cut(dicts[k], words);
    if (!cut)
        nc_fuzz_die("no cut of %s for %zu words", dicts[k], nc_pdf_words_count(words));
    for (size_t i = 0; i < nc_pdf_words_count(words); i++) {
        size_t len;
        const char *word = nc_pdf_words_at(words, i, &len);
        memcpy(w, word, len);
        w[len] = '\0';
        char ha[MAX_WORD + 5], hc[MAX_WORD + 5];
        char **ra, **rc;
        int *pa, *pc, *ca, *cc;
        hyphenate(whole[k], w, len, ha, &ra, &pa, &ca);
        hyphenate(cut, w, len, hc, &rc, &pc, &cc);
        int same = memcmp(ha, hc, len) == 0 && !ra == !rc;
        for (size_t j = 0; same && ra && j < len; j++)
            same = !ra[j] == !rc[j] && (!ra[j] || strcmp(ra[j], rc[j]) == 0) && pa[j] == pc[j] &&
                   ca[j] == cc[j];
        if (!same)
            nc_fuzz_die("%s: word %zu (%zu bytes) is hyphenated %.*s by the whole dictionary, "
                        "%.*s by the cut", dicts[k], i, len, (int)len, ha, (int)len, hc);
        release(ra, pa, ca, len);
        release(rc, pc, cc, len);
    }
    hnj_hyphen_free(cut);
    nc_pdf_words_free(words);
    return 0;
}

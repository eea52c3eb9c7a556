/* hyphenate.c: the hyphenation dictionaries: found, shared, prefetched,
 * cut down to a document's words; see hyphenate.h. */
#include "hyphenate.h"

#include <hyphen.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "hash.h"
#include "heap.h"
#include "hyphen_cut.h"
#include "hyphen_pack.h"
#include "reserve.h"
#include "utf8.h"

#define HYPHEN_DIR "/usr/share/hyphen"

static const char *dict_path(const char *lang, char *out, size_t size)
{
    if (!lang || !*lang)
        lang = "en";
    char ll[8] = "", cc[8] = "";
    size_t i = 0;
    while (lang[i] && lang[i] != '-' && lang[i] != '_' && i < 3) {
        ll[i] = (char)(lang[i] | 0x20);
        i++;
    }
    ll[i] = '\0';
    if (lang[i] == '-' || lang[i] == '_') {
        const char *r = lang + i + 1;
        if (strlen(r) >= 2 && (r[2] == '\0' || r[2] == '-')) {
            cc[0] = (char)(r[0] & ~0x20);
            cc[1] = (char)(r[1] & ~0x20);
            cc[2] = '\0';
        }
    }
    char upper[8];
    for (i = 0; ll[i]; i++)
        upper[i] = (char)(ll[i] & ~0x20);
    upper[i] = '\0';
    /* Debian names some dictionaries by language and region only, and not
     * always the region of the language's own name: Swedish is hyph_sv_SE
     * (and hyph_sv_FI), Norwegian Bokmål hyph_nb_NO, and "no", the tag cld2
     * gives Norwegian, has no file of its own. */
    static const char *const home[][3] = {
        {"sv", "sv", "SE"}, {"no", "nb", "NO"}, {"nb", "nb", "NO"}, {"nn", "nn", "NO"},
        {"da", "da", "DK"}, {"cs", "cs", "CZ"}, {"el", "el", "GR"}, {"uk", "uk", "UA"},
        {"sl", "sl", "SI"}, {"ca", "ca", "ES"}, {"et", "et", "EE"}, {NULL, NULL, NULL},
    };
    const char *hl = ll, *hc = upper;
    for (i = 0; home[i][0]; i++)
        if (strcmp(ll, home[i][0]) == 0) {
            hl = home[i][1];
            hc = home[i][2];
        }
    /* de-AT, de, de_DE (hyph_ru_RU.dic), then the language's home region. */
    const char *forms[4][2] = {{ll, cc}, {ll, ""}, {ll, upper}, {hl, hc}};
    for (int k = 0; k < 4; k++) {
        if (k == 0 && !*cc)
            continue;
        snprintf(out, size, "%s/hyph_%s%s%s.dic", HYPHEN_DIR, forms[k][0], *forms[k][1] ? "_" : "",
                 forms[k][1]);
        if (access(out, R_OK) == 0)
            return out;
    }
    return NULL;
}

/* Parsed dictionaries, shared by the documents of one process: parsing the
 * patterns costs ~37 M instructions (more than laying out a short article),
 * and a batch of a thousand PDFs would pay it a thousand times. An entry is
 * added under the lock and never changed or freed afterwards, and libhyphen
 * only reads a dictionary while hyphenating, so threads share them safely:
 * this is a cache of immutable data, not state a conversion can observe. */
enum { DICT_CACHE = 16 };
static pthread_mutex_t dict_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    char path[256];
    HyphenDict *dict; /* NULL: the file did not load */
} dict_cache[DICT_CACHE];
static size_t dict_cached;

/* The cache entry for path, or dict_cached when there is none; under the lock. */
static size_t cache_slot(const char *path)
{
    size_t i = 0;
    while (i < dict_cached && strcmp(dict_cache[i].path, path) != 0)
        i++;
    return i;
}

/* d moved into one block (hyphen_pack.h), when that can be had. The block
 * is taken after all of libhyphen's pieces, so freeing them leaves free
 * chunks below it, not a top of the heap that grows back into the block:
 * their pages can be given back (heap.h). It has to be asked: the prefetch
 * thread parses in a malloc arena of its own, which nothing else reuses,
 * and the CLI keeps what it frees (M_TRIM_THRESHOLD in cli/main.c). A 1 MB
 * article's PDF: the arena held 2.5 MB after the parse, 0.9 MB now; peak
 * RSS -2 MB. */
static HyphenDict *packed(HyphenDict *d)
{
    HyphenDict *p = nc_pdf_hyphen_pack(d);
    if (!p)
        return d;
    hnj_hyphen_free(d);
    nc_heap_give_back(0);
    return p;
}

/* The dictionary at path, from the cache or loaded into it; *owned says the
 * caller must free it (only when the cache is full). */
static HyphenDict *shared_dictionary(const char *path, int *owned)
{
    *owned = 0;
    pthread_mutex_lock(&dict_lock);
    HyphenDict *d = NULL;
    size_t i = cache_slot(path);
    if (i < dict_cached) {
        d = dict_cache[i].dict;
    } else {
        d = hnj_hyphen_load(path);
        if (dict_cached < DICT_CACHE) {
            d = packed(d);
            snprintf(dict_cache[dict_cached].path, sizeof dict_cache[0].path, "%s", path);
            dict_cache[dict_cached++].dict = d;
        } else {
            *owned = 1;
        }
    }
    pthread_mutex_unlock(&dict_lock);
    return d;
}

/* Parsing the patterns (37 M instructions for English) takes about a
 * quarter of the time libharu needs to load and embed the fonts (150 M), and
 * nearly every document has a loose line that needs them: so they are
 * parsed on a second thread from the start, and the first line that needs
 * them takes the dictionary from the cache, waiting on its lock for what is
 * left of the parse, if anything. */
static void *prefetch_dictionary(void *arg)
{
    const char *path = arg;
    int owned = 0;
    HyphenDict *d = shared_dictionary(path, &owned);
    if (owned) /* the cache is full: the layout will load its own */
        hnj_hyphen_free(d);
    return NULL;
}

static int dictionary_cached(const char *path)
{
    pthread_mutex_lock(&dict_lock);
    int found = cache_slot(path) < dict_cached;
    pthread_mutex_unlock(&dict_lock);
    return found;
}

/* The hyphenation dictionary, found when a line first needs it: a document
 * set ragged never needs one. */
static HyphenDict *dictionary(nc_pdf_hyphenator *H)
{
    if (H->dict_tried)
        return H->dict;
    H->dict_tried = 1;
    char path[256];
    if (dict_path(H->lang, path, sizeof path)) {
        HyphenDict *d = shared_dictionary(path, &H->dict_owned);
        if (d && !d->utf8 && !H->to_dict) {
            iconv_t cd = iconv_open(d->cset, "UTF-8");
            if (cd == (iconv_t)-1) {
                if (H->dict_owned)
                    hnj_hyphen_free(d);
                H->dict_owned = 0;
                d = NULL;
            } else {
                H->to_dict = cd;
            }
        }
        H->dict = d; /* no dictionary: no hyphenation, not an error */
    }
    return H->dict;
}

int nc_pdf_is_letter(unsigned long c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x386 && c <= 0x3FF) ||
           (c >= 0x400 && c <= 0x4FF);
}

/* Lower case as the hyphenation patterns are written; the scripts the
 * Debian dictionaries cover. */
unsigned long nc_pdf_lower(unsigned long c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
        (c >= 0x391 && c <= 0x3AB) || (c >= 0x410 && c <= 0x42F))
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c >= 0x100 && c <= 0x17F && c % 2 == 0 && !(c >= 0x138 && c <= 0x148))
        return c + 1;
    return c;
}

/* A word (wlen bytes of UTF-8, nchars characters) in the single-byte
 * encoding of the dictionary (KOI8-R, ISO-8859-x), one byte a letter, NUL
 * ended, into out. 1, or 0 when a letter has no byte there. */
static int to_single_bytes(nc_pdf_hyphenator *H, const char *word, size_t wlen, size_t nchars,
                           char *out, size_t size)
{
    char *in = (char *)word, *outp = out;
    size_t inleft = wlen, outleft = size - 1;
    iconv((iconv_t)H->to_dict, NULL, NULL, NULL, NULL);
    if (iconv((iconv_t)H->to_dict, &in, &inleft, &outp, &outleft) == (size_t)-1 ||
        (size_t)(outp - out) != nchars)
        return 0;
    out[nchars] = '\0';
    return 1;
}

/* The dictionary cut down to the document's words, parsed the first time a
 * line needs it; the document's words are turned into its encoding then.
 * When it cannot be had, the whole dictionary. */
static HyphenDict *cut_dictionary(nc_pdf_hyphenator *H)
{
    if (!H->cut_tried) {
        H->cut_tried = 1;
        const char *path = H->prefetch_path; /* found by nc_pdf_layout_init */
        char cset[64];
        nc_pdf_words *words = H->words;
        if (nc_pdf_hyphen_charset(path, cset, sizeof cset) == 0) {
            if (strcmp(cset, "UTF-8") != 0) {
                /* As dictionary() would, and for the same words. */
                iconv_t cd = iconv_open(cset, "UTF-8");
                H->to_dict = cd == (iconv_t)-1 ? NULL : (void *)cd;
                words = H->to_dict ? nc_pdf_words_new() : NULL;
                for (size_t i = 0; words && i < nc_pdf_words_count(H->words); i++) {
                    size_t n;
                    const char *w = nc_pdf_words_at(H->words, i, &n);
                    char conv[256];
                    size_t chars = nc_utf8_length(w, n);
                    if (n < sizeof conv && to_single_bytes(H, w, n, chars, conv, sizeof conv) &&
                        nc_pdf_words_add(words, conv, chars) != 0) {
                        nc_pdf_words_free(words);
                        words = NULL;
                    }
                }
            }
            if (words)
                H->cut = nc_pdf_hyphen_load_cut(path, words);
        }
        if (words != H->words) {
            nc_pdf_words_free(H->words);
            H->words = words;
        }
    }
    if (!H->cut || !H->words)
        return dictionary(H);
    return H->cut;
}

/* The first short document of a process is hyphenated from a dictionary
 * cut down to its words; the next ones share the whole dictionary, which
 * a batch parses once (cut_made is guarded by dict_lock). */
static int cut_made;

/* Whether no document of the process has taken the cut yet; take: this
 * one takes it. */
static int cut_available(int take)
{
    pthread_mutex_lock(&dict_lock);
    int available = !cut_made;
    if (take)
        cut_made = 1;
    pthread_mutex_unlock(&dict_lock);
    return available;
}

/* Past this many words, cutting the English dictionary (3 ms for the
 * seed's 82 words, 5 ms for 1,000) costs about what parsing all of it does
 * (6 to 10 ms). */
enum { CUT_WORDS_MAX = 800 };

/* The words of text hyphen_points may be asked to hyphenate: runs of
 * letters, NC_PDF_HYPHEN_MIN_WORD to 60 of them, in lower case (as it
 * hands them to libhyphen), UTF-8. 0, or -1 (too many, or out of memory). */
static int collect_words(nc_pdf_hyphenator *H, const char *text, size_t len)
{
    if (!(H->words = nc_pdf_words_new()))
        return -1;
    nc_buf word = NC_BUF_INIT;
    size_t chars = 0;
    int ok = 1;
    for (size_t i = 0; ok && i <= len;) {
        size_t k = 1;
        long cp = i < len ? nc_utf8_decode(text + i, len - i, &k) : -1;
        if (cp >= 0 && nc_pdf_is_letter((unsigned long)cp)) {
            nc_buf_put_utf8(&word, nc_pdf_lower((unsigned long)cp));
            chars++;
        } else {
            if (chars >= NC_PDF_HYPHEN_MIN_WORD && chars <= 60)
                ok = nc_pdf_words_add(H->words, word.data, word.len) == 0 &&
                     nc_pdf_words_count(H->words) <= CUT_WORDS_MAX;
            nc_buf_clear(&word);
            chars = 0;
        }
        ok = ok && !word.failed;
        i += k;
    }
    nc_buf_free(&word);
    if (!ok) {
        nc_pdf_words_free(H->words);
        H->words = NULL;
        return -1;
    }
    return 0;
}

void nc_pdf_hyphenator_init(nc_pdf_hyphenator *H, const char *lang, const char *text, size_t len)
{
    *H = (nc_pdf_hyphenator){.lang = lang};
    if (!dict_path(H->lang, H->prefetch_path, sizeof H->prefetch_path) ||
        dictionary_cached(H->prefetch_path))
        return;
    /* A document with too many words leaves the cut to a later one. */
    if (text && cut_available(0) && collect_words(H, text, len) == 0) {
        if (cut_available(1))
            return;
        nc_pdf_words_free(H->words);
        H->words = NULL;
    }
    /* Without a thread (pthread_create failed), the first need loads it. */
    H->prefetching =
        pthread_create(&H->prefetch, NULL, prefetch_dictionary, H->prefetch_path) == 0;
}

void nc_pdf_hyphenator_free(nc_pdf_hyphenator *H)
{
    if (H->prefetching)
        pthread_join(H->prefetch, NULL);
    H->prefetching = 0;
    if (H->dict && H->dict_owned)
        hnj_hyphen_free(H->dict);
    if (H->cut)
        hnj_hyphen_free(H->cut);
    nc_pdf_words_free(H->words);
    if (H->to_dict)
        iconv_close((iconv_t)H->to_dict);
    free(H->memo);
    free(H->memo_letters);
    *H = (nc_pdf_hyphenator){0};
}

/* Where the word may break, as a set of letter indices (bit k: before
 * letter k); 0 when it may not. */
static uint64_t hyphenate_word(nc_pdf_hyphenator *H, HyphenDict *dict,
                               const unsigned long *letters, size_t nchars)
{
    /* The word in the dictionary's encoding, and where each character ends. */
    char word[256], conv[256];
    size_t ends[64], wlen = 0;
    nc_buf utf8 = NC_BUF_INIT;
    for (size_t i = 0; i < nchars; i++) {
        nc_buf_put_utf8(&utf8, letters[i]);
        ends[i] = utf8.len;
    }
    if (utf8.failed || utf8.len >= sizeof word) {
        nc_buf_free(&utf8);
        return 0;
    }
    memcpy(word, utf8.data, utf8.len);
    wlen = utf8.len;
    nc_buf_free(&utf8);
    /* libhyphen strstr()s the word for its NOHYPHEN strings: end it with a NUL. */
    word[wlen] = '\0';
    const char *hw = word;
    if (H->to_dict) {
        if (!to_single_bytes(H, word, wlen, nchars, conv, sizeof conv))
            return 0;
        wlen = nchars;
        for (size_t i = 0; i < wlen; i++)
            ends[i] = i + 1;
        hw = conv;
    }
    /* The cut dictionary knows the document's words only. */
    if (dict == H->cut && !nc_pdf_words_has(H->words, hw, wlen) && !(dict = dictionary(H)))
        return 0;
    /* Two letters before a break and two after it, as TeX's German,
     * French and Russian set; English keeps three after it (TeX's
     * \righthyphenmin for English): "learn-ed" would mislead. */
    size_t right_min = (H->lang[0] | 0x20) == 'e' && (H->lang[1] | 0x20) == 'n' ? 3 : 2;
    char hyph[256 + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    uint64_t points = 0;
    if (hnj_hyphen_hyphenate2(dict, hw, (int)wlen, hyph, NULL, &rep, &pos, &cut) == 0) {
        for (size_t k = 0; k + 1 < nchars; k++) {
            size_t byte = ends[k] - 1;
            if ((hyph[byte] & 1) && k + 1 >= 2 && nchars - (k + 1) >= right_min &&
                !(rep && rep[byte]))
                points |= (uint64_t)1 << (k + 1);
        }
    }
    if (rep) {
        for (size_t i = 0; i < wlen; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return points;
}

/* A word answered: its letters at H->memo_letters[key ..], and where it
 * may break. */
struct nc_pdf_hyph_memo {
    uint32_t key;
    uint8_t len;         /* 0: the slot is empty */
    uint64_t points;
};

/* Up to 32,768 words a document are remembered (half the slots): a 1 MB
 * article asks for 32,000 words of 10,000 different ones, and asking
 * libhyphen each time was 8% of its PDF's instructions. */
enum { MEMO_MAX = 1 << 16 };

static struct nc_pdf_hyph_memo *memo_slot(const nc_pdf_hyphenator *H,
                                          const unsigned long *letters, size_t n)
{
    uint64_t h = NC_HASH_START;
    for (size_t i = 0; i < n; i++)
        h = nc_hash_step(h, letters[i]);
    size_t mask = H->n_memo - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct nc_pdf_hyph_memo *m = &H->memo[i];
        if (!m->len)
            return m;
        if (m->len == n) {
            size_t k = 0;
            while (k < n && H->memo_letters[m->key + k] == letters[k])
                k++;
            if (k == n)
                return m;
        }
    }
}

/* Twice the slots, once half are taken; -1 when the table is at its
 * largest or memory is short (it keeps the words it has). */
static int memo_grow(nc_pdf_hyphenator *H)
{
    size_t n = H->n_memo ? H->n_memo * 2 : 1024;
    struct nc_pdf_hyph_memo *old = H->memo, *v;
    if (n > MEMO_MAX || !(v = calloc(n, sizeof *v)))
        return -1;
    size_t n_old = H->n_memo;
    H->memo = v;
    H->n_memo = n;
    unsigned long word[64];
    for (size_t i = 0; i < n_old; i++) {
        if (!old[i].len)
            continue;
        for (size_t k = 0; k < old[i].len; k++)
            word[k] = H->memo_letters[old[i].key + k];
        *memo_slot(H, word, old[i].len) = old[i];
    }
    free(old);
    return 0;
}

/* Remembers the answer for the word in slot m. */
static void memo_keep(nc_pdf_hyphenator *H, struct nc_pdf_hyph_memo *m,
                      const unsigned long *letters, size_t n, uint64_t points)
{
    /* nc_pdf_is_letter's letters are all below U+0500 */
    for (size_t k = 0; k < n; k++)
        if (letters[k] > 0xFFFF)
            return;
    if (nc_reserve(&H->memo_letters, &H->cap_letters, H->n_letters + n,
                   sizeof *H->memo_letters) != 0)
        return;
    for (size_t k = 0; k < n; k++)
        H->memo_letters[H->n_letters + k] = (unsigned short)letters[k];
    *m = (struct nc_pdf_hyph_memo){.key = (uint32_t)H->n_letters, .len = (uint8_t)n,
                                   .points = points};
    H->n_letters += n;
    H->memo_used++;
}

size_t nc_pdf_hyphenate(nc_pdf_hyphenator *H, const unsigned long *letters, size_t nchars,
                        size_t *out, size_t max)
{
    if (nchars < 2 || nchars > 60)
        return 0;
    HyphenDict *dict = H->words ? cut_dictionary(H) : dictionary(H);
    if (!dict)
        return 0;
    if (H->memo_used >= H->n_memo / 2)
        memo_grow(H);
    struct nc_pdf_hyph_memo *m = H->memo ? memo_slot(H, letters, nchars) : NULL;
    uint64_t points;
    if (m && m->len) {
        points = m->points;
    } else {
        points = hyphenate_word(H, dict, letters, nchars);
        if (m && H->memo_used < H->n_memo / 2)
            memo_keep(H, m, letters, nchars, points);
    }
    size_t n = 0;
    for (size_t k = 1; k < nchars && n < max; k++)
        if (points >> k & 1)
            out[n++] = k;
    return n;
}

/* layout.c: line breaking, hyphenation, justification and pagination
 * for the PDF writer. Lines are filled first-fit, which is what a news
 * page does, and hyphenation is tried only when the next word does not fit
 * and would leave a visibly loose line. Words are placed one by one:
 * libharu's word spacing has no effect on the Unicode fonts it embeds. */
#include "layout.h"

#include <hyphen.h>
#include <iconv.h>
#include <linebreak.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dynlib.h"
#include "error.h"
#include "haru.h"
#include "hyphen_cut.h"
#include "utf8.h"

#ifndef NC_LIBUNIBREAK_SONAME
#define NC_LIBUNIBREAK_SONAME "libunibreak.so"
#endif

#define WIDTH_CACHE 0x250 /* ASCII, Latin-1 and Latin Extended-A/B */
#define HYPHEN_DIR "/usr/share/hyphen"

/* libunibreak, like libharu, is opened the first time a PDF is written
 * (src/base/dynlib.h says why): two functions, typed by its own prototypes. */
typedef struct unibreak_api {
    __typeof__(init_linebreak) *init_linebreak;
    __typeof__(set_linebreaks_utf8) *set_linebreaks_utf8;
} unibreak_api;

static unibreak_api unibreak;

static const nc_dynlib_symbol unibreak_symbols[] = {
    NC_DYNLIB_SYMBOL(unibreak_api, init_linebreak),
    NC_DYNLIB_SYMBOL(unibreak_api, set_linebreaks_utf8),
};

static const char *const unibreak_files[] = {NC_LIBUNIBREAK_SONAME, NULL};

static nc_dynlib libunibreak = NC_DYNLIB_INIT(unibreak_files, unibreak_symbols, unibreak);

/* libunibreak fills its tables once per process; the once-guard is the
 * only shared state, and it is set before any document uses them. */
static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;

static void fill_linebreak_tables(void) { unibreak.init_linebreak(); }

nc_status nc_pdf_layout_load(nc_error *err)
{
    nc_status rc = nc_dynlib_load(&libunibreak);
    if (rc != NC_OK)
        return nc_fail(err, rc, "pdf writer: %s", nc_dynlib_why(&libunibreak));
    pthread_once(&linebreak_once, fill_linebreak_tables);
    return NC_OK;
}

typedef struct ch {
    size_t off;          /* in the block's text */
    unsigned char len;
    unsigned char glue;  /* a breakable space: stretched, never drawn */
    char brk;            /* LINEBREAK_* after this character */
    unsigned long cp;
    nc_pdf_style style;
    int face;            /* -1: no face has it, the stand-in is drawn */
    int span;
    float w;
} ch;

typedef struct unit {    /* a box up to a break opportunity, and the spaces after it */
    size_t s, eb, eg;
    int must;            /* a forced line break follows */
} unit;

typedef struct blk {
    nc_pdf_layout *L;
    const nc_pdf_span *spans;
    const nc_pdf_block_style *bs;
    char *text;
    ch *c;
    double *cum;         /* cum[i]: width of the characters before i */
    size_t n;
    int first_line;
    size_t line0;        /* index of the block's first line */
} blk;

static void fail(nc_pdf_layout *L, nc_status rc, const char *why)
{
    if (L->status == NC_OK) {
        L->status = rc;
        snprintf(L->why, sizeof L->why, "%s", why);
    }
}

static void *grow(nc_pdf_layout *L, void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 64;
    while (c < need)
        c *= 2;
    void *q = realloc(p, c * size);
    if (!q) {
        fail(L, NC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *cap = c;
    return q;
}

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
    /* de-AT, de, de_DE: Debian names some dictionaries by language and
     * region only (hyph_ru_RU.dic). */
    const char *forms[3][2] = {{ll, cc}, {ll, ""}, {ll, upper}};
    for (int k = 0; k < 3; k++) {
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
static HyphenDict *dictionary(nc_pdf_layout *L)
{
    if (L->dict_tried)
        return L->dict;
    L->dict_tried = 1;
    char path[256];
    if (dict_path(L->lang, path, sizeof path)) {
        HyphenDict *d = shared_dictionary(path, &L->dict_owned);
        if (d && !d->utf8 && !L->to_dict) {
            iconv_t cd = iconv_open(d->cset, "UTF-8");
            if (cd == (iconv_t)-1) {
                if (L->dict_owned)
                    hnj_hyphen_free(d);
                L->dict_owned = 0;
                d = NULL;
            } else {
                L->to_dict = cd;
            }
        }
        L->dict = d; /* no dictionary: no hyphenation, not an error */
    }
    return L->dict;
}

static int is_letter(unsigned long c)
{
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x386 && c <= 0x3FF) ||
           (c >= 0x400 && c <= 0x4FF);
}

/* Lower case as the hyphenation patterns are written; the scripts the
 * Debian dictionaries cover. */
static unsigned long lower(unsigned long c)
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
static int to_single_bytes(nc_pdf_layout *L, const char *word, size_t wlen, size_t nchars,
                           char *out, size_t size)
{
    char *in = (char *)word, *outp = out;
    size_t inleft = wlen, outleft = size - 1;
    iconv((iconv_t)L->to_dict, NULL, NULL, NULL, NULL);
    if (iconv((iconv_t)L->to_dict, &in, &inleft, &outp, &outleft) == (size_t)-1 ||
        (size_t)(outp - out) != nchars)
        return 0;
    out[nchars] = '\0';
    return 1;
}

/* The dictionary cut down to the document's words, parsed the first time a
 * line needs it; the document's words are turned into its encoding then.
 * When it cannot be had, the whole dictionary. */
static HyphenDict *cut_dictionary(nc_pdf_layout *L)
{
    if (!L->cut_tried) {
        L->cut_tried = 1;
        const char *path = L->prefetch_path; /* found by nc_pdf_layout_init */
        char cset[64];
        nc_pdf_words *words = L->words;
        if (nc_pdf_hyphen_charset(path, cset, sizeof cset) == 0) {
            if (strcmp(cset, "UTF-8") != 0) {
                /* As dictionary() would, and for the same words. */
                iconv_t cd = iconv_open(cset, "UTF-8");
                L->to_dict = cd == (iconv_t)-1 ? NULL : (void *)cd;
                words = L->to_dict ? nc_pdf_words_new() : NULL;
                for (size_t i = 0; words && i < nc_pdf_words_count(L->words); i++) {
                    size_t n;
                    const char *w = nc_pdf_words_at(L->words, i, &n);
                    char conv[256];
                    size_t chars = nc_utf8_length(w, n);
                    if (n < sizeof conv && to_single_bytes(L, w, n, chars, conv, sizeof conv) &&
                        nc_pdf_words_add(words, conv, chars) != 0) {
                        nc_pdf_words_free(words);
                        words = NULL;
                    }
                }
            }
            if (words)
                L->cut = nc_pdf_hyphen_load_cut(path, words);
        }
        if (words != L->words) {
            nc_pdf_words_free(L->words);
            L->words = words;
        }
    }
    if (!L->cut || !L->words)
        return dictionary(L);
    return L->cut;
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
 * letters, 6 to 60 of them, the first in lower case, in lower case (as it
 * hands them to libhyphen), UTF-8. 0, or -1 (too many, or out of memory). */
static int collect_words(nc_pdf_layout *L, const char *text, size_t len)
{
    if (!(L->words = nc_pdf_words_new()))
        return -1;
    nc_buf word = NC_BUF_INIT;
    size_t chars = 0;
    int ok = 1, upper_first = 0;
    for (size_t i = 0; ok && i <= len;) {
        size_t k = 1;
        long cp = i < len ? nc_utf8_decode(text + i, len - i, &k) : -1;
        if (cp >= 0 && is_letter((unsigned long)cp)) {
            if (chars == 0)
                upper_first = lower((unsigned long)cp) != (unsigned long)cp;
            nc_buf_put_utf8(&word, lower((unsigned long)cp));
            chars++;
        } else {
            if (chars >= 6 && chars <= 60 && !upper_first)
                ok = nc_pdf_words_add(L->words, word.data, word.len) == 0 &&
                     nc_pdf_words_count(L->words) <= CUT_WORDS_MAX;
            nc_buf_clear(&word);
            chars = 0;
        }
        ok = ok && !word.failed;
        i += k;
    }
    nc_buf_free(&word);
    if (!ok) {
        nc_pdf_words_free(L->words);
        L->words = NULL;
        return -1;
    }
    return 0;
}

nc_status nc_pdf_layout_init(nc_pdf_layout *L, nc_pdf_fonts *fonts, float width,
                             const char *lang, const char *text, size_t len)
{
    *L = (nc_pdf_layout){.fonts = fonts, .width = width, .lang = lang ? lang : "en", .top = 1};
    size_t cells = (size_t)NC_PDF_STYLES * NC_PDF_CHAIN * WIDTH_CACHE;
    L->widths = malloc(cells * sizeof *L->widths);
    if (!L->widths)
        return L->status = NC_ERR_NOMEM;
    for (size_t i = 0; i < cells; i++)
        L->widths[i] = -1;
    if (!dict_path(L->lang, L->prefetch_path, sizeof L->prefetch_path) ||
        dictionary_cached(L->prefetch_path))
        return NC_OK;
    /* A document with too many words leaves the cut to a later one. */
    if (text && cut_available(0) && collect_words(L, text, len) == 0) {
        if (cut_available(1))
            return NC_OK;
        nc_pdf_words_free(L->words);
        L->words = NULL;
    }
    /* Without a thread (pthread_create failed), the first need loads it. */
    L->prefetching =
        pthread_create(&L->prefetch, NULL, prefetch_dictionary, L->prefetch_path) == 0;
    return NC_OK;
}

void nc_pdf_layout_free(nc_pdf_layout *L)
{
    if (L->prefetching)
        pthread_join(L->prefetch, NULL);
    L->prefetching = 0;
    if (L->dict && L->dict_owned)
        hnj_hyphen_free(L->dict);
    if (L->cut)
        hnj_hyphen_free(L->cut);
    nc_pdf_words_free(L->words);
    if (L->to_dict)
        iconv_close((iconv_t)L->to_dict);
    nc_buf_free(&L->pool);
    free(L->pieces);
    free(L->lines);
    free(L->missing);
    free(L->widths);
    *L = (nc_pdf_layout){0};
}

/* Advance of one character, per 1000 em. */
static float advance(nc_pdf_layout *L, nc_pdf_style style, int face, const char *s, size_t len,
                     unsigned long cp)
{
    float *cell = NULL;
    if (cp < WIDTH_CACHE) {
        cell = &L->widths[((size_t)style * NC_PDF_CHAIN + (size_t)face) * WIDTH_CACHE + cp];
        if (*cell >= 0)
            return *cell;
    }
    nc_status rc = NC_OK;
    HPDF_Font f = nc_pdf_fonts_get(L->fonts, style, face, &rc);
    if (!f) {
        fail(L, rc, nc_pdf_fonts_problem(L->fonts));
        return 0;
    }
    HPDF_TextWidth tw = nc_hpdf()->HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)len);
    if (cell)
        *cell = (float)tw.width;
    return (float)tw.width;
}

float nc_pdf_layout_text_width(nc_pdf_layout *L, nc_pdf_style s, float size, const char *text)
{
    double w = 0;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        size_t k;
        long cp = nc_utf8_decode(text + i, n - i, &k);
        int face = cp < 0 ? -1 : nc_pdf_fonts_pick(L->fonts, s, (unsigned long)cp);
        if (face >= 0)
            w += advance(L, s, face, text + i, k, (unsigned long)cp);
        i += k;
    }
    return (float)(w * size / 1000.0);
}

static void note_missing(nc_pdf_layout *L, unsigned long cp)
{
    for (size_t i = 0; i < L->n_missing; i++)
        if (L->missing[i] == cp)
            return;
    unsigned long *m = grow(L, L->missing, &L->cap_missing, L->n_missing + 1, sizeof *m);
    if (!m)
        return;
    L->missing = m;
    L->missing[L->n_missing++] = cp;
}

static int is_glue(unsigned long cp)
{
    /* Breakable spaces only: no-break spaces and the figure space stay
     * inside their word. */
    return cp == ' ' || (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x205F ||
           cp == 0x3000;
}

/* Where a line may end inside a run of text with no space: after a hyphen,
 * and between ideographs. The other opportunities UAX #14 offers inside a
 * word (after '/', after a dash) are left out: text extraction joins a
 * word only across a hyphenated line end, so a URL or "word\xE2\x80\x94word"
 * broken there would be copied out as two words. */
static int breaks_inside_words(unsigned long c)
{
    return c == '-' || c == 0x2010 || (c >= 0x2E80 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static unsigned long next_cp(const char *s, size_t n)
{
    size_t k;
    long cp = nc_utf8_decode(s, n, &k);
    return cp < 0 ? 0xFFFD : (unsigned long)cp;
}

/* Appends to out the positions (character indices) in [s, e) before which
 * the word may be hyphenated; returns how many. */
static size_t hyphen_points(blk *b, size_t s, size_t e, size_t *out, size_t max)
{
    nc_pdf_layout *L = b->L;
    size_t c0 = s, c1 = e;
    while (c0 < c1 && !is_letter(b->c[c0].cp))
        c0++;
    while (c1 > c0 && !is_letter(b->c[c1 - 1].cp))
        c1--;
    /* Short words and names (a capital first) are not split: "To-qaev"
     * reads as a typo. */
    if (c1 - c0 < 6 || c1 - c0 > 60 || lower(b->c[c0].cp) != b->c[c0].cp)
        return 0;
    for (size_t i = c0; i < c1; i++)
        if (!is_letter(b->c[i].cp))
            return 0;
    HyphenDict *dict = L->words ? cut_dictionary(L) : dictionary(L);
    if (!dict)
        return 0;
    /* The word in the dictionary's encoding, and where each character ends. */
    char word[256], conv[256];
    size_t ends[64], wlen = 0;
    for (size_t i = c0; i < c1; i++) {
        nc_buf one = NC_BUF_INIT;
        nc_buf_put_utf8(&one, lower(b->c[i].cp));
        if (one.failed || wlen + one.len >= sizeof word) {
            nc_buf_free(&one);
            return 0;
        }
        memcpy(word + wlen, one.data, one.len);
        wlen += one.len;
        ends[i - c0] = wlen;
        nc_buf_free(&one);
    }
    /* libhyphen strstr()s the word for its NOHYPHEN strings: end it with a NUL. */
    word[wlen] = '\0';
    const char *hw = word;
    if (L->to_dict) {
        if (!to_single_bytes(L, word, wlen, c1 - c0, conv, sizeof conv))
            return 0;
        wlen = c1 - c0;
        for (size_t i = 0; i < wlen; i++)
            ends[i] = i + 1;
        hw = conv;
    }
    /* The cut dictionary knows the document's words only. */
    if (dict == L->cut && !nc_pdf_words_has(L->words, hw, wlen) && !(dict = dictionary(L)))
        return 0;
    char hyph[256 + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    size_t n = 0;
    if (hnj_hyphen_hyphenate2(dict, hw, (int)wlen, hyph, NULL, &rep, &pos, &cut) == 0) {
        size_t nchars = c1 - c0;
        for (size_t k = 0; k + 1 < nchars && n < max; k++) {
            size_t byte = ends[k] - 1;
            /* two letters before a break, three after it */
            if ((hyph[byte] & 1) && k + 1 >= 2 && nchars - (k + 1) >= 3 && !(rep && rep[byte]))
                out[n++] = c0 + k + 1;
        }
    }
    if (rep) {
        for (size_t i = 0; i < wlen; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    return n;
}

static double width(const blk *b, size_t a, size_t e) { return b->cum[e] - b->cum[a]; }

static float hyphen_width(blk *b, size_t last, int *face)
{
    nc_pdf_style st = b->c[last].style;
    *face = nc_pdf_fonts_pick(b->L->fonts, st, '-');
    if (*face < 0)
        return 0;
    return advance(b->L, st, *face, "-", 1, '-') * b->bs->size / 1000.0f;
}

/* Pieces under construction: one run of characters in one face. */
typedef struct piece_builder {
    nc_pdf_layout *L;
    nc_buf text;
    nc_pdf_piece p;
    int open;
} piece_builder;

static void piece_close(piece_builder *pb)
{
    nc_pdf_layout *L = pb->L;
    if (!pb->open)
        return;
    pb->open = 0;
    nc_pdf_piece *ps = grow(L, L->pieces, &L->cap_pieces, L->n_pieces + 1, sizeof *ps);
    if (!ps)
        return;
    L->pieces = ps;
    pb->p.text = L->pool.len;
    nc_buf_put(&L->pool, pb->text.data, pb->text.len);
    nc_buf_putc(&L->pool, '\0');
    if (L->pool.failed)
        fail(L, NC_ERR_NOMEM, "out of memory");
    L->pieces[L->n_pieces++] = pb->p;
    nc_buf_clear(&pb->text);
}

static void piece_add(piece_builder *pb, float x, nc_pdf_style style, int face, float size,
                      float gray, size_t url, const char *s, size_t len, float w)
{
    if (pb->open && (pb->p.style != style || pb->p.face != face || pb->p.url != url))
        piece_close(pb);
    if (!pb->open) {
        pb->open = 1;
        pb->p = (nc_pdf_piece){.x = x, .style = style, .face = face, .size = size,
                               .gray = gray, .url = url};
    }
    nc_buf_put(&pb->text, s, len);
    pb->p.width += w;
}

static size_t url_offset(nc_pdf_layout *L, const char *url)
{
    if (!url)
        return 0;
    size_t off = L->pool.len;
    nc_buf_puts(&L->pool, url);
    nc_buf_putc(&L->pool, '\0');
    return off + 1;
}

static void emit_line(blk *b, size_t a, size_t e, int hyph, int last, size_t *urls)
{
    nc_pdf_layout *L = b->L;
    const nc_pdf_block_style *bs = b->bs;
    if (L->status != NC_OK)
        return;
    nc_pdf_line *ls = grow(L, L->lines, &L->cap_lines, L->n_lines + 1, sizeof *ls);
    if (!ls)
        return;
    L->lines = ls;
    float first = b->first_line ? bs->first_indent : 0;
    double avail = L->width - bs->indent_left - bs->indent_right - first;
    int hface = -1;
    double hw = hyph && e > a ? hyphen_width(b, e - 1, &hface) : 0;
    double natural = width(b, a, e) + hw;
    size_t n_glue = 0, n_drawn = hyph ? 1 : 0;
    for (size_t i = a; i < e; i++) {
        if (b->c[i].glue)
            n_glue++;
        else
            n_drawn++;
    }
    double extra = 0, tc = 0;
    if (bs->align == NC_PDF_JUSTIFY && !last && avail > natural) {
        if (n_glue)
            extra = (avail - natural) / (double)n_glue;
        else if (n_drawn >= 2)
            tc = (avail - natural) / (double)n_drawn;
    }
    nc_pdf_line line = {
        .first_piece = L->n_pieces,
        .x = bs->indent_left + first +
             (bs->align == NC_PDF_CENTER && avail > natural ? (float)((avail - natural) / 2) : 0),
        .leading = bs->leading,
        .space_before = b->first_line ? bs->space_before : 0,
        .char_space = (float)tc,
        /* a break after a word's own hyphen counts too */
        .hyphenated = hyph || (!last && e > a && (b->c[e - 1].cp == '-' || b->c[e - 1].cp == 0x2010)),
        .block = L->blocks,
    };
    piece_builder pb = {.L = L};
    if (b->first_line && bs->marker) {
        float mw = nc_pdf_layout_text_width(L, bs->marker_style, bs->size, bs->marker);
        /* The marker sits in the indent, as a separate piece of its own. */
        const char *m = bs->marker;
        size_t ml = strlen(m);
        float mx = -mw - bs->size * 0.5f;
        for (size_t i = 0; i < ml;) {
            size_t k;
            long cp = nc_utf8_decode(m + i, ml - i, &k);
            int face = cp < 0 ? -1 : nc_pdf_fonts_pick(L->fonts, bs->marker_style, (unsigned long)cp);
            if (face >= 0) {
                float w = advance(L, bs->marker_style, face, m + i, k, (unsigned long)cp) *
                          bs->size / 1000.0f;
                piece_add(&pb, mx, bs->marker_style, face, bs->size, bs->gray, 0, m + i, k, w);
                mx += w;
            }
            i += k;
        }
        piece_close(&pb);
    }
    double x = 0;
    for (size_t i = a; i < e; i++) {
        const ch *c = &b->c[i];
        if (c->glue) {
            piece_close(&pb);
            x += c->w + extra;
            continue;
        }
        size_t url = urls[c->span];
        if (c->face < 0) {
            const char *standin;
            int f = nc_pdf_fonts_standin(L->fonts, c->style, &standin);
            piece_add(&pb, (float)x, c->style, f, bs->size, bs->gray, url, standin, strlen(standin),
                      (float)(c->w + tc));
        } else {
            piece_add(&pb, (float)x, c->style, c->face, bs->size, bs->gray, url, b->text + c->off,
                      c->len, (float)(c->w + tc));
        }
        x += c->w + tc;
    }
    if (hyph && hface >= 0)
        piece_add(&pb, (float)x, b->c[e - 1].style, hface, bs->size, bs->gray, urls[b->c[e - 1].span],
                  "-", 1, (float)(hw + tc));
    piece_close(&pb);
    nc_buf_free(&pb.text);
    line.n_pieces = L->n_pieces - line.first_piece;
    L->lines[L->n_lines++] = line;
    b->first_line = 0;
}

/* Splits the characters into units: boxes that end where a line may
 * break, each with the spaces that follow it. */
static unit *make_units(blk *b, size_t *nu)
{
    unit *u = malloc((b->n + 1) * sizeof *u);
    if (!u) {
        fail(b->L, NC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    size_t k = 0, i = 0, n = b->n;
    const ch *c = b->c;
    while (i < n) {
        size_t s = i, eb;
        for (;;) {
            while (i < n && !c[i].glue) {
                i++;
                if (c[i - 1].brk != LINEBREAK_NOBREAK)
                    break;
            }
            eb = i;
            while (i < n && c[i].glue)
                i++;
            if (i == n || c[i - 1].brk != LINEBREAK_NOBREAK)
                break;
        }
        u[k++] = (unit){.s = s, .eb = eb, .eg = i,
                        .must = i < n && c[i - 1].brk == LINEBREAK_MUSTBREAK};
    }
    *nu = k;
    return u;
}

static void fill_lines(blk *b, size_t *urls)
{
    nc_pdf_layout *L = b->L;
    const nc_pdf_block_style *bs = b->bs;
    size_t nu;
    unit *u = make_units(b, &nu);
    if (!u)
        return;
    float space = nc_pdf_layout_text_width(L, NC_PDF_SERIF, bs->size, " ");
    size_t k = 0, start = nu ? u[0].s : 0;
    /* A unit wider than the measure is tried for hyphenation on every line
     * it is cut over; hyphen_points() scans the whole unit, so its answer
     * is kept per unit (a 400 KB run of '*' took 4 s, one scan a line). */
    size_t pts[64], np = 0, pts_unit = (size_t)-1;
    while (k < nu && L->status == NC_OK) {
        if (u[k].eb <= start) { /* nothing but spaces left in this unit */
            k++;
            start = k < nu ? u[k].s : b->n;
            continue;
        }
        double avail = L->width - bs->indent_left - bs->indent_right -
                       (b->first_line ? bs->first_indent : 0);
        size_t a = start, end = start;
        double w = 0, pend = 0;
        int count = 0, hyph = 0, forced = 0;
        while (k < nu) {
            size_t bstart = count ? u[k].s : start;
            double bw = width(b, bstart, u[k].eb);
            double need = (count ? pend : 0) + bw;
            if (w + need <= avail + 0.001) {
                w += need;
                end = u[k].eb;
                pend = width(b, u[k].eb, u[k].eg);
                count++;
                forced = u[k].must;
                k++;
                start = k < nu ? u[k].s : b->n;
                if (forced)
                    break;
                continue;
            }
            double left = avail - w - (count ? pend : 0);
            if (bs->hyphenate && (count == 0 || left > 2.0 * space)) {
                if (pts_unit != k) {
                    np = hyphen_points(b, u[k].s, u[k].eb, pts, 64);
                    pts_unit = k;
                }
                size_t best = 0;
                for (size_t p = 0; p < np; p++) {
                    int hf;
                    if (pts[p] < bstart + 2)
                        continue;
                    if (width(b, bstart, pts[p]) + hyphen_width(b, pts[p] - 1, &hf) <= left + 0.001)
                        best = pts[p];
                }
                if (best) {
                    end = best;
                    hyph = 1;
                    count++;
                    start = best;
                    break;
                }
            }
            if (count == 0) {
                /* A word wider than the measure: cut it where it must. */
                size_t h = bstart + 1;
                while (h < u[k].eb && width(b, bstart, h + 1) <= avail)
                    h++;
                end = h;
                count++;
                start = h;
            }
            break;
        }
        emit_line(b, a, end, hyph, k >= nu || forced, urls);
    }
    free(u);
}

nc_status nc_pdf_layout_block(nc_pdf_layout *L, const nc_pdf_span *spans, size_t n,
                              const nc_pdf_block_style *bs, int bookmark)
{
    if (L->status != NC_OK)
        return L->status;
    blk b = {.L = L, .spans = spans, .bs = bs, .first_line = 1, .line0 = L->n_lines};
    nc_buf text = NC_BUF_INIT;
    size_t *span_end = malloc((n + 1) * sizeof *span_end);
    size_t *urls = malloc((n + 1) * sizeof *urls);
    if (!span_end || !urls) {
        free(span_end);
        free(urls);
        fail(L, NC_ERR_NOMEM, "out of memory");
        return L->status;
    }
    for (size_t i = 0; i < n; i++) {
        nc_buf_put(&text, spans[i].text, spans[i].len);
        span_end[i] = text.len;
        urls[i] = url_offset(L, spans[i].url);
    }
    if (text.failed || L->pool.failed) {
        fail(L, NC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (text.len == 0 && !bs->marker)
        goto done;
    b.text = text.data ? text.data : "";
    char *brks = malloc(text.len + 1);
    b.c = malloc((text.len + 1) * sizeof *b.c);
    b.cum = malloc((text.len + 2) * sizeof *b.cum);
    if (!brks || !b.c || !b.cum) {
        free(brks);
        fail(L, NC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (text.len) {
        /* libunibreak 1.1 asserts (aborts the process) on regional
         * indicators, U+1F1E6..U+1F1FF: it is shown a letter of the same
         * UTF-8 length in their place. */
        char *lb = NULL;
        for (size_t i = 0; i + 3 < text.len; i++) {
            unsigned char *u = (unsigned char *)(lb ? lb : b.text) + i;
            if (u[0] != 0xF0 || u[1] != 0x9F || u[2] != 0x87 || u[3] < 0xA6 || u[3] > 0xBF)
                continue;
            if (!lb) {
                if (!(lb = malloc(text.len))) {
                    free(brks);
                    fail(L, NC_ERR_NOMEM, "out of memory");
                    goto done;
                }
                memcpy(lb, b.text, text.len);
                u = (unsigned char *)lb + i;
            }
            memcpy(u, "\xF0\x90\x80\x80", 4);
        }
        unibreak.set_linebreaks_utf8((const utf8_t *)(lb ? lb : b.text), text.len, L->lang, brks);
        free(lb);
    }
    size_t sp = 0;
    b.cum[0] = 0;
    for (size_t i = 0; i < text.len;) {
        size_t k;
        long cp = nc_utf8_decode(b.text + i, text.len - i, &k);
        while (sp + 1 < n && i >= span_end[sp])
            sp++;
        ch *c = &b.c[b.n];
        *c = (ch){.off = i, .len = (unsigned char)k, .cp = cp < 0 ? 0xFFFD : (unsigned long)cp,
                  .style = spans[sp].style, .span = (int)sp, .brk = brks[i + k - 1]};
        c->glue = (unsigned char)is_glue(c->cp);
        if (c->brk == LINEBREAK_ALLOWBREAK && !c->glue && !breaks_inside_words(c->cp) &&
            !(i + k < text.len && breaks_inside_words(next_cp(b.text + i + k, text.len - i - k))))
            c->brk = LINEBREAK_NOBREAK;
        c->face = nc_pdf_fonts_pick(L->fonts, c->style, c->cp);
        if (c->face >= 0) {
            c->w = advance(L, c->style, c->face, b.text + i, k, c->cp) * bs->size / 1000.0f;
        } else {
            const char *standin;
            int f = nc_pdf_fonts_standin(L->fonts, c->style, &standin);
            if (f < 0) {
                free(brks);
                fail(L, NC_ERR_RESOURCE, *nc_pdf_fonts_problem(L->fonts)
                                             ? nc_pdf_fonts_problem(L->fonts)
                                             : "no font can draw even a stand-in character");
                goto done;
            }
            note_missing(L, c->cp);
            c->w = advance(L, c->style, f, standin, strlen(standin), 0xFFFD) * bs->size / 1000.0f;
        }
        b.cum[b.n + 1] = b.cum[b.n] + c->w;
        b.n++;
        i += k;
    }
    free(brks);
    if (b.n)
        fill_lines(&b, urls);
    else
        emit_line(&b, 0, 0, 0, 1, urls);
    if (L->status == NC_OK && L->n_lines > b.line0) {
        size_t nb = L->n_lines - b.line0;
        for (size_t i = 0; i < nb; i++) {
            nc_pdf_line *ln = &L->lines[b.line0 + i];
            /* At least two lines of a paragraph on either side of a page
             * break: no orphan, no widow. */
            int keep = i + 1 < nb ? !(i >= 1 && i + 3 <= nb) : bs->keep_with_next;
            /* A word split over a page break would read badly and extract
             * badly: never break the page after a hyphen. */
            ln->keep = keep || ln->hyphenated;
        }
        L->lines[b.line0].bookmark = bookmark;
    }
done:
    L->blocks++;
    nc_buf_free(&text);
    free(span_end);
    free(urls);
    free(b.c);
    free(b.cum);
    return L->status;
}

nc_status nc_pdf_layout_image(nc_pdf_layout *L, float w, float h, float space_before)
{
    if (L->status != NC_OK)
        return L->status;
    nc_pdf_line *ls = grow(L, L->lines, &L->cap_lines, L->n_lines + 1, sizeof *ls);
    if (!ls)
        return L->status;
    L->lines = ls;
    L->lines[L->n_lines++] = (nc_pdf_line){
        .first_piece = L->n_pieces, .leading = h, .space_before = space_before, .keep = 1,
        .block = L->blocks++, .image_w = w, .image_h = h,
        .x = (L->width - w) / 2};
    return NC_OK;
}

void nc_pdf_paginate(nc_pdf_layout *L, float height, int final)
{
    size_t i = L->placed, n = L->n_lines;
    while (i < n) {
        /* The group that must stay on one page: up to a line after which a
         * page may break. */
        size_t j = i;
        while (j + 1 < n && L->lines[j].keep)
            j++;
        /* The next block may still join this group. */
        if (!final && L->lines[j].keep)
            break;
        double h = 0;
        for (size_t k = i; k <= j; k++)
            h += L->lines[k].leading + (k == i && L->top ? 0 : L->lines[k].space_before);
        if (!L->top && L->y + h > height) {
            L->page++;
            L->y = 0;
            L->top = 1;
        }
        /* A group taller than a page breaks where it must. */
        for (size_t k = i; k <= j; k++) {
            nc_pdf_line *ln = &L->lines[k];
            double adv = ln->leading + (L->top ? 0 : ln->space_before);
            if (!L->top && L->y + adv > height) {
                L->page++;
                L->y = 0;
                L->top = 1;
                adv = ln->leading;
            }
            L->y += adv;
            ln->page = L->page;
            ln->y = (float)L->y;
            L->top = 0;
        }
        i = j + 1;
    }
    L->placed = i;
    if (final)
        L->n_pages = L->page + 1;
}

void nc_pdf_layout_drop(nc_pdf_layout *L, size_t n)
{
    if (n > L->placed)
        n = L->placed;
    if (n == 0)
        return;
    size_t p0 = n < L->n_lines ? L->lines[n].first_piece : L->n_pieces;
    /* URLs go into the pool before their block's texts. */
    size_t keep_from = L->pool.len;
    for (size_t k = p0; k < L->n_pieces; k++) {
        const nc_pdf_piece *pc = &L->pieces[k];
        if (pc->text < keep_from)
            keep_from = pc->text;
        if (pc->url && pc->url - 1 < keep_from)
            keep_from = pc->url - 1;
    }
    for (size_t k = p0; k < L->n_pieces; k++) {
        nc_pdf_piece *pc = &L->pieces[k];
        pc->text -= keep_from;
        if (pc->url)
            pc->url -= keep_from;
    }
    if (L->pool.len > keep_from)
        memmove(L->pool.data, L->pool.data + keep_from, L->pool.len - keep_from);
    L->pool.len -= keep_from;
    memmove(L->pieces, L->pieces + p0, (L->n_pieces - p0) * sizeof *L->pieces);
    L->n_pieces -= p0;
    for (size_t k = n; k < L->n_lines; k++)
        L->lines[k].first_piece -= p0;
    memmove(L->lines, L->lines + n, (L->n_lines - n) * sizeof *L->lines);
    L->n_lines -= n;
    L->placed -= n;
}

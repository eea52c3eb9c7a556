/* hyphenate.h: the PDF writer's hyphenation service. Finds the language's
 * Debian dictionary, shares parsed dictionaries between the documents of a
 * process (a batch parses each once), parses the whole dictionary on a
 * second thread while fonts load, or, for the first short document of a
 * process, only the patterns its words can reach (hyphen_cut.h), and
 * answers where a word may break. Private to the PDF writer. */
#ifndef NC_PDF_HYPHENATE_H
#define NC_PDF_HYPHENATE_H

#include <pthread.h>
#include <stddef.h>

/* Words of fewer letters are never hyphenated. */
#define NC_PDF_HYPHEN_MIN_WORD 5

typedef struct nc_pdf_hyphenator {
    const char *lang;                /* BCP 47 */
    void *dict;                      /* HyphenDict, or NULL */
    void *to_dict;                   /* iconv_t to the dictionary's encoding, or NULL */
    int dict_tried;                  /* the dictionary is found on first need */
    int dict_owned;                  /* dict is ours to free (not in the shared cache) */
    pthread_t prefetch;              /* parsing the dictionary meanwhile, when */
    int prefetching;                 /* set: joined by nc_pdf_hyphenator_free */
    char prefetch_path[256];         /* the dictionary's file, for that thread or the cut */
    void *cut;                       /* HyphenDict cut down to words (hyphen_cut.h), or NULL */
    struct nc_pdf_words *words;      /* the document's words a line may hyphenate, or NULL */
    int cut_tried;
    struct nc_pdf_hyph_memo *memo;   /* the words answered so far: open addressing */
    size_t n_memo, memo_used;
    unsigned short *memo_letters;    /* their letters (all below U+0500) */
    size_t n_letters, cap_letters;
} nc_pdf_hyphenator;

/* Sets H up for a document in language lang (BCP 47, not NULL) whose
 * text (the words a line may hyphenate, in any order; NULL when unknown or
 * too long to be worth it) is the len bytes at text. The dictionary, when
 * Debian has one for the language: for the first short document of the
 * process, the patterns that can match in its words, parsed when a line
 * first needs them; otherwise the whole dictionary, shared by the
 * documents of the process, starting to load on a second thread unless an
 * earlier document loaded it already. No dictionary: no hyphenation. */
void nc_pdf_hyphenator_init(nc_pdf_hyphenator *H, const char *lang, const char *text, size_t len);
void nc_pdf_hyphenator_free(nc_pdf_hyphenator *H);

/* Where the word of n letters (nc_pdf_is_letter, lowered by nc_pdf_lower)
 * may be hyphenated: the indices k (0 < k < n) of the letters a break may
 * come before, ascending, into out (at most max); returns how many. */
size_t nc_pdf_hyphenate(nc_pdf_hyphenator *H, const unsigned long *letters, size_t n,
                        size_t *out, size_t max);

/* Letters of the scripts the Debian dictionaries cover, and their lower
 * case as the patterns are written. */
int nc_pdf_is_letter(unsigned long c);
unsigned long nc_pdf_lower(unsigned long c);

#endif

/* hyphen_cut.h: a hyphenation dictionary cut down to one document's words.
 *
 * libhyphen parses a Debian pattern file in about 10 ms (11,107 patterns
 * for English), a third of the time a short article takes to become a PDF
 * and more than it takes to lay it out. Which points a word may be
 * hyphenated at depends only on the patterns whose letters occur in the
 * word: Liang's patterns match substrings of ".word.", and libhyphen's
 * second level (compound parts, themselves substrings of the word) and its
 * replacement patterns ("ck/k=k") match the same way. So the patterns whose
 * letters (digits and dots left out) occur in at least one word of a set
 * hyphenate every word of that set exactly as the whole file does: 520
 * patterns for the seed article's words, parsed in a fraction of a
 * millisecond. A word outside the set must be given the whole dictionary.
 * Private to the PDF writer. */
#ifndef NC_PDF_HYPHEN_H
#define NC_PDF_HYPHEN_H

#include <hyphen.h>
#include <stddef.h>

/* A set of words, as bytes (in the dictionary's encoding when used for
 * nc_pdf_hyphen_load_cut: letters, never an ASCII digit, '.', space or
 * control byte, which libhyphen reads otherwise). */
typedef struct nc_pdf_words nc_pdf_words;

nc_pdf_words *nc_pdf_words_new(void); /* NULL: out of memory */
void nc_pdf_words_free(nc_pdf_words *w);
/* Adds the n bytes at word (n > 0; a word already there is not added
 * again). 0, or -1 when out of memory. */
int nc_pdf_words_add(nc_pdf_words *w, const char *word, size_t n);
int nc_pdf_words_has(const nc_pdf_words *w, const char *word, size_t n);
size_t nc_pdf_words_count(const nc_pdf_words *w);
/* The i-th word added (i < count), its length in *n. */
const char *nc_pdf_words_at(const nc_pdf_words *w, size_t i, size_t *n);

/* The first line of the pattern file at path, its character set ("UTF-8",
 * "ISO8859-1", "KOI8-R"...), into cset; 0, or -1 when it cannot be read. */
int nc_pdf_hyphen_charset(const char *path, char *cset, size_t size);

/* The dictionary at path, parsed by libhyphen from its lines less the
 * patterns that cannot match in any word of words (given in the file's
 * encoding); free it with hnj_hyphen_free. NULL when the file cannot be
 * read or memory runs out. */
HyphenDict *nc_pdf_hyphen_load_cut(const char *path, const nc_pdf_words *words);

#endif

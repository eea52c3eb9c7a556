/* reader.h: the plain-text article reader's internal stages, in the order
 * they run: decode (bytes to clean UTF-8), front matter, blocks (lines to
 * units), classify (units to article structure), inline (typography,
 * emphasis, links), with dates and character classes as helpers. */
#ifndef NC_READER_H
#define NC_READER_H

#include "buf.h"
#include "document.h"
#include "error.h"
#include "newsconv.h"

/* One source line after decoding: UTF-8, without its line end. */
typedef struct nc_line {
    const char *text;
    size_t len;
    unsigned long number; /* 1-based */
} nc_line;

/* ------------------------------------------------------------ decode.c */

/* Turns input bytes into clean NFC UTF-8 with LF line ends: the encoding is
 * opts->encoding when given, else a BOM, else UTF-8 when the bytes are valid
 * UTF-8, else uchardet's guess (Windows-1252 when it has none). Invalid
 * bytes become U+FFFD; NUL and C0 controls other than tab and LF are removed;
 * form feeds and vertical tabs become spaces. Each change is a warning that
 * names the line. The result is *text, *len: `in` itself when it is already
 * clean (no copy is made), else out's data. Returns NC_OK, NC_ERR_ENCODING
 * (unknown forced encoding), NC_ERR_INPUT (binary data) or NC_ERR_NOMEM. */
nc_status nc_decode(const char *in, size_t n, const nc_reader_options *opts, nc_buf *out,
                    const char **text, size_t *len, nc_error *err);

/* ------------------------------------------------------------- chars.c */

/* The code point at s[i] (n bytes in all) and its length in *k; an invalid
 * byte reads as U+FFFD of length 1. At the end: 0 and *k = 0. */
unsigned long nc_cp_at(const char *s, size_t n, size_t i, size_t *k);
/* The code point ending just before s[i], and its length; 0 at the start. */
unsigned long nc_cp_before(const char *s, size_t i, size_t *k);
int nc_cp_is_letter(unsigned long cp);
int nc_cp_is_upper(unsigned long cp);
int nc_cp_is_lower(unsigned long cp);
int nc_cp_is_digit(unsigned long cp);
int nc_cp_is_alnum(unsigned long cp);
int nc_cp_is_space(unsigned long cp);
unsigned long nc_cp_tolower(unsigned long cp);

/* -------------------------------------------------------------- date.c */

/* Reads a date in ISO 8601, RFC 2822 or a common English form ("September
 * 28, 2023", "28 September 2023", "Sept. 28, 2023") into out[11] as
 * YYYY-MM-DD. Returns 1 when read, 0 when not (out is then ""). */
int nc_parse_date(const char *s, size_t n, char out[11]);
/* Sets meta "date" from text: as YYYY-MM-DD with date_iso set when it reads
 * as a date, else as written with a warning. Returns 0, or -1 out of memory. */
int nc_reader_set_date(nc_document *doc, const char *text, const nc_reader_options *opts,
                       unsigned long line);

/* ------------------------------------------------------- frontmatter.c */

/* Reads front matter at the top of lines[0..n) (a YAML block between ---
 * lines, or two or more Key: value lines of known keys) into doc's metadata. Returns the index of the
 * first line after it (0 when there is none), or (size_t)-1 out of memory. */
size_t nc_front_matter(nc_document *doc, const nc_line *lines, size_t n,
                       const nc_reader_options *opts);

/* ------------------------------------------------------------ blocks.c */

/* A unit: one block of the article before it becomes a node. Units with the
 * same non-zero group form one container (a quote's paragraphs, a list's
 * items). */
typedef struct nc_unit {
    nc_node_type type;     /* PARAGRAPH, HEADING, CAPTION, BYLINE, CREDIT, BREAK, ITEM, TABLE */
    nc_node_type container;/* NONE, QUOTE or LIST */
    unsigned group;        /* container id, 0 for none */
    unsigned long first, last;
    char *text;            /* joined lines, NUL-terminated, heap */
    size_t len;
    size_t cap;            /* bytes allocated for text; 0: exactly len + 1 */
    size_t body;           /* ITEM: offset of the text after the marker */
    int indent;            /* of the first line, in columns */
    int nlines;
    int marker;            /* list marker: '-', '*', 0x2022, 0x2013, '.', ')' (numbers) */
    int number;            /* numbered marker's number */
    size_t kicker;         /* PARAGRAPH: bytes of the kicker opening it (spaces after
                            * it included), 0 for none */
    size_t dateline;       /* PARAGRAPH: bytes of the dateline after the kicker, 0 for none */
    int columns;           /* TABLE: columns; text holds its lines, LF-separated */
} nc_unit;

typedef struct nc_units {
    nc_unit *v;
    size_t n, cap;
} nc_units;

/* Groups lines[0..n) into units: blank-line separated blocks, split further
 * at breaks, quote lines and list markers; indentation starts a paragraph
 * when the text has no blank line at all. Hard-wrapped lines are joined, a
 * word hyphenated across a line end only when the joined word occurs
 * elsewhere in the text. Lists need two items in a row. Returns 0 or -1 out
 * of memory. */
int nc_blocks(const nc_line *lines, size_t n, nc_units *out);
void nc_units_free(nc_units *u);

/* ---------------------------------------------------------- classify.c */

/* Assigns article roles to the units from index `start`: byline, caption,
 * dateline, credit, heading; joins a sentence broken by a stray blank line.
 * Byline names go to meta.authors; a dateline's date with a year fills
 * meta.date when it is unset. Returns 0 or -1 out of memory. */
int nc_classify(nc_document *doc, nc_units *u, size_t start, const nc_reader_options *opts);

/* -------------------------------------------------------------- lang.c */

/* Detection reads at most this many bytes from the article's start, and
 * answers only when they hold at least NC_LANG_MIN_LETTERS letters: under
 * that (a headline and a line) it guessed wrong too often, and the
 * default, English, stays. The CLI's --help says the figure. */
#define NC_LANG_SAMPLE 1024
#define NC_LANG_MIN_LETTERS NC_LANG_DETECT_MIN_LETTERS

/* The language the caller gave: opts->lang, else the last metadata "lang"
 * (or "language"), else NULL. */
const char *nc_lang_given(const nc_reader_options *opts);

/* Whether the units hold text enough for nc_lang_detect to ask the
 * detector (NC_LANG_MIN_LETTERS letters in its sample). */
int nc_lang_enough(const nc_units *u);

/* Loads the detector (nc_reader_prepare): NC_OK, or NC_ERR_RESOURCE when
 * it cannot be loaded. */
nc_status nc_lang_prepare(void);

/* The language of the units' text as a BCP 47 tag (static storage), or NULL
 * when the text is too short, the detector has no answer, or it cannot be
 * loaded (then a warning says so). The detector is loaded on the first
 * call that needs it. */
const char *nc_lang_detect(const nc_units *u, const nc_reader_options *opts);

/* ---------------------------------------------------------- dateline.c */

/* The dateline at the start of s[0, n) ("BERLIN (dpa) -", "Madrid, 5 dic
 * (EFE).-", "(ANSA) - ROMA, 5 DIC -"): its length in bytes, its closing
 * mark included, or 0. [*date_a, *date_b) is its date part, empty when it
 * has none. The one dateline splitter: the reader stores what it finds as
 * the paragraph's DATELINE inline, which every writer renders. */
size_t nc_dateline(const char *s, size_t n, size_t *date_a, size_t *date_b);
/* The kicker at the start of s[0, n) ("EXCLUSIVE-", "UPDATE 2-", "VIDÉO - "):
 * its length with the spaces after it, or 0. Capitals touching a hyphen
 * must be a known label, numbered or of two words: five capitals or more
 * are a German compound as often ("IIASA-Studie zeigt", "UNICEF-Bericht"),
 * in a headline and a paragraph alike. */
size_t nc_kicker(const char *s, size_t n);

/* What goes between a kicker given as metadata (-M, front matter) and the
 * title, which every writer puts right after it: "" when it ends in its
 * own separator ("EXCLUSIVE-", "VIDÉO - "), " " after a spaced dash with
 * its space trimmed off ("VIDÉO -") or other punctuation ("Exclusive:"),
 * and " - " after a letter or digit ("EXCLUSIVE"), as the headline
 * "EXCLUSIVE - Shipping ..." would give it. */
const char *nc_kicker_gap(const char *kicker);

/* ------------------------------------------------------------ byline.c */

/* Is s[0, n) (of nlines source lines) a byline ("By JOHN HANNA and
 * MARGERY A. BECK" / "Associated Press", "Von Anna Weber, dpa")? When it
 * is, appends its names to names in name case, each ending in a NUL. */
int nc_byline(const char *s, size_t n, int nlines, nc_buf *names);

/* ------------------------------------------------------------ credit.c */

/* Is s[0, n), a paragraph of its own, a credit or sign-off of the forms
 * credit.c lists ("(Reporting by ...)", "Enditem", "burs-jh/sst",
 * "... contributed to this report.")? */
int nc_credit_line(const char *s, size_t n);
/* Is s[0, n), a line without its indent, Reuters' closing "Reuter" or
 * "REUTER..."? */
int nc_signoff(const char *s, size_t n);
/* Where a credit that closes the paragraph s[0, n) begins ("... rose.
 * (APA, 5.12.2023)"), or 0 when none does. */
size_t nc_credit_tail(const char *s, size_t n);

/* ------------------------------------------------------------- table.c */

/* Column-aligned text: rows (lines of fields two or more spaces or a tab
 * apart, not prose with two spaces between sentences), and after a row
 * the next lines of its wrapped cells (one field under one of its cells),
 * two rows or more stacking into two or more columns. Returns the end of
 * the table that starts at lines[i] (lines before `end` only), or i when
 * none does. memo, zeroed before a block's first line and kept while the
 * block's lines are asked for in order, saves scanning a run again; NULL
 * for a single question. */
typedef struct nc_table_memo {
    size_t from, end, first; /* the run [from, end) and its first table start */
} nc_table_memo;
size_t nc_table_run(const nc_line *lines, size_t i, size_t end, nc_table_memo *memo);

/* Fills table node t from TABLE unit x: a row per line, a cell per column,
 * each cell's inlines as nc_inline makes them. Returns 0 or -1. */
int nc_table(nc_document *doc, nc_node *t, const nc_unit *x, int smart, const char *lang,
             nc_buf *scratch);

/* ------------------------------------------------------------ inline.c */

/* Appends to leaf the inline nodes of text: bare URLs and e-mail addresses
 * as links, *emphasis* and _emphasis_, and typography when smart is set,
 * quotes in the style of lang. scratch (or NULL) is working memory that the
 * caller keeps from one block to the next, so that a document of thousands
 * of blocks allocates it once; what it holds after is of no use. text lies
 * inside a NUL-terminated string, as nc_typography's s does. Returns 0 or -1
 * out of memory. */
int nc_inline(nc_document *doc, nc_node *leaf, const char *text, size_t n, int smart,
              const char *lang, nc_buf *scratch);

/* Typography alone (quotes, apostrophes, dashes, ellipses) for lang. Both
 * typography passes read s[0, n) from inside a NUL-terminated string (s[n]
 * or a later byte is NUL): they find the next mark with strcspn. */
int nc_typography(nc_buf *out, const char *s, size_t n, const char *lang);

#endif

/* paragraph.h: optimal line breaking (Knuth and Plass, "Breaking
 * paragraphs into lines", 1981, as TeX does it) over a paragraph given as
 * prefix sums of its characters' widths, stretch and shrink, and the places
 * a line may end. Pure computation: no fonts, no PDF. Private to the PDF
 * writer. */
#ifndef NC_PDF_PARAGRAPH_H
#define NC_PDF_PARAGRAPH_H

#include <stddef.h>

#define NC_PDF_FORCED (-10000) /* a penalty that forces the break */

/* A place a line may end: the line holds characters [.., end) (plus
 * extra: a hyphen drawn at its end), the next line starts at next. */
typedef struct nc_pdf_candidate {
    size_t end, next;
    double extra;
    int penalty;          /* TeX's: 50 a hyphen, NC_PDF_FORCED a forced break */
    int flagged;          /* a hyphen ends the line (consecutive ones cost more) */
} nc_pdf_candidate;

typedef struct nc_pdf_paragraph {
    /* width[i], stretch[i], shrink[i]: totals of the characters before i. */
    const double *width, *stretch, *shrink;
    const nc_pdf_candidate *cand;  /* ascending; the last ends the paragraph */
    size_t n_cand;
    double first_width, width_rest; /* the measure of the first line, of the others */
} nc_pdf_paragraph;

/* Chooses where the lines end: the indices of the chosen candidates, in
 * order, into out (room for n_cand), their count into *n_out. tolerance:
 * the worst badness a line may have (TeX's 100..200); 0 when no choice
 * within it exists, else 1; -1 when out of memory. With tolerance < 0, any
 * line not wider than the measure is allowed: then a choice exists when
 * every candidate's line alone fits. At most two hyphenated lines in a row. */
int nc_pdf_break_lines(const nc_pdf_paragraph *p, double tolerance, size_t *out, size_t *n_out);

#endif

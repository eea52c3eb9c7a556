/* table.h: a table's cells as lines of the layout, kept apart from the
 * paragraph typesetter (layout.c), which knows nothing of columns. Each
 * cell is a line of its own (and so a block of its own, for the tagged
 * PDF's TH and TD); the cells after the first of a row advance by no
 * leading, so a row's cells share its baseline. Private to the PDF writer. */
#ifndef NC_PDF_TABLE_H
#define NC_PDF_TABLE_H

#include "layout.h"

typedef struct nc_pdf_cell {
    const char *text;  /* UTF-8, NUL-terminated */
    nc_align align;    /* within the column */
    float x, width;    /* the column: from the left margin, and its width */
} nc_pdf_cell;

typedef struct nc_pdf_row_style {
    nc_pdf_style style;
    float size, leading, space_before;
    int keep;          /* no page break after this row */
} nc_pdf_row_style;

/* Adds the line of one cell as a block of its own (L->blocks counts on):
 * first: the row's first cell, which advances the row's leading; last: its
 * last, after which the page may break unless rs->keep. The cell is never
 * broken or hyphenated: the caller has sized the columns to fit. Returns
 * L->status. */
nc_status nc_pdf_layout_cell(nc_pdf_layout *L, const nc_pdf_cell *cell, int first, int last,
                             const nc_pdf_row_style *rs);

#endif

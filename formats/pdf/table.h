/* table.h: a table's cells as lines of the layout, kept apart from the
 * paragraph typesetter (layout.c), which knows nothing of columns. Each
 * cell is a block of its own (for the tagged PDF's TH and TD), of as many
 * lines as its text needs in its column; the first line of each cell after
 * the first of a row goes back up by the lines of the cell before, so a
 * row's cells share its first baseline. Private to the PDF writer. */
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

/* Where a row stands while its cells are added: the lines of the cell
 * before and of the row's tallest cell. Zero it for each row. */
typedef struct nc_pdf_row {
    size_t cells;
    int prev_lines, most_lines;
} nc_pdf_row;

/* Adds the lines of one cell as a block of its own (L->blocks counts on):
 * its text broken at spaces into lines no wider than cell->width (a word
 * wider than the column stands alone on its line: the caller sizes the
 * columns to hold their widest words), never hyphenated. The row's first
 * cell advances the row's leading; a later cell's first line goes back up
 * to the row's first baseline, so the cells stand side by side while the
 * content keeps them one after another, in reading order. Returns
 * L->status. */
nc_status nc_pdf_layout_cell(nc_pdf_layout *L, nc_pdf_row *row, const nc_pdf_cell *cell,
                             const nc_pdf_row_style *rs);

/* Ends the row: the lines below its last cell reach down to the foot of its
 * tallest (nc_pdf_line.after); the page may break after the row unless
 * rs->keep, and never inside it unless it is taller than a page. */
void nc_pdf_layout_row_end(nc_pdf_layout *L, const nc_pdf_row *row, const nc_pdf_row_style *rs);

#endif

/* draw.h: drawing the laid-out pages (draw.c). Private to the PDF writer. */
#ifndef NC_PDF_DRAW_H
#define NC_PDF_DRAW_H

#include "state.h"

/* Draws every page the layout has completed and lets the layout forget
 * their lines: memory holds a page or so, whatever the article's length.
 * final: the document is laid out; the last page is drawn too. A failure
 * is left in w->draw_failed or w->status. */
void nc_pdf_draw_ready(nc_pdfw *w, int final);
/* The footers ("page 3 of 7"), once the number of pages is known. */
nc_status nc_pdf_draw_footers(nc_pdfw *w, nc_error *err);

#endif

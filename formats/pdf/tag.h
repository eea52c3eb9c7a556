/* tag.h: the hooks the page drawing calls around everything it draws, so
 * that a tagged PDF can wrap each piece in marked content (BDC/EMC) and
 * tie it to the structure tree. draw.c calls them and nothing else does;
 * tag.c implements them. Private to the PDF writer. */
#ifndef NC_PDF_TAG_H
#define NC_PDF_TAG_H

#include <hpdf.h>

#include "pdf.h"

typedef enum nc_pdf_content {
    NC_PDF_CONTENT_TEXT,     /* a line's text; block: its block's serial number */
    NC_PDF_CONTENT_IMAGE,    /* the photo; block: its line's block */
    NC_PDF_CONTENT_ARTIFACT  /* rules, page footers: no content of the document */
} nc_pdf_content;

/* A page begins (before anything is drawn on it) or is complete; pg is
 * 0-based. 0, or -1 on failure (what failed is then in w). */
int nc_pdf_tag_page(nc_pdfw *w, HPDF_Page page, int pg, int begin);

/* Opens and closes the marked content around one thing drawn. Text is
 * opened and closed inside a text object (BT..ET), images and artifacts
 * outside one. 0, or -1 on failure. */
int nc_pdf_tag_begin(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind, int block);
int nc_pdf_tag_end(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind);

#endif

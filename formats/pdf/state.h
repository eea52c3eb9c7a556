/* state.h: the PDF writer's state for one document, which its rooms share:
 * pdf.c maps the document onto block styles and fills in the document
 * data, draw.c draws the laid-out pages, tag.c marks them, status.c keeps
 * the first failure, photo.c loads the photo. A header of its own, with no
 * code behind it, so that each of those rooms looks down at the state and
 * none of them up at pdf.c. Private to the PDF writer. */
#ifndef NC_PDF_STATE_H
#define NC_PDF_STATE_H

#include <hpdf.h>

#include "buf.h"
#include "fonts.h"
#include "layout.h"
#include "newsconv.h"

typedef struct nc_pdf_outline_mark {
    char *title;
    int level;
} nc_pdf_outline_mark;

typedef struct nc_pdf_tags nc_pdf_tags; /* tag.c's */

typedef struct nc_pdfw {
    HPDF_Doc pdf;
    HPDF_STATUS hpdf_error, hpdf_detail; /* the first error libharu reported */
    const nc_document *doc;
    const nc_writer_options *opts;
    nc_pdf_fonts *fonts;
    nc_pdf_layout L;
    float page_w, page_h, margin_top, margin_bottom, margin_side;
    float size;                          /* body text */
    int after_head;                      /* the next paragraph starts flush */
    float space_after_rule;              /* added above the next block */
    int image_placed;
    HPDF_Image image;
    float image_w, image_h;
    nc_pdf_outline_mark *marks;
    size_t n_marks, cap_marks;
    /* Drawing, page by page as soon as a page is complete: */
    HPDF_Page *pages;                    /* every page, for the footers drawn last */
    size_t n_pages, cap_pages;
    HPDF_Outline root;
    size_t next_mark;
    int head_block;                      /* the headline's block, -1 until seen */
    const char *draw_failed;             /* what libharu failed at, or NULL */
    int zlevel;                          /* for the page contents */
    nc_buf content;                      /* the page's operators not yet handed over
                                          * (draw.c), from draw.c and tag.c */
    int standards;                       /* tag.h: NC_PDF_UA1, NC_PDF_A2A */
    nc_pdf_tags *tags;                   /* NULL for a plain PDF */
    nc_status status;
    char why[300];
} nc_pdfw;

#endif

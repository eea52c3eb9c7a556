/* tag.c: the marked-content hooks of tag.h. Untagged for now: they draw
 * nothing (the tagged PDF of issue 19 fills them in). */
#include "tag.h"

int nc_pdf_tag_page(nc_pdfw *w, HPDF_Page page, int pg, int begin)
{
    (void)w, (void)page, (void)pg, (void)begin;
    return 0;
}

int nc_pdf_tag_begin(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind, int block)
{
    (void)w, (void)page, (void)kind, (void)block;
    return 0;
}

int nc_pdf_tag_end(nc_pdfw *w, HPDF_Page page, nc_pdf_content kind)
{
    (void)w, (void)page, (void)kind;
    return 0;
}

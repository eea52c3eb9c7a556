/* status.c: the PDF writer's first failure, recorded by every room (pdf.c,
 * draw.c, tag.c) and reported once, so that no room calls back into the one
 * that called it. */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "status.h"
#include "tag.h"

nc_status nc_pdfw_failed(nc_pdfw *w, nc_error *err, const char *what)
{
    const char *tag = nc_pdf_tag_failed(w);
    if (w->status == NC_OK && tag && !w->hpdf_error)
        return nc_error_set(err, strcmp(tag, "out of memory") == 0 ? NC_ERR_NOMEM : NC_ERR_WRITER,
                       "pdf writer: %s", tag);
    if (w->status != NC_OK)
        return nc_error_set(err, w->status, "pdf writer: %s", w->why);
    if (w->hpdf_error == HPDF_FAILD_TO_ALLOC_MEM)
        return nc_error_set(err, NC_ERR_NOMEM, "pdf writer: out of memory");
    return nc_error_set(err, NC_ERR_WRITER, "pdf writer: libharu failed %s (error 0x%04X, detail %u)",
                   what, (unsigned)w->hpdf_error, (unsigned)w->hpdf_detail);
}

void nc_pdfw_set_status(nc_pdfw *w, nc_status rc, const char *why)
{
    if (w->status == NC_OK) {
        w->status = rc;
        snprintf(w->why, sizeof w->why, "%s", why);
    }
}

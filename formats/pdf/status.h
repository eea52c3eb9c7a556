/* status.h: the first failure of a PDF document (status.c). Private to the
 * PDF writer. */
#ifndef NC_PDF_STATUS_H
#define NC_PDF_STATUS_H

#include "state.h"

/* Records the first failure of the document (later ones are dropped). */
void nc_pdfw_set_status(nc_pdfw *w, nc_status rc, const char *why);
/* Fills err with the first failure: ours, or libharu's while doing what. */
nc_status nc_pdfw_failed(nc_pdfw *w, nc_error *err, const char *what);

#endif

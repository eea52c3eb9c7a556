/* photo.h: the article's photo in the PDF (photo.c). Private to the PDF
 * writer. */
#ifndef NC_PDF_PHOTO_H
#define NC_PDF_PHOTO_H

#include "state.h"

/* Loads the JPEG or PNG image the document names (path, for messages)
 * into w->image, checked by formats/image.h, fitted to the
 * measure and to less than half the text height (w->image_w, image_h). */
nc_status nc_pdf_photo_load(nc_pdfw *w, const char *path, nc_error *err);

#endif

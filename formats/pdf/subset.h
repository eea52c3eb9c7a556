/* subset.h: an embedded font cut down to the glyphs drawn, by HarfBuzz's
 * subsetter (libharfbuzz-subset, opened the first time a PDF is saved).
 * Private to the PDF writer. */
#ifndef NC_PDF_SUBSET_H
#define NC_PDF_SUBSET_H

#include <stddef.h>

#include "buf.h"

/* The TrueType font at path with only the glyphs gids[0..n) (and .notdef)
 * left, every glyph keeping its index, into out. 0, or -1 when the
 * subsetter is not there or fails (the caller keeps the font it has). */
int nc_pdf_subset(const char *path, const unsigned *gids, size_t n, nc_buf *out);

#endif

/* breaks.h: where a line may end (UAX #14), from libunibreak, opened on
 * first use, asked only about what a run of letters cannot change. Private
 * to the PDF writer. */
#ifndef NC_PDF_BREAKS_H
#define NC_PDF_BREAKS_H

#include <stddef.h>

#include "newsconv.h"

/* Opens libunibreak the first time (thread-safe; later calls only check)
 * and fills its tables. NC_OK, or NC_ERR_WRITER with "pdf writer: cannot
 * load <soname>: <why>" in err. Before any nc_pdf_line_breaks. */
nc_status nc_pdf_breaks_load(nc_error *err);

/* libunibreak's LINEBREAK_* value after each character of the len bytes of
 * UTF-8 at text, in language lang (BCP 47, may be NULL), at the
 * character's last byte of brks (len bytes): what set_linebreaks_utf8
 * gives there. The other bytes of a character are LINEBREAK_INSIDEACHAR.
 * 0, or -1 when out of memory. */
int nc_pdf_line_breaks(const char *text, size_t len, const char *lang, char *brks);

#endif

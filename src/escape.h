/* escape.h: quoting text for the formats that more than one part of the
 * program writes (JSON: the json writer and the CLI's manifest). */
#ifndef NC_ESCAPE_H
#define NC_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* Appends s as a JSON string literal, quotes included: ", \ and control
 * characters escaped, other UTF-8 passed through. */
int nc_escape_json(nc_buf *out, const char *s, size_t n);

#endif

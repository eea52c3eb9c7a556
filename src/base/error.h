/* error.h: filling an nc_error; the one place messages are formatted. */
#ifndef NC_ERROR_H
#define NC_ERROR_H

#include <stdarg.h>

#include "newsconv.h"

/* nc_error_set, the public way to fill an error, is declared in newsconv.h. */

/* Formats a warning and hands it to fn (when not NULL): the one place both
 * the reader's and the writers' diagnostics are made. */
void nc_warn(nc_diag_fn fn, void *userdata, nc_warning code, unsigned long line,
             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Marks err as a success. */
void nc_error_clear(nc_error *err);

#endif

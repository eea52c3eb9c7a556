/* error.h: filling an nc_error; the one place messages are formatted. */
#ifndef NC_ERROR_H
#define NC_ERROR_H

#include <stdarg.h>

#include "newsconv.h"

/* Fills err (when not NULL) with code and a printf-style message, and
 * returns code, so that callers can write `return nc_fail(err, ...)`. */
nc_status nc_fail(nc_error *err, nc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

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

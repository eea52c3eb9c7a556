#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *nc_status_string(nc_status code)
{
    switch (code) {
    case NC_OK: return "success";
    case NC_ERR_NOMEM: return "out of memory";
    case NC_ERR_IO: return "input/output error";
    case NC_ERR_INPUT: return "unusable input";
    case NC_ERR_ENCODING: return "bad character encoding";
    case NC_ERR_TOO_LARGE: return "input too large";
    case NC_ERR_OPTION: return "bad option";
    case NC_ERR_WRITER: return "writer failed";
    case NC_ERR_RESOURCE: return "missing or bad resource";
    case NC_ERR_ARGUMENT: return "invalid argument";
    }
    return "unknown error";
}

nc_status nc_error_set(nc_error *err, nc_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    /* A message is one line: a file name or value with a newline in it
     * must not break that promise. */
    for (char *p = err->message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return code;
}

void nc_error_clear(nc_error *err)
{
    if (!err)
        return;
    err->code = NC_OK;
    err->message[0] = '\0';
}

void nc_warn(nc_diag_fn fn, void *userdata, nc_warning code, unsigned long line,
             const char *fmt, ...)
{
    if (!fn)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nc_diagnostic d = {.code = code, .line = line, .message = msg};
    fn(&d, userdata);
}

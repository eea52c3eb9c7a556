/* reader.h: the plain-text article reader's internal stages. */
#ifndef NC_READER_H
#define NC_READER_H

#include "buf.h"
#include "document.h"
#include "newsconv.h"

/* One source line after decoding: UTF-8, without its line end. */
typedef struct nc_line {
    const char *text;
    size_t len;
    unsigned long number; /* 1-based */
} nc_line;

/* Sends a warning to the reader's diagnostic callback, when there is one. */
void nc_reader_warn(const nc_reader_options *opts, nc_warning code, unsigned long line,
                    const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif

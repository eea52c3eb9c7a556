#include "escape.h"

int nc_escape_json(nc_buf *out, const char *s, size_t n)
{
    nc_buf_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) {
            run++;
            continue;
        }
        nc_buf_put(out, s + i - run, run);
        run = 0;
        switch (c) {
        case '"': nc_buf_puts(out, "\\\""); break;
        case '\\': nc_buf_puts(out, "\\\\"); break;
        case '\n': nc_buf_puts(out, "\\n"); break;
        case '\t': nc_buf_puts(out, "\\t"); break;
        case '\r': nc_buf_puts(out, "\\r"); break;
        default: nc_buf_printf(out, "\\u%04x", c); break;
        }
    }
    nc_buf_put(out, s + n - run, run);
    return nc_buf_putc(out, '"');
}

#include "escape.h"

#include "utf8.h"

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

int nc_escape_xml(nc_buf *out, const char *s, size_t n, int markup)
{
    size_t i = 0;
    while (i < n) {
        /* Printable ASCII without markup meaning, the bulk of any text, is
         * copied a run at a time. */
        size_t r = i;
        while (r < n && (unsigned char)s[r] >= 0x20 && (unsigned char)s[r] < 0x7F &&
               s[r] != '&' && s[r] != '<' && s[r] != '>')
            r++;
        if (r > i) {
            nc_buf_put(out, s + i, r - i);
            i = r;
            continue;
        }
        size_t size;
        long cp = nc_utf8_decode(s + i, n - i, &size);
        int ok = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp < 0x7F) ||
                 (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
                 (cp >= 0x10000 && cp <= 0x10FFFF);
        if (!ok)
            nc_buf_puts(out, "\xEF\xBF\xBD");
        else if (markup && cp == '&')
            nc_buf_puts(out, "&amp;");
        else if (markup && cp == '<')
            nc_buf_puts(out, "&lt;");
        else if (markup && cp == '>')
            nc_buf_puts(out, "&gt;");
        else if (markup && cp == '\r')
            nc_buf_puts(out, "&#13;");
        else
            nc_buf_put(out, s + i, size);
        i += size;
    }
    return out->failed ? -1 : 0;
}

#include "escape.h"

#include <string.h>

#include "bytes8.h"
#include "utf8.h"

/* Can one of the eight bytes of w need a JSON escape: a control, '"', '\\'
 * or DEL? Exact, so a word that says no is copied whole (this loop was the
 * JSON writer's largest cost at a byte a step), and one that says yes holds
 * the stop, so the byte loop after it looks at eight bytes at most. */
static int json_may_stop(uint64_t w)
{
    return nc_has_less8(w, 0x20) || nc_has_between8(w, 0x21, 0x23) ||
           nc_has_between8(w, 0x5B, 0x5D) || nc_has_less8(w ^ (NC_ONES8 * 0x7F), 1);
}

int nc_escape_json(nc_buf *out, const char *s, size_t n)
{
    nc_buf_putc(out, '"');
    nc_escape_json_part(out, s, n);
    return nc_buf_putc(out, '"');
}

int nc_escape_json_part(nc_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t r = i;
        while (n - r >= 8 && !json_may_stop(nc_load8(s + r)))
            r += 8;
        while (r < n) {
            unsigned char c = (unsigned char)s[r];
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F)
                break;
            r++;
        }
        nc_buf_put(out, s + i, r - i);
        if (r == n)
            break;
        unsigned char c = (unsigned char)s[r];
        switch (c) {
        case '"': nc_buf_puts(out, "\\\""); break;
        case '\\': nc_buf_puts(out, "\\\\"); break;
        case '\n': nc_buf_puts(out, "\\n"); break;
        case '\t': nc_buf_puts(out, "\\t"); break;
        case '\r': nc_buf_puts(out, "\\r"); break;
        default: nc_buf_printf(out, "\\u%04x", c); break;
        }
        i = r + 1;
    }
    return out->failed ? -1 : 0;
}

/* The length of the run of bytes at s (n available) that need no escaping:
 * printable ASCII but & < > and DEL. This is the XML writers' hottest loop,
 * so it looks at eight bytes a step while none of them can stop the run, and
 * at one byte through a table otherwise. */
static size_t plain_run(const char *s, size_t n)
{
    static const unsigned char stops[256] = {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 */
        0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20: & */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, /* 0x30: < > */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x50 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* 0x70: DEL */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x80 and up */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    };
    size_t r = 0;
    for (;;) {
        /* no control, & < > (or '=', caught with them), DEL or above */
        if (n - r >= 8) {
            uint64_t w = nc_load8(s + r);
            if (!nc_has_less8(w, 0x20) && !nc_has_del_or_high8(w) &&
                !nc_has_between8(w, 0x25, 0x27) && !nc_has_between8(w, 0x3B, 0x3F)) {
                r += 8;
                continue;
            }
        }
        size_t stop = n - r >= 8 ? r + 8 : n;
        while (r < stop && !stops[(unsigned char)s[r]])
            r++;
        if (r < stop || r == n)
            return r;
    }
}

int nc_escape_xml(nc_buf *out, const char *s, size_t n, int flags)
{
    int markup = flags & NC_XML_MARKUP, html = flags & NC_XML_HTML;
    size_t i = 0;
    while (i < n) {
        size_t r = plain_run(s + i, n - i);
        if (r > 0) {
            nc_buf_put(out, s + i, r);
            i += r;
            continue;
        }
        size_t size;
        long cp = nc_utf8_decode(s + i, n - i, &size);
        int ok = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0xD7FF) ||
                 (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
        if (html && cp >= 0x7F && cp <= 0x9F)
            ok = 0;
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

int nc_escape_url(nc_buf *out, const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>\\^`{|}", *p)) {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            nc_buf_put(out, e, 3);
        } else {
            nc_buf_putc(out, (char)*p);
        }
    }
    return out->failed ? -1 : 0;
}

/* decode.c: input bytes to clean, NFC-normalised UTF-8 with LF line ends.
 * Every later stage can then treat text as well-formed UTF-8 that any XML
 * output can carry. */
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>
#include <uninorm.h>
#include <stdlib.h>

#include "bytes8.h"
#include "error.h"
#include "reader.h"
#include "utf8.h"

/* Binary junk can hold a control character on every line: past this many
 * warnings of one kind the rest are counted into one summary line. */
#define MAX_WARNINGS 5

typedef struct warner {
    const nc_reader_options *opts;
    nc_warning code;
    const char *what;
    unsigned long last_line, lines;
} warner;

static void warn_line(warner *w, unsigned long line)
{
    if (w->last_line == line)
        return;
    w->last_line = line;
    if (++w->lines <= MAX_WARNINGS)
        nc_warn(w->opts->diag, w->opts->diag_userdata, w->code, line, "%s", w->what);
}

static void warn_summary(warner *w)
{
    if (w->lines > MAX_WARNINGS)
        nc_warn(w->opts->diag, w->opts->diag_userdata, w->code, 0, "%s on %lu more lines", w->what,
                       w->lines - MAX_WARNINGS);
}

static int is_utf8_name(const char *enc)
{
    return strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0;
}

/* Converts with iconv; an invalid unit becomes U+FFFD (skipping `unit`
 * bytes) with a warning. Returns 0, -1 when iconv does not know the
 * encoding, -2 when out of memory. */
static int convert(const char *enc, const char *in, size_t n, size_t unit, warner *bad,
                   nc_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return -1;
    char *src = (char *)in;
    size_t left = n;
    unsigned long line = 1;
    size_t counted = 0;
    while (left > 0) {
        if (nc_buf_grow(out, left * 4 + 16) < 0)
            break;
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        out->len = (size_t)(dst - out->data);
        if (r != (size_t)-1 || errno == E2BIG)
            continue;
        /* EILSEQ or EINVAL (a truncated unit at the end) */
        for (; counted < out->len; counted++)
            line += out->data[counted] == '\n';
        warn_line(bad, line);
        nc_buf_puts(out, "\xEF\xBF\xBD");
        size_t skip = unit < left ? unit : left;
        src += skip;
        left -= skip;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    if (out->data)
        out->data[out->len] = '\0';
    return out->failed ? -2 : 0;
}

/* Cleans UTF-8: line ends to LF, invalid bytes to U+FFFD, controls out. */
static void clean(const char *in, size_t n, warner *bad, warner *ctl, nc_buf *out)
{
    unsigned long line = 1;
    size_t i = 0, run = 0;
    if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* a BOM under a forced or detected UTF-8 */
    while (i < n) {
        unsigned char c = (unsigned char)in[i];
        if (c >= 0x20 && c < 0x7F) {
            run++;
            i++;
            continue;
        }
        nc_buf_put(out, in + i - run, run);
        run = 0;
        if (c == '\n' || c == '\r') {
            nc_buf_putc(out, '\n');
            line++;
            i += (c == '\r' && i + 1 < n && in[i + 1] == '\n') ? 2 : 1;
        } else if (c == '\t') {
            nc_buf_putc(out, '\t');
            i++;
        } else if (c == '\f' || c == '\v') {
            /* a page break in print: white space, so a line holding only
             * one separates blocks like a blank line */
            nc_buf_putc(out, ' ');
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            warn_line(ctl, line);
            i++;
        } else {
            size_t k;
            long cp = nc_utf8_decode(in + i, n - i, &k);
            if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF) {
                warn_line(bad, line);
                nc_buf_puts(out, "\xEF\xBF\xBD");
            } else if (cp < 0xA0) {
                warn_line(ctl, line); /* C1 controls: mojibake, not text */
            } else {
                nc_buf_put(out, in + i, k);
            }
            i += k;
        }
    }
    nc_buf_put(out, in + n - run, run);
}

/* NULs at every other byte are UTF-16 without a BOM; NULs elsewhere are
 * binary data. Returns the UTF-16 name, "" for binary, NULL for neither. */
static const char *nul_pattern(const char *in, size_t n)
{
    if (!memchr(in, '\0', n))
        return NULL; /* the usual case, found at memchr's speed */
    size_t even = 0, odd = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i] == '\0')
            *(i % 2 ? &odd : &even) += 1;
    if (even + odd == 0)
        return NULL;
    if (n >= 4 && n % 2 == 0 && even == 0 && odd * 4 >= n)
        return "UTF-16LE";
    if (n >= 4 && n % 2 == 0 && odd == 0 && even * 4 >= n)
        return "UTF-16BE";
    return even + odd > n / 100 + 1 ? "" : NULL;
}

/* Text with more well-formed multi-byte sequences than bad bytes is UTF-8
 * with a few errors, not an 8-bit encoding. */
static int mostly_utf8(const char *in, size_t n)
{
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)in[i] < 0x80) {
            i++;
            continue;
        }
        size_t k;
        if (nc_utf8_decode(in + i, n - i, &k) < 0)
            bad++;
        else
            good++;
        i += k;
    }
    return good > bad;
}

static void guess(const char *in, size_t n, char name[64])
{
    strcpy(name, "WINDOWS-1252");
    uchardet_t ud = uchardet_new();
    if (!ud)
        return;
    if (uchardet_handle_data(ud, in, n) == 0) {
        uchardet_data_end(ud);
        const char *cs = uchardet_get_charset(ud);
        /* ASCII cannot be right for bytes that are not; an 8-bit guess
         * iconv does not know is no better than the fallback. */
        if (cs && *cs && strcasecmp(cs, "ASCII") != 0 && strlen(cs) < 64) {
            iconv_t cd = iconv_open("UTF-8", cs);
            if (cd != (iconv_t)-1) {
                iconv_close(cd);
                strcpy(name, cs);
            }
        }
    }
    uchardet_delete(ud);
}

/* NFC leaves a text alone when each of its code points never decomposes,
 * has combining class 0 and is never the second half of a composition:
 * then nothing can reorder or compose. Most news text is made of such
 * characters only (Latin, Cyrillic, punctuation, currency signs), and this
 * check costs a small part of what u8_normalize does, which otherwise is
 * the reader's largest cost. The ranges were checked against the Unicode
 * 14 data; any other code point sends the text through u8_normalize. */
static int nfc_stable(long cp)
{
    static const long stable[][2] = {
        {0x00A0, 0x02FF}, {0x0400, 0x0482}, {0x1E00, 0x1F15}, {0x2002, 0x2064},
        {0x20A0, 0x20C0}, {0x2100, 0x2125}, {0x2190, 0x2328}, {0xFFFD, 0xFFFD},
    };
    for (size_t r = 0; r < sizeof stable / sizeof stable[0]; r++)
        if (cp >= stable[r][0] && cp <= stable[r][1])
            return 1;
    return 0;
}

static int stays_nfc(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k;
        if (!nfc_stable(nc_utf8_decode(s + i, n - i, &k)))
            return 0;
        i += k;
    }
    return 1;
}

/* Is the input already what decoding would make of it: UTF-8 without a
 * BOM, CR, NUL or other controls (but tab and LF), noncharacters, or any
 * code point NFC could change? Most inputs are, and one pass of this check
 * lets the reader use them in place: no cleaned copy, which for a large
 * article was a second copy of the whole input in memory. */
static int already_clean(const char *in, size_t n)
{
    const unsigned char *s = (const unsigned char *)in;
    for (size_t i = 0; i < n;) {
        /* eight bytes at a step while all are printable ASCII, in a loop of
         * its own: a line of text is dozens of such steps in a row */
        while (n - i >= 8) {
            uint64_t w = nc_load8(in + i);
            if (nc_has_less8(w, 0x20) || nc_has_del_or_high8(w))
                break;
            i += 8;
        }
        if (i == n)
            break;
        unsigned char c = s[i];
        if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
            i++;
            continue;
        }
        if (c < 0x80)
            return 0;
        size_t k;
        long cp = nc_utf8_decode(in + i, n - i, &k);
        if (cp < 0 || !nfc_stable(cp)) /* C1 controls and U+FFFE/F are not stable */
            return 0;
        i += k;
    }
    return 1;
}

nc_status nc_decode(const char *in, size_t n, const nc_reader_options *opts, nc_buf *out,
                    const char **text, size_t *len, nc_error *err)
{
    *text = in;
    *len = n;
    if ((!opts->encoding || !*opts->encoding || is_utf8_name(opts->encoding)) &&
        already_clean(in, n))
        return NC_OK; /* every step below would give back these same bytes */
    const char *name = opts->source_name ? opts->source_name : "input";
    warner bad = {.opts = opts, .code = NC_WARN_INVALID_BYTES,
                  .what = "bytes not valid in the encoding replaced by U+FFFD"};
    warner ctl = {.opts = opts, .code = NC_WARN_CONTROL_CHARS,
                  .what = "NUL or control characters removed"};
    char guessed[64];
    const char *enc = NULL;
    size_t unit = 1;
    if (opts->encoding && *opts->encoding) {
        enc = opts->encoding;
    } else if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        enc = "UTF-8";
    } else if (n >= 2 && (memcmp(in, "\xFF\xFE", 2) == 0 || memcmp(in, "\xFE\xFF", 2) == 0)) {
        enc = in[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
        in += 2;
        n -= 2;
    } else {
        const char *nul = nul_pattern(in, n);
        if (nul && !*nul)
            return nc_error_set(err, NC_ERR_INPUT, "%s: binary data, not text", name);
        if (nul) {
            enc = nul;
            nc_warn(opts->diag, opts->diag_userdata, NC_WARN_ENCODING_GUESS, 0,
                           "no byte order mark: read as %s", enc);
        } else if (nc_utf8_valid(in, n) || mostly_utf8(in, n)) {
            enc = "UTF-8";
        } else {
            guess(in, n, guessed);
            enc = guessed;
            nc_warn(opts->diag, opts->diag_userdata, NC_WARN_ENCODING_GUESS, 0, "not UTF-8: read as %s", enc);
        }
    }
    if (strncasecmp(enc, "UTF-16", 6) == 0 || strncasecmp(enc, "UCS-2", 5) == 0)
        unit = 2;
    else if (strncasecmp(enc, "UTF-32", 6) == 0 || strncasecmp(enc, "UCS-4", 5) == 0)
        unit = 4;

    nc_buf raw = NC_BUF_INIT;
    const char *utf8 = in;
    size_t ulen = n;
    if (!is_utf8_name(enc)) {
        int r = convert(enc, in, n, unit, &bad, &raw);
        if (r == -1) {
            nc_buf_free(&raw);
            return nc_error_set(err, NC_ERR_ENCODING, "%s: unknown encoding '%s'", name, enc);
        }
        if (r == -2) {
            nc_buf_free(&raw);
            return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
        }
        utf8 = raw.data ? raw.data : "";
        ulen = raw.len;
    }
    nc_buf cleaned = NC_BUF_INIT;
    clean(utf8, ulen, &bad, &ctl, &cleaned);
    nc_buf_free(&raw);
    warn_summary(&bad);
    warn_summary(&ctl);
    if (cleaned.failed) {
        nc_buf_free(&cleaned);
        return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    }
    if (stays_nfc(cleaned.data, cleaned.len)) {
        *out = cleaned;
        *text = out->data ? out->data : "";
        *len = out->len;
        return NC_OK;
    }
    size_t nlen = 0;
    uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)cleaned.data, cleaned.len, NULL,
                                &nlen);
    if (!nfc) {
        nc_buf_free(&cleaned);
        return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    }
    nc_buf_free(&cleaned);
    int rc = nc_buf_put(out, nfc, nlen);
    free(nfc);
    if (rc < 0)
        return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    *text = out->data;
    *len = out->len;
    return NC_OK;
}

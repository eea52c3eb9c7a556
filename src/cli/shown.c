/* shown.c: file names as the command shows them (shown.h). */
#include "shown.h"

#include <stdlib.h>
#include <string.h>

/* The length of the UTF-8 character at s (at most n bytes), or 0 when the
 * bytes there are not one (overlong forms and surrogates included). */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (len == 0 || len > n || s[0] > 0xF4)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0, k; i < n; i += k)
        if (!(k = utf8_char(p + i, n - i)))
            return 0;
    return 1;
}

char *cli_shown(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    char *out = malloc(4 * n + 1), *o = out; /* \ooo and \xHH: four a byte */
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_char(p + i, n - i);
        unsigned cp = k == 2 ? (unsigned)(p[i] & 0x1F) << 6 | (p[i + 1] & 0x3F) : p[i];
        if (k == 0) {
            o += sprintf(o, "\\x%02x", p[i]);
            i++;
        } else if (p[i] == '\n' || p[i] == '\r' || p[i] == '\t') {
            *o++ = '\\';
            *o++ = p[i] == '\n' ? 'n' : p[i] == '\r' ? 'r' : 't';
            i++;
        } else if (cp < 0x20 || cp == 0x7F || (k == 2 && cp >= 0x80 && cp < 0xA0)) {
            for (size_t j = 0; j < k; j++) /* a C1 control: both of its bytes */
                o += sprintf(o, "\\%03o", p[i + j]);
            i += k;
        } else {
            memcpy(o, p + i, k);
            o += k;
            i += k;
        }
    }
    *o = '\0';
    return out;
}

void cli_json_name(FILE *out, const char *s, int *escaped)
{
    int exact = valid_utf8(s);
    if (!exact)
        *escaped = 1;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    fputc('"', out);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_char(p + i, n - i);
        if (k == 0) {
            fprintf(out, "\\\\x%02x", p[i]); /* the text \xHH */
            i++;
            continue;
        }
        unsigned char ch = p[i];
        if (ch == '"')
            fputs("\\\"", out);
        else if (ch == '\\')
            fputs(exact ? "\\\\" : "\\\\\\\\", out);
        else if (ch == '\n')
            fputs("\\n", out);
        else if (ch == '\t')
            fputs("\\t", out);
        else if (ch == '\r')
            fputs("\\r", out);
        else if (ch < 0x20 || ch == 0x7F)
            fprintf(out, "\\u%04x", ch);
        else
            fwrite(p + i, 1, k, out);
        i += k;
    }
    fputc('"', out);
}

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

/* The code point of the k-byte UTF-8 character at s. */
static unsigned code_point(const unsigned char *s, size_t k)
{
    static const unsigned char lead[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    unsigned cp = s[0] & lead[k];
    for (size_t i = 1; i < k; i++)
        cp = cp << 6 | (s[i] & 0x3Fu);
    return cp;
}

/* Characters a name must not carry raw to a terminal, a log or a reviewer's
 * screen: controls (Cc: C0, DEL, C1), the line and paragraph separators (Zl,
 * Zp) and the format characters (Cf, as of Unicode 15), invisible ones that
 * reorder or hide text: bidi embeddings, overrides and isolates, marks,
 * zero-width characters, the BOM, tags. */
static int hidden(unsigned cp)
{
    static const unsigned ranges[][2] = {
        {0x00, 0x1F},       {0x7F, 0x9F},       {0xAD, 0xAD},       {0x600, 0x605},
        {0x61C, 0x61C},     {0x6DD, 0x6DD},     {0x70F, 0x70F},     {0x890, 0x891},
        {0x8E2, 0x8E2},     {0x180E, 0x180E},   {0x200B, 0x200F},   {0x2028, 0x202E},
        {0x2060, 0x2064},   {0x2066, 0x206F},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},
        {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3},
        {0x1D173, 0x1D17A}, {0xE0001, 0xE0001}, {0xE0020, 0xE007F},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cp >= ranges[i][0] && cp <= ranges[i][1])
            return 1;
    return 0;
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
        if (k == 0) {
            o += sprintf(o, "\\x%02x", p[i]);
            i++;
        } else if (p[i] == '\n' || p[i] == '\r' || p[i] == '\t') {
            *o++ = '\\';
            *o++ = p[i] == '\n' ? 'n' : p[i] == '\r' ? 'r' : 't';
            i++;
        } else if (hidden(code_point(p + i, k))) {
            for (size_t j = 0; j < k; j++) /* every byte of it: C1, U+202E... */
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

/* A JSON \u escape of cp (a surrogate pair above U+FFFF): the parsed
 * string holds the character, the file does not. */
static void json_u(FILE *out, unsigned cp)
{
    if (cp > 0xFFFF)
        fprintf(out, "\\u%04x\\u%04x", 0xD800 + ((cp - 0x10000) >> 10),
                0xDC00 + ((cp - 0x10000) & 0x3FF));
    else
        fprintf(out, "\\u%04x", cp);
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
        else if (hidden(code_point(p + i, k)))
            json_u(out, code_point(p + i, k));
        else
            fwrite(p + i, 1, k, out);
        i += k;
    }
    fputc('"', out);
}

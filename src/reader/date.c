/* date.c: the date forms articles and their front matter use, read into
 * YYYY-MM-DD so that writers can put them where a machine reads them. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "reader.h"

static int month_of(const char *w, size_t n)
{
    static const char *const names[] = {"january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october", "november",
                                        "december"};
    if (n && w[n - 1] == '.')
        n--;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(names[m]);
        if (n == full && strncasecmp(w, names[m], n) == 0)
            return m + 1;
        if (n == 3 && strncasecmp(w, names[m], 3) == 0)
            return m + 1;
    }
    if (n == 4 && strncasecmp(w, "sept", 4) == 0)
        return 9;
    return 0;
}

static int is_weekday(const char *w, size_t n)
{
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                       "saturday", "sunday"};
    if (n && w[n - 1] == '.')
        n--;
    for (int d = 0; d < 7; d++)
        if ((n == strlen(days[d]) || n == 3) && n >= 3 && strncasecmp(w, days[d], n) == 0)
            return 1;
    return 0;
}

static int valid(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

typedef struct tok {
    const char *s;
    size_t n;
    int num;    /* 1 when all digits */
    long value;
} tok;

/* Splits at spaces and commas; a word keeps a trailing period ("Sept."). */
static size_t tokens(const char *s, size_t n, tok *t, size_t max)
{
    size_t k = 0, i = 0;
    while (i < n && k < max) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
            i++;
        if (i == n)
            break;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != ',' && s[j] != '\t')
            j++;
        tok *x = &t[k++];
        x->s = s + i;
        x->n = j - i;
        x->num = 1;
        x->value = 0;
        for (size_t q = i; q < j; q++) {
            if (s[q] < '0' || s[q] > '9' || x->value > 99999) {
                x->num = 0;
                break;
            }
            x->value = x->value * 10 + (s[q] - '0');
        }
        i = j;
    }
    return k;
}

/* After the year, RFC 2822 has a time and a zone; nothing else may follow. */
static int rest_is_time(const tok *t, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        if (t[i].n == 0)
            return 0;
        char c = t[i].s[0];
        if (!(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '(' &&
            !(t[i].n <= 5 && c >= 'A' && c <= 'Z'))
            return 0;
    }
    return 1;
}

static int put(char out[11], long y, long m, long d)
{
    if (!valid((int)y, (int)m, (int)d))
        return 0;
    snprintf(out, 11, "%04ld-%02ld-%02ld", y, m, d);
    return 1;
}

static long strtol_fixed(const char *s, int digits)
{
    long v = 0;
    for (int i = 0; i < digits; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int nc_parse_date(const char *s, size_t n, char out[11])
{
    out[0] = '\0';
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    /* ISO 8601: YYYY-MM-DD, perhaps followed by a time */
    if (n >= 10 && s[4] == '-' && s[7] == '-') {
        int ok = 1;
        for (int i = 0; i < 10; i++)
            if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
                ok = 0;
        if (ok && (n == 10 || s[10] == 'T' || s[10] == ' '))
            return put(out, strtol_fixed(s, 4), strtol_fixed(s + 5, 2), strtol_fixed(s + 8, 2));
        return 0;
    }
    tok t[12];
    size_t k = tokens(s, n, t, 12);
    size_t i = 0;
    if (k && !t[0].num && is_weekday(t[0].s, t[0].n))
        i = 1;
    if (k - i < 3)
        return 0;
    int m;
    if (t[i].num && (m = month_of(t[i + 1].s, t[i + 1].n)) && t[i + 2].num && t[i + 2].n == 4 &&
        t[i].n <= 2 && rest_is_time(t + i + 3, k - i - 3))
        return put(out, t[i + 2].value, m, t[i].value);
    if ((m = month_of(t[i].s, t[i].n)) && t[i + 1].num && t[i + 1].n <= 2 && t[i + 2].num &&
        t[i + 2].n == 4 && rest_is_time(t + i + 3, k - i - 3))
        return put(out, t[i + 2].value, m, t[i + 1].value);
    return 0;
}

int nc_reader_set_date(nc_document *doc, const char *text, const nc_reader_options *opts,
                       unsigned long line)
{
    char iso[11];
    if (nc_parse_date(text, strlen(text), iso)) {
        if (nc_meta_set(doc, "date", iso) < 0)
            return -1;
        doc->meta.date_iso = 1;
        return 0;
    }
    if (nc_meta_set(doc, "date", text) < 0)
        return -1;
    nc_warn(opts->diag, opts->diag_userdata, NC_WARN_DATE, line, "cannot read the date '%s'; kept as written", text);
    return 0;
}

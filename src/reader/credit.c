/* credit.c: the credits and sign-offs that close wire copy, on a line of
 * their own or at the end of the last paragraph:
 *
 *   (Reporting by Jane Doe; Editing by John Roe)     Reuters
 *   Reuter                                           Reuters, 1987
 *   (APA, 5.12.2023)   (red, 6.9.2015)               APA, Der Standard
 *   (Avec AFP)   burs-jh/sst                         AFP
 *   Enditem                                          Xinhua
 *   PTI ABC NSD                                      PTI's initials
 *   Jane Doe contributed to this report.             AP, CNN
 */
#include <string.h>
#include <strings.h>

#include "reader.h"

static int starts_ci(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return m <= n && strncasecmp(s, p, m) == 0;
}

static int ends_ci(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return m <= n && strncasecmp(s + n - m, p, m) == 0;
}

static int lower(char c) { return c >= 'a' && c <= 'z'; }
static int upper(char c) { return c >= 'A' && c <= 'Z'; }
static int digit(char c) { return c >= '0' && c <= '9'; }

/* "5.12.2023", "25.2. 2016", "3. 2. 2016" ending s[0, n). */
static int ends_in_date(const char *s, size_t n)
{
    int groups = 0;
    size_t i = n;
    while (groups < 3) {
        size_t d = 0;
        while (i > 0 && digit(s[i - 1]))
            i--, d++;
        if (!d || d > 4)
            return 0;
        if (++groups == 3)
            break;
        while (i > 0 && s[i - 1] == ' ')
            i--;
        if (i == 0 || s[i - 1] != '.')
            return 0;
        i--;
    }
    return 1;
}

/* What may open a credit in parentheses: "(Reporting by", "(Avec AFP)". */
static const char *const paren_openers[] = {
    "reporting by ", "additional reporting by ", "with reporting by ", "writing by ",
    "editing by ", "compiled by ", "avec ", "with ", "con información de ", "mit material ",
    "con ", "mit ", "по материалам ", NULL};

/* The text inside the parentheses of a credit: an opener above, or
 * "SOURCE, DATE" ("APA, 5.12.2023", "András Szigetvari, 19.1.2016"). */
static int paren_credit(const char *s, size_t n)
{
    if (n == 0 || n > 160)
        return 0;
    for (const char *const *o = paren_openers; *o; o++)
        if (starts_ci(s, n, *o))
            return 1;
    const char *comma = memchr(s, ',', n);
    return comma && ends_in_date(s, n);
}

/* AFP's closing initials, "burs-jh/sst", "jh/sst", "mm/lb". */
static int afp_initials(const char *s, size_t n)
{
    int slash = 0;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if (lower(s[i])) {
            if (++run > 5)
                return 0;
        } else if ((s[i] == '/' || s[i] == '-') && run >= 2) {
            slash |= s[i] == '/';
            run = 0;
        } else {
            return 0;
        }
    }
    return slash && run >= 2;
}

/* PTI's closing initials: "PTI ABC NSD", "ABC NSD NSD". */
static int pti_initials(const char *s, size_t n)
{
    int groups = 0, pti = starts_ci(s, n, "PTI ");
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && upper(s[j]))
            j++;
        if (j - i < 2 || j - i > 4 || (j < n && s[j] != ' '))
            return 0;
        groups++;
        i = j < n ? j + 1 : j;
    }
    return groups >= 2 && groups <= 5 && (pti || groups >= 3);
}

int nc_credit_line(const char *s, size_t n)
{
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')' && !memchr(s + 1, '(', n - 2) &&
        paren_credit(s + 1, n - 2))
        return 1;
    size_t m = n;
    while (m && s[m - 1] == '.')
        m--;
    if ((m == 7 && strncasecmp(s, "enditem", 7) == 0) || (m == 8 && strncasecmp(s, "end item", 8) == 0))
        return 1;
    if (afp_initials(s, n) || pti_initials(s, n))
        return 1;
    /* AP's and CNN's contributors, a sentence of its own */
    return n <= 300 && (ends_ci(s, n, " contributed to this report.") ||
                        ends_ci(s, n, " contributed reporting.") ||
                        ends_ci(s, n, " contributed to this story."));
}

size_t nc_credit_tail(const char *s, size_t n)
{
    while (n && s[n - 1] == ' ')
        n--;
    /* "... (APA, 5.12.2023)", "... (Avec AFP)"; also unclosed at the very
     * end ("(Renate Graber, 23.11.2015") */
    size_t open = n;
    while (open > 0 && s[open - 1] != '(' && n - open < 170)
        open--;
    /* after a space: "Umsetzung.(András ..." is one word to words.py,
     * which a split would cut in two */
    if (open > 1 && s[open - 1] == '(' && s[open - 2] == ' ') {
        int closed = s[n - 1] == ')';
        size_t in = n - open - closed;
        if (!memchr(s + open, ')', in) && paren_credit(s + open, in) &&
            (closed || ends_in_date(s + open, in)))
            return open - 1;
    }
    /* the last word: "Enditem", "burs-jh/sst", PTI's initials */
    size_t w = n;
    while (w > 0 && s[w - 1] != ' ')
        w--;
    if (w > 0 && (nc_credit_line(s + w, n - w) && !pti_initials(s + w, n - w)))
        return w;
    size_t p = n;
    for (int groups = 0; groups < 5 && p > 0; groups++) { /* "... said. PTI ABC NSD" */
        size_t q = p;
        while (q > 0 && s[q - 1] != ' ')
            q--;
        if (q == 0)
            break;
        if (starts_ci(s + q, p - q, "PTI") && p - q == 3 && pti_initials(s + q, n - q))
            return q;
        p = q - 1;
    }
    return 0;
}

int nc_signoff(const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '.'))
        n--;
    return n == 6 && strncasecmp(s, "reuter", 6) == 0;
}

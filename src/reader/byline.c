/* byline.c: who wrote it. "By NAME", in the languages of the wire ("Von",
 * "Par", "Por", "Di", "От", "Автор:"), names in any case, several joined by
 * commas and "and", "&", "und", "et", "y", "e", "и"; then perhaps an
 * agency or role after a comma or on the next line:
 *
 *   By JOHN HANNA and MARGERY A. BECK        Von Anna Weber, dpa
 *   Associated Press                         Par Jean Dupont et Marie Martin
 *
 * The text keeps the names as written; meta.authors gets them in name
 * case ("John Hanna"), since capitals are the wire's typography, not the
 * name. */
#include <string.h>
#include <strings.h>

#include "reader.h"

static const char *const openers[] = {"By ", "Von ", "Par ", "Por ", "Di ", "Door ",
                                      "\xD0\x9E\xD1\x82 ",                       /* От */
                                      "\xD0\x90\xD0\xB2\xD1\x82\xD0\xBE\xD1\x80: ", /* Автор: */
                                      "Autor: ", "Autorin: ", "Texte : ", NULL};

static const char *const joiners[] = {" and ", " & ", " und ", " et ", " y ", " e ",
                                      " \xD0\xB8 " /* и */, ", ", NULL};

/* Agencies and roles that follow the names: "Associated Press", "dpa". */
static const char *const affiliations[] = {
    "Associated Press", "AP", "Reuters", "AFP", "dpa", "APA", "EFE", "ANSA", "PTI", "Xinhua",
    "CNN", "Bloomberg", "\xD0\xA2\xD0\x90\xD0\xA1\xD0\xA1" /* ТАСС */, "TASS", "RIA Novosti",
    "Europa Press", "Kyodo", "Yonhap", "UPI", "AP Writer", "Associated Press Writer", NULL};

static int particle(const char *w, size_t n)
{
    static const char *const p[] = {"de", "van", "von", "der", "den", "da", "di", "du", "la", "le",
                                    "al", "bin", "el", "ibn", "dos", "das", "del", "ter", NULL};
    for (const char *const *q = p; *q; q++)
        if (strlen(*q) == n && strncasecmp(w, *q, n) == 0)
            return 1;
    return 0;
}

/* "By Friday, most of it was in": a day or month is no one's name. */
static int calendar_word(const char *w, size_t n)
{
    static const char *const names[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                        "saturday", "sunday", "january", "february", "march",
                                        "april", "june", "july", "august", "september",
                                        "october", "november", "december", "then", "now",
                                        "the", "this", "that", "next", "last", NULL};
    for (const char *const *q = names; *q; q++)
        if (strlen(*q) == n && strncasecmp(w, *q, n) == 0)
            return 1;
    return 0;
}

/* A word of a name: capitalised or a particle, of letters, dots, hyphens
 * and apostrophes. *caps: all its letters capitals. */
static int name_word(const char *s, size_t n, int *caps)
{
    size_t k;
    unsigned long cp = nc_cp_at(s, n, 0, &k);
    if ((!nc_cp_is_upper(cp) && !particle(s, n)) || calendar_word(s, n))
        return 0;
    *caps = 1;
    for (size_t q = 0; q < n;) {
        unsigned long c = nc_cp_at(s, n, q, &k);
        if (!nc_cp_is_letter(c) && c != '.' && c != '-' && c != '\'' && c != 0x2019)
            return 0;
        if (nc_cp_is_lower(c))
            *caps = 0;
        q += k;
    }
    return 1;
}

static int is_affiliation(const char *s, size_t n)
{
    for (const char *const *a = affiliations; *a; a++)
        if (strlen(*a) == n && strncmp(s, *a, n) == 0)
            return 1;
    return 0;
}

/* The name at s: its length, up to a joiner, a comma or the end, or where
 * words in capitals give way to words that are not ("BECK Associated
 * Press": the affiliation on the next line), or before a known affiliation.
 * 0 when it is no name. */
static size_t one_name(const char *s, size_t n)
{
    size_t i = 0, words = 0, end = 0;
    int caps_seen = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != ',')
            j++;
        int caps;
        if (j == i || !name_word(s + i, j - i, &caps))
            break;
        if (caps_seen && !caps && words >= 2)
            break;
        if (words && is_affiliation(s + i, n - i)) /* "... Weber Associated Press" */
            break;
        caps_seen |= caps && j - i > 2;
        words++;
        end = j;
        if (j >= n || s[j] == ',')
            break;
        size_t joined = 0;
        for (const char *const *w = joiners; *w && !joined; w++)
            if (strncmp(s + j, *w, strlen(*w)) == 0)
                joined = 1;
        if (joined)
            break;
        i = j + 1;
    }
    return words >= 1 && words <= 5 ? end : 0;
}

/* Appends the name in name case ("JOHN HANNA" -> "John Hanna",
 * "O'NEIL" -> "O'Neil"); a name already in mixed case as written. */
static void name_case(nc_buf *out, const char *s, size_t n)
{
    int caps = 1, k_caps;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (name_word(s + i, j - i, &k_caps) && !k_caps && j - i > 2)
            caps = 0;
        i = j + 1;
    }
    if (!caps) {
        nc_buf_put(out, s, n);
        return;
    }
    unsigned long prev = ' ';
    for (size_t i = 0; i < n;) {
        size_t k;
        unsigned long cp = nc_cp_at(s, n, i, &k);
        int starts = !nc_cp_is_letter(prev) && prev != '.';
        nc_buf_put_utf8(out, starts || prev == '.' ? cp : nc_cp_tolower(cp));
        prev = cp;
        i += k;
    }
}

/* The joiner at s that a name follows: its length, or 0. After a comma,
 * only when the list goes on ("A, B and C"): "Jane Doe, Staff Writer" and
 * "Anna Weber, dpa" end in a role or an agency. */
static size_t joiner(const char *s, size_t n)
{
    for (const char *const *w = joiners; *w; w++) {
        size_t m = strlen(*w), len;
        if (m > n || strncmp(s, *w, m) != 0 || !(len = one_name(s + m, n - m)))
            continue;
        if (strcmp(*w, ", ") != 0)
            return m;
        for (const char *const *v = joiners; *v; v++)
            if (strncmp(s + m + len, *v, strlen(*v)) == 0 && m + len + strlen(*v) < n)
                return m;
        return 0;
    }
    return 0;
}

int nc_byline(const char *s, size_t n, int nlines, nc_buf *names)
{
    size_t at = 0;
    for (const char *const *o = openers; *o && !at; o++)
        if (strncmp(s, *o, strlen(*o)) == 0)
            at = strlen(*o);
    if (!at || nlines > 2 || n > 200)
        return 0;
    size_t start = names->len, i = at;
    int count = 0;
    while (i < n) {
        size_t len = one_name(s + i, n - i);
        if (!len)
            break;
        if (count++)
            nc_buf_putc(names, '\0');
        name_case(names, s + i, len);
        i += len;
        size_t joined = joiner(s + i, n - i);
        if (!joined)
            break;
        i += joined;
    }
    /* what follows the names: nothing, or an affiliation after a comma or
     * on the next line: a known agency, or a few words without a full stop */
    size_t rest = i;
    while (rest < n && (s[rest] == ',' || s[rest] == ' '))
        rest++;
    int ok = count > 0;
    if (ok && rest < n) {
        size_t words = 1, k;
        for (size_t j = rest; j < n; j++)
            words += s[j] == ' ';
        unsigned long last = nc_cp_before(s, n, &k);
        ok = is_affiliation(s + rest, n - rest) ||
             (words <= 5 && last != '.' && last != '!' && last != '?' && last != ':' &&
              (nlines == 2 || memchr(s + i, ',', rest - i)));
    }
    if (!ok)
        names->len = start;
    else
        nc_buf_putc(names, '\0');
    return ok;
}

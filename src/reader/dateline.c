/* dateline.c: the one place that splits a dateline and a kicker off the
 * start of a paragraph. A dateline is a place, perhaps regions and a date
 * after commas, perhaps the agency in parentheses or slashes, then a
 * dash, ".-", "." or nothing, in the forms the agencies use in their own
 * languages:
 *
 *   TOPEKA, Kan. (AP) —                 NEW YORK/SINGAPORE, Nov 28 (Reuters) -
 *   Berlin (dpa) -                      Wien –
 *   Madrid, 5 dic (EFE).-               МОСКВА, 5 декабря. /ТАСС/.
 *   New Delhi, Dec 5 (PTI)              (ANSA) - ROMA, 5 DIC -
 *   BEIJING, Dec. 5 (Xinhua) --         NEW YORK, March 3 -
 *
 * A place in capitals may end in any of these; a place in mixed case
 * ("Berlin", "Wien") needs an agency, a date, or a dash right after it,
 * since mixed case is what any sentence starts with. A kicker is a label
 * before all that: "EXCLUSIVE-", "UPDATE 2-", "VIDÉO - ", "EN IMAGES - ". */
#include <string.h>

#include "reader.h"

#define PLACE_MAX 48 /* bytes: "DALLAS/FORT WORTH AIRPORT" and room to spare */
#define PARTS_MAX 48 /* bytes of the comma parts: ", British Columbia, June 1" */
#define AGENCY_MAX 32

static unsigned long cp_at(const char *s, size_t n, size_t i, size_t *k)
{
    return i < n ? nc_cp_at(s, n, i, k) : (*k = 0, 0);
}

/* A dash: "--", "-", en dash, em dash; its length in *len. */
static int dash_at(const char *s, size_t n, size_t i, size_t *len)
{
    if (i + 1 < n && s[i] == '-' && s[i + 1] == '-')
        return (*len = 2), 1;
    if (i < n && s[i] == '-')
        return (*len = 1), 1;
    if (i + 3 <= n && (memcmp(s + i, "\xE2\x80\x94", 3) == 0 || memcmp(s + i, "\xE2\x80\x93", 3) == 0))
        return (*len = 3), 1;
    return 0;
}

static size_t spaces(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* The place: words that start with a capital, one space apart, places a
 * slash apart ("Washington/Kiew"), letters with inner dots, hyphens and
 * apostrophes ("ST. LOUIS", "N'DJAMENA", "Wiener Neustadt"); a run of
 * asterisks may open it (1987 wire copy). *caps: every letter a capital.
 * Returns its end, or 0. */
static size_t place(const char *s, size_t n, int *caps)
{
    size_t i = 0, k, letters = 0, words = 0;
    while (i < n && s[i] == '*')
        i++;
    *caps = 1;
    size_t end = 0;
    while (i < n && i <= PLACE_MAX) {
        unsigned long cp = cp_at(s, n, i, &k);
        if (!nc_cp_is_upper(cp))
            break; /* every word starts with a capital */
        words++;
        while (i < n) {
            cp = cp_at(s, n, i, &k);
            if (nc_cp_is_letter(cp)) {
                letters++;
                if (!nc_cp_is_upper(cp))
                    *caps = 0;
            } else if (!(cp == '.' || cp == '\'' || cp == 0x2019 ||
                         (cp == '-' && nc_cp_is_letter(cp_at(s, n, i + 1, &k))))) {
                break;
            }
            i += k;
        }
        end = i;
        if (i + 1 < n && (s[i] == ' ' || s[i] == '/') && nc_cp_is_upper(cp_at(s, n, i + 1, &k)))
            i++;
        else
            break;
    }
    if (letters < 2 || end > PLACE_MAX || words > 5)
        return 0;
    return end;
}

/* ", Kan.", ", British Columbia, June 15", ", 5 декабря.": parts after a
 * comma up to the agency or the dash. Returns their end (start when there
 * are none); [*date_a, *date_b): from the first part with a digit to the
 * end of the last. */
static size_t parts(const char *s, size_t n, size_t i, size_t *date_a, size_t *date_b)
{
    size_t start = i;
    while (i < n && s[i] == ',' && i - start <= PARTS_MAX) {
        size_t a = spaces(s, n, i + 1), j = a, k, dashlen;
        int digit = 0;
        while (j < n && s[j] != ',' && s[j] != '(' && s[j] != '/' && j - start <= PARTS_MAX) {
            if (s[j] == ' ' && dash_at(s, n, j + 1, &dashlen))
                break;
            if (s[j] == '.' && j + 1 < n && s[j + 1] == '-')
                break; /* ".-" */
            digit |= s[j] >= '0' && s[j] <= '9';
            j += (k = 1);
        }
        if (j == a || j - start > PARTS_MAX)
            return 0;
        size_t b = j;
        while (b > a && s[b - 1] == ' ')
            b--;
        if (digit) { /* "Sept. 30, 2023": the date runs over two parts */
            if (*date_b == *date_a)
                *date_a = a;
            *date_b = b;
        } else if (!nc_cp_is_upper(cp_at(s, n, a, &k))) {
            return 0; /* a region is a name: ", Kan.", ", Newfoundland" */
        }
        i = j;
    }
    return i;
}

/* "(AP)", "(dpa)", "/ТАСС/": returns its end, or i when there is none. */
static size_t agency(const char *s, size_t n, size_t i)
{
    if (i >= n || (s[i] != '(' && s[i] != '/'))
        return i;
    static const char *const lower_case[] = {"dpa", "apa", "epd", "kna", "sid", "red", NULL};
    char close = s[i] == '(' ? ')' : '/';
    size_t k;
    int upper = 0;
    for (size_t j = i + 1; j < n && j - i <= AGENCY_MAX;) {
        unsigned long cp = cp_at(s, n, j, &k);
        if (s[j] == close && j > i + 1) {
            for (const char *const *w = lower_case; *w && !upper; w++)
                upper = strlen(*w) == j - i - 1 && strncmp(s + i + 1, *w, j - i - 1) == 0;
            return upper ? j + 1 : i; /* "(pictured)" is no agency */
        }
        if (!(nc_cp_is_letter(cp) || (cp == ' ' && j > i + 1) || cp == '-' || cp == '/'))
            return i;
        upper |= nc_cp_is_upper(cp);
        j += k;
    }
    return i;
}

/* The end of the mark that closes a dateline at s[i] (spaces before it
 * skipped), or 0. With an agency before it, a full stop, ".-" or nothing
 * at all (PTI) may close it too. */
static size_t closing(const char *s, size_t n, size_t i, int had_agency)
{
    size_t j = spaces(s, n, i), len, k;
    if (j + 1 < n && s[j] == '.' && s[j + 1] == '-')
        return j + 2;
    if (j > i && dash_at(s, n, j, &len)) {
        size_t e = j + len;
        unsigned long next = cp_at(s, n, e, &k);
        /* "Wien –Die": an en or em dash may touch the word after it */
        if (e == n || next == ' ' || (len == 3 && nc_cp_is_letter(next)))
            return e;
        return 0;
    }
    if (!had_agency)
        return 0;
    if (j == i && j < n && s[j] == '.' && (j + 1 == n || s[j + 1] == ' '))
        return j + 1; /* "/ТАСС/." */
    if (j > i && j < n) { /* "(PTI) The": the agency alone closes it */
        unsigned long next = cp_at(s, n, j, &k);
        if (nc_cp_is_upper(next) || next == '"' || next == 0x201C || next == 0xAB)
            return i;
    }
    return 0;
}

/* Words a sentence starts with that no place is called: "Die – zugegeben
 * reichlich ambitionierten – Zeitpläne". */
static int function_word(const char *s, size_t n)
{
    static const char *const words[] = {"Die", "Der", "Das", "Ein", "Eine", "Es", "Er", "Sie", "Wir",
                                        "Ich", "Man", "Und", "Aber", "Doch", "The", "A", "An", "It",
                                        "He", "She", "We", "They", "Le", "La", "Les", "Il", "Elle",
                                        "El", "Los", "Las", "Lo", "Un", "Una", NULL};
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n && memcmp(s, *w, n) == 0)
            return 1;
    return 0;
}

size_t nc_dateline(const char *s, size_t n, size_t *date_a, size_t *date_b)
{
    *date_a = *date_b = 0;
    size_t i = 0, e;
    int agency_first = 0;
    /* ANSA: "(ANSA) - ROMA, 5 DIC -" */
    if (n && s[0] == '(' && (e = agency(s, n, 0)) > 0) {
        size_t c = closing(s, n, e, 0);
        if (!c)
            return 0;
        i = spaces(s, n, c);
        agency_first = 1;
    }
    int caps;
    size_t p = place(s + i, n - i, &caps);
    if (!p)
        return 0;
    size_t after_place = i + p;
    size_t a = 0, b = 0;
    size_t q = parts(s, n, after_place, &a, &b);
    if (!q)
        return 0;
    size_t g = spaces(s, n, q);
    size_t ag = agency(s, n, g);
    int had_agency = ag > g;
    size_t end = closing(s, n, had_agency ? ag : q, had_agency);
    if (!end)
        return 0;
    /* Mixed case is how sentences start: such a place needs an agency, a
     * date, or a dash right after it ("Wien –"; "Mr Smith - who" is no
     * place: a spaced hyphen after two words only before a capital, and never
     * after three ("Vote For Me - ITV1's"); "Die –
     * zugegeben" is no place either). */
    if (!caps && !had_agency && !agency_first && b == a) {
        size_t d = spaces(s, n, q), len;
        int words = 1;
        for (size_t x = i; x < after_place; x++)
            words += s[x] == ' ';
        size_t k2;
        if (q != after_place || !dash_at(s, n, d, &len) || function_word(s + i, after_place - i) ||
            (len == 1 && words > 1 &&
             (words > 2 || !nc_cp_is_upper(cp_at(s, n, spaces(s, n, end), &k2)))))
            return 0;
    }
    *date_a = a;
    *date_b = b;
    return end;
}

/* Kickers in their own language, matched whole and in any case: the
 * labels that may stand before a dash with spaces around it. */
static const char *const spaced_kickers[] = {
    "VIDÉO", "VIDEO", "VÍDEO", "EN IMAGES", "PHOTOS", "EN DIRECT", "DIRECT", "INFOGRAPHIE",
    "EXCLUSIF", "ENQUÊTE", "REPORTAGE", "TÉMOIGNAGE", "ALERTE", "INFO", "ANALYSE",
    "EILMELDUNG", "KOMMENTAR", "INTERVIEW", "EXKLUSIV", "EN DIRECTO", "EXCLUSIVA",
    "ÚLTIMA HORA", "FOTO", "FOTOS", "ESCLUSIVO", "ESCLUSIVA", "ВИДЕО", "ФОТО", "МОЛНИЯ",
    "EXCLUSIVE", "ANALYSIS", "BREAKING", "WATCH", "LIVE", "RPT", "REFILE", "BRIEF", "FOCUS",
    "POLL", "TEXT", "NEWS", "INSIGHT", "FACTBOX", "COLUMN", "FEATURE", "PREVIEW",
    "EXPLAINER", "TIMELINE", "WRAPUP", "CORRECTED", "UPDATE", "BREAKINGVIEWS", NULL};

static int known(const char *s, size_t n)
{
    for (const char *const *w = spaced_kickers; *w; w++)
        if (strlen(*w) == n && strncmp(s, *w, n) == 0) /* the list is in capitals, as they are */
            return 1;
    return 0;
}

/* A kicker at the start of s: its length with the spaces after it, or 0.
 * "WORD-" touching the text ("EXCLUSIVE-Apple", "UPDATE 2-Oil") is one when
 * it is in capitals and the word after it is not ("ANTI-ABORTION" is a
 * word); "WORD - " with spaces, only a label of the list above. */
size_t nc_kicker(const char *s, size_t n)
{
    size_t i = 0, k;
    int upper = 0;
    while (i < n && i <= 24) {
        unsigned long cp = cp_at(s, n, i, &k);
        if (nc_cp_is_letter(cp) && !nc_cp_is_upper(cp))
            return 0;
        if (!(nc_cp_is_letter(cp) || nc_cp_is_digit(cp) || cp == ' '))
            break;
        upper += nc_cp_is_upper(cp);
        i += k;
    }
    size_t label = i;
    while (label > 0 && s[label - 1] == ' ')
        label--;
    size_t len;
    if (upper < 2 || label == 0 || !dash_at(s, n, i, &len))
        return 0;
    if (i == label && len == 1) { /* "EXCLUSIVE-Apple" */
        size_t j = i + 1, lower = 0, letters = 0;
        while (j < n && s[j] != ' ') {
            unsigned long cp = cp_at(s, n, j, &k);
            letters += nc_cp_is_letter(cp);
            lower += nc_cp_is_lower(cp);
            j += k;
        }
        unsigned long first = cp_at(s, n, i + 1, &k);
        if (!(nc_cp_is_upper(first) || first == '"' || first == 0x201C) || (letters > 1 && !lower))
            return 0;
        /* "US-German", "NATO-Russia", "IIASA-Studie", "UNICEF-Bericht": an
         * acronym before a hyphen is a compound, however long (German
         * writes every such compound so); a kicker is a known label,
         * numbered ("UPDATE 2") or of two words ("US STOCKS") */
        int digit = 0, words = 1;
        for (size_t x = 0; x < label; x++) {
            digit |= s[x] >= '0' && s[x] <= '9';
            words += s[x] == ' ';
        }
        if (!(digit || words > 1 || known(s, label)))
            return 0;
        return i + 1;
    }
    if (i == label || s[i - 1] != ' ')
        return 0;
    return known(s, label) ? spaces(s, n, i + len) : 0;
}

/* Is cp a dash a kicker may end in: hyphen, the Unicode hyphens and
 * dashes, minus? */
static int dash_cp(unsigned long cp)
{
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
}

const char *nc_kicker_gap(const char *kicker)
{
    size_t n = kicker ? strlen(kicker) : 0, k;
    if (n == 0)
        return "";
    /* the last character and the one before it */
    size_t last = n - 1;
    while (last > 0 && ((unsigned char)kicker[last] & 0xC0) == 0x80)
        last--;
    unsigned long cp = cp_at(kicker, n, last, &k);
    if (cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F)
        return "";
    if (dash_cp(cp)) /* "EXCLUSIVE-" touches the title; "VIDÉO -" wants its space back */
        return last > 0 && kicker[last - 1] == ' ' ? " " : "";
    /* "EXCLUSIVE": as the headline "EXCLUSIVE - Shipping ..." gives it;
     * "Exclusive:" or "[Video]" a space */
    return nc_cp_is_letter(cp) || nc_cp_is_digit(cp) ? " - " : " ";
}

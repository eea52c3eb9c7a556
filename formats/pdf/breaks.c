/* breaks.c: line-break opportunities from libunibreak; see breaks.h.
 *
 * libunibreak finds each character's class by a linear walk of its
 * property table: about 210 instructions for a lower-case letter, 10% of a
 * long article's PDF. Inside a run of ASCII letters (or of ASCII digits)
 * every character has the same class (AL, NU) and UAX #14 never breaks
 * between two of them (LB28, LB25); what comes before and after the run
 * sees the class, not the length. So libunibreak is shown the text with
 * each such run cut to its last character (a 1 MB article: 40% of its
 * characters), and the answers are spread back: no break inside a run, and
 * after its last character what libunibreak said after the one it saw.
 * tests/pdf/test_pdf_breaks.c holds the two to the same answers. */
#include "breaks.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "error.h"

#ifndef NC_LIBUNIBREAK_SONAME
#define NC_LIBUNIBREAK_SONAME "libunibreak.so"
#endif

/* libunibreak, like libharu, is opened the first time a PDF is written
 * (src/base/dynlib.h says why): two functions, typed by its own prototypes. */
typedef struct unibreak_api {
    __typeof__(init_linebreak) *init_linebreak;
    __typeof__(set_linebreaks_utf8) *set_linebreaks_utf8;
} unibreak_api;

static unibreak_api unibreak;

static const nc_dynlib_symbol unibreak_symbols[] = {
    NC_DYNLIB_SYMBOL(unibreak_api, init_linebreak),
    NC_DYNLIB_SYMBOL(unibreak_api, set_linebreaks_utf8),
};

static const char *const unibreak_files[] = {NC_LIBUNIBREAK_SONAME, NULL};

static nc_dynlib libunibreak = NC_DYNLIB_INIT(unibreak_files, unibreak_symbols, unibreak);

/* libunibreak fills its tables once per process; the once-guard is the
 * only shared state, and it is set before any document uses them. */
static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;

static void fill_linebreak_tables(void) { unibreak.init_linebreak(); }

nc_status nc_pdf_breaks_load(nc_error *err)
{
    nc_status rc = nc_dynlib_load(&libunibreak);
    if (rc != NC_OK)
        return nc_error_set(err, rc, "pdf writer: %s", nc_dynlib_why(&libunibreak));
    pthread_once(&linebreak_once, fill_linebreak_tables);
    return NC_OK;
}

/* 1: an ASCII letter, 2: an ASCII digit, 0: anything else. */
static int run_kind(unsigned char c)
{
    if ((unsigned)((c | 0x20) - 'a') < 26)
        return 1;
    return (unsigned)(c - '0') < 10 ? 2 : 0;
}

int nc_pdf_line_breaks(const char *text, size_t len, const char *lang, char *brks)
{
    const unsigned char *s = (const unsigned char *)text;
    if (len == 0)
        return 0;
    /* the cut text, then libunibreak's answers for it */
    unsigned char *cut = malloc(2 * len);
    if (!cut)
        return -1;
    char *answers = (char *)cut + len;
    /* brks[i] says, for now, whether byte i is left out: a letter or digit
     * followed by one of its kind */
    size_t m = 0;
    int next = run_kind(s[0]);
    for (size_t i = 0; i < len; i++) {
        int kind = next;
        next = i + 1 < len ? run_kind(s[i + 1]) : 0;
        brks[i] = (char)(kind && kind == next);
        if (!brks[i])
            cut[m++] = s[i];
    }
    /* libunibreak 1.1 asserts (aborts the process) on regional
     * indicators, U+1F1E6..U+1F1FF: it is shown a letter of the same
     * UTF-8 length in their place. */
    for (size_t i = 0; i + 3 < m; i++)
        if (cut[i] == 0xF0 && cut[i + 1] == 0x9F && cut[i + 2] == 0x87 && cut[i + 3] >= 0xA6 &&
            cut[i + 3] <= 0xBF)
            memcpy(cut + i, "\xF0\x90\x80\x80", 4);
    unibreak.set_linebreaks_utf8(cut, m, lang, answers);
    for (size_t i = 0, j = 0; i < len; i++)
        brks[i] = brks[i] ? LINEBREAK_NOBREAK : answers[j++];
    free(cut);
    return 0;
}

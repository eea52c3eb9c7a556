/* chars.c: character classes for the reader, on code points, so that a
 * Russian or German capital counts as a capital (libunistring's tables). */
#include <unicase.h>
#include <unictype.h>

#include "reader.h"
#include "utf8.h"

unsigned long nc_cp_at(const char *s, size_t n, size_t i, size_t *k)
{
    if (i >= n) {
        *k = 0;
        return 0;
    }
    long cp = nc_utf8_decode(s + i, n - i, k);
    if (cp < 0) {
        *k = 1;
        return 0xFFFD;
    }
    return (unsigned long)cp;
}

unsigned long nc_cp_before(const char *s, size_t i, size_t *k)
{
    size_t j = i;
    while (j > 0 && i - j < 4) {
        j--;
        if (((unsigned char)s[j] & 0xC0) != 0x80)
            break;
    }
    if (j == i) {
        *k = 0;
        return 0;
    }
    size_t len;
    unsigned long cp = nc_cp_at(s, i, j, &len);
    if (j + len != i) { /* a stray continuation byte */
        *k = 1;
        return 0xFFFD;
    }
    *k = len;
    return cp;
}

int nc_cp_is_letter(unsigned long cp) { return cp && uc_is_alpha((ucs4_t)cp); }
int nc_cp_is_upper(unsigned long cp) { return cp && uc_is_upper((ucs4_t)cp); }
int nc_cp_is_lower(unsigned long cp) { return cp && uc_is_lower((ucs4_t)cp); }
int nc_cp_is_digit(unsigned long cp) { return cp >= '0' && cp <= '9'; }
int nc_cp_is_alnum(unsigned long cp) { return nc_cp_is_letter(cp) || nc_cp_is_digit(cp); }
int nc_cp_is_space(unsigned long cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A);
}
unsigned long nc_cp_tolower(unsigned long cp) { return uc_tolower((ucs4_t)cp); }

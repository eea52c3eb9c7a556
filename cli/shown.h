/* shown.h: file names as the command shows them. A name is bytes: it may
 * hold a newline, an escape sequence for the terminal or bytes that are not
 * UTF-8, and it must not break the one-line error promise, drive the
 * terminal or make the manifest invalid JSON. */
#ifndef NC_CLI_SHOWN_H
#define NC_CLI_SHOWN_H

#include <stdio.h>

/* A copy of text for stderr (malloc'd; NULL when out of memory): valid
 * UTF-8 passes, newline, carriage return and tab become \n \r \t, other
 * control characters (C0, DEL, C1), the line and paragraph separators and
 * the invisible format characters (bidi overrides and isolates, zero-width
 * characters, tags...) each byte \ooo in octal (ESC is \033, U+202E
 * \342\200\256), a byte that is not part of a UTF-8 character \xHH. */
char *cli_shown(const char *text);

/* Writes s to out as a JSON string. A name that is valid UTF-8 is written
 * exactly (JSON's own escapes for quotes, backslashes and controls, \uXXXX
 * for the characters cli_shown escapes, so none is in the file); a name
 * that is not gets each byte outside a UTF-8 character as \xHH and each
 * backslash doubled (so the bytes can be told back), and *escaped is set. */
void cli_json_name(FILE *out, const char *s, int *escaped);

#endif

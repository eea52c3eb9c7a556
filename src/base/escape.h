/* escape.h: quoting text for the formats that more than one part of the
 * program writes (JSON: the json writer and the CLI's manifest; XML: the
 * DocBook and XHTML writers; URLs). */
#ifndef NC_ESCAPE_H
#define NC_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* Appends s as a JSON string literal, quotes included: ", \ and control
 * characters escaped, other UTF-8 passed through. */
int nc_escape_json(nc_buf *out, const char *s, size_t n);
/* The same without the quotes: a piece of a string literal written in
 * parts. Any split is safe, also inside a UTF-8 sequence (bytes from 0x80
 * pass through as they are). */
int nc_escape_json_part(nc_buf *out, const char *s, size_t n);

/* Flags of nc_escape_xml. */
enum {
    /* Character data ready to write raw: '&', '<' and '>' (for "]]>") are
     * escaped and CR is written as "&#13;" (a parser would turn a raw CR into
     * LF); quotation marks stay characters. Without it the text is only
     * cleaned (for an attribute value, which libxml2 escapes itself). */
    NC_XML_MARKUP = 1,
    /* Also replace DEL and the C1 controls, which XML allows but HTML does not. */
    NC_XML_HTML = 2
};

/* Appends n bytes of s as text XML 1.0 can carry: invalid UTF-8, C0
 * controls other than tab, LF and CR, and the non-characters U+FFFE and
 * U+FFFF each become U+FFFD (visible, never dropped in silence). The one
 * text escaper of the XML writers (DocBook, XHTML). */
int nc_escape_xml(nc_buf *out, const char *s, size_t n, int flags);

/* Appends the URL u with the bytes a URL may not hold (controls, space,
 * quotes, non-ASCII, "<>\\^`{|}") percent-encoded, so that validators and
 * readers agree on it (XHTML href, NITF, ninjs renditions). */
int nc_escape_url(nc_buf *out, const char *u);

#endif

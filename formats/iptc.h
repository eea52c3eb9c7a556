/* iptc.h: what the two IPTC writers (ninjs and NewsML-G2) read from a
 * document in the same way, so that the same article gets the same URI,
 * author statement, place and credits in both. Internal to formats/. */
#ifndef NC_IPTC_H
#define NC_IPTC_H

#include <stddef.h>

#include "buf.h"
#include "document.h"

/* Is s an absolute URI (RFC 3986: a scheme, ':', then only characters a
 * URI may hold, nothing percent-encoded wrongly)? */
int nc_iptc_is_uri(const char *s);

/* The item's URI: -M identifier when it is an absolute URI, else
 * "urn:newsconv:" and the content hash (nc_writer_content_hash) in hex,
 * which does not depend on the identifier. Appended to out. */
void nc_iptc_uri(const nc_document *doc, nc_buf *out);

/* Who wrote it, in words: the authors joined ("A", "A and B", "A, B, and
 * C"), else the first byline's text without its "By ". Appended to out;
 * nothing when there is neither. */
void nc_iptc_by(const nc_document *doc, nc_buf *out);

/* Appends the text of the body's first dateline to out; 1 when there is
 * one, else 0. */
int nc_iptc_dateline(const nc_document *doc, nc_buf *out);

/* The place a dateline names: it starts at *start (after an agency that
 * comes first, ANSA's "(ANSA) - ROMA, 5 DIC -") and its length is returned:
 * up to a date part (", Sept. 30"), the agency in parentheses or the dash
 * before the story, without trailing punctuation. 0 when it names none. */
size_t nc_iptc_located(const char *dateline, size_t *start);

/* Is a credit a copyright notice ("© 2023 ...", "(c) ...", "Copyright ...")? */
int nc_iptc_is_copyright(const char *credit);

/* The media type of an image, from its file name's extension; NULL when
 * the name does not tell. */
const char *nc_iptc_image_type(const char *path);

/* The caption that the photo (-M image) goes with: the body's first. */
const nc_node *nc_iptc_photo_caption(const nc_document *doc);

#endif

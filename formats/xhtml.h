/* xhtml.h: the XHTML writer that the html and epub writers share, built on
 * libxml2's xmlTextWriter, and the small XML output layer under it that the
 * EPUB package files (container, OPF, NCX) are written with too. Internal
 * to formats/. */
#ifndef NC_XHTML_H
#define NC_XHTML_H

#include <stddef.h>

#include <libxml/xmlwriter.h>

#include "buf.h"
#include "document.h"
#include "newsconv.h"

/* ---------------------------------------------------------- XML output */

/* An XML text in progress, going to a buffer or straight to a sink. Errors
 * are sticky: after the first failure every call is a no-op, and
 * nc_xml_close reports that first cause. */
typedef struct nc_xml {
    xmlTextWriterPtr w;
    nc_buf *buf;      /* exactly one of buf and sink is set */
    nc_sink *sink;
    int discard;      /* bytes libxml2 writes now are dropped */
    nc_status status; /* NC_OK, or the first failure */
    nc_buf scratch;   /* cleaned text on its way to libxml2 */
} nc_xml;

/* Starts an XML text into buf or sink (the other one NULL). With
 * `declaration`, it begins with <?xml version="1.0" encoding="UTF-8"?>;
 * without, nothing precedes the first call (an HTML page). */
nc_status nc_xml_open(nc_xml *x, nc_buf *buf, nc_sink *sink, int declaration);
/* Ends every open element, flushes, frees the writer. Returns the first
 * failure: NC_ERR_NOMEM or the sink's error. */
nc_status nc_xml_close(nc_xml *x);

void nc_xml_start(nc_xml *x, const char *name);
/* Ends the open element with an end tag, never "/>": an HTML parser reads
 * <p/> as an open <p>. */
void nc_xml_end(nc_xml *x);
/* A void element (<hr/>, <img/>, <meta/>), with its attributes given as
 * NULL-terminated name, value pairs; a NULL value leaves the pair out. */
void nc_xml_void(nc_xml *x, const char *name, ...);
void nc_xml_attr(nc_xml *x, const char *name, const char *value);
/* Text, escaped. Whatever the reader promised, bytes that are not UTF-8
 * become U+FFFD and control characters that XML forbids (or HTML frowns
 * on) are dropped, so the output is always well-formed. */
void nc_xml_text(nc_xml *x, const char *s, size_t n);
void nc_xml_puts(nc_xml *x, const char *s);
/* start + text + end. */
void nc_xml_element(nc_xml *x, const char *name, const char *text);
/* Bytes written as they are: markup we made ourselves (the stylesheet,
 * the doctype, line breaks between blocks). */
void nc_xml_raw(nc_xml *x, const char *s);

/* ------------------------------------------------------------ the page */

/* The stylesheet both writers use (the html writer embeds it, the epub
 * writer ships it as a file): contains no '<' or '&'. */
extern const char nc_xhtml_css[];

typedef struct nc_xhtml_page {
    int epub;                /* an EPUB 3 content document, not an HTML page */
    const char *title;       /* for <title> */
    const char *stylesheet;  /* href of a linked stylesheet; NULL: none */
    const char *style;       /* CSS to embed in <style>; NULL: none */
    const char *description; /* <meta name="description">; NULL: none */
    const char *author;      /* <meta name="author">; NULL: none */
    const char *body_type;   /* epub:type of <body> (EPUB only); NULL: none */
    const char *jsonld;      /* JSON-LD for <script type="application/ld+json">, from
                              * nc_xhtml_jsonld; NULL: none */
} nc_xhtml_page;

/* The language the document declares, when it is a plausible BCP 47 tag;
 * else "und" (undetermined), so that a bad -M lang cannot make invalid
 * markup. */
const char *nc_xhtml_lang(const nc_document *doc);

/* Where the photo's text alternative (its alt) comes from. */
typedef enum nc_alt_source {
    NC_ALT_TITLE,   /* nothing describes the photo: the headline stands in */
    NC_ALT_CAPTION, /* the caption's text */
    NC_ALT_META     /* -M image-alt */
} nc_alt_source;

/* Appends the text alternative of the photo (-M image) to out and says
 * where it came from. */
nc_alt_source nc_xhtml_photo_alt(const nc_document *doc, const char *title, nc_buf *out);

/* Appends a schema.org NewsArticle as JSON-LD to out: headline, authors as
 * Persons, datePublished (only a date read as one), inLanguage, publisher,
 * description and image (`image_url`, or NULL when the photo has no URL of
 * its own). '<', '>' and '&' are written as \u escapes, so the text needs
 * no escaping inside <script> in HTML and in XHTML alike. */
void nc_xhtml_jsonld(const nc_document *doc, const char *title, const char *image_url,
                     nc_buf *out);

/* Writes everything up to and including <body>, and nc_xhtml_end closes
 * it. */
void nc_xhtml_begin(nc_xml *x, const nc_document *doc, const nc_xhtml_page *page);
void nc_xhtml_end(nc_xml *x);

/* The article: <article> holding the headline (<h1>), the metadata a reader
 * shows (subtitle, authors and date when the body has no byline of its
 * own), then every block of the body in order, the closing credits in a
 * <footer>. `image_src` is the URL of the photo (-M image) that goes into
 * the first caption's <figure>, or NULL. */
void nc_xhtml_article(nc_xml *x, const nc_document *doc, const char *title,
                      const char *image_src);

/* The article as the page's one main landmark (<main>), so that every
 * part of a page is in a landmark; nc_xhtml_article alone is for a
 * fragment that another page embeds. */
void nc_xhtml_main(nc_xml *x, const nc_document *doc, const char *title, const char *image_src);

/* The id of the k-th subhead of the article (0-based), for tables of
 * contents: "s1", "s2", ... */
void nc_xhtml_heading_id(size_t k, char out[24]);

#endif

/* xhtml.h: the XHTML writer that the html and epub writers share, on the
 * XML output layer of xml.h. Internal to formats/. */
#ifndef NC_XHTML_H
#define NC_XHTML_H

#include <stddef.h>

#include "buf.h"
#include "document.h"
#include "newsconv.h"
#include "xml.h"

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

/* Whether a language tag is English ("en", "en-GB"): the words newsconv
 * adds of its own are English, and in other languages are marked so. */
int nc_xhtml_is_english(const char *lang);

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

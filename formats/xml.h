/* xml.h: the one XML output layer of the writers, on libxml2's
 * xmlTextWriter: the XHTML of the html and epub writers, the EPUB package
 * files, DocBook, NewsML-G2 and ninjs' XHTML body all go through it. One
 * policy for all of them: libxml2 is set up once per process, and it never
 * prints (a failed write is kept as a status, not reported to libxml2, and
 * its error handlers are silenced for the writing thread while a text is
 * open). Internal to formats/. */
#ifndef NC_XML_H
#define NC_XML_H

#include <stddef.h>

#include <libxml/xmlerror.h>
#include <libxml/xmlwriter.h>

#include "buf.h"
#include "newsconv.h"

/* How a text is written (nc_xml_open's flags). */
enum {
    /* It begins with <?xml version="1.0" encoding="UTF-8"?>; without, nothing
     * precedes the first call (an HTML page). */
    NC_XML_DECLARATION = 1,
    /* XML that no HTML parser reads (DocBook): an element without content
     * ends as <e/>, and only the characters XML forbids are dropped from
     * text. Without it the markup is polyglot: nc_xml_end always writes an
     * end tag, and characters HTML frowns on are dropped too. */
    NC_XML_XML_ONLY = 2
};

/* An XML text in progress, going to a buffer or straight to a sink. Errors
 * are sticky: after the first failure every call is a no-op, and
 * nc_xml_close reports that first cause. */
typedef struct nc_xml {
    xmlTextWriterPtr w;
    nc_buf *buf;      /* exactly one of buf and sink is set */
    nc_sink *sink;
    unsigned flags;
    int discard;      /* bytes libxml2 writes now are dropped */
    nc_status status; /* NC_OK, or the first failure */
    nc_buf scratch;   /* cleaned text on its way to libxml2 */
    /* This thread's libxml2 error handlers, put back by nc_xml_close. */
    xmlGenericErrorFunc old_generic;
    void *old_generic_ctx;
    xmlStructuredErrorFunc old_structured;
    void *old_structured_ctx;
} nc_xml;

/* Starts an XML text into buf or sink (the other one NULL). Call
 * nc_xml_close afterwards whatever this returns. */
nc_status nc_xml_open(nc_xml *x, nc_buf *buf, nc_sink *sink, unsigned flags);
/* Ends every open element, flushes, frees the writer. Returns the first
 * failure: NC_ERR_NOMEM or the sink's error. */
nc_status nc_xml_close(nc_xml *x);
/* Makes the text fail with code (the first failure sticks): for a writer
 * that ran out of memory building what it was about to write. */
void nc_xml_fail(nc_xml *x, nc_status code);

void nc_xml_start(nc_xml *x, const char *name);
/* Ends the open element: with an end tag, never "/>" (an HTML parser reads
 * <p/> as an open <p>), unless the text is NC_XML_XML_ONLY. */
void nc_xml_end(nc_xml *x);
/* A void element (<hr/>, <img/>, <meta/>), with its attributes given as
 * NULL-terminated name, value pairs; a NULL value leaves the pair out. */
void nc_xml_void(nc_xml *x, const char *name, ...);
void nc_xml_attr(nc_xml *x, const char *name, const char *value);
/* Text, escaped. Whatever the reader promised, bytes that are not UTF-8
 * become U+FFFD and control characters that XML forbids (or HTML frowns
 * on) are dropped, so the output is always well-formed. Quotation marks
 * stay plain characters. */
void nc_xml_text(nc_xml *x, const char *s, size_t n);
void nc_xml_puts(nc_xml *x, const char *s);
/* start + text + end. */
void nc_xml_element(nc_xml *x, const char *name, const char *text);
/* Bytes written as they are: markup we made ourselves (the stylesheet,
 * the doctype, line breaks between blocks). */
void nc_xml_raw(nc_xml *x, const char *s);

#endif

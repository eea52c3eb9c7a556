/* xml.c: the XML output layer (xml.h says what it promises). */
#include "xml.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/xmlIO.h>

#include "escape.h"

void nc_xml_fail(nc_xml *x, nc_status code)
{
    if (x->status == NC_OK)
        x->status = code;
}

/* libxml2's output callback. It never reports failure to libxml2: libxml2
 * would print an "I/O error" on stderr, and the library never prints. The
 * failure is kept in x->status instead, and every later call is a no-op. */
static int write_cb(void *ctx, const char *data, int len)
{
    nc_xml *x = ctx;
    if (x->discard || len <= 0 || x->status != NC_OK)
        return len;
    if (x->buf) {
        if (nc_buf_put(x->buf, data, (size_t)len) != 0)
            nc_xml_fail(x, NC_ERR_NOMEM);
    } else {
        nc_status rc = nc_sink_write(x->sink, data, (size_t)len);
        if (rc != NC_OK)
            nc_xml_fail(x, rc);
    }
    return len;
}

/* A libxml2 writer call failed without our callback failing: with correct
 * use that can only be an allocation. */
static void check(nc_xml *x, int rc)
{
    if (rc < 0)
        nc_xml_fail(x, NC_ERR_NOMEM);
}

static void ignore_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void ignore_structured(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

/* libxml2 sets itself up once per process; two threads writing their first
 * documents at once must not both do it. */
static pthread_once_t libxml_once = PTHREAD_ONCE_INIT;

static void libxml_init(void) { xmlInitParser(); }

nc_status nc_xml_open(nc_xml *x, nc_buf *buf, nc_sink *sink, unsigned flags)
{
    pthread_once(&libxml_once, libxml_init);
    *x = (nc_xml){.buf = buf, .sink = sink, .flags = flags};
    xmlOutputBufferPtr out = xmlOutputBufferCreateIO(write_cb, NULL, x, NULL);
    if (!out)
        return x->status = NC_ERR_NOMEM;
    x->w = xmlNewTextWriter(out);
    if (!x->w) {
        xmlOutputBufferClose(out);
        return x->status = NC_ERR_NOMEM;
    }
    /* libxml2 reports its own failures (memory) on stderr by default; the
     * library never prints, so this thread's handlers are silenced while
     * the text is open (they are per thread: other threads are untouched). */
    x->old_generic = xmlGenericError;
    x->old_generic_ctx = xmlGenericErrorContext;
    x->old_structured = xmlStructuredError;
    x->old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, ignore_generic);
    xmlSetStructuredErrorFunc(NULL, ignore_structured);
    /* libxml2 knows that the output is UTF-8 (and stops writing non-ASCII
     * characters of attributes as character references) only after
     * StartDocument, which also writes the XML declaration. An HTML page
     * must not have one: it is written and dropped. */
    x->discard = !(flags & NC_XML_DECLARATION);
    check(x, xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL));
    check(x, xmlTextWriterFlush(x->w));
    x->discard = 0;
    return x->status;
}

nc_status nc_xml_close(nc_xml *x)
{
    if (x->w) {
        if (x->status == NC_OK)
            check(x, xmlTextWriterEndDocument(x->w));
        xmlFreeTextWriter(x->w);
        x->w = NULL;
        xmlSetGenericErrorFunc(x->old_generic_ctx, x->old_generic);
        xmlSetStructuredErrorFunc(x->old_structured_ctx, x->old_structured);
    }
    nc_buf_free(&x->scratch);
    return x->status;
}

/* s cleaned (or, with markup, escaped too) in x->scratch; see nc_escape_xml. */
static const char *clean(nc_xml *x, const char *s, size_t n, int markup)
{
    nc_buf_clear(&x->scratch);
    nc_escape_xml(&x->scratch, s, n,
                  (x->flags & NC_XML_XML_ONLY ? 0 : NC_XML_HTML) | (markup ? NC_XML_MARKUP : 0));
    const char *c = nc_buf_cstr(&x->scratch);
    if (!c)
        nc_xml_fail(x, NC_ERR_NOMEM);
    return c;
}

void nc_xml_start(nc_xml *x, const char *name)
{
    if (x->status == NC_OK)
        check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void nc_xml_end(nc_xml *x)
{
    if (x->status != NC_OK)
        return;
    if (x->flags & NC_XML_XML_ONLY)
        check(x, xmlTextWriterEndElement(x->w));
    else
        check(x, xmlTextWriterFullEndElement(x->w));
}

void nc_xml_attr(nc_xml *x, const char *name, const char *value)
{
    if (x->status != NC_OK || !value)
        return;
    const char *v = clean(x, value, strlen(value), 0);
    if (v)
        check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v));
}

void nc_xml_void(nc_xml *x, const char *name, ...)
{
    nc_xml_start(x, name);
    va_list ap;
    va_start(ap, name);
    for (;;) {
        const char *key = va_arg(ap, const char *);
        if (!key)
            break;
        nc_xml_attr(x, key, va_arg(ap, const char *));
    }
    va_end(ap);
    if (x->status == NC_OK)
        check(x, xmlTextWriterEndElement(x->w));
}

void nc_xml_text(nc_xml *x, const char *s, size_t n)
{
    if (x->status != NC_OK || n == 0)
        return;
    /* Escaped here and written raw: xmlTextWriterWriteString escapes a
     * character at a time (half the cost of a long article), and would
     * write every quotation mark as "&quot;". */
    const char *v = clean(x, s, n, 1);
    if (v && x->scratch.len > INT_MAX)
        nc_xml_fail(x, NC_ERR_NOMEM); /* nothing written: the text fails as a whole */
    else if (v)
        check(x, xmlTextWriterWriteRawLen(x->w, BAD_CAST v, (int)x->scratch.len));
}

void nc_xml_puts(nc_xml *x, const char *s) { nc_xml_text(x, s, strlen(s)); }

void nc_xml_element(nc_xml *x, const char *name, const char *text)
{
    nc_xml_start(x, name);
    nc_xml_puts(x, text);
    nc_xml_end(x);
}

void nc_xml_raw(nc_xml *x, const char *s)
{
    if (x->status == NC_OK)
        check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST s));
}

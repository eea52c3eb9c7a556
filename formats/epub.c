/* epub.c: EPUB 3 (with an EPUB 2 NCX for older reading systems): the
 * shared XHTML article plus the package around it, zipped by libzip.
 *
 * libzip writes only when the archive is closed, and only to a zip source,
 * so the archive is built in a memory source and its finished bytes are
 * copied to the sink: EPUB then goes through the same sinks (and the same
 * all-or-nothing file writes) as every other format. Every byte depends only
 * on the document and the options: entry times are the document's time, the
 * identifier is a hash of the content, files are added in a fixed order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>
#include <zlib.h>

#include "dynlib.h"
#include "error.h"
#include "formats.h"
#include "image.h"
#include "writer.h"
#include "xhtml.h"

/* The deflate level's default, 4: measured on a 1 MB article (callgrind),
 * level 9 spends ~283 M instructions deflating for a 381 KB book, level 6
 * ~240 M for 383 KB, level 4 ~139 M for 404 KB. Level 4 is the first with
 * lazy matching: within 6% of the smallest book at half the time, and on a
 * typical article (the seed) 13 bytes bigger than level 9. libzip's own
 * default is 9; 0 stores everything uncompressed. */
static const nc_option_spec epub_options[] = {
    {.key = "compression-level", .kind = NC_OPTION_INT, .min = 0, .max = 9,
     .default_value = "4", .help = "deflate level: 0 stores, 9 packs tightest"},
    NC_IMAGE_OPTION,
    {.key = NULL},
};

static const char cover_css[] = ".cover { margin: 0; padding: 0; text-align: center; }\n"
                                ".cover img { max-width: 100%; max-height: 100%; }\n";

/* The accessibility standard a book claims when it meets it (EPUB
 * Accessibility 1.1, 5.1): the test suite holds every book to it with Ace by
 * DAISY (tests/a11y). */
static const char conforms_to[] = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

typedef struct epub {
    const nc_document *doc;
    const char *title;
    const char *identifier;
    const char *lang;
    char modified[32];
    nc_image image, cover;   /* data NULL when absent */
    char image_href[32], cover_href[32]; /* from the OPF */
    char image_entry[40], cover_entry[40]; /* in the zip */
    nc_alt_source photo_alt; /* what the photo's alt says, when there is one */
    size_t headings;         /* subheads in the table of contents */
    nc_buf jsonld;           /* schema.org NewsArticle of article.xhtml */
} epub;

/* Whether the book meets the standard it would claim (conforms_to): a
 * language a reader can be told (WCAG 3.1.1) and a photo that something
 * describes (1.1.1). Everything else is how every book is made. */
static int conforms(const epub *e)
{
    return strcmp(e->lang, "und") != 0 && (!e->image.data || e->photo_alt != NC_ALT_TITLE);
}

/* ------------------------------------------------------------ identifier */

/* urn:uuid: of the content (nc_writer_content_hash) as an RFC 9562
 * version 8 UUID (custom, here name-based on SHA-256). */
static void content_uuid(const nc_document *doc, char out[48])
{
    unsigned char d[32];
    nc_writer_content_hash(doc, d);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x80);
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80);
    snprintf(out, 48,
             "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", d[0],
             d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14],
             d[15]);
}

/* --------------------------------------------------------- package files */

static void nl(nc_xml *x, const char *indent)
{
    nc_xml_raw(x, "\n");
    nc_xml_raw(x, indent);
}

static void container_xml(nc_xml *x, const epub *e)
{
    (void)e;
    nc_xml_start(x, "container");
    nc_xml_attr(x, "version", "1.0");
    nc_xml_attr(x, "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
    nl(x, "  ");
    nc_xml_start(x, "rootfiles");
    nl(x, "    ");
    nc_xml_void(x, "rootfile", "full-path", "OEBPS/content.opf", "media-type",
                "application/oebps-package+xml", NULL);
    nl(x, "  ");
    nc_xml_end(x);
    nl(x, "");
    nc_xml_end(x);
}

static void dc(nc_xml *x, const char *name, const char *id, const char *value)
{
    if (!value || !*value)
        return; /* an empty dc:* element is invalid */
    nl(x, "    ");
    nc_xml_start(x, name);
    nc_xml_attr(x, "id", id);
    nc_xml_puts(x, value);
    nc_xml_end(x);
}

static void meta_property(nc_xml *x, const char *property, const char *refines, const char *value)
{
    nl(x, "    ");
    nc_xml_start(x, "meta");
    nc_xml_attr(x, "refines", refines);
    nc_xml_attr(x, "property", property);
    nc_xml_puts(x, value);
    nc_xml_end(x);
}

static void item(nc_xml *x, const char *id, const char *href, const char *type,
                 const char *properties)
{
    nl(x, "    ");
    nc_xml_void(x, "item", "id", id, "href", href, "media-type", type, "properties", properties,
                NULL);
}

/* The book's own words (the tables' headings, the summary) are English:
 * in a book in another language they say so (WCAG 3.1.2, language of
 * parts). */
static void english(nc_xml *x, const epub *e, const char *attr)
{
    if (nc_xhtml_is_english(e->lang))
        return;
    if (strcmp(attr, "lang") == 0)
        nc_xml_attr(x, "lang", "en");
    nc_xml_attr(x, "xml:lang", "en");
}

/* accessibilitySummary: what a reader who cannot see, or who uses a
 * screen reader, finds in this book, said in English (the only language
 * newsconv writes in; the meta says so when the book is in another). */
static void summary(const epub *e, nc_buf *out)
{
    nc_buf_printf(out, "A news article in one reflowable text, in the language tagged '%s'"
                       ", with a table of contents",
                  e->lang);
    if (e->headings)
        nc_buf_printf(out, " listing its %zu subhead%s", e->headings, e->headings > 1 ? "s" : "");
    nc_buf_puts(out, ". Headings mark its structure; the reading order is the article's. ");
    if (e->image.data) {
        static const char *const by[] = {
            [NC_ALT_TITLE] = "has no description: its text alternative is only the headline",
            [NC_ALT_CAPTION] = "is described by its caption",
            [NC_ALT_META] = "has a text alternative of its own",
        };
        nc_buf_printf(out, "The one photo %s. ", by[e->photo_alt]);
    }
    if (e->cover.data)
        nc_buf_puts(out, "The cover image is described by the title. ");
    nc_buf_puts(out, "No sound, flashing or motion. ");
    if (conforms(e))
        nc_buf_printf(out, "Meets %s; checked with Ace by DAISY.", conforms_to);
    else
        nc_buf_printf(out, "Does not meet %s: %s.", conforms_to,
                      strcmp(e->lang, "und") == 0 ? "its language is not known"
                                                  : "the photo is not described");
}

static void accessibility(nc_xml *x, const epub *e)
{
    int images = e->image.data || e->cover.data;
    int described = conforms(e); /* every image has a text alternative */
    if (described)
        meta_property(x, "dcterms:conformsTo", NULL, conforms_to);
    meta_property(x, "schema:accessMode", NULL, "textual");
    if (images)
        meta_property(x, "schema:accessMode", NULL, "visual");
    meta_property(x, "schema:accessModeSufficient", NULL,
                  images && !described ? "textual,visual" : "textual");
    meta_property(x, "schema:accessibilityFeature", NULL, "structuralNavigation");
    meta_property(x, "schema:accessibilityFeature", NULL, "tableOfContents");
    meta_property(x, "schema:accessibilityFeature", NULL, "readingOrder");
    if (images && described)
        meta_property(x, "schema:accessibilityFeature", NULL, "alternativeText");
    meta_property(x, "schema:accessibilityHazard", NULL, "none");
    nc_buf text = NC_BUF_INIT;
    summary(e, &text);
    if (!nc_buf_cstr(&text)) {
        if (x->status == NC_OK)
            x->status = NC_ERR_NOMEM;
        return;
    }
    nl(x, "    ");
    nc_xml_start(x, "meta");
    nc_xml_attr(x, "property", "schema:accessibilitySummary");
    english(x, e, "xml:lang");
    nc_xml_puts(x, text.data);
    nc_xml_end(x);
    nc_buf_free(&text);
}

static void opf(nc_xml *x, const epub *e)
{
    const nc_meta *m = &e->doc->meta;
    nc_xml_start(x, "package");
    nc_xml_attr(x, "xmlns", "http://www.idpf.org/2007/opf");
    nc_xml_attr(x, "version", "3.0");
    nc_xml_attr(x, "unique-identifier", "uid");
    nc_xml_attr(x, "xml:lang", e->lang);
    nl(x, "  ");
    nc_xml_start(x, "metadata");
    nc_xml_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    dc(x, "dc:identifier", "uid", e->identifier);
    dc(x, "dc:title", NULL, e->title);
    dc(x, "dc:language", NULL, e->lang);
    for (size_t i = 0, n = 0; i < m->n_authors; i++) {
        if (!m->authors[i] || !*m->authors[i])
            continue;
        char id[32], ref[34];
        snprintf(id, sizeof id, "creator%zu", ++n);
        snprintf(ref, sizeof ref, "#%s", id);
        dc(x, "dc:creator", id, m->authors[i]);
        nl(x, "    ");
        nc_xml_start(x, "meta");
        nc_xml_attr(x, "refines", ref);
        nc_xml_attr(x, "property", "role");
        nc_xml_attr(x, "scheme", "marc:relators");
        nc_xml_puts(x, "aut");
        nc_xml_end(x);
    }
    /* Only a date read as one: epubcheck warns about free-form dates. */
    if (m->date_iso)
        dc(x, "dc:date", NULL, m->date);
    dc(x, "dc:publisher", NULL, m->publisher);
    dc(x, "dc:description", NULL, m->description);
    dc(x, "dc:subject", NULL, m->subject);
    for (size_t i = 0; i < m->n_keywords; i++)
        dc(x, "dc:subject", NULL, m->keywords[i]);
    dc(x, "dc:source", NULL, m->source);
    meta_property(x, "dcterms:modified", NULL, e->modified);
    accessibility(x, e);
    if (e->cover.data) {
        /* For EPUB 2 reading systems, which do not know properties. */
        nl(x, "    ");
        nc_xml_void(x, "meta", "name", "cover", "content", "cover-image", NULL);
    }
    nl(x, "  ");
    nc_xml_end(x);

    nl(x, "  ");
    nc_xml_start(x, "manifest");
    item(x, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
    item(x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
    item(x, "css", "style.css", "text/css", NULL);
    if (e->cover.data) {
        item(x, "cover", "cover.xhtml", "application/xhtml+xml", NULL);
        item(x, "cover-image", e->cover_href, e->cover.media_type, "cover-image");
    }
    item(x, "article", "article.xhtml", "application/xhtml+xml", NULL);
    if (e->image.data)
        item(x, "image", e->image_href, e->image.media_type, NULL);
    nl(x, "  ");
    nc_xml_end(x);

    nl(x, "  ");
    nc_xml_start(x, "spine");
    nc_xml_attr(x, "toc", "ncx");
    if (e->cover.data) {
        nl(x, "    ");
        nc_xml_void(x, "itemref", "idref", "cover", NULL);
    }
    nl(x, "    ");
    nc_xml_void(x, "itemref", "idref", "article", NULL);
    nl(x, "  ");
    nc_xml_end(x);
    nl(x, "");
    nc_xml_end(x);
}

/* The subheads of the article, in the order nc_xhtml_article numbers them,
 * with the text a table of contents shows; empty ones are left out of the
 * tables (an empty entry is invalid) but still counted. */
typedef void (*heading_fn)(void *ctx, const char *id, const char *text, size_t k);

static void each_heading(const nc_document *doc, heading_fn fn, void *ctx)
{
    nc_iter it;
    nc_iter_init(&it, doc->body);
    size_t k = 0, shown = 0;
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        if (ev != NC_EVENT_ENTER || it.node->type != NC_NODE_HEADING)
            continue;
        char id[24];
        nc_xhtml_heading_id(k++, id);
        nc_buf text = NC_BUF_INIT;
        nc_node_plain_text(it.node, &text);
        const char *t = nc_buf_cstr(&text);
        size_t i = 0;
        while (t && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
            i++;
        if (t && t[i])
            fn(ctx, id, t, shown++);
        nc_buf_free(&text);
    }
}


static void count_fn(void *ctx, const char *id, const char *text, size_t k)
{
    (void)id;
    (void)text;
    (void)k;
    (*(size_t *)ctx)++;
}

static size_t count_headings(const nc_document *doc)
{
    size_t n = 0;
    each_heading(doc, count_fn, &n);
    return n;
}

static void nav_entry(void *ctx, const char *id, const char *text, size_t k)
{
    nc_xml *x = ctx;
    char href[48];
    snprintf(href, sizeof href, "article.xhtml#%s", id);
    (void)k;
    nl(x, "        ");
    nc_xml_start(x, "li");
    nc_xml_start(x, "a");
    nc_xml_attr(x, "href", href);
    nc_xml_puts(x, text);
    nc_xml_end(x);
    nc_xml_end(x);
}

static void nav_link(nc_xml *x, const char *type, const char *href, const char *text)
{
    nc_xml_start(x, "li");
    nc_xml_start(x, "a");
    nc_xml_attr(x, "epub:type", type);
    nc_xml_attr(x, "href", href);
    nc_xml_puts(x, text);
    nc_xml_end(x);
    nc_xml_end(x);
}

static void nav_xhtml(nc_xml *x, const epub *e)
{
    nc_xhtml_page page = {.epub = 1, .title = e->title, .stylesheet = "style.css"};
    nc_xhtml_begin(x, e->doc, &page);
    nc_xml_start(x, "nav");
    nc_xml_attr(x, "epub:type", "toc");
    nc_xml_attr(x, "role", "doc-toc"); /* the ARIA role of epub:type toc, for screen readers */
    nc_xml_attr(x, "id", "toc");
    nl(x, "  ");
    nc_xml_start(x, "h1");
    english(x, e, "lang");
    nc_xml_puts(x, "Contents");
    nc_xml_end(x);
    nl(x, "  ");
    nc_xml_start(x, "ol");
    nl(x, "    ");
    nc_xml_start(x, "li");
    nc_xml_start(x, "a");
    nc_xml_attr(x, "href", "article.xhtml");
    nc_xml_puts(x, e->title);
    nc_xml_end(x);
    if (count_headings(e->doc)) {
        nl(x, "      ");
        nc_xml_start(x, "ol");
        each_heading(e->doc, nav_entry, x);
        nl(x, "      ");
        nc_xml_end(x);
        nl(x, "    ");
    }
    nc_xml_end(x); /* li */
    nl(x, "  ");
    nc_xml_end(x); /* ol */
    nl(x, "");
    nc_xml_end(x); /* nav */
    nl(x, "");
    nc_xml_start(x, "nav");
    nc_xml_attr(x, "epub:type", "landmarks");
    english(x, e, "lang");
    nc_xml_attr(x, "id", "landmarks");
    nc_xml_attr(x, "hidden", "hidden");
    nl(x, "  ");
    nc_xml_element(x, "h2", "Landmarks");
    nl(x, "  ");
    nc_xml_start(x, "ol");
    if (e->cover.data) {
        nl(x, "    ");
        nav_link(x, "cover", "cover.xhtml", "Cover");
    }
    nl(x, "    ");
    nav_link(x, "bodymatter", "article.xhtml", "Start of content");
    nl(x, "  ");
    nc_xml_end(x);
    nl(x, "");
    nc_xml_end(x);
    nl(x, "");
    nc_xhtml_end(x);
}

typedef struct ncx_ctx {
    nc_xml *x;
    int order;
} ncx_ctx;

static void nav_point_begin(nc_xml *x, const char *id, int order, const char *label,
                            const char *src, const char *indent)
{
    char n[24];
    snprintf(n, sizeof n, "%d", order);
    nl(x, indent);
    nc_xml_start(x, "navPoint");
    nc_xml_attr(x, "id", id);
    nc_xml_attr(x, "playOrder", n);
    nc_xml_start(x, "navLabel");
    nc_xml_element(x, "text", label);
    nc_xml_end(x);
    nc_xml_void(x, "content", "src", src, NULL);
}

static void ncx_entry(void *ctx, const char *id, const char *text, size_t k)
{
    ncx_ctx *c = ctx;
    char src[48];
    snprintf(src, sizeof src, "article.xhtml#%s", id);
    (void)k;
    nav_point_begin(c->x, id, ++c->order, text, src, "      ");
    nc_xml_end(c->x);
}

static void toc_ncx(nc_xml *x, const epub *e)
{
    size_t headings = count_headings(e->doc);
    nc_xml_start(x, "ncx");
    nc_xml_attr(x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
    nc_xml_attr(x, "version", "2005-1");
    nc_xml_attr(x, "xml:lang", e->lang);
    nl(x, "  ");
    nc_xml_start(x, "head");
    nl(x, "    ");
    nc_xml_void(x, "meta", "name", "dtb:uid", "content", e->identifier, NULL);
    nl(x, "    ");
    nc_xml_void(x, "meta", "name", "dtb:depth", "content", headings ? "2" : "1", NULL);
    nl(x, "    ");
    nc_xml_void(x, "meta", "name", "dtb:totalPageCount", "content", "0", NULL);
    nl(x, "    ");
    nc_xml_void(x, "meta", "name", "dtb:maxPageNumber", "content", "0", NULL);
    nl(x, "  ");
    nc_xml_end(x);
    nl(x, "  ");
    nc_xml_start(x, "docTitle");
    nc_xml_element(x, "text", e->title);
    nc_xml_end(x);
    nl(x, "  ");
    nc_xml_start(x, "navMap");
    ncx_ctx c = {.x = x, .order = 0};
    if (e->cover.data) {
        nav_point_begin(x, "cover", ++c.order, "Cover", "cover.xhtml", "    ");
        nc_xml_end(x);
    }
    nav_point_begin(x, "article", ++c.order, e->title, "article.xhtml", "    ");
    each_heading(e->doc, ncx_entry, &c);
    if (headings)
        nl(x, "    ");
    nc_xml_end(x);
    nl(x, "  ");
    nc_xml_end(x);
    nl(x, "");
    nc_xml_end(x);
}

static void cover_xhtml(nc_xml *x, const epub *e)
{
    nc_xhtml_page page = {.epub = 1, .title = e->title, .stylesheet = "style.css",
                          .body_type = "cover"};
    nc_xhtml_begin(x, e->doc, &page);
    nc_xml_start(x, "section");
    nc_xml_attr(x, "class", "cover");
    nl(x, "  ");
    /* doc-cover: the ARIA role of the cover image (body epub:type cover). */
    nc_xml_void(x, "img", "src", e->cover_href, "alt", e->title, "role", "doc-cover", NULL);
    nl(x, "");
    nc_xml_end(x);
    nl(x, "");
    nc_xhtml_end(x);
}

static void article_xhtml(nc_xml *x, const epub *e)
{
    nc_xhtml_page page = {.epub = 1, .title = e->title, .stylesheet = "style.css",
                          .body_type = "bodymatter", .jsonld = e->jsonld.data};
    nc_xhtml_begin(x, e->doc, &page);
    nc_xhtml_main(x, e->doc, e->title, e->image.data ? e->image_href : NULL);
    nc_xhtml_end(x);
}

/* ------------------------------------------------------------------- zip */

/* libzip is opened the first time an EPUB is written (dynlib.h says why),
 * by the soname CMake found; every call goes through this table. */
#ifndef NC_LIBZIP_SONAME
#define NC_LIBZIP_SONAME "libzip.so"
#endif

#define LIBZIP_FUNCTIONS(X)                                                                    \
    X(zip_close) X(zip_discard) X(zip_error_code_zip) X(zip_error_fini) X(zip_error_init)      \
    X(zip_error_strerror) X(zip_file_add) X(zip_file_set_dostime) X(zip_get_error)            \
    X(zip_open_from_source) X(zip_set_file_compression) X(zip_source_buffer)                   \
    X(zip_source_buffer_create) X(zip_source_close) X(zip_source_error) X(zip_source_free)     \
    X(zip_source_function) X(zip_source_keep) X(zip_source_open) X(zip_source_read)

typedef struct libzip_api {
#define X(f) __typeof__(f) *f;
    LIBZIP_FUNCTIONS(X)
#undef X
} libzip_api;

static libzip_api libzip_table;

static const nc_dynlib_symbol libzip_symbols[] = {
#define X(f) NC_DYNLIB_SYMBOL(libzip_api, f),
    LIBZIP_FUNCTIONS(X)
#undef X
};

static const char *const libzip_files[] = {NC_LIBZIP_SONAME, NULL};

static nc_dynlib libzip = NC_DYNLIB_INIT(libzip_files, libzip_symbols, libzip_table);

typedef struct entry {
    const char *name;
    nc_buf data;          /* generated files */
    const nc_image *image;/* or an image, added as it is */
    /* Deflated here (deflate_entries) when packed.len > 0: libzip gets it
     * as compressed data, with its CRC and size, and copies it. */
    nc_buf packed;
    size_t size;          /* data's length, kept when data is freed once packed */
    zip_uint32_t crc;
    size_t read_at;       /* libzip's reading position in packed */
} entry;

/* zlib's settings that make libzip's own bytes: raw deflate (no zlib
 * header), a 32 KB window, memory level 9 (lib/zip_algorithm_deflate.c). */
enum { DEFLATE_WINDOW_BITS = -15, DEFLATE_MEM_LEVEL = 9 };

/* Deflates the generated files but the mimetype (EPUB wants it stored;
 * images are compressed already) into their packed buffers, with one zlib
 * stream reset for each, not one made per file as libzip does. It runs
 * before libzip is needed: while another thread may still be loading it
 * (nc_writer_prepare). The bytes are libzip's (same zlib, same settings):
 * only the header's level bits, which say how hard deflate tried, are 0
 * at levels 1, 2, 8 and 9 too, since libzip copies the data as given. */
static nc_status deflate_entries(entry *entries, size_t n, int level)
{
    if (level == 0)
        return NC_OK;
    z_stream z = {0};
    if (deflateInit2(&z, level, Z_DEFLATED, DEFLATE_WINDOW_BITS, DEFLATE_MEM_LEVEL,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return NC_ERR_NOMEM;
    nc_status rc = NC_OK;
    for (size_t i = 1; i < n && rc == NC_OK; i++) {
        entry *e = &entries[i];
        if (e->image || e->data.len == 0 || e->data.len > UINT32_MAX / 2)
            continue; /* stored; an empty or huge one left to libzip */
        e->crc = (zip_uint32_t)crc32_z(0, (const Bytef *)e->data.data, e->data.len);
        z.next_in = (Bytef *)e->data.data;
        z.avail_in = (uInt)e->data.len;
        size_t room = (size_t)deflateBound(&z, (uLong)e->data.len);
        int zrc = Z_OK;
        while (zrc == Z_OK && rc == NC_OK) {
            if (nc_buf_grow(&e->packed, room) != 0) {
                rc = NC_ERR_NOMEM;
                break;
            }
            size_t avail = e->packed.cap - e->packed.len - 1; /* nc_buf's NUL */
            z.next_out = (Bytef *)e->packed.data + e->packed.len;
            z.avail_out = (uInt)(avail > UINT32_MAX ? UINT32_MAX : avail);
            uInt before = z.avail_out;
            zrc = deflate(&z, Z_FINISH);
            e->packed.len += before - z.avail_out;
            room = 64 * 1024; /* deflateBound is a bound: more is rare */
        }
        if (rc == NC_OK && zrc != Z_STREAM_END)
            rc = NC_ERR_WRITER;
        if (rc == NC_OK && deflateReset(&z) != Z_OK)
            rc = NC_ERR_WRITER;
        /* Only the deflated bytes go on: the text (1.1 MB of XHTML for a
         * 1 MB article) need not wait for libzip's archive beside them. */
        e->size = e->data.len;
        if (rc == NC_OK)
            nc_buf_free(&e->data);
    }
    deflateEnd(&z);
    return rc;
}

/* A libzip source (zip_source_function) that gives an entry's deflated
 * bytes and says they are deflated: libzip copies them without inflating
 * or deflating again (it recompresses only when the methods differ). */
static zip_int64_t packed_source(void *userdata, void *data, zip_uint64_t len,
                                 zip_source_cmd_t cmd)
{
    entry *e = userdata;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        e->read_at = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        size_t left = e->packed.len - e->read_at, n = len < left ? (size_t)len : left;
        memcpy(data, e->packed.data + e->read_at, n);
        e->read_at += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t))
            return -1;
        zip_stat_t *st = data;
        st->size = e->size;
        st->comp_size = e->packed.len;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = e->crc;
        st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
        return (zip_int64_t)sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR: /* never failed: no error to tell */
        if (len < 2 * sizeof(int))
            return -1;
        memset(data, 0, 2 * sizeof(int));
        return (zip_int64_t)(2 * sizeof(int));
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_READABLE;
    default:
        return -1;
    }
}

typedef void (*render_fn)(nc_xml *x, const epub *e);

static nc_status render(entry *en, const char *name, render_fn fn, const epub *e)
{
    en->name = name;
    nc_xml x;
    nc_xml_open(&x, &en->data, NULL, NC_XML_DECLARATION);
    fn(&x, e);
    return nc_xml_close(&x);
}

/* A zip entry time: DOS dates cannot say anything before 1980 or after
 * 2107, so times outside are clamped. gmtime_r, not localtime: the same
 * bytes in every time zone. */
static void dos_time(time_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    struct tm tm;
    if (t < (time_t)315532800 || !gmtime_r(&t, &tm)) {
        *dtime = 0;
        *ddate = 1 << 5 | 1; /* 1980-01-01 */
        return;
    }
    if (tm.tm_year > 2107 - 1900) {
        *dtime = 23 << 11 | 59 << 5 | 29;
        *ddate = 127 << 9 | 12 << 5 | 31;
        return;
    }
    *dtime = (zip_uint16_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
    *ddate = (zip_uint16_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

static nc_status zip_fail(const libzip_api *zf, nc_error *err, zip_error_t *ze, const char *what)
{
    nc_status code = zf->zip_error_code_zip(ze) == ZIP_ER_MEMORY ? NC_ERR_NOMEM : NC_ERR_WRITER;
    return nc_error_set(err, code, "epub writer: %s: %s", what, zf->zip_error_strerror(ze));
}

/* Zips the entries (in their order) into memory and copies the archive to
 * the sink. */
static nc_status zip_to_sink(const libzip_api *zf, entry *entries, size_t n, int level,
                             time_t when, nc_sink *sink, nc_error *err)
{
    zip_error_t ze;
    zf->zip_error_init(&ze);
    zip_source_t *src = zf->zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src) {
        nc_status rc = zip_fail(zf, err, &ze, "cannot create the archive");
        zf->zip_error_fini(&ze);
        return rc;
    }
    zf->zip_source_keep(src); /* the archive's close must not free it: we read it after */
    zip_t *za = zf->zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!za) {
        nc_status rc = zip_fail(zf, err, &ze, "cannot create the archive");
        zf->zip_error_fini(&ze);
        zf->zip_source_free(src);
        return rc;
    }
    zf->zip_error_fini(&ze);
    zip_uint16_t dtime, ddate;
    dos_time(when, &dtime, &ddate);
    nc_status rc = NC_OK;
    for (size_t i = 0; i < n && rc == NC_OK; i++) {
        const void *data = entries[i].image ? (const void *)entries[i].image->data
                                            : (const void *)entries[i].data.data;
        size_t size = entries[i].image ? entries[i].image->size : entries[i].data.len;
        int packed = entries[i].packed.len > 0;
        zip_source_t *s = packed ? zf->zip_source_function(za, packed_source, &entries[i])
                                 : zf->zip_source_buffer(za, data, size, 0);
        zip_int64_t idx = s ? zf->zip_file_add(za, entries[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zf->zip_source_free(s);
            rc = zip_fail(zf, err, zf->zip_get_error(za), entries[i].name);
            break;
        }
        /* The mimetype must be stored, and images are compressed already. */
        int store = !packed && (i == 0 || entries[i].image || level == 0);
        if (zf->zip_set_file_compression(za, (zip_uint64_t)idx,
                                         store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                         store ? 0 : (zip_uint32_t)level) < 0 ||
            zf->zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) < 0)
            rc = zip_fail(zf, err, zf->zip_get_error(za), entries[i].name);
    }
    if (rc == NC_OK && zf->zip_close(za) < 0)
        rc = zip_fail(zf, err, zf->zip_get_error(za), "cannot write the archive");
    else if (rc == NC_OK)
        za = NULL;
    if (za)
        zf->zip_discard(za);
    if (rc == NC_OK) {
        if (zf->zip_source_open(src) < 0) {
            rc = zip_fail(zf, err, zf->zip_source_error(src), "cannot read the archive back");
        } else {
            unsigned char chunk[16384];
            zip_int64_t got;
            while (rc == NC_OK && (got = zf->zip_source_read(src, chunk, sizeof chunk)) > 0)
                rc = nc_sink_write(sink, chunk, (size_t)got);
            if (rc == NC_OK && got < 0)
                rc = zip_fail(zf, err, zf->zip_source_error(src), "cannot read the archive back");
            zf->zip_source_close(src);
        }
    }
    zf->zip_source_free(src);
    return rc;
}

static nc_status prepare_epub(void)
{
    return nc_dynlib_load(&libzip);
}

static nc_status write_epub(const nc_document *doc, const nc_writer_options *opts, nc_sink *sink,
                            nc_error *err)
{
    int level = (int)nc_writer_option_number(&nc_writer_epub, opts, "compression-level");
    nc_status rc = NC_OK;
    epub e = {.doc = doc, .lang = nc_xhtml_lang(doc)};
    const nc_meta *m = &doc->meta;
    unsigned long long max_pixels = nc_image_max_pixels(opts);
    if (m->image && *m->image)
        rc = nc_image_load(doc, "image", max_pixels, &e.image, err);
    if (rc == NC_OK && m->cover_image && *m->cover_image)
        rc = nc_image_load(doc, "cover-image", max_pixels, &e.cover, err);
    if (rc != NC_OK) {
        nc_image_free(&e.image);
        return rc;
    }
    if (e.image.data) {
        snprintf(e.image_href, sizeof e.image_href, "images/photo.%s", e.image.extension);
        snprintf(e.image_entry, sizeof e.image_entry, "OEBPS/%s", e.image_href);
    }
    if (e.cover.data) {
        snprintf(e.cover_href, sizeof e.cover_href, "images/cover.%s", e.cover.extension);
        snprintf(e.cover_entry, sizeof e.cover_entry, "OEBPS/%s", e.cover_href);
    }

    nc_buf title = NC_BUF_INIT, css = NC_BUF_INIT;
    char uuid[48];
    content_uuid(doc, uuid);
    e.identifier = m->identifier && *m->identifier ? m->identifier : uuid;
    nc_document_display_title(doc, &title);
    e.title = nc_buf_cstr(&title);
    time_t when = nc_writer_time(doc, opts);
    nc_format_utc(when, e.modified);
    nc_buf_puts(&css, nc_xhtml_css);
    if (e.cover.data)
        nc_buf_puts(&css, cover_css);
    e.headings = count_headings(doc);
    nc_buf alt = NC_BUF_INIT;
    if (e.title) {
        e.photo_alt = nc_xhtml_photo_alt(doc, e.title, &alt);
        nc_xhtml_jsonld(doc, e.title, e.image.data ? e.image_href : NULL, &e.jsonld);
    }
    nc_buf_free(&alt);

    entry entries[10] = {{.name = "mimetype"}};
    size_t n = 1;
    nc_buf_puts(&entries[0].data, "application/epub+zip");
    if (!e.title || !nc_buf_cstr(&css) || !nc_buf_cstr(&e.jsonld) || entries[0].data.failed)
        rc = NC_ERR_NOMEM;
    if (rc == NC_OK)
        rc = render(&entries[n++], "META-INF/container.xml", container_xml, &e);
    if (rc == NC_OK)
        rc = render(&entries[n++], "OEBPS/content.opf", opf, &e);
    if (rc == NC_OK)
        rc = render(&entries[n++], "OEBPS/nav.xhtml", nav_xhtml, &e);
    if (rc == NC_OK)
        rc = render(&entries[n++], "OEBPS/toc.ncx", toc_ncx, &e);
    if (rc == NC_OK) {
        entries[n].name = "OEBPS/style.css";
        nc_buf_put(&entries[n++].data, css.data, css.len);
    }
    if (rc == NC_OK && e.cover.data) {
        rc = render(&entries[n++], "OEBPS/cover.xhtml", cover_xhtml, &e);
        entries[n++] = (entry){.name = e.cover_entry, .image = &e.cover};
    }
    if (rc == NC_OK)
        rc = render(&entries[n++], "OEBPS/article.xhtml", article_xhtml, &e);
    if (rc == NC_OK && e.image.data)
        entries[n++] = (entry){.name = e.image_entry, .image = &e.image};
    for (size_t i = 0; i < n && rc == NC_OK; i++)
        if (entries[i].data.failed)
            rc = NC_ERR_NOMEM;
    /* libzip is opened only now: a caller that had it loaded on another
     * thread (nc_writer_prepare) gets the book's files made and deflated
     * meanwhile. */
    if (rc == NC_OK && (rc = deflate_entries(entries, n, level)) != NC_OK)
        nc_error_set(err, rc, "epub writer: %s",
                     rc == NC_ERR_NOMEM ? "out of memory" : "zlib cannot deflate the files");
    if (rc == NC_OK && (rc = nc_dynlib_load(&libzip)) != NC_OK)
        nc_error_set(err, rc, "epub writer: %s", nc_dynlib_why(&libzip));
    if (rc == NC_OK)
        rc = zip_to_sink(&libzip_table, entries, n, level, when, sink, err);
    nc_buf_free(&title);
    nc_buf_free(&css);
    nc_buf_free(&e.jsonld);
    for (size_t i = 0; i < n; i++) {
        nc_buf_free(&entries[i].data);
        nc_buf_free(&entries[i].packed);
    }
    nc_image_free(&e.image);
    nc_image_free(&e.cover);
    return rc;
}

const nc_writer nc_writer_epub = {
    .struct_size = sizeof(nc_writer),
    .name = "epub",
    .aliases = NULL,
    .extension = "epub",
    .binary = 1,
    .description = "EPUB 3 (with an EPUB 2 NCX)",
    .option_specs = epub_options,
    .write = write_epub,
    .prepare = prepare_epub,
};

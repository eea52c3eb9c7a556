/* html.c: one standalone HTML5 page: the shared XHTML article with its
 * stylesheet embedded and the photo (-M image) as a data: URL, so that the
 * page is a single file that reads well on a phone and prints cleanly. */
#include <string.h>

#include "formats.h"
#include "image.h"
#include "utf8.h"
#include "writer.h"
#include "xhtml.h"

/* Page layout around the shared stylesheet: one narrow column on a screen,
 * the full width of the paper in print. */
static const char page_css[] =
    "html { background: #fff; color: #111; }\n"
    "body { max-width: 38em; margin: 0 auto; padding: 1em 1.25em 2.5em;\n"
    "  font-family: Georgia, \"DejaVu Serif\", \"Liberation Serif\", serif;\n"
    "  font-size: 1.0625em; line-height: 1.55; }\n"
    "h1, h2, h3, h4, h5, h6 { font-family: \"Helvetica Neue\", Arial, \"Liberation Sans\",\n"
    "  \"DejaVu Sans\", sans-serif; }\n"
    "@media print {\n"
    "  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }\n"
    "  a { text-decoration: none; }\n"
    "  h1, h2, h3, h4, h5, h6 { break-after: avoid; }\n"
    "  figure, blockquote, li { break-inside: avoid; }\n"
    "}\n";

/* Search engines show about this many characters of a description. */
#define DESCRIPTION_CHARS 160

/* meta description: the one given, else the start of the first paragraph. */
static void description(const nc_document *doc, nc_buf *out)
{
    if (doc->meta.description && *doc->meta.description) {
        nc_buf_puts(out, doc->meta.description);
        return;
    }
    const nc_node *p = doc->body->first_child;
    while (p && p->type != NC_NODE_PARAGRAPH)
        p = p->next;
    if (!p)
        return;
    nc_buf text = NC_BUF_INIT;
    nc_node_plain_text(p, &text);
    if (text.data && nc_utf8_length(text.data, text.len) > DESCRIPTION_CHARS) {
        size_t cut = nc_utf8_prefix_chars(text.data, text.len, DESCRIPTION_CHARS - 1);
        size_t sp = cut;
        while (sp > 0 && text.data[sp] != ' ')
            sp--;
        if (sp > cut / 2)
            cut = sp;
        nc_buf_put(out, text.data, cut);
        nc_buf_puts(out, "\xE2\x80\xA6");
    } else if (text.data) {
        nc_buf_put(out, text.data, text.len);
    }
    if (text.failed)
        out->failed = 1;
    nc_buf_free(&text);
}

/* meta author: the authors given, else the text's own byline without its
 * "By". */
static void author(const nc_document *doc, nc_buf *out)
{
    for (size_t i = 0; i < doc->meta.n_authors; i++) {
        if (i)
            nc_buf_puts(out, ", ");
        nc_buf_puts(out, doc->meta.authors[i]);
    }
    if (doc->meta.n_authors)
        return;
    const nc_node *b = doc->body->first_child;
    while (b && b->type != NC_NODE_BYLINE)
        b = b->next;
    if (!b)
        return;
    nc_buf text = NC_BUF_INIT;
    nc_node_plain_text(b, &text);
    const char *t = text.data ? text.data : "";
    size_t skip = 0;
    if ((t[0] == 'B' || t[0] == 'b') && t[1] == 'y' && t[2] == ' ')
        skip = 3;
    nc_buf_put(out, t + skip, text.len - skip);
    if (text.failed)
        out->failed = 1;
    nc_buf_free(&text);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void data_url(const nc_image *img, nc_buf *out)
{
    nc_buf_printf(out, "data:%s;base64,", img->media_type);
    if (nc_buf_grow(out, (img->size + 2) / 3 * 4 + 1) != 0)
        return;
    const unsigned char *d = img->data;
    size_t i = 0;
    for (; i + 2 < img->size; i += 3) {
        unsigned long v = (unsigned long)d[i] << 16 | (unsigned long)d[i + 1] << 8 | d[i + 2];
        char q[4] = {b64[v >> 18], b64[v >> 12 & 63], b64[v >> 6 & 63], b64[v & 63]};
        nc_buf_put(out, q, 4);
    }
    if (i < img->size) {
        unsigned long v = (unsigned long)d[i] << 16;
        if (i + 1 < img->size)
            v |= (unsigned long)d[i + 1] << 8;
        char q[4] = {b64[v >> 18], b64[v >> 12 & 63], i + 1 < img->size ? b64[v >> 6 & 63] : '=',
                     '='};
        nc_buf_put(out, q, 4);
    }
}

static nc_status write_html(const nc_document *doc, const nc_writer_options *opts, nc_sink *sink,
                            nc_error *err)
{
    nc_image img = {0};
    nc_buf src = NC_BUF_INIT, title = NC_BUF_INIT, desc = NC_BUF_INIT, auth = NC_BUF_INIT,
           css = NC_BUF_INIT, jsonld = NC_BUF_INIT;
    if (doc->meta.image && *doc->meta.image) {
        nc_status rc = nc_image_load(doc, "image", nc_image_max_pixels(opts), &img, err);
        if (rc != NC_OK)
            return rc;
        data_url(&img, &src);
        nc_image_free(&img);
    }
    nc_document_display_title(doc, &title);
    description(doc, &desc);
    author(doc, &auth);
    nc_buf_puts(&css, nc_xhtml_css);
    nc_buf_puts(&css, page_css);
    /* The photo is inside the page, as a data: URL: it has no address of
     * its own for the JSON-LD to name. */
    if (title.data)
        nc_xhtml_jsonld(doc, title.data, NULL, &jsonld);
    nc_status rc = NC_OK;
    if (!nc_buf_cstr(&src) || !nc_buf_cstr(&title) || !nc_buf_cstr(&desc) ||
        !nc_buf_cstr(&auth) || !nc_buf_cstr(&css) || !nc_buf_cstr(&jsonld)) {
        rc = NC_ERR_NOMEM;
    } else {
        nc_xhtml_page page = {
            .title = title.data,
            .style = css.data,
            .description = desc.len ? desc.data : NULL,
            .author = auth.len ? auth.data : NULL,
            .jsonld = jsonld.data,
        };
        nc_xml x;
        nc_xml_open(&x, NULL, sink, 0);
        nc_xhtml_begin(&x, doc, &page);
        nc_xhtml_main(&x, doc, title.data, src.len ? src.data : NULL);
        nc_xhtml_end(&x);
        rc = nc_xml_close(&x);
    }
    nc_buf_free(&src);
    nc_buf_free(&title);
    nc_buf_free(&desc);
    nc_buf_free(&auth);
    nc_buf_free(&css);
    nc_buf_free(&jsonld);
    return rc;
}

static const nc_option_spec html_options[] = {NC_IMAGE_OPTION, {.key = NULL}};

const nc_writer nc_writer_html = {
    .struct_size = sizeof(nc_writer),
    .name = "html",
    .aliases = NULL,
    .extension = "html",
    .binary = 0,
    .description = "one standalone HTML5 page, stylesheet and photo included",
    .option_specs = html_options,
    .write = write_html,
};

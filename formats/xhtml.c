/* xhtml.c: the XHTML article both the html and epub writers emit. The markup is
 * polyglot: well-formed XML that an HTML parser reads as the same tree, so
 * one renderer serves a standalone HTML5 page and an EPUB 3 content
 * document. It writes through the XML output layer of xml.h. */
#include "xhtml.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "escape.h"
#include "utf8.h"

/* ------------------------------------------------------------- the page */

/* Readable on a phone and in an e-reader: sizes in em, no fixed widths
 * (the html writer adds its own page layout around this), colours only
 * for the quiet parts. */
const char nc_xhtml_css[] =
    "h1 { font-size: 1.6em; line-height: 1.2; margin: 0 0 0.4em; }\n"
    "h2 { font-size: 1.25em; line-height: 1.3; margin: 1.4em 0 0.4em; }\n"
    "h3, h4, h5, h6 { font-size: 1.05em; margin: 1.2em 0 0.4em; }\n"
    "p { margin: 0 0 0.8em; }\n"
    "header { margin-bottom: 1.2em; }\n"
    ".subtitle { font-size: 1.15em; font-style: italic; margin: 0 0 0.6em; }\n"
    ".byline, .date { font-size: 0.9em; margin: 0 0 0.2em; }\n"
    ".byline { font-weight: bold; }\n"
    ".dateline { font-weight: bold; text-transform: uppercase; font-size: 0.9em; }\n"
    ".kicker { font-weight: bold; }\n"
    "table { border-collapse: collapse; margin: 0 0 0.8em; font-size: 0.9em; }\n"
    "th, td { padding: 0.1em 0.8em 0.1em 0; text-align: left; vertical-align: top; }\n"
    "thead th { border-bottom: 1px solid #999; }\n"
    "tbody th { font-weight: normal; }\n"
    ".num { text-align: right; font-variant-numeric: tabular-nums; }\n"
    "figure { margin: 1em 0 1.2em; }\n"
    "figure img { display: block; max-width: 100%; height: auto; }\n"
    "figcaption { font-size: 0.9em; font-style: italic; color: #444; margin-top: 0.4em; }\n"
    "blockquote { margin: 1em 0; padding: 0 0 0 1em; border-left: 3px solid #999; }\n"
    "ul, ol { margin: 0 0 0.8em; padding-left: 1.6em; }\n"
    "li { margin-bottom: 0.3em; }\n"
    "hr.break { border: 0; margin: 1.4em 0; text-align: center; }\n"
    "hr.break::after { content: \"*\\2003*\\2003*\"; }\n"
    "footer { margin-top: 1.6em; }\n"
    ".credit { font-size: 0.85em; font-style: italic; color: #555; }\n"
    "a { color: inherit; }\n";

/* Subtags of letters and digits, joined by hyphens, the first 2 to 8
 * letters: enough to keep a typo out of xml:lang, not a full BCP 47 check. */
static int plausible_lang(const char *s)
{
    size_t first = 0;
    while ((s[first] >= 'a' && s[first] <= 'z') || (s[first] >= 'A' && s[first] <= 'Z'))
        first++;
    if (first < 2 || first > 8)
        return 0;
    size_t run = first;
    for (const char *p = s + first; *p; p++) {
        if (*p == '-') {
            if (run == 0)
                return 0;
            run = 0;
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9')) {
            if (++run > 8)
                return 0;
        } else {
            return 0;
        }
    }
    return run > 0;
}

const char *nc_xhtml_lang(const nc_document *doc)
{
    const char *lang = doc->meta.lang;
    if (!lang || !*lang)
        return "en"; /* the reader's own default */
    return plausible_lang(lang) ? lang : "und";
}

void nc_xhtml_begin(nc_xml *x, const nc_document *doc, const nc_xhtml_page *page)
{
    const char *lang = nc_xhtml_lang(doc);
    nc_xml_raw(x, "<!DOCTYPE html>\n");
    nc_xml_start(x, "html");
    nc_xml_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
    if (page->epub)
        nc_xml_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
    nc_xml_attr(x, "lang", lang);
    nc_xml_attr(x, "xml:lang", lang);
    nc_xml_raw(x, "\n");
    nc_xml_start(x, "head");
    nc_xml_raw(x, "\n");
    nc_xml_void(x, "meta", "charset", "utf-8", NULL);
    nc_xml_raw(x, "\n");
    if (!page->epub) {
        nc_xml_void(x, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1",
                    NULL);
        nc_xml_raw(x, "\n");
    }
    nc_xml_element(x, "title", page->title);
    nc_xml_raw(x, "\n");
    if (page->author) {
        nc_xml_void(x, "meta", "name", "author", "content", page->author, NULL);
        nc_xml_raw(x, "\n");
    }
    if (page->description) {
        nc_xml_void(x, "meta", "name", "description", "content", page->description, NULL);
        nc_xml_raw(x, "\n");
    }
    if (page->stylesheet) {
        nc_xml_void(x, "link", "rel", "stylesheet", "type", "text/css", "href", page->stylesheet,
                    NULL);
        nc_xml_raw(x, "\n");
    }
    if (page->jsonld) {
        /* Raw like the stylesheet: nc_xhtml_jsonld leaves no '<' or '&'
         * in it, and cleaning it keeps the bytes XML cannot carry out. */
        nc_xml_start(x, "script");
        nc_xml_attr(x, "type", "application/ld+json");
        nc_xml_raw(x, "\n");
        nc_xml_puts(x, page->jsonld);
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    if (page->style) {
        /* Raw: in HTML, <style> is raw text where "&gt;" stays four
         * characters. The CSS is ours and holds no '<' or '&'. */
        nc_xml_start(x, "style");
        nc_xml_raw(x, "\n");
        nc_xml_raw(x, page->style);
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    nc_xml_end(x);
    nc_xml_raw(x, "\n");
    nc_xml_start(x, "body");
    if (page->epub && page->body_type)
        nc_xml_attr(x, "epub:type", page->body_type);
    nc_xml_raw(x, "\n");
}

int nc_xhtml_is_english(const char *lang)
{
    return (lang[0] == 'e' || lang[0] == 'E') && (lang[1] == 'n' || lang[1] == 'N') &&
           (!lang[2] || lang[2] == '-');
}

nc_alt_source nc_xhtml_photo_alt(const nc_document *doc, const char *title, nc_buf *out)
{
    if (doc->meta.image_alt && *doc->meta.image_alt) {
        nc_buf_puts(out, doc->meta.image_alt);
        return NC_ALT_META;
    }
    for (const nc_node *b = doc->body->first_child; b; b = b->next) {
        if (b->type != NC_NODE_CAPTION)
            continue;
        size_t before = out->len;
        nc_node_plain_text(b, out);
        for (size_t i = before; i < out->len; i++)
            if (out->data[i] != ' ')
                return NC_ALT_CAPTION;
        out->len = before; /* a caption of blanks describes nothing */
        break;
    }
    nc_buf_puts(out, title);
    return NC_ALT_TITLE;
}

/* The start of one member of the JSON-LD object, on a line of its own. */
static void json_key(nc_buf *out, const char *key)
{
    nc_buf_puts(out, out->len > 2 ? ",\n  " : "  ");
    nc_escape_json(out, key, strlen(key));
    nc_buf_puts(out, ": ");
}

/* A member whose value is already JSON. */
static void json_member_raw(nc_buf *out, const char *key, const char *json)
{
    json_key(out, key);
    nc_buf_puts(out, json);
}

/* A member whose value is the JSON string of text; none when text is NULL
 * or empty. Two functions, not one taking either text or json: after
 * inlining, gcc 12's -Wnonnull could not see that text was not NULL where
 * json was (a false positive that failed the Release build). */
static void json_member(nc_buf *out, const char *key, const char *text)
{
    if (!text || !*text)
        return;
    json_key(out, key);
    nc_escape_json(out, text, strlen(text));
}

/* {"@type": TYPE, "name": NAME} */
static void json_named(nc_buf *out, const char *type, const char *name)
{
    nc_buf_puts(out, "{\"@type\": ");
    nc_escape_json(out, type, strlen(type));
    nc_buf_puts(out, ", \"name\": ");
    nc_escape_json(out, name, strlen(name));
    nc_buf_putc(out, '}');
}

void nc_xhtml_jsonld(const nc_document *doc, const char *title, const char *image_url,
                     nc_buf *out)
{
    const nc_meta *m = &doc->meta;
    nc_buf j = NC_BUF_INIT, part = NC_BUF_INIT;
    nc_buf_puts(&j, "{\n");
    json_member_raw(&j, "@context", "\"https://schema.org\"");
    json_member_raw(&j, "@type", "\"NewsArticle\"");
    json_member(&j, "headline", title);
    json_member(&j, "alternativeHeadline", m->subtitle);
    for (size_t i = 0, n = 0; i < m->n_authors; i++) {
        if (!m->authors[i] || !*m->authors[i])
            continue;
        nc_buf_puts(&part, n++ ? ",\n    " : "[\n    ");
        json_named(&part, "Person", m->authors[i]);
    }
    if (part.len) {
        nc_buf_puts(&part, "\n  ]");
        if (nc_buf_cstr(&part))
            json_member_raw(&j, "author", part.data);
    }
    if (m->date_iso)
        json_member(&j, "datePublished", m->date);
    json_member(&j, "inLanguage", nc_xhtml_lang(doc));
    if (m->publisher && *m->publisher) {
        nc_buf_clear(&part);
        json_named(&part, "Organization", m->publisher);
        if (nc_buf_cstr(&part))
            json_member_raw(&j, "publisher", part.data);
    }
    json_member(&j, "description", m->description);
    json_member(&j, "image", image_url);
    nc_buf_puts(&j, "\n}\n");
    /* JSON allows any character in a string but '"', '\\' and controls;
     * these three would end the script in HTML or break the XML. */
    for (size_t i = 0; i < j.len; i++) {
        char c = j.data[i];
        if (c == '<' || c == '>' || c == '&')
            nc_buf_printf(out, "\\u%04x", (unsigned)c);
        else
            nc_buf_putc(out, c);
    }
    if (j.failed || part.failed)
        out->failed = 1;
    nc_buf_free(&j);
    nc_buf_free(&part);
}

void nc_xhtml_end(nc_xml *x)
{
    nc_xml_end(x); /* body */
    nc_xml_raw(x, "\n");
    nc_xml_end(x); /* html */
}

void nc_xhtml_heading_id(size_t k, char out[24]) { snprintf(out, 24, "s%zu", k + 1); }

typedef struct article {
    nc_xml *x;
    const char *image_src; /* until the first caption takes it */
    const char *image_alt;
    size_t headings;       /* subheads written so far */
} article;

/* Only links a reader can follow from anywhere: a relative or javascript:
 * URL would point into the EPUB (a missing resource) or run script. */
static int safe_url(const char *u)
{
    return strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0 ||
           strncmp(u, "mailto:", 7) == 0;
}

/* A URL as an href, percent-encoded (nc_escape_url). */
static void href(nc_xml *x, const char *u)
{
    nc_buf b = NC_BUF_INIT;
    nc_escape_url(&b, u);
    if (nc_buf_cstr(&b))
        nc_xml_attr(x, "href", b.data);
    else
        nc_xml_fail(x, NC_ERR_NOMEM);
    nc_buf_free(&b);
}

static void inlines(article *a, const nc_node *first, int in_link)
{
    nc_xml *x = a->x;
    for (const nc_node *c = first; c; c = c->next) {
        switch (c->type) {
        case NC_NODE_TEXT:
            nc_xml_puts(x, c->literal);
            break;
        case NC_NODE_EMPHASIS:
            nc_xml_start(x, "em");
            inlines(a, c->first_child, in_link);
            nc_xml_end(x);
            break;
        case NC_NODE_DATELINE:
        case NC_NODE_KICKER:
            nc_xml_start(x, "span");
            nc_xml_attr(x, "class", c->type == NC_NODE_DATELINE ? "dateline" : "kicker");
            inlines(a, c->first_child, in_link);
            nc_xml_end(x);
            break;
        case NC_NODE_LINK:
            /* HTML forbids a link inside a link: the inner one is text. */
            if (in_link || !c->literal || !safe_url(c->literal)) {
                inlines(a, c->first_child, in_link);
                break;
            }
            nc_xml_start(x, "a");
            href(x, c->literal);
            inlines(a, c->first_child, 1);
            nc_xml_end(x);
            break;
        default:
            break;
        }
    }
}

/* Whether a node holds any text but spaces. */
static int has_text(const nc_node *n)
{
    if (n->type == NC_NODE_TEXT && n->literal)
        return n->literal[strspn(n->literal, " \t\n")] != '\0';
    for (const nc_node *c = n->first_child; c; c = c->next)
        if (has_text(c))
            return 1;
    return 0;
}

/* One row. `row_names`: the table's first column names its rows. */
static void row(article *a, const nc_node *r, int row_names)
{
    nc_xml *x = a->x;
    nc_xml_start(x, "tr");
    for (const nc_node *c = r->first_child; c; c = c->next) {
        /* An empty cell of a header row (the corner over a column of row
         * names) heads nothing: a screen reader would announce a blank
         * header for every cell below it. */
        int col = r->header && has_text(c);
        int name = !r->header && row_names && c == r->first_child && has_text(c);
        nc_xml_start(x, col || name ? "th" : "td");
        if (col || name)
            nc_xml_attr(x, "scope", col ? "col" : "row");
        if (c->align == NC_ALIGN_RIGHT)
            nc_xml_attr(x, "class", "num");
        inlines(a, c->first_child, 0);
        nc_xml_end(x);
    }
    nc_xml_end(x);
    nc_xml_raw(x, "\n");
}

/* A table: a header row's cells are column headers; the numbers' columns
 * are aligned right, as the wire set them. A header row that leaves its
 * first cell empty (the corner) has the rows' names in the first column,
 * and those are row headers. */
static void table(article *a, const nc_node *t)
{
    nc_xml *x = a->x;
    nc_xml_start(x, "table");
    nc_xml_raw(x, "\n");
    const nc_node *r = t->first_child;
    int row_names = r && r->header && r->first_child && !has_text(r->first_child);
    if (r && r->header) {
        nc_xml_start(x, "thead");
        for (; r && r->header; r = r->next)
            row(a, r, row_names);
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    nc_xml_start(x, "tbody");
    for (; r; r = r->next)
        row(a, r, row_names);
    nc_xml_end(x);
    nc_xml_raw(x, "\n");
    nc_xml_end(x);
}

static void leaf(article *a, const char *name, const char *cls, const nc_node *b)
{
    nc_xml_start(a->x, name);
    if (cls)
        nc_xml_attr(a->x, "class", cls);
    inlines(a, b->first_child, 0);
    nc_xml_end(a->x);
}

static void figure(article *a, const nc_node *caption)
{
    nc_xml *x = a->x;
    nc_xml_start(x, "figure");
    nc_xml_raw(x, "\n");
    if (a->image_src) {
        nc_xml_void(x, "img", "src", a->image_src, "alt", a->image_alt, NULL);
        nc_xml_raw(x, "\n");
        a->image_src = NULL;
    }
    if (caption) {
        nc_xml_start(x, "figcaption");
        inlines(a, caption->first_child, 0);
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    nc_xml_end(x);
}

static void blocks(article *a, const nc_node *first, const nc_node *stop);

static void block(article *a, const nc_node *b)
{
    nc_xml *x = a->x;
    switch (b->type) {
    case NC_NODE_PARAGRAPH:
        leaf(a, "p", NULL, b);
        break;
    case NC_NODE_TABLE:
        table(a, b);
        break;
    case NC_NODE_HEADING: {
        static const char *const h[] = {"h2", "h2", "h2", "h3", "h4", "h5", "h6"};
        char id[24];
        nc_xhtml_heading_id(a->headings++, id);
        nc_xml_start(x, h[b->level >= 2 && b->level <= 6 ? b->level : 2]);
        nc_xml_attr(x, "id", id);
        inlines(a, b->first_child, 0);
        nc_xml_end(x);
        break;
    }
    case NC_NODE_CAPTION:
        figure(a, b);
        break;
    case NC_NODE_BYLINE:
        leaf(a, "p", "byline", b);
        break;
    case NC_NODE_CREDIT:
        leaf(a, "p", "credit", b);
        break;
    case NC_NODE_BREAK:
        nc_xml_void(x, "hr", "class", "break", NULL);
        break;
    case NC_NODE_QUOTE:
        nc_xml_start(x, "blockquote");
        nc_xml_raw(x, "\n");
        blocks(a, b->first_child, NULL);
        nc_xml_end(x);
        break;
    case NC_NODE_LIST: {
        nc_xml_start(x, b->ordered ? "ol" : "ul");
        if (b->ordered && b->start != 1) {
            char start[24];
            snprintf(start, sizeof start, "%d", b->start);
            nc_xml_attr(x, "start", start);
        }
        nc_xml_raw(x, "\n");
        for (const nc_node *item = b->first_child; item; item = item->next) {
            nc_xml_start(x, "li");
            if (nc_node_is_leaf_block(item)) {
                inlines(a, item->first_child, 0);
            } else {
                nc_xml_raw(x, "\n");
                blocks(a, item->first_child, NULL);
            }
            nc_xml_end(x);
            nc_xml_raw(x, "\n");
        }
        nc_xml_end(x);
        break;
    }
    default:
        break;
    }
}

static void blocks(article *a, const nc_node *first, const nc_node *stop)
{
    for (const nc_node *b = first; b && b != stop; b = b->next) {
        block(a, b);
        nc_xml_raw(a->x, "\n");
    }
}

static int has_block(const nc_node *body, nc_node_type type)
{
    for (const nc_node *b = body->first_child; b; b = b->next)
        if (b->type == type)
            return 1;
    return 0;
}

static void header(article *a, const nc_document *doc, const char *title)
{
    nc_xml *x = a->x;
    const nc_meta *m = &doc->meta;
    nc_xml_start(x, "header");
    nc_xml_raw(x, "\n");
    nc_xml_start(x, "h1");
    if (m->kicker && *m->kicker) { /* marked as a paragraph's is */
        nc_xml_start(x, "span");
        nc_xml_attr(x, "class", "kicker");
        nc_xml_puts(x, m->kicker);
        nc_xml_end(x);
    }
    nc_xml_puts(x, title);
    nc_xml_end(x);
    nc_xml_raw(x, "\n");
    if (m->subtitle && *m->subtitle) {
        nc_xml_start(x, "p");
        nc_xml_attr(x, "class", "subtitle");
        nc_xml_puts(x, m->subtitle);
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    /* A byline of the text is shown where it stands; authors given only
     * as metadata are shown here. */
    if (m->n_authors && !has_block(doc->body, NC_NODE_BYLINE)) {
        int english = nc_xhtml_is_english(nc_xhtml_lang(doc));
        nc_xml_start(x, "p");
        nc_xml_attr(x, "class", "byline");
        for (size_t i = 0; i < m->n_authors; i++) {
            /* "and" is English: in an article in another language it would
             * be a word in a language the page does not declare. */
            if (i && english)
                nc_xml_puts(x, i + 1 == m->n_authors ? (i > 1 ? ", and " : " and ") : ", ");
            else if (i)
                nc_xml_puts(x, ", ");
            nc_xml_puts(x, m->authors[i]);
        }
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    if (m->date && *m->date) {
        nc_xml_start(x, "p");
        nc_xml_attr(x, "class", "date");
        nc_xml_start(x, "time");
        if (m->date_iso)
            nc_xml_attr(x, "datetime", m->date);
        nc_xml_puts(x, m->date);
        nc_xml_end(x);
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    nc_xml_end(x);
    nc_xml_raw(x, "\n");
}

void nc_xhtml_article(nc_xml *x, const nc_document *doc, const char *title,
                      const char *image_src)
{
    nc_buf alt = NC_BUF_INIT;
    article a = {.x = x, .image_src = image_src};
    nc_xhtml_photo_alt(doc, title, &alt);
    a.image_alt = nc_buf_cstr(&alt);
    if (!a.image_alt)
        nc_xml_fail(x, NC_ERR_NOMEM);
    const nc_node *caption = NULL;
    for (const nc_node *b = doc->body->first_child; b && !caption; b = b->next)
        if (b->type == NC_NODE_CAPTION)
            caption = b;

    nc_xml_start(x, "article");
    nc_xml_raw(x, "\n");
    header(&a, doc, title);
    if (a.image_src && !caption) {
        figure(&a, NULL);
        nc_xml_raw(x, "\n");
    }
    /* The credits that close the article go in its footer. */
    const nc_node *tail = NULL;
    for (const nc_node *b = doc->body->last_child; b && b->type == NC_NODE_CREDIT; b = b->prev)
        tail = b;
    blocks(&a, doc->body->first_child, tail);
    const char *meta_credit = doc->meta.credit && *doc->meta.credit &&
                                      !has_block(doc->body, NC_NODE_CREDIT)
                                  ? doc->meta.credit
                                  : NULL;
    if (tail || meta_credit) {
        nc_xml_start(x, "footer");
        nc_xml_raw(x, "\n");
        blocks(&a, tail, NULL);
        if (meta_credit) {
            nc_xml_start(x, "p");
            nc_xml_attr(x, "class", "credit");
            nc_xml_puts(x, meta_credit);
            nc_xml_end(x);
            nc_xml_raw(x, "\n");
        }
        nc_xml_end(x);
        nc_xml_raw(x, "\n");
    }
    nc_xml_end(x); /* article */
    nc_xml_raw(x, "\n");
    nc_buf_free(&alt);
}

void nc_xhtml_main(nc_xml *x, const nc_document *doc, const char *title, const char *image_src)
{
    nc_xml_start(x, "main");
    nc_xml_raw(x, "\n");
    nc_xhtml_article(x, doc, title, image_src);
    nc_xml_end(x);
    nc_xml_raw(x, "\n");
}

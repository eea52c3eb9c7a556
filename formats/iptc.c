/* iptc.c: the readings of a document that the ninjs and NewsML-G2 writers
 * share (see iptc.h). */
#include "iptc.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "sha256.h"
#include "writer.h"

static int is_hex(char c) { return isxdigit((unsigned char)c) != 0; }

int nc_iptc_is_uri(const char *s)
{
    if (!s || !isalpha((unsigned char)s[0]))
        return 0;
    const char *p = s + 1;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p != ':' || !p[1])
        return 0;
    for (p++; *p; p++) {
        if (*p == '%') {
            if (!is_hex(p[1]) || !is_hex(p[2]))
                return 0;
            p += 2;
        } else if (!isalnum((unsigned char)*p) && !strchr("-._~:/?#[]@!$&'()*+,;=", *p)) {
            return 0;
        }
    }
    return 1;
}

void nc_iptc_uri(const nc_document *doc, nc_buf *out)
{
    if (nc_iptc_is_uri(doc->meta.identifier)) {
        nc_buf_puts(out, doc->meta.identifier);
        return;
    }
    unsigned char digest[32];
    char hex[65];
    nc_writer_content_hash(doc, digest);
    nc_sha256_hex(digest, hex);
    nc_buf_puts(out, "urn:newsconv:");
    nc_buf_puts(out, hex);
}

static const nc_node *first_block(const nc_document *doc, nc_node_type type, int dateline)
{
    nc_iter it;
    nc_iter_init(&it, doc->body);
    nc_event ev;
    while ((ev = nc_iter_next(&it)) != NC_EVENT_DONE)
        if (ev == NC_EVENT_ENTER && it.node->type == type && (!dateline || nc_node_dateline(it.node)))
            return it.node;
    return NULL;
}

void nc_iptc_by(const nc_document *doc, nc_buf *out)
{
    const nc_meta *m = &doc->meta;
    if (m->n_authors) {
        for (size_t i = 0; i < m->n_authors; i++) {
            if (i)
                nc_buf_puts(out, i + 1 == m->n_authors ? (i > 1 ? ", and " : " and ") : ", ");
            nc_buf_puts(out, m->authors[i]);
        }
        return;
    }
    const nc_node *byline = first_block(doc, NC_NODE_BYLINE, 0);
    if (!byline)
        return;
    size_t at = out->len;
    nc_node_plain_text(byline, out);
    if (out->len - at > 3 && strncasecmp(out->data + at, "by ", 3) == 0) {
        memmove(out->data + at, out->data + at + 3, out->len - at - 3);
        out->len -= 3;
        out->data[out->len] = '\0';
    }
}

int nc_iptc_dateline(const nc_document *doc, nc_buf *out)
{
    const nc_node *p = first_block(doc, NC_NODE_PARAGRAPH, 1);
    if (p)
        nc_node_plain_text(nc_node_dateline(p), out);
    return p != NULL;
}

/* Does the dateline part that starts at s (up to the next comma) hold a
 * digit: "Sept. 30", "2023", a date rather than a place? */
static int part_is_date(const char *s)
{
    for (; *s && *s != ',' && *s != '('; s++)
        if (isdigit((unsigned char)*s))
            return 1;
    return 0;
}

size_t nc_iptc_located(const char *dateline, size_t *start)
{
    const char *s = dateline;
    *start = 0;
    if (*s == '(' && strchr(s, ')')) {
        size_t i = (size_t)(strchr(s, ')') - s) + 1;
        for (;;) {
            if (s[i] == ' ' || s[i] == '-')
                i++;
            else if (strncmp(s + i, "\u2013", 3) == 0 || strncmp(s + i, "\u2014", 3) == 0)
                i += 3;
            else
                break;
        }
        *start = i;
        s += i;
    }
    size_t end = 0;
    for (size_t i = 0; s[i]; i++) {
        /* The agency "(AP)" and the dash before the story end the place. */
        if (s[i] == '(' || (s[i] == ' ' && (s[i + 1] == '-' || strncmp(s + i + 1, "\u2014", 3) == 0 ||
                                            strncmp(s + i + 1, "\u2013", 3) == 0)))
            break;
        if (s[i] == ',' && part_is_date(s + i + 1))
            break;
        end = i + 1;
    }
    /* A point stays: it ends an abbreviation ("ST. PAUL, MINN."). */
    while (end > 0 && strchr(" ,:;-", s[end - 1]))
        end--;
    return end;
}

int nc_iptc_is_copyright(const char *credit)
{
    return strncmp(credit, "\u00a9", 2) == 0 || strncasecmp(credit, "(c)", 3) == 0 ||
           strncasecmp(credit, "copyright", 9) == 0;
}

const char *nc_iptc_image_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return NULL;
    if (strcasecmp(dot, ".jpg") == 0 || strcasecmp(dot, ".jpeg") == 0)
        return "image/jpeg";
    if (strcasecmp(dot, ".png") == 0)
        return "image/png";
    return NULL;
}

const nc_node *nc_iptc_photo_caption(const nc_document *doc)
{
    return first_block(doc, NC_NODE_CAPTION, 0);
}

/* json.c: the document model as JSON, one block per line so that diffs of
 * golden files stay readable. The shape is documented in the README and
 * fixed by tests/schema/document.schema.json. */
#include <string.h>

#include "escape.h"
#include "formats.h"
#include "writer.h"

typedef struct js {
    nc_buf out;
    nc_buf text; /* scratch: a block's plain text, one allocation for all blocks */
    nc_sink *sink;
    nc_status status;
} js;

static void str(js *j, const char *s) { nc_escape_json(&j->out, s, strlen(s)); }

/* Appends n in decimal: printf's machinery, for two numbers a block, was
 * a sixth of this writer's time on a long article. */
static void put_number(nc_buf *out, unsigned long n)
{
    char digits[24];
    size_t i = sizeof digits;
    do {
        digits[--i] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    nc_buf_put(out, digits + i, sizeof digits - i);
}

static void indent(js *j, int depth)
{
    for (int i = 0; i <= depth; i++)
        nc_buf_puts(&j->out, "  ");
}

static void flush(js *j)
{
    if (j->out.len < 64 * 1024 || j->status != NC_OK)
        return;
    j->status = j->out.failed ? NC_ERR_NOMEM : nc_sink_putbuf(j->sink, &j->out);
    nc_buf_clear(&j->out);
}

static int has_markup(const nc_node *leaf)
{
    for (const nc_node *c = leaf->first_child; c; c = c->next)
        if (c->type != NC_NODE_TEXT)
            return 1;
    return 0;
}

static void inlines(js *j, const nc_node *first)
{
    nc_buf_putc(&j->out, '[');
    for (const nc_node *c = first; c; c = c->next) {
        if (c != first)
            nc_buf_puts(&j->out, ", ");
        nc_buf_puts(&j->out, "{\"type\": ");
        str(j, nc_node_type_name(c->type));
        if (c->type == NC_NODE_TEXT) {
            nc_buf_puts(&j->out, ", \"text\": ");
            str(j, c->literal);
        } else {
            if (c->type == NC_NODE_LINK) {
                nc_buf_puts(&j->out, ", \"url\": ");
                str(j, c->literal);
            }
            nc_buf_puts(&j->out, ", \"children\": ");
            inlines(j, c->first_child);
        }
        nc_buf_putc(&j->out, '}');
    }
    nc_buf_putc(&j->out, ']');
}

static void blocks(js *j, const nc_node *first, int depth);

static void block(js *j, const nc_node *b, int depth)
{
    indent(j, depth);
    nc_buf_puts(&j->out, "{\"type\": ");
    str(j, nc_node_type_name(b->type));
    nc_buf_puts(&j->out, ", \"lines\": [");
    put_number(&j->out, b->line_first);
    nc_buf_puts(&j->out, ", ");
    put_number(&j->out, b->line_last);
    nc_buf_putc(&j->out, ']');
    if (b->type == NC_NODE_HEADING)
        nc_buf_printf(&j->out, ", \"level\": %d", b->level);
    if (b->type == NC_NODE_LIST) {
        nc_buf_printf(&j->out, ", \"ordered\": %s", b->ordered ? "true" : "false");
        if (b->ordered)
            nc_buf_printf(&j->out, ", \"start\": %d", b->start);
    }
    if (b->type == NC_NODE_ROW && b->header)
        nc_buf_puts(&j->out, ", \"header\": true");
    if (b->type == NC_NODE_CELL && b->align == NC_ALIGN_RIGHT)
        nc_buf_puts(&j->out, ", \"align\": \"right\"");
    /* the opening inlines' text again, as a field, so that a reader of the
     * JSON sees at a glance why the paragraph starts as it does */
    static const nc_node_type openings[] = {NC_NODE_KICKER, NC_NODE_DATELINE};
    for (int i = 0; i < 2; i++) {
        const nc_node *o = nc_node_opening(b, openings[i]);
        if (!o)
            continue;
        nc_buf_puts(&j->out, i ? ", \"dateline\": " : ", \"kicker\": ");
        nc_buf_clear(&j->text);
        nc_node_plain_text(o, &j->text);
        if (j->text.failed)
            j->out.failed = 1;
        nc_escape_json(&j->out, j->text.data ? j->text.data : "", j->text.len);
    }
    if (nc_node_is_leaf_block(b) && b->type != NC_NODE_BREAK) {
        nc_buf_puts(&j->out, ", \"text\": ");
        nc_buf_clear(&j->text);
        nc_node_plain_text(b, &j->text);
        if (j->text.failed)
            j->out.failed = 1; /* reported as out of memory, never as empty text */
        nc_escape_json(&j->out, j->text.data ? j->text.data : "", j->text.len);
        if (has_markup(b)) {
            nc_buf_puts(&j->out, ", \"inlines\": ");
            inlines(j, b->first_child);
        }
        nc_buf_putc(&j->out, '}');
    } else if (b->first_child) {
        nc_buf_puts(&j->out, ", \"children\": [\n");
        blocks(j, b->first_child, depth + 1);
        nc_buf_putc(&j->out, '\n');
        indent(j, depth);
        nc_buf_puts(&j->out, "]}");
    } else {
        nc_buf_putc(&j->out, '}');
    }
}

static void blocks(js *j, const nc_node *first, int depth)
{
    for (const nc_node *b = first; b; b = b->next) {
        block(j, b, depth);
        if (b->next)
            nc_buf_puts(&j->out, ",\n");
        if (depth == 1)
            flush(j);
    }
}

static void meta(js *j, const nc_document *doc)
{
    nc_buf_puts(&j->out, "  \"meta\": {");
    int first = 1;
    for (const nc_meta_key *k = nc_meta_keys; k->key; k++) {
        size_t n = nc_meta_count(doc, k->key);
        if (n == 0)
            continue;
        nc_buf_puts(&j->out, first ? "\n    " : ",\n    ");
        first = 0;
        str(j, k->key);
        nc_buf_puts(&j->out, ": ");
        if (k->is_list) {
            nc_buf_putc(&j->out, '[');
            for (size_t i = 0; i < n; i++) {
                if (i)
                    nc_buf_puts(&j->out, ", ");
                str(j, nc_meta_item(doc, k->key, i));
            }
            nc_buf_putc(&j->out, ']');
        } else {
            str(j, nc_meta_get(doc, k->key));
        }
        /* why the language is what it is, beside it */
        if (strcmp(k->key, "lang") == 0 && nc_meta_lang_source(doc)) {
            nc_buf_puts(&j->out, ",\n    \"lang-source\": ");
            str(j, nc_meta_lang_source(doc));
        }
    }
    nc_buf_puts(&j->out, first ? "},\n" : "\n  },\n");
}

static nc_status write_json(const nc_document *doc, const nc_writer_options *opts, nc_sink *sink,
                            nc_error *err)
{
    (void)opts;
    (void)err;
    js j = {.sink = sink};
    nc_buf_puts(&j.out, "{\n");
    meta(&j, doc);
    if (doc->body->first_child) {
        nc_buf_puts(&j.out, "  \"blocks\": [\n");
        blocks(&j, doc->body->first_child, 1);
        nc_buf_puts(&j.out, "\n  ]\n}\n");
    } else {
        nc_buf_puts(&j.out, "  \"blocks\": []\n}\n");
    }
    nc_status rc = j.status != NC_OK ? j.status
                   : j.out.failed    ? NC_ERR_NOMEM
                                     : nc_sink_putbuf(sink, &j.out);
    nc_buf_free(&j.out);
    nc_buf_free(&j.text);
    return rc;
}

const nc_writer nc_writer_json = {
    .struct_size = sizeof(nc_writer),
    .name = "json",
    .aliases = NULL,
    .extension = "json",
    .binary = 0,
    .description = "the document model as JSON",
    .write = write_json,
};

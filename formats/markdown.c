/* markdown.c: CommonMark. Escaping is complete: any text a paragraph or
 * heading holds parses back through a CommonMark parser to the same text
 * (tests/markdown/test_markdown_roundtrip.c checks it on thousands of strings). */
#include <string.h>

#include "formats.h"
#include "utf8.h"
#include "writer.h"

typedef struct md {
    nc_buf out;
    const nc_writer_options *opts;
    nc_sink *sink;    /* NULL for a nested rendering into out only */
    nc_status status; /* the first failed flush */
} md;

/* Hands what is buffered to the sink once it is big enough, so memory stays
 * flat however long the article. */
static void flush(md *m)
{
    if (!m->sink || m->out.len < 64 * 1024 || m->status != NC_OK)
        return;
    m->status = m->out.failed ? NC_ERR_NOMEM : nc_sink_putbuf(m->sink, &m->out);
    nc_buf_clear(&m->out);
}

/* Characters with inline meaning anywhere in a line. '&' only matters
 * before something that could make an entity, but escaping it always is
 * simpler and still reads well. */
static int inline_special(unsigned char c)
{
    return c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' ||
           c == '&';
}

/* Characters that open a block when they start a line. */
static int line_start_special(unsigned char c)
{
    return c == '#' || c == '>' || c == '-' || c == '+' || c == '=' || c == '~' || c == '|';
}

/* Appends text escaped for CommonMark inline content on a line that it
 * starts when at_line_start. White space at either end, which a parser
 * would strip, is written as character references. */
static void escape_text(nc_buf *out, const char *s, size_t n, int at_line_start, int in_heading)
{
    size_t lead = 0, trail = 0;
    if (at_line_start)
        while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
            lead++;
    if (at_line_start)
        while (trail < n - lead && (s[n - 1 - trail] == ' ' || s[n - 1 - trail] == '\t'))
            trail++;
    for (size_t i = 0; i < lead; i++)
        nc_buf_puts(out, s[i] == '\t' ? "&#9;" : "&#32;");
    size_t end = n - trail;
    for (size_t i = lead; i < end; i++) {
        /* Plain bytes, the bulk of any text, go a run at a time; the first
         * byte of a line never starts one. A run ends at a byte with inline
         * meaning, a line end or '#': rare in text, so strcspn, which the C
         * library makes look at many bytes a step, finds the end (this was
         * the writer's hottest loop). s[0, n) lies inside a NUL-terminated
         * string in every call (a node's literal, an nc_buf), so strcspn
         * stops at that NUL at the latest. */
        size_t r = i;
        if (!(at_line_start && i == lead)) {
            r = i + strcspn(s + i, "\\`*_[]<&\n\r#");
            if (r > end)
                r = end;
        }
        if (r > i) {
            nc_buf_put(out, s + i, r - i);
            i = r - 1;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        int first = at_line_start && i == lead;
        if (c == '\n' || c == '\r') {
            nc_buf_puts(out, "&#10;");
            continue;
        }
        if (inline_special(c) || (first && line_start_special(c))) {
            nc_buf_putc(out, '\\');
            nc_buf_putc(out, (char)c);
            continue;
        }
        if (first && c >= '0' && c <= '9') {
            /* "1984. It was" would start an ordered list: escape the
             * delimiter after the digits. */
            size_t j = i;
            while (j < end && s[j] >= '0' && s[j] <= '9')
                j++;
            nc_buf_put(out, s + i, j - i);
            if (j < end && (s[j] == '.' || s[j] == ')')) {
                nc_buf_putc(out, '\\');
                nc_buf_putc(out, s[j]);
                j++;
            }
            i = j - 1;
            continue;
        }
        /* A closing sequence of '#' would be stripped from a heading. */
        if (in_heading && c == '#' && i + 1 == end) {
            nc_buf_puts(out, "\\#");
            continue;
        }
        nc_buf_putc(out, (char)c);
    }
    for (size_t i = end; i < n; i++)
        nc_buf_puts(out, s[i] == '\t' ? "&#9;" : "&#32;");
}

/* Writes inlines from first on; *line_start while nothing is written yet. */
static void write_inline_run(md *m, const nc_node *first, int in_heading, int *line_start)
{
    for (const nc_node *c = first; c; c = c->next) {
        if (c->type == NC_NODE_TEXT) {
            escape_text(&m->out, c->literal, strlen(c->literal), *line_start, in_heading);
        } else if (c->type == NC_NODE_DATELINE || c->type == NC_NODE_KICKER) {
            /* CommonMark has no mark for them: their text, as it stood */
            write_inline_run(m, c->first_child, in_heading, line_start);
        } else if (c->type == NC_NODE_EMPHASIS) {
            nc_buf text = NC_BUF_INIT;
            nc_node_plain_text(c, &text);
            /* Delimiters must touch non-space text: keep edge spaces outside. */
            size_t a = 0, b = text.len;
            while (a < b && text.data[a] == ' ')
                a++;
            while (b > a && text.data[b - 1] == ' ')
                b--;
            nc_buf_put(&m->out, text.data, a);
            if (b > a) {
                nc_buf_putc(&m->out, '*');
                escape_text(&m->out, text.data + a, b - a, 0, 0);
                nc_buf_putc(&m->out, '*');
            }
            nc_buf_put(&m->out, text.data ? text.data + b : "", text.len - b);
            nc_buf_free(&text);
        } else if (c->type == NC_NODE_LINK) {
            nc_buf text = NC_BUF_INIT;
            nc_node_plain_text(c, &text);
            nc_buf_putc(&m->out, '[');
            escape_text(&m->out, text.data ? text.data : "", text.len, 0, 0);
            nc_buf_puts(&m->out, "](<");
            for (const char *u = c->literal; *u; u++) {
                if (*u == '<' || *u == '>' || *u == '\\')
                    nc_buf_putc(&m->out, '\\');
                if (*u != '\n')
                    nc_buf_putc(&m->out, *u);
            }
            nc_buf_puts(&m->out, ">)");
            nc_buf_free(&text);
        }
        *line_start = 0;
    }
}

/* Writes the inline children of a leaf block. */
static void write_inlines(md *m, const nc_node *leaf, int in_heading)
{
    int line_start = 1;
    write_inline_run(m, leaf->first_child, in_heading, &line_start);
}

static void line_prefix(md *m, const char *prefix) { nc_buf_puts(&m->out, prefix); }

/* A table as a fenced code block, its columns aligned with spaces:
 * CommonMark has no tables (a GFM pipe table would read as a paragraph of
 * pipes in any other renderer), and a code block shows the columns as the
 * wire set them in every renderer. The fence is longer than any run of
 * backticks inside. */
static void write_table(md *m, const nc_node *t, const char *prefix)
{
    size_t width[64] = {0}, longest_ticks = 0;
    nc_buf cell = NC_BUF_INIT;
    for (const nc_node *r = t->first_child; r; r = r->next) {
        size_t c = 0;
        for (const nc_node *x = r->first_child; x && c < 64; x = x->next, c++) {
            nc_buf_clear(&cell);
            nc_node_plain_text(x, &cell);
            size_t w = nc_utf8_length(cell.data ? cell.data : "", cell.len), run = 0;
            for (size_t i = 0; i < cell.len; i++) {
                run = cell.data[i] == '`' ? run + 1 : 0;
                longest_ticks = run > longest_ticks ? run : longest_ticks;
            }
            width[c] = w > width[c] ? w : width[c];
        }
    }
    size_t fence = longest_ticks >= 3 ? longest_ticks + 1 : 3;
    line_prefix(m, prefix);
    for (size_t i = 0; i < fence; i++)
        nc_buf_putc(&m->out, '`');
    nc_buf_putc(&m->out, '\n');
    for (const nc_node *r = t->first_child; r; r = r->next) {
        line_prefix(m, prefix);
        size_t c = 0, pending = 0; /* spaces owed before the next cell */
        for (const nc_node *x = r->first_child; x && c < 64; x = x->next, c++) {
            nc_buf_clear(&cell);
            nc_node_plain_text(x, &cell);
            size_t w = nc_utf8_length(cell.data ? cell.data : "", cell.len);
            size_t pad = width[c] - w;
            if (x->align == NC_ALIGN_RIGHT)
                pending += pad, pad = 0;
            if (cell.len) {
                for (size_t i = 0; i < pending; i++)
                    nc_buf_putc(&m->out, ' ');
                pending = 0;
                nc_buf_put(&m->out, cell.data, cell.len);
            }
            pending += pad + 2;
        }
        nc_buf_putc(&m->out, '\n');
    }
    line_prefix(m, prefix);
    for (size_t i = 0; i < fence; i++)
        nc_buf_putc(&m->out, '`');
    nc_buf_putc(&m->out, '\n');
    if (cell.failed)
        m->out.failed = 1;
    nc_buf_free(&cell);
}

static void write_blocks(md *m, const nc_node *first, const char *prefix);


static void write_block(md *m, const nc_node *b, const char *prefix)
{
    switch (b->type) {
    case NC_NODE_PARAGRAPH:
    case NC_NODE_BYLINE:
        line_prefix(m, prefix);
        write_inlines(m, b, 0);
        nc_buf_putc(&m->out, '\n');
        break;
    case NC_NODE_CAPTION:
    case NC_NODE_CREDIT: {
        /* Set apart in italics, as a newspaper sets them. */
        line_prefix(m, prefix);
        nc_buf text = NC_BUF_INIT;
        nc_node_plain_text(b, &text);
        if (text.len && text.data[0] != ' ' && text.data[text.len - 1] != ' ') {
            nc_buf_putc(&m->out, '*');
            write_inlines(m, b, 0);
            nc_buf_putc(&m->out, '*');
        } else {
            write_inlines(m, b, 0);
        }
        nc_buf_free(&text);
        nc_buf_putc(&m->out, '\n');
        break;
    }
    case NC_NODE_HEADING: {
        line_prefix(m, prefix);
        int level = b->level >= 2 && b->level <= 6 ? b->level : 2;
        for (int i = 0; i < level; i++)
            nc_buf_putc(&m->out, '#');
        nc_buf_putc(&m->out, ' ');
        write_inlines(m, b, 1);
        nc_buf_putc(&m->out, '\n');
        break;
    }
    case NC_NODE_BREAK:
        line_prefix(m, prefix);
        nc_buf_puts(&m->out, "* * *\n");
        break;
    case NC_NODE_TABLE:
        write_table(m, b, prefix);
        break;
    case NC_NODE_QUOTE: {
        nc_buf p = NC_BUF_INIT;
        nc_buf_puts(&p, prefix);
        nc_buf_puts(&p, "> ");
        write_blocks(m, b->first_child, nc_buf_cstr(&p) ? p.data : prefix);
        nc_buf_free(&p);
        break;
    }
    case NC_NODE_LIST: {
        int n = b->ordered ? b->start : 0;
        for (const nc_node *item = b->first_child; item; item = item->next, n++) {
            if (item != b->first_child) {
                line_prefix(m, prefix);
                nc_buf_putc(&m->out, '\n');
            }
            char marker[32];
            if (b->ordered)
                snprintf(marker, sizeof marker, "%d. ", n);
            else
                snprintf(marker, sizeof marker, "- ");
            if (nc_node_is_leaf_block(item)) {
                line_prefix(m, prefix);
                nc_buf_puts(&m->out, marker);
                write_inlines(m, item, 0);
                nc_buf_putc(&m->out, '\n');
            } else {
                /* Continuation lines are indented to the item's content. */
                nc_buf p = NC_BUF_INIT;
                nc_buf_puts(&p, prefix);
                for (size_t i = 0; i < strlen(marker); i++)
                    nc_buf_putc(&p, ' ');
                line_prefix(m, prefix);
                nc_buf_puts(&m->out, marker);
                const nc_node *c = item->first_child;
                if (c) {
                    md sub = {.opts = m->opts};
                    write_block(&sub, c, "");
                    nc_buf_put(&m->out, sub.out.data, sub.out.len);
                    nc_buf_free(&sub.out);
                    if (c->next) {
                        line_prefix(m, p.data);
                        nc_buf_putc(&m->out, '\n');
                        write_blocks(m, c->next, p.data);
                    }
                } else {
                    nc_buf_putc(&m->out, '\n');
                }
                nc_buf_free(&p);
            }
        }
        break;
    }
    default:
        break;
    }
}

static void write_blocks(md *m, const nc_node *first, const char *prefix)
{
    for (const nc_node *b = first; b; b = b->next) {
        if (b != first) {
            /* A blank line, keeping the container's prefix so that a quote
             * stays one quote. Two lists in a row need a comment between
             * them, or they would merge into one. */
            nc_buf_puts(&m->out, prefix);
            nc_buf_putc(&m->out, '\n');
            if (b->type == NC_NODE_LIST && b->prev && b->prev->type == NC_NODE_LIST) {
                nc_buf_puts(&m->out, prefix);
                nc_buf_puts(&m->out, "<!-- -->\n");
                nc_buf_puts(&m->out, prefix);
                nc_buf_putc(&m->out, '\n');
            }
        }
        write_block(m, b, prefix);
        flush(m);
    }
}

/* A YAML double-quoted scalar: safe for any text. */
static void yaml_string(nc_buf *out, const char *s)
{
    nc_buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            nc_buf_putc(out, '\\');
            nc_buf_putc(out, (char)c);
        } else if (c < 0x20) {
            nc_buf_printf(out, "\\x%02x", c);
        } else {
            nc_buf_putc(out, (char)c);
        }
    }
    nc_buf_putc(out, '"');
}

static void write_front_matter(md *m, const nc_document *doc)
{
    nc_buf_puts(&m->out, "---\n");
    for (const nc_meta_key *k = nc_meta_keys; k->key; k++) {
        size_t n = nc_meta_count(doc, k->key);
        if (n == 0)
            continue;
        /* pandoc's names: "author" for the list of authors. */
        const char *name = strcmp(k->key, "authors") == 0 ? "author" : k->key;
        nc_buf_puts(&m->out, name);
        nc_buf_putc(&m->out, ':');
        if (k->is_list) {
            nc_buf_putc(&m->out, '\n');
            for (size_t i = 0; i < n; i++) {
                nc_buf_puts(&m->out, "- ");
                yaml_string(&m->out, nc_meta_item(doc, k->key, i));
                nc_buf_putc(&m->out, '\n');
            }
        } else {
            nc_buf_putc(&m->out, ' ');
            yaml_string(&m->out, nc_meta_get(doc, k->key));
            nc_buf_putc(&m->out, '\n');
        }
    }
    nc_buf_puts(&m->out, "---\n\n");
}

static nc_status write_markdown(const nc_document *doc, const nc_writer_options *opts,
                                nc_sink *sink, nc_error *err)
{
    int yaml = nc_writer_option_number(&nc_writer_markdown, opts, "yaml-metadata") == 1;
    md m = {.opts = opts, .sink = sink};
    if (yaml)
        write_front_matter(&m, doc);
    nc_buf title = NC_BUF_INIT;
    /* the kicker as a paragraph's: its text, as it stood */
    if (doc->meta.kicker)
        nc_buf_puts(&title, doc->meta.kicker);
    nc_document_display_title(doc, &title);
    nc_buf_puts(&m.out, "# ");
    if (title.data)
        escape_text(&m.out, title.data, title.len, 1, 1);
    nc_buf_puts(&m.out, "\n");
    nc_buf_free(&title);
    if (doc->body->first_child)
        nc_buf_putc(&m.out, '\n');
    write_blocks(&m, doc->body->first_child, "");
    nc_status rc = m.status != NC_OK ? m.status : m.out.failed ? NC_ERR_NOMEM : nc_sink_putbuf(sink, &m.out);
    nc_buf_free(&m.out);
    return rc;
}

static const char *const aliases[] = {"md", "commonmark", NULL};
static const nc_option_spec markdown_options[] = {
    {.key = "yaml-metadata", .kind = NC_OPTION_BOOL, .default_value = "false",
     .help = "begin with a YAML metadata block", .alias = "yaml-metadata"},
    {.key = NULL},
};

const nc_writer nc_writer_markdown = {
    .struct_size = sizeof(nc_writer),
    .name = "markdown",
    .aliases = aliases,
    .extension = "md",
    .binary = 0,
    .description = "CommonMark, with an optional YAML metadata block",
    .option_specs = markdown_options,
    .write = write_markdown,
};

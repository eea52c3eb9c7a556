/* reader.c: plain text in, document out. Stages: decode the bytes to clean
 * UTF-8, cut lines, group lines into blocks at blank lines, classify each
 * block (headline, caption, credit, paragraph), build the tree. */
#include "reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "utf8.h"

void nc_reader_options_init(nc_reader_options *opts)
{
    *opts = (nc_reader_options){
        .struct_size = sizeof *opts,
        .smart = 1,
        .max_input = NC_DEFAULT_MAX_INPUT,
    };
}

void nc_reader_warn(const nc_reader_options *opts, nc_warning code, unsigned long line,
                    const char *fmt, ...)
{
    if (!opts || !opts->diag)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    nc_diagnostic d = {.code = code, .line = line, .message = msg};
    opts->diag(&d, opts->diag_userdata);
}

/* Decodes the input to clean UTF-8: a BOM is dropped, invalid sequences
 * become U+FFFD and NUL and C0 controls other than tab, LF, CR and form feed
 * are removed, each with a warning naming the line. */
static int decode(const char *in, size_t n, const nc_reader_options *opts, nc_buf *out)
{
    if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        in += 3;
        n -= 3;
    }
    unsigned long line = 1, warned_bad = 0, warned_ctl = 0;
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = (unsigned char)in[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            run++;
            continue;
        }
        nc_buf_put(out, in + i - run, run);
        run = 0;
        if (c == '\n' || (c == '\r' && !(i + 1 < n && in[i + 1] == '\n'))) {
            line++;
            nc_buf_putc(out, '\n');
            i++;
        } else if (c == '\r') {
            i++; /* CR of a CRLF: the LF ends the line */
        } else if (c == '\t' || c == '\f') {
            nc_buf_putc(out, c == '\t' ? '\t' : '\n');
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            if (warned_ctl != line)
                nc_reader_warn(opts, NC_WARN_CONTROL_CHARS, line,
                               "control character U+%04X removed", c);
            warned_ctl = line;
            i++;
        } else {
            size_t k;
            long cp = nc_utf8_decode(in + i, n - i, &k);
            if (cp < 0) {
                if (warned_bad != line)
                    nc_reader_warn(opts, NC_WARN_INVALID_BYTES, line,
                                   "invalid UTF-8 replaced by U+FFFD");
                warned_bad = line;
                nc_buf_puts(out, "\xEF\xBF\xBD");
            } else if (cp >= 0x80 && cp < 0xA0) {
                if (warned_ctl != line)
                    nc_reader_warn(opts, NC_WARN_CONTROL_CHARS, line,
                                   "control character U+%04lX removed", (unsigned long)cp);
                warned_ctl = line;
            } else {
                nc_buf_put(out, in + i, k);
            }
            i += k;
        }
    }
    nc_buf_put(out, in + n - run, run);
    return out->failed ? -1 : 0;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* A block: consecutive non-blank lines, joined with single spaces. */
typedef struct block {
    unsigned long first, last;
    char *text;
    size_t len;
} block;

static int contains_ci(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && (s[i + j] | 0x20) == (needle[j] | 0x20))
            j++;
        if (j == m)
            return 1;
    }
    return 0;
}

static int starts_ci(const char *s, size_t n, const char *prefix)
{
    size_t m = strlen(prefix);
    if (m > n)
        return 0;
    for (size_t j = 0; j < m; j++)
        if ((s[j] | 0x20) != (prefix[j] | 0x20))
            return 0;
    return 1;
}

/* A photo caption names where a person stands in the picture. */
static int looks_like_caption(const block *b)
{
    static const char *const markers[] = {"(right)", "(left)", "(center)", "(centre)",
                                          "(file photo)", "(pictured)", "(l)", "(r)", NULL};
    for (const char *const *m = markers; *m; m++)
        if (contains_ci(b->text, b->len, *m))
            return 1;
    return starts_ci(b->text, b->len, "photo:");
}

/* A wire credit is a short closing line in one of the agencies' set forms. */
static int looks_like_credit(const block *b)
{
    static const char *const openers[] = {"with reporting by ", "reporting by ",
                                          "additional reporting by ", "compiled by ", NULL};
    if (b->len > 200)
        return 0;
    for (const char *const *o = openers; *o; o++)
        if (starts_ci(b->text, b->len, *o))
            return 1;
    return 0;
}

static nc_node *leaf(nc_document *doc, nc_node_type type, const block *b)
{
    nc_node *n = nc_node_new(&doc->arena, type);
    nc_node *t = nc_node_new_text(&doc->arena, b->text, b->len);
    if (!n || !t)
        return NULL;
    n->line_first = b->first;
    n->line_last = b->last;
    nc_node_append(n, t);
    return n;
}

/* Cuts decoded text into lines (it holds only LF line ends by now). */
static nc_line *split_lines(const char *text, size_t n, size_t *count)
{
    size_t cap = 64, k = 0;
    nc_line *lines = malloc(cap * sizeof *lines);
    if (!lines)
        return NULL;
    size_t i = 0;
    while (i < n) {
        const char *end = memchr(text + i, '\n', n - i);
        size_t len = end ? (size_t)(end - (text + i)) : n - i;
        if (k == cap) {
            cap *= 2;
            nc_line *g = realloc(lines, cap * sizeof *g);
            if (!g) {
                free(lines);
                return NULL;
            }
            lines = g;
        }
        lines[k] = (nc_line){.text = text + i, .len = len, .number = k + 1};
        k++;
        i += len + 1;
    }
    *count = k;
    return lines;
}

/* Joins lines [a, b) into one string in the arena: trimmed, one space
 * between lines, tabs as spaces. */
static char *join_lines(nc_arena *arena, const nc_line *lines, size_t a, size_t b, size_t *len)
{
    size_t total = 0;
    for (size_t i = a; i < b; i++)
        total += lines[i].len + 1;
    char *out = nc_arena_alloc(arena, total + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
        const char *s = lines[i].text;
        size_t n = lines[i].len;
        while (n && (*s == ' ' || *s == '\t')) {
            s++;
            n--;
        }
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (o && n)
            out[o++] = ' ';
        for (size_t j = 0; j < n; j++)
            out[o++] = s[j] == '\t' ? ' ' : s[j];
    }
    out[o] = '\0';
    *len = o;
    return out;
}

static nc_status build(nc_document *doc, const char *text, size_t n, nc_error *err)
{
    size_t nlines = 0;
    nc_line *lines = split_lines(text, n, &nlines);
    if (!lines)
        return nc_fail(err, NC_ERR_NOMEM, "out of memory");
    block *blocks = NULL;
    size_t nblocks = 0, cap = 0;
    for (size_t i = 0; i < nlines;) {
        if (is_blank(lines[i].text, lines[i].len)) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < nlines && !is_blank(lines[j].text, lines[j].len))
            j++;
        if (nblocks == cap) {
            cap = cap ? cap * 2 : 32;
            block *g = realloc(blocks, cap * sizeof *g);
            if (!g)
                goto nomem;
            blocks = g;
        }
        block *b = &blocks[nblocks++];
        b->first = lines[i].number;
        b->last = lines[j - 1].number;
        b->text = join_lines(&doc->arena, lines, i, j, &b->len);
        if (!b->text)
            goto nomem;
        i = j;
    }
    size_t first_body = 0;
    if (nblocks > 0) {
        doc->meta.title = blocks[0].text;
        first_body = 1;
    }
    for (size_t k = first_body; k < nblocks; k++) {
        nc_node_type type = NC_NODE_PARAGRAPH;
        if (k <= first_body + 1 && looks_like_caption(&blocks[k]))
            type = NC_NODE_CAPTION;
        else if (k == nblocks - 1 && k > first_body && looks_like_credit(&blocks[k]))
            type = NC_NODE_CREDIT;
        nc_node *node = leaf(doc, type, &blocks[k]);
        if (!node || nc_node_append(doc->body, node) < 0)
            goto nomem;
    }
    free(blocks);
    free(lines);
    return NC_OK;
nomem:
    free(blocks);
    free(lines);
    return nc_fail(err, NC_ERR_NOMEM, "out of memory");
}

static const char *source_name(const nc_reader_options *opts)
{
    return opts && opts->source_name ? opts->source_name : "input";
}

nc_status nc_read_memory(const void *data, size_t size, const nc_reader_options *opts,
                         nc_document **out, nc_error *err)
{
    nc_error_clear(err);
    if (!out)
        return nc_fail(err, NC_ERR_ARGUMENT, "nc_read_memory needs somewhere to put the document");
    *out = NULL;
    if (!data && size)
        return nc_fail(err, NC_ERR_ARGUMENT, "no input data");
    nc_reader_options defaults;
    if (!opts) {
        nc_reader_options_init(&defaults);
        opts = &defaults;
    } else if (opts->struct_size != sizeof *opts) {
        return nc_fail(err, NC_ERR_ARGUMENT, "reader options not set up by nc_reader_options_init");
    }
    if (opts->max_input && size > opts->max_input)
        return nc_fail(err, NC_ERR_TOO_LARGE, "%s: input of %zu bytes exceeds the limit of %zu bytes",
                       source_name(opts), size, opts->max_input);
    nc_document *doc = nc_document_new();
    if (!doc)
        return nc_fail(err, NC_ERR_NOMEM, "out of memory");
    nc_buf text = NC_BUF_INIT;
    nc_status rc = NC_OK;
    if (decode(data ? data : "", size, opts, &text) < 0)
        rc = nc_fail(err, NC_ERR_NOMEM, "out of memory");
    else
        rc = build(doc, text.data ? text.data : "", text.len, err);
    if (rc == NC_OK && !doc->meta.title && !doc->body->first_child)
        rc = nc_fail(err, NC_ERR_INPUT, "%s: no text in the input", source_name(opts));
    for (size_t i = 0; rc == NC_OK && i < opts->n_metadata; i++) {
        const nc_option *o = &opts->metadata[i];
        int r = nc_meta_set(doc, o->key, o->value ? o->value : "");
        if (r == -1)
            rc = nc_fail(err, NC_ERR_OPTION, "unknown metadata key '%s'", o->key ? o->key : "");
        else if (r == -2)
            rc = nc_fail(err, NC_ERR_NOMEM, "out of memory");
    }
    if (rc == NC_OK && opts->lang && nc_meta_set(doc, "lang", opts->lang) < 0)
        rc = nc_fail(err, NC_ERR_NOMEM, "out of memory");
    if (rc == NC_OK && !doc->meta.lang && nc_meta_set(doc, "lang", "en") < 0)
        rc = nc_fail(err, NC_ERR_NOMEM, "out of memory");
    nc_buf_free(&text);
    if (rc != NC_OK) {
        nc_document_free(doc);
        return rc;
    }
    *out = doc;
    return NC_OK;
}

nc_status nc_read_file(FILE *fp, const nc_reader_options *opts, nc_document **out, nc_error *err)
{
    if (out)
        *out = NULL;
    if (!fp)
        return nc_fail(err, NC_ERR_ARGUMENT, "no input stream");
    size_t limit = opts && opts->struct_size == sizeof *opts ? opts->max_input : NC_DEFAULT_MAX_INPUT;
    nc_buf in = NC_BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (limit && in.len + got > limit) {
            nc_buf_free(&in);
            return nc_fail(err, NC_ERR_TOO_LARGE, "%s: input exceeds the limit of %zu bytes",
                           opts && opts->source_name ? opts->source_name : "input", limit);
        }
        if (nc_buf_put(&in, chunk, got) < 0) {
            nc_buf_free(&in);
            return nc_fail(err, NC_ERR_NOMEM, "out of memory");
        }
    }
    if (ferror(fp)) {
        int e = errno;
        nc_buf_free(&in);
        return nc_fail(err, NC_ERR_IO, "%s: %s",
                       opts && opts->source_name ? opts->source_name : "input", strerror(e));
    }
    nc_status rc = nc_read_memory(in.data, in.len, opts, out, err);
    nc_buf_free(&in);
    return rc;
}

nc_status nc_read_path(const char *path, const nc_reader_options *opts, nc_document **out,
                       nc_error *err)
{
    if (out)
        *out = NULL;
    if (!path)
        return nc_fail(err, NC_ERR_ARGUMENT, "no input path");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nc_fail(err, NC_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        return nc_fail(err, NC_ERR_IO, "%s: is a directory", path);
    }
    nc_reader_options named;
    if (opts && opts->struct_size == sizeof *opts)
        named = *opts;
    else
        nc_reader_options_init(&named);
    if (!named.source_name)
        named.source_name = path;
    nc_status rc = nc_read_file(fp, &named, out, err);
    fclose(fp);
    return rc;
}

/* reader.c: plain text in, document out. The stages (reader.h): decode the
 * bytes to clean UTF-8, cut lines, read front matter, group lines into units,
 * take the headline, classify the rest, build the tree with inline nodes;
 * then the caller's metadata overrides. */
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

/* The language for typography and the writers, and where it came from
 * (nc_meta_lang_source): the command line, else the front matter, else
 * what the text reads as, else English; never the environment. */
static const char *language(nc_document *doc, const nc_units *u, const nc_reader_options *opts)
{
    const char *given = nc_lang_given(opts);
    doc->meta.lang_source = "option";
    if (given)
        return given;
    doc->meta.lang_source = "front-matter";
    if (doc->meta.lang && *doc->meta.lang)
        return doc->meta.lang;
    const char *found = nc_lang_detect(u, opts);
    doc->meta.lang_source = found ? "detected" : "default";
    return found ? found : "en";
}

/* A headline is a block that could be one: not a list, and not a first
 * paragraph of more than 300 characters. A quote marker on it ("> Markets
 * fall") is no reason to lose it: its text is the headline, and the rest
 * of that quote, if any, stays a quote. */
static int headline(const nc_unit *x)
{
    return x->type == NC_NODE_PARAGRAPH &&
           (x->container == NC_NODE_NONE || x->container == NC_NODE_QUOTE) &&
           nc_utf8_length(x->text, x->len) <= 300;
}

static nc_node *block_node(nc_document *doc, nc_node_type type, const nc_unit *x)
{
    nc_node *n = nc_node_new(&doc->arena, type);
    if (n) {
        n->line_first = x->first;
        n->line_last = x->last;
    }
    return n;
}

/* The kicker and the dateline that open a paragraph: inlines of their own,
 * holding their text once; x->body moves past them. */
static int opening(nc_document *doc, nc_node *p, nc_unit *x, int smart, const char *lang,
                   nc_buf *scratch)
{
    static const nc_node_type types[2] = {NC_NODE_KICKER, NC_NODE_DATELINE};
    size_t lens[2] = {x->kicker, x->dateline};
    for (int i = 0; i < 2; i++) {
        if (!lens[i])
            continue;
        nc_node *o = nc_node_new(&doc->arena, types[i]);
        if (!o || nc_node_append(p, o) < 0 ||
            nc_inline(doc, o, x->text + x->body, lens[i], smart, lang, scratch) < 0)
            return -1;
        x->body += lens[i];
    }
    return 0;
}

/* Each unit's text is freed as soon as its nodes hold it, so that the
 * units and the document, each about the size of the article, are not both
 * in memory whole. */
static int tree(nc_document *doc, nc_units *u, size_t from, const nc_reader_options *opts,
                const char *lang, nc_buf *scratch)
{
    nc_node *box = NULL; /* the open quote or list */
    unsigned box_group = 0;
    for (size_t i = from; i < u->n; i++) {
        nc_unit *x = &u->v[i];
        nc_node *parent = doc->body;
        if (x->container != NC_NODE_NONE) {
            if (!box || box_group != x->group) {
                box = block_node(doc, x->container, x);
                if (!box || nc_node_append(doc->body, box) < 0)
                    return -1;
                box_group = x->group;
                if (x->container == NC_NODE_LIST) {
                    box->ordered = x->marker == '.' || x->marker == ')';
                    box->start = box->ordered ? x->number : 0;
                }
            }
            box->line_last = x->last;
            parent = box;
        } else {
            box = NULL;
        }
        nc_node *n = block_node(doc, x->type, x);
        if (!n || nc_node_append(parent, n) < 0)
            return -1;
        if (x->type == NC_NODE_HEADING)
            n->level = 2; /* level 1 is the headline */
        if (x->type == NC_NODE_BREAK)
            continue;
        if (x->type == NC_NODE_TABLE) {
            if (nc_table(doc, n, x, opts->smart, lang, scratch) < 0)
                return -1;
        } else if (opening(doc, n, x, opts->smart, lang, scratch) < 0 ||
                   nc_inline(doc, n, x->text + x->body, x->len - x->body, opts->smart, lang,
                             scratch) < 0) {
            return -1;
        }
        free(x->text);
        x->text = NULL;
    }
    return 0;
}

/* The headline into meta. A kicker it opens with ("EXCLUSIVE-Shipping
 * firms ...", "UPDATE 2-Oil ...", "VIDÉO - Des milliers ...") is a field of
 * its own, as written and with the spaces after it, as a paragraph's is an
 * inline of its own; the title is the rest, typography applied. A kicker
 * with nothing after it is the title. Returns 0 or -1 out of memory. */
static int take_headline(nc_document *doc, const nc_unit *x, int smart, const char *lang)
{
    size_t k = nc_kicker(x->text, x->len);
    if (k >= x->len)
        k = 0;
    nc_buf t = NC_BUF_INIT;
    nc_buf_put(&t, x->text, k);
    const char *s = nc_buf_cstr(&t);
    int bad = !s || (k && nc_meta_set(doc, "kicker", s) < 0);
    nc_buf_clear(&t);
    if (smart)
        nc_typography(&t, x->text + k, x->len - k, lang);
    else
        nc_buf_put(&t, x->text + k, x->len - k);
    s = nc_buf_cstr(&t);
    bad = bad || !s || nc_meta_set(doc, "title", s) < 0;
    nc_buf_free(&t);
    return bad ? -1 : 0;
}

/* A kicker from -M or the front matter joined to the title as one the
 * headline opened with is (nc_kicker_gap): once, here, so that every
 * writer can put the title right after it. Returns 0 or -1 out of memory. */
static int join_kicker(nc_document *doc)
{
    const char *gap = nc_kicker_gap(doc->meta.kicker);
    if (!*gap)
        return 0;
    nc_buf b = NC_BUF_INIT;
    nc_buf_puts(&b, doc->meta.kicker);
    nc_buf_puts(&b, gap);
    const char *s = nc_buf_cstr(&b);
    int rc = s && nc_meta_set(doc, "kicker", s) == 0 ? 0 : -1;
    nc_buf_free(&b);
    return rc;
}

/* `spent` holds the buffers under text (the input when the reader owns it,
 * and the decoded copy): they are freed as soon as the units hold their own
 * copies, because for a large article they are most of the memory and the
 * document, about as large again, is only built after. */
static nc_status build(nc_document *doc, const char *text, size_t n,
                       const nc_reader_options *opts, nc_buf *spent[2], nc_error *err)
{
    size_t nlines = 0;
    nc_line *lines = split_lines(text, n, &nlines);
    if (!lines && n)
        return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    nc_units u = {0};
    nc_status rc = NC_OK;
    size_t top = nc_front_matter(doc, lines, nlines, opts);
    if (top == (size_t)-1 || nc_blocks(lines + top, nlines - top, &u) < 0) {
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
        goto done;
    }
    free(lines);
    lines = NULL;
    /* The largest spent buffer becomes the document's memory rather than
     * going back to the system while the document is built in fresh
     * pages: each page of it would cost a fault again. */
    nc_buf *largest = NULL;
    for (int i = 0; i < 2; i++)
        if (spent[i] && !spent[i]->failed && (!largest || spent[i]->cap > largest->cap))
            largest = spent[i];
    if (largest) {
        size_t cap = largest->cap;
        nc_arena_donate(&doc->arena, largest->data, cap);
        *largest = (nc_buf)NC_BUF_INIT;
    }
    for (int i = 0; i < 2; i++)
        if (spent[i])
            nc_buf_free(spent[i]);
    const char *lang = language(doc, &u, opts);
    if (strcmp(doc->meta.lang_source, "detected") == 0 && nc_meta_set(doc, "lang", lang) < 0) {
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
        goto done;
    }
    size_t from = 0;
    if (top == 0 && u.n && headline(&u.v[0])) {
        if (take_headline(doc, &u.v[0], opts->smart, lang) < 0) {
            rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
            goto done;
        }
        from = 1;
    }
    nc_buf scratch = NC_BUF_INIT;
    if (nc_classify(doc, &u, from, opts) < 0 || tree(doc, &u, from, opts, lang, &scratch) < 0)
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    nc_buf_free(&scratch);
done:
    nc_units_free(&u);
    free(lines);
    return rc;
}

/* Whether reading an input that opens with head[0, n) runs the language
 * detector: reading's steps up to that decision (decoding, front matter,
 * blocks) on a scratch document, warnings dropped. Out of memory, or an
 * input it cannot decode: 1, as if it did. */
static int would_detect(const void *head, size_t n, const nc_reader_options *opts)
{
    nc_reader_options quiet = *opts;
    quiet.diag = NULL;
    nc_document *doc = nc_document_new();
    nc_buf decoded = NC_BUF_INIT;
    const char *text = NULL;
    size_t len = 0, nlines = 0;
    nc_error err;
    nc_line *lines = NULL;
    nc_units u = {0};
    int detect = 1;
    if (doc && nc_decode((const char *)head, n, &quiet, &decoded, &text, &len, &err) == NC_OK &&
        (lines = split_lines(text, len, &nlines)) != NULL) {
        size_t top = nc_front_matter(doc, lines, nlines, &quiet);
        if (top != (size_t)-1 && !(doc->meta.lang && *doc->meta.lang) &&
            nc_blocks(lines + top, nlines - top, &u) >= 0)
            detect = nc_lang_enough(&u);
        else if (top != (size_t)-1)
            detect = !(doc->meta.lang && *doc->meta.lang);
    }
    nc_units_free(&u);
    free(lines);
    nc_buf_free(&decoded);
    nc_document_free(doc);
    return detect;
}

nc_status nc_reader_prepare(const nc_reader_options *opts, const void *head, size_t n)
{
    nc_reader_options defaults;
    if (!opts) {
        nc_reader_options_init(&defaults);
        opts = &defaults;
    } else if (opts->struct_size != sizeof *opts || (opts->n_metadata && !opts->metadata)) {
        return NC_ERR_ARGUMENT;
    }
    if (!head && n)
        return NC_ERR_ARGUMENT;
    if (nc_lang_given(opts) || (head && !would_detect(head, n, opts)))
        return NC_OK;
    return nc_lang_prepare();
}

/* Where the article's resource paths resolve (nc_reader_options says
 * why). Returns 0 or -1 out of memory. */
static int set_resources(nc_document *doc, const nc_reader_options *opts)
{
    if (opts->resource_dir &&
        !(doc->resource_dir = nc_arena_strdup(&doc->arena, opts->resource_dir)))
        return -1;
    if (opts->resource_path &&
        !(doc->resource_path = nc_arena_strdup(&doc->arena, opts->resource_path)))
        return -1;
    return 0;
}

static const char *source_name(const nc_reader_options *opts)
{
    return opts && opts->source_name ? opts->source_name : "input";
}

/* nc_read_memory, and nc_read_file with the bytes it read in `owned`, which
 * is freed early (see build). */
static nc_status read_buffer(const void *data, size_t size, nc_buf *owned,
                             const nc_reader_options *opts, nc_document **out, nc_error *err)
{
    nc_error_clear(err);
    if (!out)
        return nc_error_set(err, NC_ERR_ARGUMENT, "nc_read_memory needs somewhere to put the document");
    *out = NULL;
    if (!data && size)
        return nc_error_set(err, NC_ERR_ARGUMENT, "no input data");
    nc_reader_options defaults;
    if (!opts) {
        nc_reader_options_init(&defaults);
        opts = &defaults;
    } else if (opts->struct_size != sizeof *opts) {
        return nc_error_set(err, NC_ERR_ARGUMENT, "reader options not set up by nc_reader_options_init");
    }
    if (opts->n_metadata && !opts->metadata)
        return nc_error_set(err, NC_ERR_ARGUMENT, "reader options: n_metadata without metadata");
    if (opts->max_input && size > opts->max_input)
        return nc_error_set(err, NC_ERR_TOO_LARGE, "%s: input of %zu bytes exceeds the limit of %zu bytes",
                       source_name(opts), size, opts->max_input);
    nc_document *doc = nc_document_new();
    if (!doc)
        return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    nc_buf decoded = NC_BUF_INIT;
    const char *text = NULL;
    size_t len = 0;
    nc_status rc = nc_decode(data ? data : "", size, opts, &decoded, &text, &len, err);
    nc_buf *spent[2] = {owned, &decoded};
    if (rc == NC_OK)
        rc = build(doc, text, len, opts, spent, err);
    if (rc == NC_OK && !doc->meta.title && !doc->body->first_child)
        rc = nc_error_set(err, NC_ERR_INPUT, "%s: no text in the input", source_name(opts));
    /* -M overrides: a list key given on the command line replaces what
     * the text said (a byline's names), and repeats of it append. */
    int cleared_authors = 0, cleared_keywords = 0;
    for (size_t i = 0; rc == NC_OK && i < opts->n_metadata; i++) {
        const nc_option *o = &opts->metadata[i];
        const nc_meta_key *k = nc_meta_key_find(o->key);
        if (k && k->is_list) {
            int *cleared = strcmp(k->key, "authors") == 0 ? &cleared_authors : &cleared_keywords;
            if (!*cleared)
                nc_meta_clear(doc, k->key);
            *cleared = 1;
        }
        int r = k && strcmp(k->key, "date") == 0 && o->value && *o->value
                    ? nc_reader_set_date(doc, o->value, opts, 0) * 2
                    : nc_meta_set(doc, o->key, o->value ? o->value : "");
        if (r == -1)
            rc = nc_error_set(err, NC_ERR_OPTION, "unknown metadata key '%s'", o->key ? o->key : "");
        else if (r == -2)
            rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    }
    if (rc == NC_OK && join_kicker(doc) < 0)
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    if (rc == NC_OK && set_resources(doc, opts) < 0)
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    if (rc == NC_OK && opts->lang && nc_meta_set(doc, "lang", opts->lang) < 0)
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    if (rc == NC_OK && !doc->meta.lang && nc_meta_set(doc, "lang", "en") < 0)
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    nc_buf_free(&decoded);
    if (rc != NC_OK) {
        nc_document_free(doc);
        return rc;
    }
    *out = doc;
    return NC_OK;
}

nc_status nc_read_memory(const void *data, size_t size, const nc_reader_options *opts,
                         nc_document **out, nc_error *err)
{
    return read_buffer(data, size, NULL, opts, out, err);
}

nc_status nc_read_file(FILE *fp, const nc_reader_options *opts, nc_document **out, nc_error *err)
{
    if (out)
        *out = NULL;
    if (!fp)
        return nc_error_set(err, NC_ERR_ARGUMENT, "no input stream");
    size_t limit = opts && opts->struct_size == sizeof *opts ? opts->max_input : NC_DEFAULT_MAX_INPUT;
    nc_buf in = NC_BUF_INIT;
    /* A regular file's size sizes the buffer once: growing it by doubling
     * would copy the input several times over and leave up to half of it
     * unused. One byte more lets the read that meets the end fit. */
    struct stat st;
    off_t at = ftello(fp);
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && at >= 0 && st.st_size > at) {
        size_t hint = (size_t)(st.st_size - at);
        if (limit && hint > limit)
            hint = limit; /* the loop below reports the excess */
        if (nc_buf_grow(&in, hint + 1) < 0)
            return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    }
    for (;;) {
        if (in.cap - in.len < 2 && nc_buf_grow(&in, 65536) < 0) {
            nc_buf_free(&in);
            return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
        }
        size_t got = fread(in.data + in.len, 1, in.cap - in.len - 1, fp);
        if (got == 0)
            break;
        in.len += got;
        if (limit && in.len > limit) {
            nc_buf_free(&in);
            return nc_error_set(err, NC_ERR_TOO_LARGE, "%s: input exceeds the limit of %zu bytes",
                           opts && opts->source_name ? opts->source_name : "input", limit);
        }
    }
    if (ferror(fp)) {
        int e = errno;
        nc_buf_free(&in);
        return nc_error_set(err, NC_ERR_IO, "%s: %s",
                       opts && opts->source_name ? opts->source_name : "input", strerror(e));
    }
    nc_status rc = read_buffer(in.data, in.len, &in, opts, out, err);
    nc_buf_free(&in);
    return rc;
}

nc_status nc_read_path(const char *path, const nc_reader_options *opts, nc_document **out,
                       nc_error *err)
{
    if (out)
        *out = NULL;
    if (!path)
        return nc_error_set(err, NC_ERR_ARGUMENT, "no input path");
    if (opts && opts->struct_size != sizeof *opts)
        return nc_error_set(err, NC_ERR_ARGUMENT, "reader options not set up by nc_reader_options_init");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nc_error_set(err, NC_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        return nc_error_set(err, NC_ERR_IO, "%s: is a directory", path);
    }
    nc_reader_options named;
    if (opts)
        named = *opts;
    else
        nc_reader_options_init(&named);
    if (!named.source_name)
        named.source_name = path;
    /* The article's folder: the path up to its last '/' ("/" for a file
     * at the root), else the current folder. */
    char *dir = NULL;
    const char *slash = strrchr(path, '/');
    if (!named.resource_dir && slash) {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        if (!(dir = malloc(n + 1))) {
            fclose(fp);
            return nc_error_set(err, NC_ERR_NOMEM, "out of memory");
        }
        memcpy(dir, path, n);
        dir[n] = '\0';
        named.resource_dir = dir;
    }
    nc_status rc = nc_read_file(fp, &named, out, err);
    free(dir);
    fclose(fp);
    return rc;
}

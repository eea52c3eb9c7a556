/* embed.c: a program that embeds libnewsconv.
 *
 *   embed [ARTICLE.txt] [OUTDIR]
 *
 * Holds an article in memory (a built-in one, or the file named, read whole),
 * then writes it three ways:
 *   OUTDIR/article.md    Markdown, made in a growing memory buffer;
 *   OUTDIR/article.epub  EPUB, streamed through a callback sink;
 *   OUTDIR/article.txt   plain text, by a writer of this program's own,
 *                        passed to nc_write like a built-in one.
 * Warnings go to stderr through the diagnostics callback. Exits 0 on
 * success, 1 with one line on stderr on failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <newsconv.h>

static const char builtin_article[] =
    "Small Library Converts Articles\n"
    "\n"
    "By A. Reporter\n"
    "\n"
    "BERLIN -- A small C library turned a plain-text article into \"Markdown\" and EPUB today.\n"
    "\n"
    "It never printed a word on its own, and it plugged in a writer of the caller's own.\n";

/* ------------------------------------------------- a writer of our own */

/* Plain text: the title, then each leaf block's text as a paragraph; list
 * items get a marker, which the option "text-bullet" may change. It only
 * uses the public read API: metadata getters and the ENTER/EXIT walk. */
static const nc_option_spec text_options[] = {
    {.key = "text-bullet", .kind = NC_OPTION_TEXT, .default_value = "*",
     .help = "the marker of a list item, at most 8 bytes"},
    {.key = NULL},
};

static nc_status put(nc_sink *sink, const char *s)
{
    return nc_sink_write(sink, s, strlen(s));
}

static nc_status text_write(const nc_document *doc, const nc_writer_options *opts,
                            nc_sink *sink, nc_error *err)
{
    const char *bullet = nc_writer_option(opts, "text-bullet");
    if (!bullet)
        bullet = "*";
    if (strlen(bullet) > 8) {
        /* nc_write checked the kind; what TEXT cannot say, the writer
         * checks and reports as built-in writers do: NC_ERR_OPTION and a
         * message naming it. */
        return nc_error_set(err, NC_ERR_OPTION,
                            "bad value '%s' for option 'text-bullet' (at most 8 bytes)", bullet);
    }
    nc_status rc = NC_OK;
    const char *title = nc_meta_get(doc, "title");
    if (title) {
        rc = put(sink, title);
        if (rc == NC_OK)
            rc = put(sink, "\n\n");
    }
    nc_iter it;
    nc_iter_init(&it, nc_document_body(doc));
    nc_event ev;
    while (rc == NC_OK && (ev = nc_iter_next(&it)) != NC_EVENT_DONE) {
        const nc_node *n = it.node;
        nc_node_type type = nc_node_get_type(n);
        if (ev == NC_EVENT_ENTER && type == NC_NODE_TEXT) {
            rc = put(sink, nc_node_text(n));
        } else if (ev == NC_EVENT_ENTER && type == NC_NODE_ITEM) {
            rc = put(sink, bullet);
            if (rc == NC_OK)
                rc = put(sink, " ");
        } else if (ev == NC_EVENT_EXIT && type < NC_NODE_TEXT &&
                   nc_node_get_type(nc_node_first_child(n)) >= NC_NODE_TEXT) {
            rc = put(sink, "\n\n"); /* the end of a block that holds text */
        }
    }
    return rc; /* a failed sink write: nc_write fills err from the sink */
}

static const nc_writer text_writer = {
    .struct_size = sizeof(nc_writer),
    .name = "text",
    .extension = "txt",
    .binary = 0,
    .description = "plain text (a writer of embed.c's own)",
    .option_specs = text_options,
    .write = text_write,
};

/* ------------------------------------------------------------ the sinks */

typedef struct {
    FILE *fp;
    size_t bytes;
} file_out;

static int to_file(const void *data, size_t size, void *userdata)
{
    file_out *out = userdata;
    if (fwrite(data, 1, size, out->fp) != size)
        return -1;
    out->bytes += size;
    return 0;
}

static void print_warning(const nc_diagnostic *d, void *userdata)
{
    const char *name = userdata;
    fprintf(stderr, "%s:%lu: warning: %s\n", name, d->line, d->message);
}

static int failed(const char *what, const nc_error *err)
{
    fprintf(stderr, "embed: %s: %s\n", what, err->message);
    return 1;
}

/* Reads a whole file into memory; the caller frees it. */
static char *slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *data = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len == cap) {
            char *p = realloc(data, cap = cap ? cap * 2 : 65536);
            if (!p) {
                free(data);
                fclose(fp);
                return NULL;
            }
            data = p;
        }
        got = fread(data + len, 1, cap - len, fp);
        len += got;
    } while (got > 0);
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(data);
        return NULL;
    }
    *size = len;
    return data;
}

static char *join(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    if (p)
        sprintf(p, "%s/%s", dir, name);
    return p;
}

int main(int argc, char **argv)
{
    static char builtin_name[] = "built-in article";
    char *input = argc > 1 ? argv[1] : NULL;
    const char *outdir = argc > 2 ? argv[2] : ".";
    size_t size = sizeof builtin_article - 1;
    char *data = NULL;
    if (input && !(data = slurp(input, &size))) {
        perror(input);
        return 1;
    }

    nc_error err;
    nc_reader_options ropts;
    nc_reader_options_init(&ropts);
    ropts.source_name = input ? input : builtin_name;
    ropts.diag = print_warning;
    ropts.diag_userdata = input ? input : builtin_name;
    nc_document *doc = NULL;
    nc_status rc = nc_read_memory(data ? data : builtin_article, size, &ropts, &doc, &err);
    free(data);
    if (rc != NC_OK)
        return failed("read", &err);
    printf("newsconv %s: \"%s\"\n", nc_version(), nc_meta_get(doc, "title"));

    int status = 0;
    char *md_path = join(outdir, "article.md");
    char *epub_path = join(outdir, "article.epub");
    char *txt_path = join(outdir, "article.txt");
    if (!md_path || !epub_path || !txt_path) {
        fputs("embed: out of memory\n", stderr);
        status = 1;
        goto done;
    }

    /* Markdown into memory, then to a file of our choosing. */
    nc_sink *mem = nc_sink_new_memory();
    if (!mem || nc_write(doc, nc_writer_find("md"), NULL, mem, &err) != NC_OK ||
        nc_sink_finish(mem, &err) != NC_OK) {
        status = mem ? failed("markdown", &err) : 1;
    } else {
        size_t n;
        const unsigned char *md = nc_sink_memory_data(mem, &n);
        FILE *fp = fopen(md_path, "wb");
        if (!fp || fwrite(md, 1, n, fp) != n || fclose(fp) != 0) {
            perror(md_path);
            status = 1;
        } else {
            printf("markdown: %zu bytes in memory -> %s\n", n, md_path);
        }
    }
    nc_sink_free(mem);

    /* EPUB through a callback: the library never sees the file. */
    const nc_writer *epub = nc_writer_find("epub");
    if (!epub) {
        fputs("embed: this libnewsconv has no EPUB writer\n", stderr);
        status = 1;
    } else {
        file_out out = {.fp = fopen(epub_path, "wb")};
        nc_writer_options wopts;
        nc_writer_options_init(&wopts);
        wopts.diag = print_warning;
        wopts.diag_userdata = epub_path;
        nc_sink *cb = out.fp ? nc_sink_new_callback(to_file, &out) : NULL;
        if (!out.fp) {
            perror(epub_path);
            status = 1;
        } else if (!cb || nc_write(doc, epub, &wopts, cb, &err) != NC_OK ||
                   nc_sink_finish(cb, &err) != NC_OK) {
            status = cb ? failed("epub", &err) : 1;
        } else {
            printf("epub: %zu bytes through a callback -> %s\n", out.bytes, epub_path);
        }
        nc_sink_free(cb);
        if (out.fp && fclose(out.fp) != 0) {
            perror(epub_path);
            status = 1;
        }
    }

    /* Our own writer, with an option of its own, into a path sink. */
    const nc_option bullet = {.key = "text-bullet", .value = "-"};
    nc_writer_options topts;
    nc_writer_options_init(&topts);
    topts.options = &bullet;
    topts.n_options = 1;
    nc_sink *file = nc_sink_new_path(txt_path, &err);
    if (!file) {
        status = failed(txt_path, &err);
    } else if (nc_write(doc, &text_writer, &topts, file, &err) != NC_OK ||
               nc_sink_finish(file, &err) != NC_OK) {
        status = failed(text_writer.name, &err);
    } else {
        printf("%s: -> %s\n", text_writer.name, txt_path);
    }
    nc_sink_free(file);

done:
    free(md_path);
    free(epub_path);
    free(txt_path);
    nc_document_free(doc);
    return status;
}

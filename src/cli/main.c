/* main.c: the newsconv command. It parses arguments, plans which output
 * each input and format goes to, and calls the library; nothing else. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "newsconv.h"
#include "sha256.h"
#include "writer.h"

/* Exit codes; documented in --help, the README and newsconv(1). */
enum {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1, /* out of memory or a bug */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_INPUT = 3,    /* an input could not be read or is not an article */
    EXIT_OUTPUT = 4,   /* an output could not be written */
    EXIT_SOME = 5      /* several inputs: some failed, the others were converted */
};

typedef struct cli {
    const nc_writer *writers[32];
    size_t n_writers;
    const char *output;     /* -o */
    nc_option *meta;        /* -M */
    size_t n_meta;
    nc_option *wopts;       /* -W and the named format options */
    size_t n_wopts;
    const char *lang;
    const char *encoding;
    const char *resource_path; /* --resource-path */
    int smart;
    size_t max_input;
    int quiet, verbose;
    int jobs;               /* -j: worker threads */
    int fail_fast;
    int keep_folders;       /* --keep-folders */
    const char *manifest;   /* --manifest FILE */
    int progress;           /* stderr is a terminal and not --quiet */
    pthread_mutex_t lock;   /* guards the fields below and stderr lines */
    size_t next_input, done_inputs, n_inputs;
    int stop;               /* --fail-fast saw a failure */
} cli;

/* One input's conversion, owned by the worker thread that runs it. */
typedef struct task {
    cli *c;
    const char *input;      /* as given on the command line */
    const char *name;       /* for messages: the input, or "standard input" */
    char *owned_name;       /* name, when it is a copy */
    int status;             /* an exit code: EXIT_OK or the failure */
} task;

#define NC_STRINGIFY_(x) #x
#define NC_STRINGIFY(x) NC_STRINGIFY_(x)

static void usage(FILE *to)
{
    fputs("Usage: newsconv -t FORMAT[,FORMAT...] [-o PATH] [options] FILE...\n"
          "Converts plain-text news articles to EPUB, PDF, DocBook, Markdown and more.\n"
          "\n"
          "  -t, --to FORMATS        output formats, comma-separated, or 'all'\n"
          "  -o, --output PATH       one output: the file (or '-' for standard output);\n"
          "                          several outputs, or PATH ending in '/' or an existing\n"
          "                          folder: the folder (created when missing), holding\n"
          "                          BASENAME.EXT for each input and format\n"
          "                          (default: BASENAME.EXT in the current folder)\n"
          "  -M, --metadata KEY=VAL  set a metadata field (title, subtitle, author, date,\n"
          "                          lang, publisher, source, identifier, description,\n"
          "                          subject, keyword, image, image-alt, cover-image,\n"
          "                          credit)\n"
          "      --resource-path DIRS  folders (':'-separated) that image paths in an\n"
          "                          article may lead into besides its own folder\n"
          "      --lang TAG          the language (BCP 47); default: -M lang, else the\n"
          "                          front matter, else detected from the text when it\n"
          "                          has " NC_STRINGIFY(NC_LANG_DETECT_MIN_LETTERS) " letters or more, else en; -t json says\n"
          "                          which (meta lang-source)\n"
          "      --encoding NAME     the input encoding; default: detect\n"
          "      --no-smart          keep straight quotes, -- and ...\n"
          "      --max-input BYTES   refuse larger inputs (default 256M; 0: no limit)\n"
          "  -W, --writer-option KEY=VAL\n"
          "                          a format option, e.g. -W yaml-metadata=true\n"
          "      --paper a4|letter   PDF paper size (same as -W paper=...)\n"
          "      --yaml-metadata     Markdown: begin with a YAML metadata block\n"
          "  -j, --jobs N            convert N inputs at once (default: the number of\n"
          "                          cores); the outputs are the same for every N\n"
          "      --manifest FILE     write one JSON line per output: input, format,\n"
          "                          output, bytes, sha256; in input order, then format\n"
          "                          order, whatever -j is\n"
          "      --fail-fast         stop at the first input that fails\n"
          "      --keep-folders      write DIR/SUB/BASENAME.EXT, SUB being the input's folder\n"
          "                          below the folder all inputs share\n"
          "  -q, --quiet             no warnings, no progress line\n"
          "  -v, --verbose           name each output as it is written\n"
          "      --list-formats      list the output formats and exit\n"
          "      --version           print the version and exit\n"
          "  -h, --help              print this help and exit\n"
          "\n"
          "FILE '-' reads standard input; its output goes to standard output unless -o\n"
          "names a file or folder. Two inputs whose outputs would have the same name\n"
          "(a/x.txt and b/x.txt into one folder) are refused before anything is written,\n"
          "unless --keep-folders keeps them apart (DIR/a/x.EXT, DIR/b/x.EXT). A failing\n"
          "input does not stop the others (unless --fail-fast); on a terminal a progress\n"
          "line shows on stderr. Outputs are written to a temporary file and\n"
          "renamed into place only when complete. SOURCE_DATE_EPOCH fixes the timestamps\n"
          "of outputs whose article has no date.\n"
          "\n"
          "Exit codes: 0 success; 1 internal error; 2 usage error; 3 unreadable or unusable\n"
          "input; 4 output could not be written; 5 several inputs, some failed (the\n"
          "others were converted).\n",
          to);
}

static int fail_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail_usage(const char *fmt, ...)
{
    fputs("newsconv: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs(" (try 'newsconv --help')\n", stderr);
    return EXIT_USAGE;
}

static int add_formats(cli *c, const char *list)
{
    char *copy = strdup(list);
    if (!copy)
        return EXIT_INTERNAL;
    int rc = EXIT_OK;
    char *save = NULL;
    for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        if (strcmp(name, "all") == 0) {
            for (const nc_writer *const *w = nc_writers(); *w; w++)
                if (c->n_writers < sizeof c->writers / sizeof *c->writers)
                    c->writers[c->n_writers++] = *w;
            continue;
        }
        const nc_writer *w = nc_writer_find(name);
        if (!w) {
            rc = fail_usage("unknown format '%s'", name);
            break;
        }
        int dup = 0;
        for (size_t i = 0; i < c->n_writers; i++)
            dup |= c->writers[i] == w;
        if (!dup && c->n_writers < sizeof c->writers / sizeof *c->writers)
            c->writers[c->n_writers++] = w;
    }
    free(copy);
    return rc;
}

/* Splits "KEY=VALUE" into an option appended to *list. */
static int add_pair(nc_option **list, size_t *n, const char *arg, const char *flag)
{
    const char *eq = strchr(arg, '=');
    char *key = eq ? strndup(arg, (size_t)(eq - arg)) : strdup(arg);
    nc_option *grown = realloc(*list, (*n + 1) * sizeof **list);
    if (!key || !grown) {
        free(key);
        free(grown == *list ? NULL : grown);
        return EXIT_INTERNAL;
    }
    *list = grown;
    if (!*key) {
        free(key);
        return fail_usage("%s needs KEY=VALUE, not '%s'", flag, arg);
    }
    (*list)[(*n)++] = (nc_option){.key = key, .value = eq ? eq + 1 : ""};
    return EXIT_OK;
}

/* Prints one whole line on stderr; lines of several threads never mix. */
static void say(cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(cli *c, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&c->lock);
    /* The progress line is redrawn after; clear it so the message stands alone. */
    fprintf(stderr, "%snewsconv: %s\n", c->progress ? "\r\033[K" : "", line);
    pthread_mutex_unlock(&c->lock);
}

static void on_warning(const nc_diagnostic *d, void *userdata)
{
    const task *t = userdata;
    if (t->c->quiet)
        return;
    if (d->line)
        say(t->c, "%s:%lu: warning: %s", t->name, d->line, d->message);
    else
        say(t->c, "%s: warning: %s", t->name, d->message);
}

/* BASENAME: the file name without its folder and its last extension. */
static char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);
    if (n == 0 || strcmp(path, "-") == 0)
        return strdup("stdin");
    return strndup(name, n);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int make_dirs(const char *path)
{
    char *p = strdup(path);
    if (!p)
        return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
}

typedef struct job {
    const char *input;
    const nc_writer *writer;
    char *output; /* NULL: standard output */
    /* results, for the manifest */
    int written;
    unsigned long long bytes;
    char sha256[65];
} job;

/* The folder part of path ("" for none), without "./" components. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup("");
    char *d = strndup(path, (size_t)(slash - path) + 1);
    if (!d)
        return NULL;
    /* drop "./" components, which name no folder of their own */
    char *w = d;
    for (const char *r = d; *r;) {
        if (r[0] == '.' && r[1] == '/' && (r == d || r[-1] == '/')) {
            r += 2;
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
    return d;
}

/* Length of the longest common prefix of a and b that ends at a '/'. */
static size_t common_folder(const char *a, const char *b)
{
    size_t i = 0, last = 0;
    while (a[i] && a[i] == b[i]) {
        if (a[i] == '/')
            last = i + 1;
        i++;
    }
    return last;
}

/* A folder relative to the output folder must stay inside it. */
static int escapes(const char *rel)
{
    if (rel[0] == '/')
        return 1;
    for (const char *p = rel; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
        if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
            return 1;
    return 0;
}

static int by_output(const void *a, const void *b)
{
    const job *x = *(const job *const *)a, *y = *(const job *const *)b;
    return strcmp(x->output, y->output);
}

static int plan(cli *c, char **inputs, size_t n_inputs, job **out_jobs, size_t *out_n)
{
    size_t n = n_inputs * c->n_writers;
    job *jobs = calloc(n, sizeof *jobs);
    if (!jobs)
        return EXIT_INTERNAL;
    *out_jobs = jobs;
    *out_n = n;
    const char *dir = NULL;
    int to_stdout = 0;
    if (c->output && strcmp(c->output, "-") == 0) {
        if (n > 1)
            return fail_usage("-o %s writes one output, but this run makes several", "-");
        to_stdout = 1;
    } else if (c->output) {
        size_t len = strlen(c->output);
        if (n > 1 || c->output[len - 1] == '/' || is_dir(c->output))
            dir = c->output;
    } else if (n == 1 && strcmp(inputs[0], "-") == 0) {
        to_stdout = 1;
    }
    /* --keep-folders: each input's folder below the folder all inputs share. */
    size_t shared = 0;
    char *first_folder = NULL;
    if (c->keep_folders) {
        for (size_t i = 0; i < n_inputs; i++) {
            char *f = folder_of(inputs[i]);
            if (!f)
                return EXIT_INTERNAL;
            if (!first_folder) {
                first_folder = f;
                shared = strlen(f);
                continue;
            }
            size_t k = common_folder(first_folder, f);
            if (k < shared)
                shared = k;
            free(f);
        }
    }
    free(first_folder);
    int rc = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < n_inputs; i++) {
        char *base = base_name(inputs[i]);
        char *folder = c->keep_folders ? folder_of(inputs[i]) : strdup("");
        if (!base || !folder) {
            rc = EXIT_INTERNAL;
        } else if (c->keep_folders && escapes(folder + shared)) {
            rc = fail_usage("%s: its folder is outside the inputs' common folder; "
                            "--keep-folders cannot place its output", inputs[i]);
        }
        for (size_t f = 0; rc == EXIT_OK && f < c->n_writers; f++) {
            job *j = &jobs[i * c->n_writers + f];
            j->input = inputs[i];
            j->writer = c->writers[f];
            if (to_stdout)
                continue;
            if (c->output && !dir) {
                j->output = strdup(c->output);
            } else {
                const char *rel = folder + (c->keep_folders ? shared : strlen(folder));
                size_t dl = dir ? strlen(dir) : 0;
                size_t len = dl + strlen(rel) + strlen(base) + strlen(j->writer->extension) + 3;
                j->output = malloc(len);
                if (j->output)
                    snprintf(j->output, len, "%s%s%s%s.%s", dir ? dir : "",
                             dl && dir[dl - 1] != '/' ? "/" : "", rel, base, j->writer->extension);
            }
            if (!j->output)
                rc = EXIT_INTERNAL;
        }
        free(base);
        free(folder);
    }
    if (rc != EXIT_OK || to_stdout)
        return rc;
    /* Refuse, before anything is written, an output that two jobs would both
     * write (sorted, so that thousands of inputs cost n log n, not n^2)... */
    const job **sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return EXIT_INTERNAL;
    for (size_t a = 0; a < n; a++)
        sorted[a] = &jobs[a];
    qsort(sorted, n, sizeof *sorted, by_output);
    for (size_t a = 0; rc == EXIT_OK && a + 1 < n; a++) {
        if (strcmp(sorted[a]->output, sorted[a + 1]->output) == 0) {
            fprintf(stderr,
                    "newsconv: %s and %s would both be written to %s; nothing was written "
                    "(see --keep-folders)\n",
                    sorted[a]->input, sorted[a + 1]->input, sorted[a]->output);
            rc = EXIT_USAGE;
        }
    }
    free(sorted);
    /* ...and an output that is one of the inputs. Only an output that exists
     * already can be an input, so most runs stat each name once. */
    struct stat *in_st = rc == EXIT_OK ? calloc(n_inputs, sizeof *in_st) : NULL;
    if (rc == EXIT_OK && !in_st)
        rc = EXIT_INTERNAL;
    int have_in_st = 0;
    for (size_t a = 0; rc == EXIT_OK && a < n; a++) {
        struct stat st;
        if (stat(jobs[a].output, &st) != 0)
            continue;
        if (!have_in_st) {
            for (size_t i = 0; i < n_inputs; i++)
                if (stat(inputs[i], &in_st[i]) != 0)
                    in_st[i].st_ino = 0, in_st[i].st_dev = 0;
            have_in_st = 1;
        }
        for (size_t i = 0; i < n_inputs; i++) {
            if (in_st[i].st_ino == st.st_ino && in_st[i].st_dev == st.st_dev && st.st_ino) {
                fprintf(stderr, "newsconv: %s: the output would overwrite the input\n", inputs[i]);
                rc = EXIT_USAGE;
                break;
            }
        }
    }
    free(in_st);
    if (rc != EXIT_OK)
        return rc;
    if (dir && make_dirs(dir) != 0) {
        fprintf(stderr, "newsconv: %s: cannot create the folder: %s\n", dir, strerror(errno));
        return EXIT_OUTPUT;
    }
    /* Subfolders of --keep-folders, each made once per run of equal folders. */
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; c->keep_folders && i < n_inputs; i++) {
        const char *out = jobs[i * c->n_writers].output;
        const char *slash = strrchr(out, '/');
        size_t len = slash ? (size_t)(slash - out) : 0;
        if (!len || (prev && prev_len == len && strncmp(prev, out, len) == 0))
            continue;
        char *sub = strndup(out, len);
        int ok = sub && make_dirs(sub) == 0;
        if (!ok)
            fprintf(stderr, "newsconv: %s: cannot create the folder: %s\n", sub ? sub : out,
                    strerror(errno));
        free(sub);
        if (!ok)
            return EXIT_OUTPUT;
        prev = out;
        prev_len = len;
    }
    return EXIT_OK;
}

/* Reads one input; prints the error and returns the exit code on failure. */
static int read_input(task *t, nc_document **doc)
{
    cli *c = t->c;
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.smart = c->smart;
    ro.encoding = c->encoding;
    ro.lang = c->lang;
    ro.max_input = c->max_input;
    ro.metadata = c->meta;
    ro.n_metadata = c->n_meta;
    ro.diag = on_warning;
    ro.diag_userdata = t;
    ro.source_name = t->name;
    ro.resource_path = c->resource_path;
    nc_error err;
    nc_status rc = strcmp(t->input, "-") == 0 ? nc_read_file(stdin, &ro, doc, &err)
                                              : nc_read_path(t->input, &ro, doc, &err);
    if (rc == NC_OK)
        return EXIT_OK;
    /* The library names the file in its messages about the input. */
    if (strstr(err.message, t->name))
        say(c, "%s", err.message);
    else
        say(c, "%s: %s", t->name, err.message);
    if (rc == NC_ERR_NOMEM)
        return EXIT_INTERNAL;
    if (rc == NC_ERR_OPTION)
        return EXIT_USAGE;
    return EXIT_INPUT;
}

/* Forwards bytes to the real sink while hashing them, for the manifest. */
typedef struct tee {
    nc_sink *to;
    nc_sha256 sha;
    unsigned long long bytes;
} tee;

static int tee_write(const void *data, size_t size, void *userdata)
{
    tee *t = userdata;
    nc_sha256_update(&t->sha, data, size);
    t->bytes += size;
    return nc_sink_write(t->to, data, size) == NC_OK ? 0 : -1;
}

static int write_output(task *t, const nc_document *doc, job *j)
{
    cli *c = t->c;
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.options = c->wopts;
    wo.n_options = c->n_wopts;
    wo.diag = on_warning;
    wo.diag_userdata = t;
    nc_error err;
    const char *name = j->output ? j->output : "standard output";
    nc_sink *sink = j->output ? nc_sink_new_path(j->output, &err) : nc_sink_new_fd(STDOUT_FILENO);
    if (!sink) {
        if (j->output)
            say(c, "%s: %s", name, err.message);
        else
            say(c, "out of memory");
        return j->output ? EXIT_OUTPUT : EXIT_INTERNAL;
    }
    tee hash = {.to = sink};
    nc_sink *front = sink;
    if (c->manifest) {
        nc_sha256_init(&hash.sha);
        front = nc_sink_new_callback(tee_write, &hash);
        if (!front) {
            nc_sink_free(sink);
            say(c, "out of memory");
            return EXIT_INTERNAL;
        }
    }
    nc_status rc = nc_write(doc, j->writer, &wo, front, &err);
    if (rc == NC_OK && front != sink)
        rc = nc_sink_finish(front, &err);
    /* The real sink knows the first cause of a failed write: ask it. */
    nc_error sink_err;
    nc_status src = rc == NC_OK ? nc_sink_finish(sink, &sink_err) : nc_sink_get_error(sink, &sink_err);
    if (src != NC_OK && (rc == NC_OK || rc == NC_ERR_IO)) {
        rc = src;
        err = sink_err;
    }
    if (front != sink)
        nc_sink_free(front);
    nc_sink_free(sink);
    if (rc == NC_OK) {
        j->written = 1;
        if (c->manifest) {
            unsigned char digest[32];
            nc_sha256_final(&hash.sha, digest);
            nc_sha256_hex(digest, j->sha256);
            j->bytes = hash.bytes;
        }
        if (c->verbose)
            say(c, "wrote %s", name);
        return EXIT_OK;
    }
    if (rc == NC_ERR_OPTION) {
        say(c, "%s", err.message);
        return EXIT_USAGE;
    }
    say(c, "%s: %s", name, err.message);
    return rc == NC_ERR_NOMEM ? EXIT_INTERNAL : rc == NC_ERR_RESOURCE ? EXIT_INPUT : EXIT_OUTPUT;
}

typedef struct run {
    cli *c;
    task *tasks;
    job *jobs;
} run;

static void progress(cli *c, const char *input)
{
    /* Called with the lock held. */
    if (!c->progress)
        return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", c->done_inputs, c->n_inputs, input);
}

static void *worker(void *arg)
{
    run *r = arg;
    cli *c = r->c;
    for (;;) {
        pthread_mutex_lock(&c->lock);
        size_t i = c->next_input;
        int stop = c->stop;
        if (!stop && i < c->n_inputs)
            c->next_input++;
        pthread_mutex_unlock(&c->lock);
        if (stop || i >= c->n_inputs)
            return NULL;
        task *t = &r->tasks[i];
        nc_document *doc = NULL;
        t->status = read_input(t, &doc);
        for (size_t f = 0; t->status == EXIT_OK && f < c->n_writers; f++)
            t->status = write_output(t, doc, &r->jobs[i * c->n_writers + f]);
        nc_document_free(doc);
        pthread_mutex_lock(&c->lock);
        c->done_inputs++;
        /* A usage error or running out of memory would repeat for every
         * input: stop there, as --fail-fast stops at any failure. */
        if (t->status != EXIT_OK &&
            (c->fail_fast || t->status == EXIT_USAGE || t->status == EXIT_INTERNAL))
            c->stop = 1;
        progress(c, t->input);
        pthread_mutex_unlock(&c->lock);
    }
}

/* One JSON line per output written, in input order, then format order. */
static int write_manifest(cli *c, const job *jobs, size_t n_jobs)
{
    nc_error err;
    nc_sink *sink = strcmp(c->manifest, "-") == 0 ? nc_sink_new_fd(STDOUT_FILENO)
                                                  : nc_sink_new_path(c->manifest, &err);
    if (!sink) {
        say(c, "%s: %s", c->manifest, err.message);
        return EXIT_OUTPUT;
    }
    for (size_t i = 0; i < n_jobs; i++) {
        const job *j = &jobs[i];
        if (!j->written)
            continue;
        nc_buf line = NC_BUF_INIT;
        const char *out = j->output ? j->output : "-";
        nc_buf_puts(&line, "{\"input\": ");
        nc_escape_json(&line, j->input, strlen(j->input));
        nc_buf_puts(&line, ", \"format\": ");
        nc_escape_json(&line, j->writer->name, strlen(j->writer->name));
        nc_buf_puts(&line, ", \"output\": ");
        nc_escape_json(&line, out, strlen(out));
        nc_buf_printf(&line, ", \"bytes\": %llu, \"sha256\": \"%s\"}\n", j->bytes, j->sha256);
        nc_sink_write(sink, line.data, line.len);
        nc_buf_free(&line);
    }
    nc_status rc = nc_sink_finish(sink, &err);
    nc_sink_free(sink);
    if (rc != NC_OK) {
        say(c, "%s: %s", c->manifest, err.message);
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

static void list_formats(void)
{
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        char names[128];
        int len = snprintf(names, sizeof names, "%s", (*w)->name);
        for (const char *const *a = (*w)->aliases; a && *a && len < (int)sizeof names; a++)
            len += snprintf(names + len, sizeof names - (size_t)len, ", %s", *a);
        printf("%-24s .%-10s %s\n", names, (*w)->extension, (*w)->description);
    }
}

static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || errno || *s == '-')
        return -1;
    unsigned long long mult = 1;
    if (*end == 'k' || *end == 'K')
        mult = 1024ULL, end++;
    else if (*end == 'm' || *end == 'M')
        mult = 1024ULL * 1024, end++;
    else if (*end == 'g' || *end == 'G')
        mult = 1024ULL * 1024 * 1024, end++;
    if (*end || v > (unsigned long long)SIZE_MAX / mult)
        return -1;
    *out = (size_t)(v * mult);
    return 0;
}

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 256 ? (int)n : 1;
}

int main(int argc, char **argv)
{
    /* A closed pipe must be an error we report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    /* Writers free and take again buffers of a few hundred KB: libzip
     * deflates each EPUB entry with zlib at memLevel 9, two 128 KB blocks
     * and two of 64 KB a time. glibc gives the top of the heap back to the
     * system on each free past 128 KB, and serves blocks of 128 KB and more
     * with mmap, unmapped again by free: every page was faulted in afresh
     * for every entry. A run of the CLI is short, so it keeps what it frees
     * and serves blocks up to 1 MB from the heap. The seed to EPUB: 523
     * page faults and 3.5 ms with neither, 355 and 2.9 ms with the first.
     * Its peak memory is the same. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    cli c = {.smart = 1, .max_input = NC_DEFAULT_MAX_INPUT, .jobs = 0};
    pthread_mutex_init(&c.lock, NULL);
    enum { OPT_LANG = 256, OPT_ENCODING, OPT_NO_SMART, OPT_MAX_INPUT, OPT_PAPER, OPT_YAML,
           OPT_LIST, OPT_VERSION, OPT_MANIFEST, OPT_FAIL_FAST, OPT_KEEP_FOLDERS,
           OPT_RESOURCE_PATH };
    static const struct option longopts[] = {
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"metadata", required_argument, NULL, 'M'},
        {"writer-option", required_argument, NULL, 'W'},
        {"lang", required_argument, NULL, OPT_LANG},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"no-smart", no_argument, NULL, OPT_NO_SMART},
        {"max-input", required_argument, NULL, OPT_MAX_INPUT},
        {"paper", required_argument, NULL, OPT_PAPER},
        {"yaml-metadata", no_argument, NULL, OPT_YAML},
        {"jobs", required_argument, NULL, 'j'},
        {"manifest", required_argument, NULL, OPT_MANIFEST},
        {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},
        {"keep-folders", no_argument, NULL, OPT_KEEP_FOLDERS},
        {"resource-path", required_argument, NULL, OPT_RESOURCE_PATH},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"list-formats", no_argument, NULL, OPT_LIST},
        {"version", no_argument, NULL, OPT_VERSION},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int rc = EXIT_OK, opt;
    char paper[64];
    char *end;
    opterr = 0;
    while (rc == EXIT_OK && (opt = getopt_long(argc, argv, ":t:o:M:W:j:qvh", longopts, NULL)) != -1) {
        switch (opt) {
        case 't': rc = add_formats(&c, optarg); break;
        case 'o': c.output = optarg; break;
        case 'M': rc = add_pair(&c.meta, &c.n_meta, optarg, "-M"); break;
        case 'W': rc = add_pair(&c.wopts, &c.n_wopts, optarg, "-W"); break;
        case OPT_LANG: c.lang = optarg; break;
        case OPT_ENCODING: c.encoding = optarg; break;
        case OPT_NO_SMART: c.smart = 0; break;
        case OPT_MAX_INPUT:
            if (parse_size(optarg, &c.max_input) != 0)
                rc = fail_usage("--max-input needs a size in bytes (K, M, G allowed), not '%s'", optarg);
            break;
        case OPT_PAPER:
            snprintf(paper, sizeof paper, "paper=%s", optarg);
            rc = add_pair(&c.wopts, &c.n_wopts, paper, "--paper");
            break;
        case OPT_YAML: rc = add_pair(&c.wopts, &c.n_wopts, "yaml-metadata=true", "--yaml-metadata"); break;
        case 'j':
            errno = 0;
            c.jobs = (int)strtol(optarg, &end, 10);
            if (*end || errno || c.jobs < 1 || c.jobs > 256)
                rc = fail_usage("-j needs a number of jobs from 1 to 256, not '%s'", optarg);
            break;
        case OPT_MANIFEST: c.manifest = optarg; break;
        case OPT_FAIL_FAST: c.fail_fast = 1; break;
        case OPT_KEEP_FOLDERS: c.keep_folders = 1; break;
        case OPT_RESOURCE_PATH: c.resource_path = optarg; break;
        case 'q': c.quiet = 1; break;
        case 'v': c.verbose = 1; break;
        case OPT_LIST: list_formats(); return EXIT_OK;
        case OPT_VERSION: printf("newsconv %s\n", nc_version()); return EXIT_OK;
        case 'h': usage(stdout); return EXIT_OK;
        case ':': rc = fail_usage("option '%s' needs a value", argv[optind - 1]); break;
        default: rc = fail_usage("unknown option '%s'", argv[optind - 1]); break;
        }
    }
    if (rc == EXIT_OK && c.n_writers == 0)
        rc = fail_usage("%s", "no output format given: use -t FORMAT");
    if (rc == EXIT_OK && optind >= argc)
        rc = fail_usage("%s", "no input file given");
    size_t n_inputs = optind < argc ? (size_t)(argc - optind) : 0;
    char **inputs = argv + optind;
    for (size_t i = 0, stdin_seen = 0; rc == EXIT_OK && i < n_inputs; i++)
        if (strcmp(inputs[i], "-") == 0 && stdin_seen++)
            rc = fail_usage("%s", "standard input ('-') can be read only once");
    job *jobs = NULL;
    size_t n_jobs = 0;
    if (rc == EXIT_OK)
        rc = plan(&c, inputs, n_inputs, &jobs, &n_jobs);
    task *tasks = rc == EXIT_OK ? calloc(n_inputs, sizeof *tasks) : NULL;
    if (rc == EXIT_OK && !tasks)
        rc = EXIT_INTERNAL;
    if (rc == EXIT_OK) {
        c.n_inputs = n_inputs;
        c.progress = !c.quiet && isatty(STDERR_FILENO);
        for (size_t i = 0; i < n_inputs; i++) {
            /* Messages are one line: a name with a newline in it is shown
             * with spaces instead, as the library shows it. */
            char *name = strcmp(inputs[i], "-") == 0 ? strdup("standard input") : strdup(inputs[i]);
            for (char *p = name; p && *p; p++)
                if (*p == '\n' || *p == '\r')
                    *p = ' ';
            tasks[i] = (task){.c = &c, .input = inputs[i], .name = name ? name : inputs[i],
                              .owned_name = name};
        }
        run r = {.c = &c, .tasks = tasks, .jobs = jobs};
        int n_threads = c.jobs ? c.jobs : cores();
        if ((size_t)n_threads > n_inputs)
            n_threads = (int)n_inputs;
        pthread_t threads[256];
        int started = 0;
        /* The main thread works too; the others join it. */
        for (int k = 1; k < n_threads; k++)
            if (pthread_create(&threads[started], NULL, worker, &r) == 0)
                started++;
        worker(&r);
        for (int k = 0; k < started; k++)
            pthread_join(threads[k], NULL);
        if (c.progress && c.n_inputs)
            fputs("\r\033[K", stderr);
        size_t failed = 0;
        int last_failure = EXIT_OK;
        for (size_t i = 0; i < n_inputs; i++) {
            if (tasks[i].status != EXIT_OK) {
                failed++;
                last_failure = tasks[i].status;
            }
        }
        if (c.manifest) {
            int m = write_manifest(&c, jobs, n_jobs);
            if (m != EXIT_OK && !failed)
                rc = m;
        }
        if (failed)
            rc = n_inputs > 1 && last_failure != EXIT_USAGE && last_failure != EXIT_INTERNAL
                     ? EXIT_SOME
                     : last_failure;
    }
    for (size_t i = 0; i < n_jobs; i++)
        free(jobs[i].output);
    free(jobs);
    for (size_t i = 0; tasks && i < n_inputs; i++)
        free(tasks[i].owned_name);
    free(tasks);
    for (size_t i = 0; i < c.n_meta; i++)
        free((char *)c.meta[i].key);
    for (size_t i = 0; i < c.n_wopts; i++)
        free((char *)c.wopts[i].key);
    free(c.meta);
    free(c.wopts);
    pthread_mutex_destroy(&c.lock);
    return rc;
}

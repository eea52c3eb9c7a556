/* main.c: the newsconv command. It parses arguments, plans which output
 * each input and format goes to, and calls the library; nothing else. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsconv.h"

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
    int smart;
    size_t max_input;
    int quiet, verbose;
    const char *current;    /* the input being converted, for warnings */
} cli;

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
          "                          subject, keyword, image, cover-image, credit)\n"
          "      --lang TAG          the language (BCP 47); default: front matter, else en\n"
          "      --encoding NAME     the input encoding; default: detect\n"
          "      --no-smart          keep straight quotes, -- and ...\n"
          "      --max-input BYTES   refuse larger inputs (default 256M; 0: no limit)\n"
          "  -W, --writer-option KEY=VAL\n"
          "                          a format option, e.g. -W yaml-metadata=true\n"
          "      --paper a4|letter   PDF paper size (same as -W paper=...)\n"
          "      --yaml-metadata     Markdown: begin with a YAML metadata block\n"
          "  -q, --quiet             no warnings\n"
          "  -v, --verbose           name each output as it is written\n"
          "      --list-formats      list the output formats and exit\n"
          "      --version           print the version and exit\n"
          "  -h, --help              print this help and exit\n"
          "\n"
          "FILE '-' reads standard input; its output goes to standard output unless -o\n"
          "names a file or folder. Two inputs whose outputs would have the same name are\n"
          "refused before anything is written. Outputs are written to a temporary file and\n"
          "renamed into place only when complete. SOURCE_DATE_EPOCH fixes the timestamps\n"
          "of outputs whose article has no date.\n"
          "\n"
          "Exit codes: 0 success; 1 internal error; 2 usage error; 3 unreadable or unusable\n"
          "input; 4 output could not be written; 5 several inputs, some failed.\n",
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

static void on_warning(const nc_diagnostic *d, void *userdata)
{
    const cli *c = userdata;
    if (c->quiet)
        return;
    if (d->line)
        fprintf(stderr, "newsconv: %s:%lu: warning: %s\n", c->current, d->line, d->message);
    else
        fprintf(stderr, "newsconv: %s: warning: %s\n", c->current, d->message);
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
} job;

/* Two paths name the same existing file. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
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
    for (size_t i = 0; i < n_inputs; i++) {
        for (size_t f = 0; f < c->n_writers; f++) {
            job *j = &jobs[i * c->n_writers + f];
            j->input = inputs[i];
            j->writer = c->writers[f];
            if (to_stdout)
                continue;
            if (c->output && !dir) {
                j->output = strdup(c->output);
            } else {
                char *base = base_name(inputs[i]);
                size_t len = (dir ? strlen(dir) : 0) + (base ? strlen(base) : 0) +
                             strlen(j->writer->extension) + 3;
                j->output = base ? malloc(len) : NULL;
                if (j->output) {
                    size_t dl = dir ? strlen(dir) : 0;
                    snprintf(j->output, len, "%s%s%s.%s", dir ? dir : "",
                             dl && dir[dl - 1] != '/' ? "/" : "", base, j->writer->extension);
                }
                free(base);
            }
            if (!j->output)
                return EXIT_INTERNAL;
        }
    }
    /* Refuse, before anything is written, an output that is an input or
     * that two jobs would both write. */
    for (size_t a = 0; a < n; a++) {
        if (!jobs[a].output)
            continue;
        for (size_t i = 0; i < n_inputs; i++) {
            if (strcmp(jobs[a].output, inputs[i]) == 0 || same_file(jobs[a].output, inputs[i])) {
                fprintf(stderr, "newsconv: %s: the output would overwrite the input\n", inputs[i]);
                return EXIT_USAGE;
            }
        }
        for (size_t b = a + 1; b < n; b++) {
            if (jobs[b].output && strcmp(jobs[a].output, jobs[b].output) == 0) {
                fprintf(stderr,
                        "newsconv: %s and %s would both be written to %s; nothing was written\n",
                        jobs[a].input, jobs[b].input, jobs[a].output);
                return EXIT_USAGE;
            }
        }
    }
    if (dir && make_dirs(dir) != 0) {
        fprintf(stderr, "newsconv: %s: cannot create the folder: %s\n", dir, strerror(errno));
        return EXIT_OUTPUT;
    }
    return EXIT_OK;
}

/* Reads one input; prints the error and returns the exit code on failure. */
static int read_input(cli *c, const char *path, nc_document **doc)
{
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.smart = c->smart;
    ro.encoding = c->encoding;
    ro.lang = c->lang;
    ro.max_input = c->max_input;
    ro.metadata = c->meta;
    ro.n_metadata = c->n_meta;
    ro.diag = on_warning;
    ro.diag_userdata = c;
    c->current = path;
    nc_error err;
    nc_status rc;
    if (strcmp(path, "-") == 0) {
        ro.source_name = "standard input";
        c->current = "standard input";
        rc = nc_read_file(stdin, &ro, doc, &err);
    } else {
        ro.source_name = path;
        rc = nc_read_path(path, &ro, doc, &err);
    }
    if (rc == NC_OK)
        return EXIT_OK;
    /* The library names the file in its messages about the input. */
    if (strstr(err.message, c->current))
        fprintf(stderr, "newsconv: %s\n", err.message);
    else
        fprintf(stderr, "newsconv: %s: %s\n", c->current, err.message);
    if (rc == NC_ERR_NOMEM)
        return EXIT_INTERNAL;
    if (rc == NC_ERR_OPTION)
        return EXIT_USAGE;
    return EXIT_INPUT;
}

static int write_output(cli *c, const nc_document *doc, const job *j)
{
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.options = c->wopts;
    wo.n_options = c->n_wopts;
    wo.diag = on_warning;
    wo.diag_userdata = c;
    nc_error err;
    const char *name = j->output ? j->output : "standard output";
    nc_sink *sink = j->output ? nc_sink_new_path(j->output, &err) : nc_sink_new_fd(STDOUT_FILENO);
    if (!sink) {
        if (j->output)
            fprintf(stderr, "newsconv: %s: %s\n", name, err.message);
        else
            fprintf(stderr, "newsconv: out of memory\n");
        return j->output ? EXIT_OUTPUT : EXIT_INTERNAL;
    }
    nc_status rc = nc_write(doc, j->writer, &wo, sink, &err);
    if (rc == NC_OK)
        rc = nc_sink_finish(sink, &err);
    nc_sink_free(sink);
    if (rc == NC_OK) {
        if (c->verbose)
            fprintf(stderr, "newsconv: wrote %s\n", name);
        return EXIT_OK;
    }
    if (rc == NC_ERR_OPTION) {
        fprintf(stderr, "newsconv: %s\n", err.message);
        return EXIT_USAGE;
    }
    fprintf(stderr, "newsconv: %s: %s\n", name, err.message);
    return rc == NC_ERR_NOMEM ? EXIT_INTERNAL : rc == NC_ERR_RESOURCE ? EXIT_INPUT : EXIT_OUTPUT;
}

static void list_formats(void)
{
    for (const nc_writer *const *w = nc_writers(); *w; w++) {
        char names[128];
        int len = snprintf(names, sizeof names, "%s", (*w)->name);
        for (const char *const *a = (*w)->aliases; a && *a && len < (int)sizeof names; a++)
            len += snprintf(names + len, sizeof names - (size_t)len, ", %s", *a);
        printf("%-24s .%-6s %s\n", names, (*w)->extension, (*w)->description);
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

int main(int argc, char **argv)
{
    /* A closed pipe must be an error we report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
    cli c = {.smart = 1, .max_input = NC_DEFAULT_MAX_INPUT};
    enum { OPT_LANG = 256, OPT_ENCODING, OPT_NO_SMART, OPT_MAX_INPUT, OPT_PAPER, OPT_YAML,
           OPT_LIST, OPT_VERSION };
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
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"list-formats", no_argument, NULL, OPT_LIST},
        {"version", no_argument, NULL, OPT_VERSION},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int rc = EXIT_OK, opt;
    char paper[64];
    opterr = 0;
    while (rc == EXIT_OK && (opt = getopt_long(argc, argv, ":t:o:M:W:qvh", longopts, NULL)) != -1) {
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
    job *jobs = NULL;
    size_t n_jobs = 0;
    if (rc == EXIT_OK)
        rc = plan(&c, argv + optind, (size_t)(argc - optind), &jobs, &n_jobs);
    size_t n_inputs = (size_t)(argc - optind), failed_inputs = 0;
    int last_failure = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < n_inputs; i++) {
        nc_document *doc = NULL;
        int r = read_input(&c, argv[optind + (int)i], &doc);
        for (size_t f = 0; r == EXIT_OK && f < c.n_writers; f++) {
            c.current = argv[optind + (int)i];
            r = write_output(&c, doc, &jobs[i * c.n_writers + f]);
        }
        nc_document_free(doc);
        if (r != EXIT_OK) {
            failed_inputs++;
            last_failure = r;
            if (r == EXIT_USAGE || r == EXIT_INTERNAL)
                break; /* the same failure would repeat for every input */
        }
    }
    if (rc == EXIT_OK && failed_inputs)
        rc = n_inputs > 1 && last_failure != EXIT_USAGE && last_failure != EXIT_INTERNAL
                 ? EXIT_SOME
                 : last_failure;
    for (size_t i = 0; i < n_jobs; i++)
        free(jobs[i].output);
    free(jobs);
    for (size_t i = 0; i < c.n_meta; i++)
        free((char *)c.meta[i].key);
    for (size_t i = 0; i < c.n_wopts; i++)
        free((char *)c.wopts[i].key);
    free(c.meta);
    free(c.wopts);
    return rc;
}

/* plan.c: which file each input and format goes to. Everything that could
 * make a run write over its own outputs or inputs is refused here, before
 * the first byte is written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Where the outputs go: standard output, a folder, or the one file -o names. */
typedef struct dest {
    const char *dir;    /* a folder, or NULL */
    int to_stdout;
    size_t shared;      /* --keep-folders: length of the folder all inputs share */
} dest;

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

static int choose_dest(const cli *c, char **inputs, size_t n_inputs, size_t n, dest *d)
{
    if (c->output && strcmp(c->output, "-") == 0) {
        if (n > 1)
            return cli_fail_usage("-o %s writes one output, but this run makes several", "-");
        d->to_stdout = 1;
    } else if (c->output) {
        size_t len = strlen(c->output);
        if (n > 1 || c->output[len - 1] == '/' || is_dir(c->output))
            d->dir = c->output;
    } else if (n == 1 && strcmp(inputs[0], "-") == 0) {
        d->to_stdout = 1;
    }
    /* A binary format on a terminal is noise and a garbled terminal. */
    if (d->to_stdout && c->writers[0]->binary && isatty(STDOUT_FILENO))
        return cli_fail_usage("%s output is binary: not written to a terminal (use -o FILE)",
                              c->writers[0]->name);
    if (!c->keep_folders)
        return EXIT_OK;
    /* --keep-folders: each input's folder below the folder all inputs share. */
    char *first = NULL;
    for (size_t i = 0; i < n_inputs; i++) {
        char *f = folder_of(inputs[i]);
        if (!f) {
            free(first);
            return EXIT_INTERNAL;
        }
        if (!first) {
            first = f;
            d->shared = strlen(f);
            continue;
        }
        size_t k = common_folder(first, f);
        if (k < d->shared)
            d->shared = k;
        free(f);
    }
    free(first);
    return EXIT_OK;
}

/* Names the outputs of input i. */
static int name_outputs(const cli *c, const dest *d, const char *input, job *jobs)
{
    char *base = base_name(input);
    char *folder = c->keep_folders ? folder_of(input) : strdup("");
    int rc = EXIT_OK;
    if (!base || !folder)
        rc = EXIT_INTERNAL;
    else if (c->keep_folders && escapes(folder + d->shared))
        rc = cli_fail_usage("%s: its folder is outside the inputs' common folder; "
                            "--keep-folders cannot place its output", input);
    for (size_t f = 0; rc == EXIT_OK && f < c->n_writers; f++) {
        job *j = &jobs[f];
        j->input = input;
        j->writer = f;
        if (d->to_stdout)
            continue;
        if (c->output && !d->dir) {
            j->output = strdup(c->output);
        } else {
            const char *ext = c->writers[f]->extension;
            const char *rel = folder + (c->keep_folders ? d->shared : strlen(folder));
            size_t dl = d->dir ? strlen(d->dir) : 0;
            size_t len = dl + strlen(rel) + strlen(base) + strlen(ext) + 3;
            j->output = malloc(len);
            if (j->output)
                snprintf(j->output, len, "%s%s%s%s.%s", d->dir ? d->dir : "",
                         dl && d->dir[dl - 1] != '/' ? "/" : "", rel, base, ext);
        }
        if (!j->output)
            rc = EXIT_INTERNAL;
    }
    free(base);
    free(folder);
    return rc;
}

/* An output that two jobs would both write (sorted, so that thousands of
 * inputs cost n log n, not n^2). */
static int refuse_collisions(job *jobs, size_t n)
{
    const job **sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return EXIT_INTERNAL;
    for (size_t a = 0; a < n; a++)
        sorted[a] = &jobs[a];
    qsort(sorted, n, sizeof *sorted, by_output);
    int rc = EXIT_OK;
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
    return rc;
}

/* An output that is one of the inputs. Only an output that exists already
 * can be an input, so most runs stat each name once. */
static int refuse_overwriting_inputs(char **inputs, size_t n_inputs, const job *jobs, size_t n)
{
    struct stat *in_st = calloc(n_inputs, sizeof *in_st);
    if (!in_st)
        return EXIT_INTERNAL;
    int have_in_st = 0, rc = EXIT_OK;
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
    return rc;
}

/* The output folder, and the subfolders of --keep-folders, each made once
 * per run of equal folders. */
static int make_output_dirs(const cli *c, const dest *d, const job *jobs, size_t n_inputs)
{
    if (d->dir && make_dirs(d->dir) != 0) {
        fprintf(stderr, "newsconv: %s: cannot create the folder: %s\n", d->dir, strerror(errno));
        return EXIT_OUTPUT;
    }
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

int cli_plan(cli *c, char **inputs, size_t n_inputs, job **out_jobs, size_t *out_n)
{
    size_t n = n_inputs * c->n_writers;
    job *jobs = calloc(n, sizeof *jobs);
    if (!jobs)
        return EXIT_INTERNAL;
    *out_jobs = jobs;
    *out_n = n;
    dest d = {0};
    int rc = choose_dest(c, inputs, n_inputs, n, &d);
    for (size_t i = 0; rc == EXIT_OK && i < n_inputs; i++)
        rc = name_outputs(c, &d, inputs[i], &jobs[i * c->n_writers]);
    if (rc != EXIT_OK || d.to_stdout)
        return rc;
    rc = refuse_collisions(jobs, n);
    if (rc == EXIT_OK)
        rc = refuse_overwriting_inputs(inputs, n_inputs, jobs, n);
    if (rc == EXIT_OK)
        rc = make_output_dirs(c, &d, jobs, n_inputs);
    return rc;
}

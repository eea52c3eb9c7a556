/* batch.c: the pool of threads that converts the inputs. Each thread takes
 * the next input, reads it once and writes it in every format asked for;
 * messages are whole lines, so those of several threads never mix. */
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "shown.h"

/* One input's conversion, owned by the worker thread that runs it. */
typedef struct task {
    cli *c;
    const char *input;      /* as given on the command line */
    const char *name;       /* for messages: the input, or "standard input" */
    char *owned_name;       /* name, when it is a copy */
    int status;             /* an exit code: EXIT_OK or the failure */
} task;

typedef struct run {
    cli *c;
    task *tasks;
    job *jobs;
    size_t n_jobs;
} run;

static void on_warning(const nc_diagnostic *d, void *userdata)
{
    const task *t = userdata;
    if (t->c->quiet)
        return;
    if (d->line)
        cli_say(t->c, "%s:%lu: warning: %s", t->name, d->line, d->message);
    else
        cli_say(t->c, "%s: warning: %s", t->name, d->message);
}

/* The reader options the command line gives, for every input alike. */
static void reader_options(const cli *c, nc_reader_options *ro)
{
    nc_reader_options_init(ro);
    ro->smart = c->smart;
    ro->encoding = c->encoding;
    ro->lang = c->lang;
    ro->max_input = c->max_input;
    ro->metadata = c->meta.v;
    ro->n_metadata = c->meta.n;
}

/* Reads one input; prints the error and returns the exit code on failure. */
static int read_input(task *t, nc_document **doc)
{
    cli *c = t->c;
    nc_reader_options ro;
    reader_options(c, &ro);
    ro.diag = on_warning;
    ro.diag_userdata = t;
    ro.source_name = t->name;
    ro.resource_path = c->resource_path;
    nc_error err;
    nc_status rc = strcmp(t->input, "-") == 0 ? nc_read_file(stdin, &ro, doc, &err)
                                              : nc_read_path(t->input, &ro, doc, &err);
    if (rc == NC_OK)
        return EXIT_OK;
    /* The library names the file in its messages about the input, with a
     * newline in the name made a space (its messages are one line): show
     * the name itself, which cli_say escapes. */
    char flat[512];
    snprintf(flat, sizeof flat, "%s", t->name);
    for (char *p = flat; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    const char *at = strstr(err.message, flat);
    if (at)
        cli_say(c, "%.*s%s%s", (int)(at - err.message), err.message, t->name, at + strlen(flat));
    else
        cli_say(c, "%s: %s", t->name, err.message);
    if (rc == NC_ERR_NOMEM)
        return EXIT_INTERNAL;
    if (rc == NC_ERR_OPTION)
        return EXIT_USAGE;
    return EXIT_INPUT;
}

/* Records a finished output, under the signal lock (signals.h). */
static void output_done(nc_sink *sink, void *arg)
{
    job *j = arg;
    j->bytes = nc_sink_digest(sink, j->sha256);
    j->written = 1;
}

static int write_output(task *t, const nc_document *doc, job *j)
{
    cli *c = t->c;
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.options = c->wopts.of[j->writer];
    wo.n_options = c->wopts.n_of[j->writer];
    wo.diag = on_warning;
    wo.diag_userdata = t;
    wo.timestamp = c->timestamp;
    nc_error err;
    const char *name = j->output ? j->output : "standard output";
    nc_sink *sink = j->output ? cli_signals_new_path(&c->signals, j->output, &err)
                              : nc_sink_new_fd(STDOUT_FILENO);
    if (!sink) {
        if (j->output)
            cli_say(c, "%s: %s", name, err.message);
        else
            cli_say(c, "out of memory");
        return j->output ? EXIT_OUTPUT : EXIT_INTERNAL;
    }
    nc_status rc = c->manifest ? nc_sink_keep_digest(sink) : NC_OK;
    if (rc != NC_OK)
        nc_error_set(&err, rc, "out of memory");
    else
        rc = nc_write(doc, c->writers[j->writer], &wo, sink, &err);
    if (rc == NC_OK)
        rc = cli_signals_finish(&c->signals, sink, &err, output_done, j);
    cli_signals_free(&c->signals, sink);
    if (rc == NC_OK) {
        if (c->verbose)
            cli_say(c, "wrote %s", name);
        return EXIT_OK;
    }
    if (rc == NC_ERR_OPTION) {
        cli_say(c, "%s", err.message);
        return EXIT_USAGE;
    }
    cli_say(c, "%s: %s", name, err.message);
    return rc == NC_ERR_NOMEM ? EXIT_INTERNAL : rc == NC_ERR_RESOURCE ? EXIT_INPUT : EXIT_OUTPUT;
}

static void progress(cli *c, const char *input)
{
    /* Called with the lock held. */
    if (!c->progress)
        return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", c->done_inputs, c->n_inputs, input);
}

/* The PDF writer needs far more memory than the others (a 1 MB article:
 * some 11 MB of heap, EPUB 4 MB, Markdown and DocBook less than 1), and
 * what it frees stays in the process, as do the pages of every library a
 * writer loaded: written last, its peak stood on all the others' library
 * pages (libxml2, libzip and the libcrypto it brings, 1.9 MB). So an
 * input's formats are written PDF first, then in the order given, and the
 * heap a writer freed is given back before the next one when it is large
 * (an article of a few pages frees too little to bother: a batch keeps
 * reusing its pages). The 1 MB article to Markdown, DocBook, EPUB and PDF:
 * peak RSS median 22.0 -> 20.8 MB of 10 runs, the highest 22.4 -> 21.4.
 * Returns the index into c->writers of the k-th output of an input. */
static size_t writer_at(const cli *c, size_t k)
{
    size_t first = c->n_writers;
    for (size_t f = 0; f < c->n_writers && first == c->n_writers; f++)
        if (strcmp(c->writers[f]->name, "pdf") == 0)
            first = f;
    if (first == c->n_writers)
        return k;
    if (k == 0)
        return first;
    return k - 1 < first ? k - 1 : k;
}

/* Freed heap worth giving back between two outputs; the library's own
 * helper (src/base/heap.h) is not the CLI's to call. */
enum { GIVE_BACK_MIN = 4 << 20 };

static void give_back_heap(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    if (mallinfo2().fordblks >= GIVE_BACK_MIN)
        malloc_trim(0);
#endif
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
        for (size_t k = 0; t->status == EXIT_OK && k < c->n_writers; k++) {
            if (k)
                give_back_heap();
            t->status = write_output(t, doc, &r->jobs[i * c->n_writers + writer_at(c, k)]);
        }
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

/* The signal thread's last words (signals.h): the manifest of the outputs
 * that reached their place. */
static size_t on_signal(void *arg)
{
    run *r = arg;
    size_t done = 0;
    for (size_t i = 0; i < r->n_jobs; i++)
        done += r->jobs[i].written ? 1 : 0;
    if (r->c->manifest)
        cli_write_manifest(r->c, r->jobs, r->n_jobs, 0);
    return done;
}

static int cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 256 ? (int)n : 1;
}

/* The libraries the run will need that take long to load, loaded on a
 * thread of their own while the workers read and write: the language
 * detector first, which the first article needs before any writer runs,
 * then each writer's (libzip for EPUB). Loads take turns (the dynamic
 * loader has one lock), so this order lets the EPUB's libzip load while
 * the worker detects the language and writes the other formats. The
 * detector is loaded ahead only when the first input's start (read here
 * again, 4 KB at most) shows that reading will need it: loaded for an
 * article whose front matter gives its language, it would only delay
 * libzip (the seed with such front matter to Markdown, DocBook and EPUB:
 * 4.35 -> 5.19 ms). Failures are left for the reader and the writers to
 * report, as they do without this. */
static void *prepare_libraries(void *arg)
{
    const run *r = arg;
    const cli *c = r->c;
    nc_reader_options ro;
    reader_options(c, &ro);
    char head[4096];
    ssize_t n = -1;
    const char *first = r->tasks[0].input;
    /* Only a regular file: reading a pipe here would take its bytes from
     * the reader (O_NONBLOCK: opening a FIFO must not wait for a writer). */
    if (c->n_inputs == 1 && strcmp(first, "-") != 0) {
        int fd = open(first, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
            n = read(fd, head, sizeof head);
        if (fd >= 0)
            close(fd);
    }
    nc_reader_prepare(&ro, n >= 0 ? head : NULL, n >= 0 ? (size_t)n : 0);
    /* In the order they are written, up to the PDF, which is written first
     * (writer_at): a library loaded ahead for a later writer would stand
     * under the PDF's peak (libzip with libcrypto: 1.3 MB; the 1 MB
     * article to four formats peaked at 21.0 MB with it, 19.6 without). It
     * loads when its writer runs, after the PDF's tenths of a second. */
    for (size_t k = 0; k < c->n_writers; k++) {
        const nc_writer *w = c->writers[writer_at(c, k)];
        nc_writer_prepare(w);
        if (strcmp(w->name, "pdf") == 0)
            break;
    }
    return NULL;
}

/* Whether a writer of the run has a library to load ahead: without one,
 * loading the detector on another thread hides nothing (the reader's work
 * before detection is 20,000 instructions on the seed). */
static int worth_preparing(const cli *c)
{
    for (size_t k = 0; k < c->n_writers; k++)
        if (c->writers[k]->prepare)
            return 1;
    return 0;
}

/* Runs the workers; the main thread works too, the others join it. The
 * thread that prepares libraries starts last: while it is inside the
 * dynamic loader, creating a thread waits for it (glibc takes the same
 * lock to set up the new thread's TLS). */
static void run_workers(run *r)
{
    int n_threads = r->c->jobs ? r->c->jobs : cores();
    if ((size_t)n_threads > r->c->n_inputs)
        n_threads = (int)r->c->n_inputs;
    pthread_t threads[256], preparer;
    int started = 0;
    for (int k = 1; k < n_threads; k++)
        if (pthread_create(&threads[started], NULL, worker, r) == 0)
            started++;
    int preparing = worth_preparing(r->c) &&
                    pthread_create(&preparer, NULL, prepare_libraries, r) == 0;
    worker(r);
    for (int k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    if (preparing)
        pthread_join(preparer, NULL);
}

int cli_run(cli *c, char **inputs, size_t n_inputs, job *jobs, size_t n_jobs)
{
    task *tasks = calloc(n_inputs, sizeof *tasks);
    if (!tasks)
        return EXIT_INTERNAL;
    c->n_inputs = n_inputs;
    c->progress = !c->quiet && isatty(STDERR_FILENO);
    for (size_t i = 0; i < n_inputs; i++) {
        /* Messages are one line: cli_say escapes what a name holds. */
        char *name = strcmp(inputs[i], "-") == 0 ? strdup("standard input") : strdup(inputs[i]);
        tasks[i] = (task){.c = c, .input = inputs[i], .name = name ? name : inputs[i],
                          .owned_name = name};
    }
    run r = {.c = c, .tasks = tasks, .jobs = jobs, .n_jobs = n_jobs};
    if (cli_signals_start(&c->signals, on_signal, &r) != 0)
        cli_say(c, "%s", "warning: cannot watch for signals; an interrupted run leaves temporary files");
    run_workers(&r);
    if (c->progress && c->n_inputs)
        fputs("\r\033[K", stderr);
    size_t failed = 0;
    int rc = EXIT_OK, last_failure = EXIT_OK;
    for (size_t i = 0; i < n_inputs; i++) {
        if (tasks[i].status != EXIT_OK) {
            failed++;
            last_failure = tasks[i].status;
        }
        free(tasks[i].owned_name);
    }
    free(tasks);
    if (c->manifest) {
        int m = cli_write_manifest(c, jobs, n_jobs, 1);
        if (m != EXIT_OK && !failed)
            rc = m;
    }
    cli_signals_end(&c->signals);
    if (failed)
        rc = n_inputs > 1 && last_failure != EXIT_USAGE && last_failure != EXIT_INTERNAL
                 ? EXIT_SOME
                 : last_failure;
    return rc;
}

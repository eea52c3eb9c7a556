/* signals.c: SIGINT, SIGTERM and SIGHUP during a run (signals.h). */
#include "signals.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *signal_thread(void *arg)
{
    cli_signals *w = arg;
    int sig = 0;
    while (sigwait(&w->set, &sig) != 0)
        ;
    pthread_mutex_lock(&w->lock); /* held until the exit: nothing more finishes */
    for (size_t i = 0; i < w->n; i++) {
        const char *tmp = nc_sink_temp_path(w->sinks[i]);
        if (tmp)
            unlink(tmp);
    }
    size_t done = w->fn ? w->fn(w->arg) : 0;
    const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    /* stderr may be a terminal showing the progress line: start afresh. */
    fprintf(stderr, "%snewsconv: stopped by %s: %zu output%s finished, the unfinished removed\n",
            isatty(STDERR_FILENO) ? "\r\033[K" : "", name, done, done == 1 ? "" : "s");
    fflush(stderr);
    _exit(128 + sig);
}

int cli_signals_start(cli_signals *w, cli_on_signal fn, void *arg)
{
    *w = (cli_signals){0};
    if (pthread_mutex_init(&w->lock, NULL) != 0)
        return -1;
    w->fn = fn;
    w->arg = arg;
    sigemptyset(&w->set);
    sigaddset(&w->set, SIGINT);
    sigaddset(&w->set, SIGTERM);
    sigaddset(&w->set, SIGHUP);
    sigset_t old;
    if (pthread_sigmask(SIG_BLOCK, &w->set, &old) != 0)
        return -1;
    pthread_t t;
    if (pthread_create(&t, NULL, signal_thread, w) != 0) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return -1;
    }
    pthread_detach(t);
    return 0;
}

nc_sink *cli_signals_new_path(cli_signals *w, const char *path, nc_error *err)
{
    pthread_mutex_lock(&w->lock);
    nc_sink *sink = nc_sink_new_path(path, err);
    if (sink && w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        nc_sink **v = realloc(w->sinks, cap * sizeof *v);
        if (v) {
            w->sinks = v;
            w->cap = cap;
        }
    }
    /* Out of memory: unwatched, the file is only left on a signal. */
    if (sink && w->n < w->cap)
        w->sinks[w->n++] = sink;
    pthread_mutex_unlock(&w->lock);
    return sink;
}

static void unwatch(cli_signals *w, nc_sink *sink)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->sinks[i] == sink) {
            w->sinks[i] = w->sinks[--w->n];
            return;
        }
}

nc_status cli_signals_finish(cli_signals *w, nc_sink *sink, nc_error *err,
                             void (*done)(nc_sink *sink, void *arg), void *arg)
{
    pthread_mutex_lock(&w->lock);
    nc_status rc = nc_sink_finish(sink, err);
    if (rc == NC_OK && done)
        done(sink, arg);
    unwatch(w, sink);
    pthread_mutex_unlock(&w->lock);
    return rc;
}

void cli_signals_end(cli_signals *w)
{
    pthread_mutex_lock(&w->lock);
    free(w->sinks);
    w->sinks = NULL;
    w->n = w->cap = 0;
    w->fn = NULL;
    w->arg = NULL;
    pthread_mutex_unlock(&w->lock);
}

void cli_signals_free(cli_signals *w, nc_sink *sink)
{
    pthread_mutex_lock(&w->lock);
    unwatch(w, sink);
    nc_sink_free(sink);
    pthread_mutex_unlock(&w->lock);
}

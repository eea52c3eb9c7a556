/* signals.h: SIGINT, SIGTERM and SIGHUP during a run. They are blocked in
 * every thread and taken by one thread of their own, which removes every
 * temporary output file of the run, lets the caller report what finished
 * (the manifest), prints one line and exits with 128 + the signal (130,
 * 143, 129). Finished outputs are whole: an output is renamed into place
 * under the same lock that the cleanup takes, so each is either finished
 * (and reported) or removed. */
#ifndef NC_CLI_SIGNALS_H
#define NC_CLI_SIGNALS_H

#include <pthread.h>
#include <signal.h>

#include "newsconv.h"

/* Called by the signal thread, with the lock held, before it exits: the
 * run's last words (the manifest of what finished). Returns how many
 * outputs finished, for the message. */
typedef size_t (*cli_on_signal)(void *arg);

/* The run's state for the signal thread; lives as long as the process
 * (the thread may read it until the exit). */
typedef struct cli_signals {
    pthread_mutex_t lock;
    nc_sink **sinks; /* path sinks not yet finished or freed */
    size_t n, cap;
    cli_on_signal fn;
    void *arg;
    sigset_t set;
} cli_signals;

/* Blocks the signals and starts the thread that takes them; before any
 * other thread starts. Returns 0, or -1 when the thread cannot start (the
 * signals then keep their default action). */
int cli_signals_start(cli_signals *s, cli_on_signal fn, void *arg);

/* nc_sink_new_path under the lock, the sink watched: its temporary file is
 * removed if a signal comes, and none is made once the cleanup began. */
nc_sink *cli_signals_new_path(cli_signals *s, const char *path, nc_error *err);
/* nc_sink_finish under the lock; on success done(sink, arg) is called
 * there too (to record the output: its size, its digest, that it is
 * written), so the signal thread sees every output that reached its place,
 * with all it needs. done may be NULL. */
nc_status cli_signals_finish(cli_signals *s, nc_sink *sink, nc_error *err,
                             void (*done)(nc_sink *sink, void *arg), void *arg);
/* nc_sink_free under the lock (it removes an unfinished temporary file). */
void cli_signals_free(cli_signals *s, nc_sink *sink);
/* The run is over: its list is freed, and a signal from now on only ends
 * the process (the callback's data may be gone). */
void cli_signals_end(cli_signals *s);

#endif

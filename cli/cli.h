/* cli.h: the newsconv command's own parts, shared by its files. The command
 * is a client of the public API (newsconv.h) and of nothing else:
 *   main.c      the command line, and the run from start to exit code
 *   help.c      --help and --list-formats, written from the writers' tables
 *   wopts.c     format options: each -W (or shorthand) to the writers that declare it
 *   pairs.c     the KEY=VALUE lists of -M and -W
 *   plan.c      which file each input and format goes to, refused before any is written
 *   batch.c     the pool of threads converting inputs, and their messages
 *   manifest.c  the JSON lines of --manifest
 *   say.c       messages on stderr, one whole line each */
#ifndef NC_CLI_H
#define NC_CLI_H

#include <getopt.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "newsconv.h"
#include "signals.h"

/* Exit codes; documented in --help, the README and newsconv(1). */
enum {
    EXIT_OK = 0,
    EXIT_INTERNAL = 1, /* out of memory or a bug */
    EXIT_USAGE = 2,    /* bad command line */
    EXIT_INPUT = 3,    /* an input could not be read or is not an article */
    EXIT_OUTPUT = 4,   /* an output could not be written */
    EXIT_SOME = 5      /* several inputs: some failed, the others were converted */
};

enum { CLI_MAX_WRITERS = 32 };

/* KEY=VALUE pairs (pairs.c). */
typedef struct cli_pairs {
    nc_option *v;
    size_t n, cap;
} cli_pairs;

/* The format options given, and each selected writer's share of them. */
typedef struct cli_wopts {
    cli_pairs given;        /* -W and the shorthands, in command-line order */
    nc_option *of[CLI_MAX_WRITERS]; /* per selected writer: the options it declares */
    size_t n_of[CLI_MAX_WRITERS];
} cli_wopts;

typedef struct cli {
    const nc_writer *writers[CLI_MAX_WRITERS];
    size_t n_writers;
    const char *output;     /* -o */
    cli_pairs meta;         /* -M */
    cli_wopts wopts;
    const char *lang;
    const char *encoding;
    const char *resource_path; /* --resource-path */
    int smart;
    size_t max_input;
    int quiet, verbose;
    int jobs;               /* -j: worker threads; 0: one a core */
    int fail_fast;
    int keep_folders;       /* --keep-folders */
    const char *manifest;   /* --manifest FILE */
    time_t timestamp;       /* SOURCE_DATE_EPOCH, checked; (time_t)-1: unset */
    cli_signals signals;    /* SIGINT, SIGTERM, SIGHUP (signals.h) */
    int progress;           /* stderr is a terminal and not --quiet */
    pthread_mutex_t lock;   /* guards the fields below and stderr lines */
    size_t next_input, done_inputs, n_inputs;
    int stop;               /* --fail-fast saw a failure */
} cli;

/* One output: an input written in one format. */
typedef struct job {
    const char *input;
    size_t writer;          /* index into cli.writers */
    char *output;           /* NULL: standard output */
    /* results, for the manifest */
    int written;
    size_t bytes;
    char sha256[65];
} job;

/* Prints "newsconv: MESSAGE (try 'newsconv --help')" and returns EXIT_USAGE. */
int cli_fail_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* help.c */
void cli_usage(FILE *to);
void cli_list_formats(FILE *to);
/* The values an option takes, for help: "a4|letter", "0..9", "true|false". */
void cli_option_values(const nc_option_spec *spec, char *out, size_t size);

/* pairs.c */
/* Adds "KEY=VALUE" (flag: the option it came with, for messages). */
int cli_pairs_add(cli_pairs *p, const char *arg, const char *flag);
/* Adds key (taken over: freed on failure too) and value. */
int cli_pairs_put(cli_pairs *p, char *key, const char *value);
void cli_pairs_free(cli_pairs *p);

/* wopts.c */
/* Refuses a key no built-in writer declares and a value that a writer
 * declaring the key does not take; then shares the options out among the
 * selected writers. */
int cli_wopts_route(cli *c);
void cli_wopts_free(cli_wopts *w);
/* The shorthands the writers' tables declare, as getopt long options whose
 * val is first_val + the shorthand's number. Returns the count written to
 * out (at most max). */
size_t cli_alias_options(struct option *out, size_t max, int first_val);
/* The option of shorthand number i (as numbered above) with its value. */
int cli_wopts_add_alias(cli_wopts *w, size_t i, const char *value);

/* plan.c */
/* Names the output of each input and format (n_inputs x n_writers jobs, in
 * input order, then format order), refuses collisions and overwritten
 * inputs, and makes the output folders. */
int cli_plan(cli *c, char **inputs, size_t n_inputs, job **jobs, size_t *n_jobs);

/* batch.c */
/* Converts every input on c->jobs threads (or one a core); the exit code. */
int cli_run(cli *c, char **inputs, size_t n_inputs, job *jobs, size_t n_jobs);
/* Prints one whole line on stderr; lines of several threads never mix.
 * What the line holds is escaped (shown.h): names are bytes. */
void cli_say(cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* manifest.c */
/* guarded: through signals.h, as every output of the run; not from the
 * signal thread, which holds that lock already. */
int cli_write_manifest(cli *c, const job *jobs, size_t n_jobs, int guarded);

#endif

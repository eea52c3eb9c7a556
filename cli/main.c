/* main.c: the newsconv command. It reads the command line, has the outputs
 * planned, runs the conversions and turns the result into an exit code;
 * the work is the library's (cli.h names the command's other parts). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "shown.h"

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
                if (c->n_writers < CLI_MAX_WRITERS)
                    c->writers[c->n_writers++] = *w;
            continue;
        }
        const nc_writer *w = nc_writer_find(name);
        if (!w) {
            rc = cli_fail_usage("unknown format '%s'", name);
            break;
        }
        int dup = 0;
        for (size_t i = 0; i < c->n_writers; i++)
            dup |= c->writers[i] == w;
        if (!dup && c->n_writers < CLI_MAX_WRITERS)
            c->writers[c->n_writers++] = w;
    }
    free(copy);
    return rc;
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

enum { OPT_LANG = 256, OPT_ENCODING, OPT_NO_SMART, OPT_MAX_INPUT, OPT_LIST, OPT_VERSION,
       OPT_MANIFEST, OPT_FAIL_FAST, OPT_KEEP_FOLDERS, OPT_RESOURCE_PATH, OPT_ALIAS };
enum { MAX_ALIASES = 32 };
/* What an option asks the command to do besides setting a field. */
enum { GO_ON, EXIT_NOW };

static const struct option fixed_options[] = {
    {"to", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"metadata", required_argument, NULL, 'M'},
    {"writer-option", required_argument, NULL, 'W'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"no-smart", no_argument, NULL, OPT_NO_SMART},
    {"max-input", required_argument, NULL, OPT_MAX_INPUT},
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
};

/* Applies one option getopt found; *exit_now is set for those that only
 * print something. */
static int apply_option(cli *c, int opt, const char *arg, const char *as_given, int *exit_now)
{
    char *end;
    switch (opt) {
    case 't': return add_formats(c, arg);
    case 'o': c->output = arg; return EXIT_OK;
    case 'M': return cli_pairs_add(&c->meta, arg, "-M");
    case 'W': return cli_pairs_add(&c->wopts.given, arg, "-W");
    case OPT_LANG: c->lang = arg; return EXIT_OK;
    case OPT_ENCODING: c->encoding = arg; return EXIT_OK;
    case OPT_NO_SMART: c->smart = 0; return EXIT_OK;
    case OPT_MAX_INPUT:
        if (parse_size(arg, &c->max_input) != 0)
            return cli_fail_usage("--max-input needs a size in bytes (K, M, G allowed), not '%s'",
                                  arg);
        return EXIT_OK;
    case 'j':
        errno = 0;
        c->jobs = (int)strtol(arg, &end, 10);
        if (*end || errno || c->jobs < 1 || c->jobs > 256)
            return cli_fail_usage("-j needs a number of jobs from 1 to 256, not '%s'", arg);
        return EXIT_OK;
    case OPT_MANIFEST: c->manifest = arg; return EXIT_OK;
    case OPT_FAIL_FAST: c->fail_fast = 1; return EXIT_OK;
    case OPT_KEEP_FOLDERS: c->keep_folders = 1; return EXIT_OK;
    case OPT_RESOURCE_PATH: c->resource_path = arg; return EXIT_OK;
    case 'q': c->quiet = 1; return EXIT_OK;
    case 'v': c->verbose = 1; return EXIT_OK;
    case OPT_LIST: cli_list_formats(stdout); *exit_now = 1; return EXIT_OK;
    case OPT_VERSION: printf("newsconv %s\n", nc_version()); *exit_now = 1; return EXIT_OK;
    case 'h': cli_usage(stdout); *exit_now = 1; return EXIT_OK;
    case ':': return cli_fail_usage("option '%s' needs a value", as_given);
    }
    if (opt >= OPT_ALIAS && opt < OPT_ALIAS + MAX_ALIASES)
        return cli_wopts_add_alias(&c->wopts, (size_t)(opt - OPT_ALIAS), arg);
    return cli_fail_usage("unknown option '%s'", as_given);
}

/* The option as the user wrote it, for a message about it: a refused
 * short option is optopt, argv[optind - 1] being the whole word it was in
 * ("-t md -zq" once said 'md'); a long one, the word up to any '='. */
static const char *option_named(char **argv, int optopt_seen, int opt, char name[64])
{
    const char *word = argv[optind - 1];
    int refused = opt == '?' || opt == ':';
    if (!refused)
        return word;
    if (strncmp(word, "--", 2) == 0 || optopt_seen <= 0 || optopt_seen > 127)
        snprintf(name, 64, "%.*s", (int)strcspn(word, "="), word);
    else
        snprintf(name, 64, "-%c", optopt_seen);
    return name;
}

/* SOURCE_DATE_EPOCH, strictly (reproducible-builds.org: a malformed value
 * is an error, not a reason to use the clock): decimal digits, 0 to the end
 * of year 9999. Unset or empty: *t is (time_t)-1. */
static int source_date_epoch(time_t *t)
{
    const char *v = getenv("SOURCE_DATE_EPOCH");
    *t = (time_t)-1;
    if (!v || !*v)
        return EXIT_OK;
    long long n = 0;
    size_t digits = strspn(v, "0123456789");
    int ok = digits > 0 && digits <= 12 && v[digits] == '\0';
    for (size_t i = 0; ok && i < digits; i++)
        n = n * 10 + (v[i] - '0');
    if (!ok || n > 253402300799LL)
        return cli_fail_usage("SOURCE_DATE_EPOCH='%s' is not a time: seconds since 1970 as "
                              "digits, 0 to 253402300799 (9999-12-31)", v);
    *t = (time_t)n;
    return EXIT_OK;
}

/* The command line into c; *first_input is the index of the first FILE. */
static int parse_args(cli *c, int argc, char **argv, int *first_input, int *exit_now)
{
    enum { N_FIXED = sizeof fixed_options / sizeof *fixed_options };
    struct option longopts[N_FIXED + MAX_ALIASES + 1];
    memcpy(longopts, fixed_options, sizeof fixed_options);
    size_t n = N_FIXED + cli_alias_options(longopts + N_FIXED, MAX_ALIASES, OPT_ALIAS);
    longopts[n] = (struct option){0};
    int rc = EXIT_OK, opt;
    opterr = 0;
    while (rc == EXIT_OK && !*exit_now &&
           (opt = getopt_long(argc, argv, ":t:o:M:W:j:qvh", longopts, NULL)) != -1) {
        char as_given[64];
        rc = apply_option(c, opt, optarg, option_named(argv, optopt, opt, as_given), exit_now);
    }
    *first_input = optind;
    if (rc != EXIT_OK || *exit_now)
        return rc;
    if ((rc = source_date_epoch(&c->timestamp)) != EXIT_OK)
        return rc;
    if (c->n_writers == 0)
        return cli_fail_usage("%s", "no output format given: use -t FORMAT");
    if (optind >= argc)
        return cli_fail_usage("%s", "no input file given");
    for (int i = optind, stdin_seen = 0; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && stdin_seen++)
            return cli_fail_usage("%s", "standard input ('-') can be read only once");
    return cli_wopts_route(c);
}

int main(int argc, char **argv)
{
    /* A closed pipe must be an error we report, not a silent death. */
    signal(SIGPIPE, SIG_IGN);
#if defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    /* Writers free and take again buffers of a few hundred KB (libzip
     * deflates each EPUB entry with two 128 KB blocks and two of 64 KB);
     * glibc would give the heap's top back on each such free and serve
     * those blocks with mmap, faulting every page in afresh for every
     * entry. A run is short: it keeps what it frees (the seed to EPUB: 523
     * page faults and 3.5 ms before, 355 and 2.9 ms after; same peak). */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    cli c = {.smart = 1, .max_input = NC_DEFAULT_MAX_INPUT, .jobs = 0};
    pthread_mutex_init(&c.lock, NULL);
    int first_input = 0, exit_now = 0;
    int rc = parse_args(&c, argc, argv, &first_input, &exit_now);
    size_t n_inputs = first_input < argc ? (size_t)(argc - first_input) : 0;
    char **inputs = argv + first_input;
    job *jobs = NULL;
    size_t n_jobs = 0;
    if (rc == EXIT_OK && !exit_now)
        rc = cli_plan(&c, inputs, n_inputs, &jobs, &n_jobs);
    if (rc == EXIT_OK && !exit_now)
        rc = cli_run(&c, inputs, n_inputs, jobs, n_jobs);
    for (size_t i = 0; i < n_jobs; i++)
        free(jobs[i].output);
    free(jobs);
    cli_pairs_free(&c.meta);
    cli_wopts_free(&c.wopts);
    pthread_mutex_destroy(&c.lock);
    return rc;
}

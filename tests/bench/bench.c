/* bench.c: the benchmark driver (issue 10). Runs newsconv, the PDF floor
 * program, gzip and, when installed, pandoc and calibre's ebook-convert as
 * child processes; times each with a monotonic clock and reads its peak
 * resident set from wait4()'s rusage, so nothing but a POSIX system is
 * needed. Prints Markdown tables, then one line per target of the issue.
 *
 * Not part of the pass/fail suite: figures depend on the machine and its
 * load. Only --smoke (the seed, one run) is a ctest test. */
#define _DEFAULT_SOURCE
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FORMATS 16
#define MAX_RUNS 101
#define MB 1000000.0
#define MIB (1024.0 * 1024.0)

typedef struct figure {
    int ok;          /* measured, and every run exited 0 */
    double ms;       /* median wall time */
    double rss_mib;  /* highest peak resident set over the runs */
    char why[160];   /* when not ok */
} figure;

typedef struct format {
    char name[32];
    char ext[16];
} format;

typedef struct input {
    const char *label; /* "seed", "1 MB", ... */
    char path[4096];
    double bytes;
    int runs;
    figure per[MAX_FORMATS];
} input;

typedef struct bench {
    const char *newsconv, *floor_bin, *seed, *corpus, *work;
    int smoke, max_mb, runs_scale;
    format fmt[MAX_FORMATS];
    int nfmt;
    char pandoc[4096], calibre[4096];
} bench;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("nc_bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs argv once with stdin from `in` (or /dev/null) and stdout to `out`
 * (or /dev/null); stderr goes to err_path so that a failure can be shown.
 * Returns the exit status (-1 when it could not run or was killed). */
static int run_once(char *const argv[], const char *in, const char *out, const char *err_path,
                    double *ms, double *rss_mib, double *cpu_ms)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fi = open(in ? in : "/dev/null", O_RDONLY);
        int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fi < 0 || fo < 0 || fe < 0)
            _exit(126);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    pid_t r;
    while ((r = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
        ;
    *ms = now_ms() - t0;
    if (r < 0)
        return -1;
    *rss_mib = (double)ru.ru_maxrss / 1024.0; /* Linux reports KiB */
    if (cpu_ms)
        *cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                  (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void first_line(const char *path, char *out, size_t n)
{
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(out, (int)n, f))
        out[strcspn(out, "\n")] = '\0';
    fclose(f);
}

/* Removes what a run will write, so that every run, of newsconv and of the
 * anchors alike, writes new files, as a first conversion does: replacing a
 * file makes the file system free the old one's blocks on the clock of the
 * run that replaces it (ext4 mounted with discard trims them there and
 * then), a cost of the disk, not of the converter. A path ending in '/'
 * is a folder whose files are removed. */
static void remove_outputs(const char *fresh)
{
    if (!fresh)
        return;
    size_t n = strlen(fresh);
    if (n == 0 || fresh[n - 1] != '/') {
        unlink(fresh);
        return;
    }
    DIR *d = opendir(fresh);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[4400];
        struct stat st;
        snprintf(p, sizeof p, "%s%s", fresh, e->d_name);
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
            unlink(p);
    }
    if (d)
        closedir(d);
}

/* One command of an interleaved measurement. */
typedef struct command {
    char *const *argv;
    const char *in, *out; /* stdin and stdout, NULL: /dev/null */
    const char *fresh;    /* what it writes, removed before each run (untimed), or NULL */
} command;

/* Median wall time of `runs` runs of each command, after one warm-up run
 * each (skipped for a single run: the big inputs take long enough that the
 * cache is warm after generating them). With several commands the runs
 * alternate (A B A B ...), so that a machine that slows down or speeds up
 * during the measurement (these are shared) weighs on each alike: a ratio
 * of two of them is then a ratio measured in one run. */
static void measure_n(const bench *b, const command *cmd, figure *out, int n, int runs)
{
    static double t[4][MAX_RUNS];
    char err_path[4200];
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", b->work);
    if (runs > MAX_RUNS)
        runs = MAX_RUNS;
    for (int k = 0; k < n; k++)
        out[k] = (figure){.ok = 1};
    for (int i = runs > 1 ? -1 : 0; i < runs; i++) {
        for (int k = 0; k < n; k++) {
            if (!out[k].ok)
                continue;
            double ms = 0, rss = 0;
            remove_outputs(cmd[k].fresh);
            int rc = run_once(cmd[k].argv, cmd[k].in, cmd[k].out, err_path, &ms, &rss, NULL);
            if (rc != 0) {
                char msg[120];
                first_line(err_path, msg, sizeof msg);
                out[k] = (figure){0};
                snprintf(out[k].why, sizeof out[k].why, "exit %d: %s", rc, msg);
                continue;
            }
            if (i >= 0)
                t[k][i] = ms;
            if (rss > out[k].rss_mib)
                out[k].rss_mib = rss;
        }
    }
    for (int k = 0; k < n; k++) {
        if (!out[k].ok)
            continue;
        qsort(t[k], (size_t)runs, sizeof t[k][0], cmp_double);
        out[k].ms = runs % 2 ? t[k][runs / 2] : (t[k][runs / 2 - 1] + t[k][runs / 2]) / 2;
    }
}

/* One command alone. fresh: what it writes, removed before each run (not
 * timed), or NULL. */
static figure measure(const bench *b, char *const argv[], const char *in, const char *out,
                      int runs, const char *fresh)
{
    command c = {.argv = argv, .in = in, .out = out, .fresh = fresh};
    figure f;
    measure_n(b, &c, &f, 1, runs);
    return f;
}

/* ------------------------------------------------------------- inputs */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    size_t got;
    while (p && (got = fread(p + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q)
                free(p);
            p = q;
        }
    }
    fclose(f);
    if (p)
        *n = len;
    return p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.txt under dir (one level of subfolders, as the corpus is laid
 * out), sorted, so the generated articles are the same on every run. */
static char **corpus_files(const char *dir, size_t *count)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
        DIR *s = opendir(sub);
        if (!s)
            continue;
        struct dirent *f;
        while ((f = readdir(s))) {
            size_t l = strlen(f->d_name);
            if (l < 5 || strcmp(f->d_name + l - 4, ".txt") != 0)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 256;
                char **g = realloc(v, cap * sizeof *g);
                if (!g)
                    die("out of memory");
                v = g;
            }
            size_t need = strlen(sub) + l + 2;
            v[n] = malloc(need);
            if (!v[n])
                die("out of memory");
            snprintf(v[n], need, "%s/%s", sub, f->d_name);
            n++;
        }
        closedir(s);
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    *count = n;
    return v;
}

/* The 1 MB article: the first article's headline, then the bodies of the
 * corpus articles (all but their headline) in order, until at least
 * `target` bytes; the corpus is read again from the start when it is
 * smaller (the fixture copy is 220 KB). Returns the body; *headline gets
 * the headline line with its blank line. */
static char *joined_body(const char *corpus, double target, char **headline, size_t *len)
{
    size_t nfiles = 0;
    char **files = corpus_files(corpus, &nfiles);
    if (!files || !nfiles)
        die("no corpus articles under %s", corpus);
    size_t cap = (size_t)target + (1 << 20), n = 0;
    char *body = malloc(cap);
    *headline = NULL;
    if (!body)
        die("out of memory");
    for (size_t i = 0; (double)n < target; i = (i + 1) % nfiles) {
        size_t flen = 0;
        char *text = slurp(files[i], &flen);
        if (!text)
            die("cannot read %s", files[i]);
        char *cut = NULL;
        for (size_t k = 0; k + 1 < flen && !cut; k++)
            if (text[k] == '\n' && text[k + 1] == '\n')
                cut = text + k;
        if (!*headline) {
            size_t hl = cut ? (size_t)(cut - text) : flen;
            *headline = malloc(hl + 3);
            if (!*headline)
                die("out of memory");
            memcpy(*headline, text, hl);
            memcpy(*headline + hl, "\n\n", 3);
        }
        if (cut) {
            while (cut < text + flen && *cut == '\n')
                cut++;
            size_t bl = (size_t)(text + flen - cut);
            while (bl && (cut[bl - 1] == '\n' || cut[bl - 1] == ' '))
                bl--;
            if (n + bl + 2 > cap)
                die("an article of the corpus is larger than 1 MB");
            memcpy(body + n, cut, bl);
            n += bl;
            memcpy(body + n, "\n\n", 2);
            n += 2;
        }
        free(text);
    }
    for (size_t i = 0; i < nfiles; i++)
        free(files[i]);
    free(files);
    *len = n;
    return body;
}

/* Writes headline + body repeated until `target` bytes (at least one
 * body); returns the size written. */
static double write_article(const char *path, const char *headline, const char *body,
                            size_t len, double target)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die("cannot write %s: %s", path, strerror(errno));
    double n = (double)strlen(headline);
    fputs(headline, f);
    do {
        fwrite(body, 1, len, f);
        n += (double)len;
    } while (n < target);
    if (fclose(f) != 0)
        die("cannot write %s", path);
    return n;
}

/* ------------------------------------------------------------ formats */

static void list_formats(bench *b)
{
    char out[4200], line[512];
    snprintf(out, sizeof out, "%s/formats.txt", b->work);
    char *argv[] = {(char *)b->newsconv, "--list-formats", NULL};
    double ms, rss;
    char err_path[4200];
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", b->work);
    if (run_once(argv, NULL, out, err_path, &ms, &rss, NULL) != 0)
        die("%s --list-formats failed", b->newsconv);
    FILE *f = fopen(out, "r");
    if (!f)
        die("cannot read %s", out);
    /* "markdown, md, commonmark .md     CommonMark..." : name, then .ext */
    while (fgets(line, sizeof line, f) && b->nfmt < MAX_FORMATS) {
        format *fm = &b->fmt[b->nfmt];
        if (sscanf(line, "%31[A-Za-z0-9_-]", fm->name) != 1)
            continue;
        const char *dot = strstr(line, " .");
        if (!dot || sscanf(dot + 2, "%15[A-Za-z0-9.]", fm->ext) != 1)
            continue;
        b->nfmt++;
    }
    fclose(f);
    if (!b->nfmt)
        die("%s --list-formats listed no format", b->newsconv);
}

static int find_format(const bench *b, const char *name)
{
    for (int i = 0; i < b->nfmt; i++)
        if (strcmp(b->fmt[i].name, name) == 0)
            return i;
    return -1;
}

static void out_path(const bench *b, const char *tag, const format *f, char *p, size_t n)
{
    snprintf(p, n, "%s/%s.%s", b->work, tag, f->ext);
}

/* A floor and the newsconv run it is compared to (the input at path to
 * format f, written where the per-format runs wrote it, tagged tag), their
 * runs alternating. */
static void measure_against(const bench *b, const command *floor_cmd, const format *f,
                            const char *tag, const char *path, int runs, figure *floor_fig,
                            figure *ours_fig)
{
    char ours[4200];
    out_path(b, tag, f, ours, sizeof ours);
    char *argv[] = {(char *)b->newsconv, "-q", "-t", (char *)f->name, "-o", ours,
                    (char *)path, NULL};
    command pair[2] = {*floor_cmd, {.argv = argv, .fresh = ours}};
    figure got[2];
    measure_n(b, pair, got, 2, runs);
    *floor_fig = got[0];
    *ours_fig = got[1];
}

static int which(const char *name, char *out, size_t n)
{
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    while (*path) {
        size_t l = strcspn(path, ":");
        snprintf(out, n, "%.*s/%s", (int)l, path, name);
        if (l && access(out, X_OK) == 0)
            return 1;
        path += l + (path[l] == ':');
    }
    return 0;
}

/* -------------------------------------------------- language detection */

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* What detecting the language costs (issue 16: at most 1 ms on the seed):
 * the seed to JSON as it comes, its language detected, against the same
 * with --lang en, which detects nothing, runs alternating (after a warm-up
 * pair). The figure is the median of the pairs' differences in CPU time
 * (user + system, from wait4), which a loaded machine disturbs far less
 * than wall time; the wall difference is printed beside it. Returns 0 and
 * the CPU figure in *added, or -1 with *why. */
static int lang_cost(const bench *b, const char *seed, int runs, double *added, char *why,
                     size_t why_n)
{
    static double cpu[2][MAX_RUNS], wall[2][MAX_RUNS], dcpu[MAX_RUNS], dwall[MAX_RUNS];
    char out[2][4200], err_path[4200];
    snprintf(out[0], sizeof out[0], "%s/lang-given.json", b->work);
    snprintf(out[1], sizeof out[1], "%s/lang-detected.json", b->work);
    snprintf(err_path, sizeof err_path, "%s/stderr.txt", b->work);
    char *given[] = {(char *)b->newsconv, "-q", "-t", "json", "--lang", "en", "-o", out[0],
                     (char *)seed, NULL};
    char *detected[] = {(char *)b->newsconv, "-q", "-t", "json", "-o", out[1], (char *)seed, NULL};
    char *const *argv[2] = {given, detected};
    if (runs > MAX_RUNS)
        runs = MAX_RUNS;
    for (int i = -1; i < runs; i++)
        for (int k = 0; k < 2; k++) {
            double ms = 0, rss = 0, c = 0;
            unlink(out[k]);
            if (run_once(argv[k], NULL, NULL, err_path, &ms, &rss, &c) != 0) {
                snprintf(why, why_n, "the seed to JSON failed%s", k ? "" : " with --lang en");
                return -1;
            }
            if (i >= 0) {
                cpu[k][i] = c;
                wall[k][i] = ms;
            }
        }
    size_t n = 0;
    char *json = slurp(out[1], &n);
    static const char mark[] = "\"lang-source\": \"detected\"";
    int detected_ok = 0;
    for (size_t i = 0; json && !detected_ok && i + sizeof mark - 1 <= n; i++)
        detected_ok = memcmp(json + i, mark, sizeof mark - 1) == 0;
    free(json);
    if (!detected_ok) {
        snprintf(why, why_n, "the seed's language was not detected (is libcld2-0 installed?)");
        return -1;
    }
    for (int i = 0; i < runs; i++) {
        dcpu[i] = cpu[1][i] - cpu[0][i];
        dwall[i] = wall[1][i] - wall[0][i];
    }
    *added = median(dcpu, runs);
    printf("\n| language (the seed to JSON, %d runs alternating) | CPU (median) | wall (median) |\n"
           "|---|---:|---:|\n", runs);
    printf("| `--lang en`: nothing detected | %.2f ms | %.2f ms |\n", median(cpu[0], runs),
           median(wall[0], runs));
    printf("| detected (libcld2 loaded, then run) | %.2f ms | %.2f ms |\n", median(cpu[1], runs),
           median(wall[1], runs));
    printf("| added by detection (median of the pairs' differences) | %.2f ms | %.2f ms |\n",
           *added, median(dwall, runs));
    return 0;
}

/* ------------------------------------------------------------ reports */

static void cell_ms(char *s, size_t n, const figure *f)
{
    if (!f->ok)
        snprintf(s, n, "failed");
    else if (f->ms < 10)
        snprintf(s, n, "%.2f ms", f->ms);
    else if (f->ms < 10000)
        snprintf(s, n, "%.1f ms", f->ms);
    else
        snprintf(s, n, "%.2f s", f->ms / 1000);
}

static void print_row(const char *what, const char *fmt_name, double bytes, const figure *f)
{
    char t[48];
    cell_ms(t, sizeof t, f);
    if (!f->ok) {
        printf("| %s | %s | failed: %s | | |\n", what, fmt_name, f->why);
        return;
    }
    double rate = bytes / MB / (f->ms / 1000);
    printf(rate < 1 ? "| %s | %s | %s | %.2f MB/s | %.1f MiB |\n"
                    : "| %s | %s | %s | %.1f MB/s | %.1f MiB |\n",
           what, fmt_name, t, rate, f->rss_mib);
}

static void print_header(void)
{
    printf("| input | format | wall (median) | throughput | peak RSS |\n");
    printf("|---|---|---:|---:|---:|\n");
}

/* One line per target: the figure, the target, and met / not met. A
 * figure that could not be taken says why instead. */
static void target(const char *what, int have, double figure_v, const char *unit, int at_least,
                   double limit, const char *missing)
{
    if (!have) {
        printf("- %s: not measured (%s); target %s %g%s\n", what, missing,
               at_least ? ">=" : "<=", limit, unit);
        return;
    }
    int met = at_least ? figure_v >= limit : figure_v <= limit;
    printf("- %s: %.2f%s; target %s %g%s: %s\n", what, figure_v, unit, at_least ? ">=" : "<=",
           limit, unit, met ? "MET" : "NOT MET");
}

/* ------------------------------------------------------------------ main */

static void usage(void)
{
    fputs("usage: nc_bench --newsconv BIN --seed FILE --corpus DIR --work DIR\n"
          "                [--floor BIN] [--max-mb 1|10|100] [--runs-scale N] [--smoke]\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    bench b = {.max_mb = 100, .runs_scale = 1};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--smoke") == 0) {
            b.smoke = 1;
            continue;
        }
        if (!v)
            usage();
        if (strcmp(a, "--newsconv") == 0)
            b.newsconv = v;
        else if (strcmp(a, "--floor") == 0)
            b.floor_bin = v;
        else if (strcmp(a, "--seed") == 0)
            b.seed = v;
        else if (strcmp(a, "--corpus") == 0)
            b.corpus = v;
        else if (strcmp(a, "--work") == 0)
            b.work = v;
        else if (strcmp(a, "--max-mb") == 0)
            b.max_mb = atoi(v);
        else if (strcmp(a, "--runs-scale") == 0)
            b.runs_scale = atoi(v) > 0 ? atoi(v) : 1;
        else
            usage();
        i++;
    }
    if (!b.newsconv || !b.seed || !b.work || (!b.smoke && !b.corpus))
        usage();
    mkdir(b.work, 0755);
    list_formats(&b);
    int have_pandoc = !b.smoke && which("pandoc", b.pandoc, sizeof b.pandoc);
    int have_calibre = !b.smoke && which("ebook-convert", b.calibre, sizeof b.calibre);
    /* calibre writes PDF through Qt WebEngine (Chromium), which refuses to
     * run as root without this; CI machines and containers run as root. */
    if (have_calibre && geteuid() == 0)
        setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox", 0);

    /* Inputs; a run count per input keeps the whole benchmark to a few
     * minutes on two shared cores. */
    input in[4] = {
        {.label = "seed", .runs = 11},
        {.label = "1 MB", .runs = 5},
        {.label = "10 MB", .runs = 3},
        {.label = "100 MB", .runs = 1},
    };
    int nin = b.smoke ? 1 : b.max_mb >= 100 ? 4 : b.max_mb >= 10 ? 3 : 2;
    struct stat st;
    snprintf(in[0].path, sizeof in[0].path, "%s", b.seed);
    if (stat(b.seed, &st) != 0)
        die("cannot read %s", b.seed);
    in[0].bytes = (double)st.st_size;
    if (b.smoke)
        in[0].runs = 1;
    if (nin > 1) {
        char *headline = NULL;
        size_t len = 0;
        char *body = joined_body(b.corpus, MB, &headline, &len);
        static const double sizes[4] = {0, MB, 10 * MB, 100 * MB};
        static const char *const names[4] = {"", "article-1mb", "article-10mb", "article-100mb"};
        for (int i = 1; i < nin; i++) {
            snprintf(in[i].path, sizeof in[i].path, "%s/%s.txt", b.work, names[i]);
            in[i].bytes = write_article(in[i].path, headline, body, len, sizes[i]);
        }
        free(body);
        free(headline);
    }
    for (int i = 0; i < nin; i++)
        in[i].runs *= b.runs_scale;

    printf("## newsconv benchmark\n\n");
    printf("Inputs: seed %s (%.0f bytes)", b.seed, in[0].bytes);
    for (int i = 1; i < nin; i++)
        printf(", %s (%.0f bytes)", in[i].label, in[i].bytes);
    printf("%s%s.\n", nin > 1 ? "; articles joined from " : "", nin > 1 ? b.corpus : "");
    printf("Wall time is the median of the runs (seed 11, 1 MB 5, 10 MB 3, 100 MB 1, times %d),"
           " after one warm-up run; every run, of newsconv and of the anchors, writes new files"
           " (what the run before wrote is removed first, untimed); peak RSS is the largest"
           " maximum resident set of the runs (wait4).\n\n", b.runs_scale);
    print_header();
    fflush(stdout);

    /* newsconv, one format per process */
    for (int i = 0; i < nin; i++) {
        for (int k = 0; k < b.nfmt; k++) {
            char o[4200];
            char tag[32];
            snprintf(tag, sizeof tag, "in%d", i);
            out_path(&b, tag, &b.fmt[k], o, sizeof o);
            char *av[] = {(char *)b.newsconv, "-q", "-t", b.fmt[k].name, "-o", o, in[i].path, NULL};
            in[i].per[k] = measure(&b, av, NULL, NULL, in[i].runs, o);
            print_row(in[i].label, b.fmt[k].name, in[i].bytes, &in[i].per[k]);
            fflush(stdout);
        }
    }

    /* Several formats in one process: what the targets name. */
    int i_md = find_format(&b, "markdown"), i_db = find_format(&b, "docbook"),
        i_epub = find_format(&b, "epub"), i_pdf = find_format(&b, "pdf"),
        i_html = find_format(&b, "html");
    figure seed3 = {0}, mb4 = {0};
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/multi/", b.work);
    {
        char list[128] = "";
        for (int k = 0; k < b.nfmt; k++)
            if (k == i_md || k == i_db || k == i_epub)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                         *list ? "," : "", b.fmt[k].name);
        char *av[] = {(char *)b.newsconv, "-q", "-t", list, "-o", dir, in[0].path, NULL};
        if (*list) {
            seed3 = measure(&b, av, NULL, NULL, in[0].runs, dir);
            print_row("seed", list, in[0].bytes, &seed3);
        }
        if (nin > 1) {
            char list4[128] = "";
            for (int k = 0; k < b.nfmt; k++)
                if (k == i_md || k == i_db || k == i_epub || k == i_pdf)
                    snprintf(list4 + strlen(list4), sizeof list4 - strlen(list4), "%s%s",
                             *list4 ? "," : "", b.fmt[k].name);
            char *av4[] = {(char *)b.newsconv, "-q", "-t", list4, "-o", dir, in[1].path, NULL};
            mb4 = measure(&b, av4, NULL, NULL, in[1].runs, dir);
            print_row("1 MB", list4, in[1].bytes, &mb4);
        }
    }

    /* The floors: libharu alone with the faces the seed's PDF embeds, and
     * gzip -6 over the 1 MB article's XHTML. */
    figure floor_f = {0}, gzip_f = {0};
    /* Each floor is measured with the newsconv run it is compared to,
     * their runs alternating; these two figures make the floor targets. */
    figure pdf_by_floor = {0}, epub_by_gzip = {0};
    char floor_faces[1024] = "";
    printf("\n| floor | what | wall (median) | throughput | peak RSS |\n|---|---|---:|---:|---:|\n");
    if (i_pdf >= 0 && b.floor_bin && in[0].per[i_pdf].ok) {
        char pdf[4200], names_path[4200], files_path[4200], err_path[4200], line[512];
        out_path(&b, "in0", &b.fmt[i_pdf], pdf, sizeof pdf);
        snprintf(names_path, sizeof names_path, "%s/pdffonts.txt", b.work);
        snprintf(files_path, sizeof files_path, "%s/fontfiles.txt", b.work);
        snprintf(err_path, sizeof err_path, "%s/stderr.txt", b.work);
        double ms, rss;
        /* The faces the seed's PDF embeds, by PostScript name, then their
         * files (found before the timed runs: fontconfig is not libharu). */
        enum { MAX_FACES = 24 };
        static char names[MAX_FACES][96], files[MAX_FACES][1024];
        char *wv[MAX_FACES + 3] = {(char *)b.floor_bin, "--which"};
        int nn = 0;
        char *pf[] = {"pdffonts", pdf, NULL};
        if (run_once(pf, NULL, names_path, err_path, &ms, &rss, NULL) == 0) {
            FILE *f = fopen(names_path, "r");
            for (int row = 0; f && fgets(line, sizeof line, f) && nn < MAX_FACES; row++) {
                if (row < 2 || sscanf(line, "%95s", names[nn]) != 1)
                    continue; /* the header and its rule */
                char *plus = strchr(names[nn], '+'); /* a subset tag: ABCDEF+ */
                if (plus && plus - names[nn] == 6)
                    memmove(names[nn], plus + 1, strlen(plus));
                names[nn][strcspn(names[nn], ",")] = '\0'; /* ",Bold": a style, not the name */
                wv[2 + nn] = names[nn];
                snprintf(floor_faces + strlen(floor_faces),
                         sizeof floor_faces - strlen(floor_faces), "%s%s",
                         *floor_faces ? ", " : "", names[nn]);
                nn++;
            }
            if (f)
                fclose(f);
        }
        wv[2 + nn] = NULL;
        char *fav[MAX_FACES + 4] = {(char *)b.floor_bin, "-o", NULL};
        char floor_pdf[4200];
        snprintf(floor_pdf, sizeof floor_pdf, "%s/floor.pdf", b.work);
        fav[2] = floor_pdf;
        int nf = 0;
        if (nn && run_once(wv, NULL, files_path, err_path, &ms, &rss, NULL) == 0) {
            FILE *f = fopen(files_path, "r");
            while (f && nf < nn && fgets(files[nf], sizeof files[nf], f)) {
                files[nf][strcspn(files[nf], "\n")] = '\0';
                fav[3 + nf] = files[nf];
                nf++;
            }
            if (f)
                fclose(f);
        }
        fav[3 + nf] = NULL;
        char what[1200];
        snprintf(what, sizeof what, "libharu: load, embed, save %s", floor_faces);
        if (nf) {
            command floor_cmd = {.argv = fav, .fresh = floor_pdf};
            measure_against(&b, &floor_cmd, &b.fmt[i_pdf], "in0", in[0].path, in[0].runs,
                            &floor_f, &pdf_by_floor);
            print_row("pdf floor", what, in[0].bytes, &floor_f);
            print_row("seed", "pdf (runs alternating with the floor's)", in[0].bytes, &pdf_by_floor);
        } else {
            printf("| pdf floor | not measured: no embedded face found (pdffonts, fontconfig) | | | |\n");
        }
    } else {
        printf("| pdf floor | not measured: %s | | | |\n",
               i_pdf < 0 ? "no pdf writer yet" : !b.floor_bin ? "no --floor program" : "the seed's PDF failed");
    }
    char xhtml[4200] = "";
    if (nin > 1 && i_html >= 0 && in[1].per[i_html].ok) {
        out_path(&b, "in1", &b.fmt[i_html], xhtml, sizeof xhtml);
    } else if (nin > 1 && i_epub >= 0 && in[1].per[i_epub].ok) {
        /* no html writer: the XHTML inside the EPUB */
        char epub[4200];
        out_path(&b, "in1", &b.fmt[i_epub], epub, sizeof epub);
        snprintf(xhtml, sizeof xhtml, "%s/epub-content.xhtml", b.work);
        char *uz[] = {"unzip", "-p", epub, "*.xhtml", NULL};
        double ms, rss;
        char err_path[4200];
        snprintf(err_path, sizeof err_path, "%s/stderr.txt", b.work);
        if (run_once(uz, NULL, xhtml, err_path, &ms, &rss, NULL) != 0)
            xhtml[0] = '\0';
    }
    if (*xhtml) {
        char *gz[] = {"gzip", "-6", "-c", NULL};
        if (i_epub >= 0) {
            command gzip_cmd = {.argv = gz, .in = xhtml};
            measure_against(&b, &gzip_cmd, &b.fmt[i_epub], "in1", in[1].path, in[1].runs,
                            &gzip_f, &epub_by_gzip);
        } else {
            gzip_f = measure(&b, gz, xhtml, NULL, in[1].runs, NULL);
        }
        stat(xhtml, &st);
        print_row("1 MB as XHTML", "gzip -6", (double)st.st_size, &gzip_f);
        if (epub_by_gzip.ok)
            print_row("1 MB", "epub (runs alternating with gzip's)", in[1].bytes, &epub_by_gzip);
    } else {
        printf("| gzip -6 | not measured: %s | | | |\n",
               nin < 2 ? "no 1 MB input (--smoke)" : "no html or epub output");
    }

    /* The anchors, on the seed and the 1 MB article only. */
    static const char *const pd_fmt[] = {"epub3", "docbook5", "commonmark"};
    static const char *const pd_ext[] = {"epub", "xml", "md"};
    figure pd[2][3] = {{{0}}}, cal[2][2] = {{{0}}};
    printf("\n| anchor | input | format | wall (median) | peak RSS |\n|---|---|---|---:|---:|\n");
    if (!have_pandoc)
        printf("| pandoc | | | %s | |\n", b.smoke ? "skipped (--smoke)" : "not installed");
    if (!have_calibre)
        printf("| calibre ebook-convert | | | %s | |\n",
               b.smoke ? "skipped (--smoke)" : "not installed");
    for (int i = 0; i < nin && i < 2; i++) {
        int runs = i == 0 ? 5 * b.runs_scale : 3 * b.runs_scale;
        for (int k = 0; k < 3 && have_pandoc; k++) {
            char o[4200];
            snprintf(o, sizeof o, "%s/pandoc%d.%s", b.work, i, pd_ext[k]);
            /* pandoc reads a .txt as Markdown, its default; -s for whole
             * documents, as newsconv writes; the title keeps EPUB quiet. */
            char *av[] = {b.pandoc, "-f", "markdown", "-t", (char *)pd_fmt[k], "-s",
                          "--metadata", "title=Benchmark", "-o", o, in[i].path, NULL};
            pd[i][k] = measure(&b, av, NULL, NULL, runs, o);
            char t[48];
            cell_ms(t, sizeof t, &pd[i][k]);
            printf("| pandoc | %s | %s | %s | %.1f MiB |\n", in[i].label, pd_fmt[k], t,
                   pd[i][k].rss_mib);
            fflush(stdout);
        }
        static const char *const cal_ext[] = {"epub", "pdf"};
        for (int k = 0; k < 2 && have_calibre; k++) {
            char o[4200];
            snprintf(o, sizeof o, "%s/calibre%d.%s", b.work, i, cal_ext[k]);
            char *av[] = {b.calibre, in[i].path, o, NULL};
            cal[i][k] = measure(&b, av, NULL, NULL, i == 0 ? 3 : 1, o);
            char t[48];
            cell_ms(t, sizeof t, &cal[i][k]);
            printf("| calibre | %s | %s | %s | %.1f MiB |\n", in[i].label, cal_ext[k], t,
                   cal[i][k].rss_mib);
            fflush(stdout);
        }
    }

    char lang_why[160] = "";
    double lang_added = 0;
    int lang_ok = lang_cost(&b, in[0].path, b.smoke ? 1 : 41 * b.runs_scale, &lang_added,
                            lang_why, sizeof lang_why) == 0;

    /* The targets of issue 10, as ratios measured in this run. */
    printf("\n### Targets (issue 10)\n\n");
    const char *no_pd = have_pandoc ? "pandoc failed" : "pandoc not installed";
    const char *no_cal = have_calibre ? "calibre failed" : "calibre's ebook-convert not installed";
    int pd_seed_ok = pd[0][0].ok && pd[0][1].ok && pd[0][2].ok;
    double pd_seed = pd[0][0].ms + pd[0][1].ms + pd[0][2].ms;
    target("seed to EPUB+DocBook+Markdown in one process, speed-up over pandoc's 3 runs",
           seed3.ok && pd_seed_ok, pd_seed / seed3.ms, "x", 1, 25,
           !seed3.ok ? "a format is missing or failed" : no_pd);
    figure *seed_pdf = i_pdf >= 0 ? &in[0].per[i_pdf] : NULL;
    figure *mb_pdf = i_pdf >= 0 && nin > 1 ? &in[1].per[i_pdf] : NULL;
    figure *mb_epub = i_epub >= 0 && nin > 1 ? &in[1].per[i_epub] : NULL;
    figure *mb_md = i_md >= 0 && nin > 1 ? &in[1].per[i_md] : NULL;
    figure *mb_db = i_db >= 0 && nin > 1 ? &in[1].per[i_db] : NULL;
    target("seed to PDF, speed-up over calibre", seed_pdf && seed_pdf->ok && cal[0][1].ok,
           seed_pdf ? cal[0][1].ms / seed_pdf->ms : 0, "x", 1, 40,
           !seed_pdf ? "no pdf writer" : no_cal);
    target("seed to PDF, time over the libharu floor (runs alternating)",
           pdf_by_floor.ok && floor_f.ok, pdf_by_floor.ok ? pdf_by_floor.ms / floor_f.ms : 0, "x",
           0, 1.3, !seed_pdf ? "no pdf writer" : "no floor figure");
    target("1 MB to PDF, speed-up over calibre", mb_pdf && mb_pdf->ok && cal[1][1].ok,
           mb_pdf ? cal[1][1].ms / mb_pdf->ms : 0, "x", 1, 40,
           !mb_pdf ? "no pdf writer or no 1 MB input" : no_cal);
    target("1 MB to EPUB, speed-up over pandoc", mb_epub && mb_epub->ok && pd[1][0].ok,
           mb_epub ? pd[1][0].ms / mb_epub->ms : 0, "x", 1, 40,
           !mb_epub ? "no epub writer or no 1 MB input" : no_pd);
    target("1 MB to EPUB, time over gzip -6 on the same XHTML (runs alternating)",
           epub_by_gzip.ok && gzip_f.ok, epub_by_gzip.ok ? epub_by_gzip.ms / gzip_f.ms : 0, "x", 0,
           1.5, !mb_epub ? "no epub writer or no 1 MB input" : "no gzip figure");
    target("1 MB to Markdown, speed-up over pandoc", mb_md && mb_md->ok && pd[1][2].ok,
           mb_md ? pd[1][2].ms / mb_md->ms : 0, "x", 1, 150,
           !mb_md ? "no 1 MB input" : no_pd);
    target("1 MB to DocBook, speed-up over pandoc", mb_db && mb_db->ok && pd[1][1].ok,
           mb_db ? pd[1][1].ms / mb_db->ms : 0, "x", 1, 150,
           !mb_db ? "no docbook writer or no 1 MB input" : no_pd);
    /* Issue 21: each IPTC writer on 1 MB within twice the DocBook writer's time. */
    static const char *const iptc[] = {"ninjs", "newsml"};
    for (int k = 0; k < 2; k++) {
        int i_f = find_format(&b, iptc[k]);
        figure *f = i_f >= 0 && nin > 1 ? &in[1].per[i_f] : NULL;
        char what[96];
        snprintf(what, sizeof what, "1 MB to %s, time over the DocBook writer's (issue 21)",
                 iptc[k]);
        target(what, f && f->ok && mb_db && mb_db->ok, f && mb_db ? f->ms / mb_db->ms : 0, "x",
               0, 2, !f ? "no such writer or no 1 MB input" : "a run failed");
    }
    {
        /* Each of the four formats in a process of its own, and all four
         * in one process: the higher peak counts. */
        int have = nin > 1 && i_md >= 0 && i_db >= 0 && i_epub >= 0 && i_pdf >= 0 && mb4.ok;
        double peak = mb4.ok ? mb4.rss_mib : 0;
        int idx[4] = {i_md, i_db, i_epub, i_pdf};
        for (int k = 0; k < 4 && nin > 1; k++)
            if (idx[k] >= 0 && in[1].per[idx[k]].ok && in[1].per[idx[k]].rss_mib > peak)
                peak = in[1].per[idx[k]].rss_mib;
        target("1 MB to all four formats, peak memory", have, peak, " MiB", 0, 20,
               nin < 2 ? "no 1 MB input" : "a format is missing or failed");
    }
    for (int k = 0; k < b.nfmt; k++) {
        char what[96];
        snprintf(what, sizeof what, "linear growth, %s: 10 MB time over 1 MB time",
                 b.fmt[k].name);
        int have = nin > 2 && in[1].per[k].ok && in[2].per[k].ok;
        target(what, have, have ? in[2].per[k].ms / in[1].per[k].ms : 0, "x", 0, 11,
               nin > 2 ? "a run failed" : "no 10 MB input (--max-mb)");
    }
    target("language detection on the seed, CPU time added over --lang en (issue 16)", lang_ok,
           lang_added, " ms", 0, 1, lang_why);
    {
        int have = nin > 3 && i_md >= 0 && in[3].per[i_md].ok;
        target("100 MB to Markdown, peak memory over input size", have,
               have ? in[3].per[i_md].rss_mib * MIB / in[3].bytes : 0, "x", 0, 3,
               nin > 3 ? "markdown failed" : "no 100 MB input (--max-mb)");
    }
    return 0;
}

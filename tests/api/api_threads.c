/* No global mutable state: two threads convert two different documents
 * through every built-in writer at the same time, into memory and path
 * sinks, each with its own diagnostics callback. Every output must equal the
 * one made alone, before any thread started. Run plainly, and under Helgrind
 * (--quick: one round) so that a data race fails even when the bytes agree. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsconv.h"

enum { MAX_WRITERS = 32 };

typedef struct {
    const char *text;
    size_t size;
    const char *dir;      /* where this thread's path sinks write */
    unsigned char *expect[MAX_WRITERS];
    size_t expect_size[MAX_WRITERS];
    int rounds;
    int warnings;         /* counted by this thread's callback only */
    char failure[600];
} job;

static void count_warning(const nc_diagnostic *d, void *userdata)
{
    (void)d;
    ((job *)userdata)->warnings++;
}

static int read_doc(job *j, nc_document **doc, nc_error *err)
{
    nc_reader_options ro;
    nc_reader_options_init(&ro);
    ro.diag = count_warning;
    ro.diag_userdata = j;
    return nc_read_memory(j->text, j->size, &ro, doc, err) == NC_OK;
}

static int file_equals(const char *path, const unsigned char *data, size_t size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    unsigned char *got = malloc(size + 1);
    size_t n = got ? fread(got, 1, size + 1, fp) : 0;
    fclose(fp);
    int same = got && n == size && memcmp(got, data, size) == 0;
    free(got);
    return same;
}

/* One round: read, then every writer into memory and into a path. */
static int convert(job *j, int check)
{
    nc_error err;
    nc_document *doc = NULL;
    if (!read_doc(j, &doc, &err)) {
        snprintf(j->failure, sizeof j->failure, "read: %s", err.message);
        return 0;
    }
    nc_writer_options wo;
    nc_writer_options_init(&wo);
    wo.timestamp = 1700000000; /* no clock, no environment: same bytes */
    wo.diag = count_warning;
    wo.diag_userdata = j;
    const nc_writer *const *w = nc_writers();
    int ok = 1;
    for (size_t i = 0; ok && w[i] && i < MAX_WRITERS; i++) {
        nc_sink *mem = nc_sink_new_memory();
        if (!mem || nc_write(doc, w[i], &wo, mem, &err) != NC_OK ||
            nc_sink_finish(mem, &err) != NC_OK) {
            snprintf(j->failure, sizeof j->failure, "%s: %s", w[i]->name,
                     mem ? err.message : "out of memory");
            ok = 0;
        } else {
            size_t n;
            const unsigned char *d = nc_sink_memory_data(mem, &n);
            if (!check) {
                j->expect[i] = malloc(n ? n : 1);
                memcpy(j->expect[i], d, n);
                j->expect_size[i] = n;
            } else if (n != j->expect_size[i] || memcmp(d, j->expect[i], n) != 0) {
                snprintf(j->failure, sizeof j->failure, "%s: %zu bytes, alone %zu, differ",
                         w[i]->name, n, j->expect_size[i]);
                ok = 0;
            }
        }
        nc_sink_free(mem);
        if (!ok || !check)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/out.%s", j->dir, w[i]->extension);
        nc_sink *file = nc_sink_new_path(path, &err);
        if (!file || nc_write(doc, w[i], &wo, file, &err) != NC_OK ||
            nc_sink_finish(file, &err) != NC_OK) {
            snprintf(j->failure, sizeof j->failure, "%s to a path: %s", w[i]->name, err.message);
            ok = 0;
        } else if (!file_equals(path, j->expect[i], j->expect_size[i])) {
            snprintf(j->failure, sizeof j->failure, "%s: the file differs", w[i]->name);
            ok = 0;
        }
        nc_sink_free(file);
    }
    nc_document_free(doc);
    return ok;
}

static void *run(void *arg)
{
    job *j = arg;
    for (int r = 0; r < j->rounds && !j->failure[0]; r++)
        convert(j, 1);
    return NULL;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *data = malloc(1 << 20);
    *size = data ? fread(data, 1, 1 << 20, fp) : 0;
    fclose(fp);
    return data;
}

static const char second_article[] =
    "Rains Flood the Valley, Thousands Leave Their Homes\n"
    "\n"
    "By Jane Doe and John Roe\n"
    "\n"
    "ALMATY -- Heavy rain flooded the valley on Monday, the \"worst in decades\", officials said.\n"
    "\n"
    "Rescue teams moved 3,000 people to schools -- and more were expected...\n"
    "\n"
    "- Roads closed: 12\n"
    "- Bridges damaged: 4\n"
    "\n"
    "Bad byte here: \xff is replaced, and a warning is given.\n"
    "\n"
    "Compiled by the newsroom\n";

int main(int argc, char **argv)
{
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    size_t seed_size;
    char *seed = slurp(NC_SOURCE_DIR "/seeds/article.txt", &seed_size);
    if (!seed) {
        perror(NC_SOURCE_DIR "/seeds/article.txt");
        return 1;
    }
    char dir_a[] = "/tmp/nc-threads-a-XXXXXX", dir_b[] = "/tmp/nc-threads-b-XXXXXX";
    if (!mkdtemp(dir_a) || !mkdtemp(dir_b)) {
        perror("mkdtemp");
        return 1;
    }
    job jobs[2] = {
        {.text = seed, .size = seed_size, .dir = dir_a, .rounds = quick ? 1 : 8},
        {.text = second_article, .size = sizeof second_article - 1, .dir = dir_b,
         .rounds = quick ? 1 : 8},
    };
    mode_t mask = umask(022);
    umask(mask);
    int status = 0;
    for (int i = 0; i < 2; i++) {
        if (!convert(&jobs[i], 0)) {
            fprintf(stderr, "alone, job %d: %s\n", i, jobs[i].failure);
            return 1;
        }
    }
    int warnings_alone[2] = {jobs[0].warnings, jobs[1].warnings};
    if (warnings_alone[1] == 0) {
        fprintf(stderr, "the second article should give a warning\n");
        status = 1;
    }
    jobs[0].warnings = jobs[1].warnings = 0;
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&threads[i], NULL, run, &jobs[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 1;
        }
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 2; i++) {
        if (jobs[i].failure[0]) {
            fprintf(stderr, "thread %d: %s\n", i, jobs[i].failure);
            status = 1;
        }
        /* Each callback saw its own document's warnings, no more, no less. */
        if (jobs[i].warnings != warnings_alone[i] * jobs[i].rounds) {
            fprintf(stderr, "thread %d: %d warnings, expected %d\n", i, jobs[i].warnings,
                    warnings_alone[i] * jobs[i].rounds);
            status = 1;
        }
    }
    /* The process's umask is everyone's: a library must not leave it changed. */
    mode_t now = umask(mask);
    if (now != mask) {
        fprintf(stderr, "the umask changed from %03o to %03o\n", (unsigned)mask, (unsigned)now);
        status = 1;
    }
    const nc_writer *const *w = nc_writers();
    for (size_t i = 0; w[i] && i < MAX_WRITERS; i++) {
        for (int k = 0; k < 2; k++) {
            char path[512];
            snprintf(path, sizeof path, "%s/out.%s", jobs[k].dir, w[i]->extension);
            unlink(path);
            free(jobs[k].expect[i]);
        }
    }
    if (rmdir(dir_a) != 0 || rmdir(dir_b) != 0) {
        fprintf(stderr, "a temporary file was left behind\n");
        status = 1;
    }
    free(seed);
    if (status == 0)
        printf("two threads, %d rounds each, every writer: same bytes as alone\n",
               jobs[0].rounds);
    return status;
}

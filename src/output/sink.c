/* sink.c: where writers' bytes go. One type, five constructors; buffered;
 * the first error sticks and is what nc_sink_finish reports. */
#include "error.h"
#include "newsconv.h"
#include "sha256.h"
#include "writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef enum { SINK_MEMORY, SINK_FILE, SINK_FD, SINK_CALLBACK, SINK_PATH } sink_kind;

enum { SINK_BUFSIZE = 64 * 1024 };

struct nc_sink {
    sink_kind kind;
    unsigned char *buf; /* MEMORY: all the bytes; others: pending bytes */
    size_t len, cap;
    FILE *fp;
    int fd;
    int owns_fd; /* a device opened by nc_sink_new_path: closed by finish/free */
    nc_write_fn fn;
    void *userdata;
    char *path, *tmp_path; /* PATH */
    int finished;
    nc_error error; /* sticky: the first failure */
    size_t written;             /* bytes taken by nc_sink_write */
    nc_sha256 *digest;          /* of those bytes, when asked for */
};

static nc_sink *sink_new(sink_kind kind)
{
    nc_sink *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->kind = kind;
    s->fd = -1;
    if (kind != SINK_MEMORY) {
        s->buf = malloc(SINK_BUFSIZE);
        if (!s->buf) {
            free(s);
            return NULL;
        }
        s->cap = SINK_BUFSIZE;
    }
    return s;
}

nc_sink *nc_sink_new_memory(void) { return sink_new(SINK_MEMORY); }

nc_sink *nc_sink_new_file(FILE *fp)
{
    if (!fp)
        return NULL;
    nc_sink *s = sink_new(SINK_FILE);
    if (s)
        s->fp = fp;
    return s;
}

nc_sink *nc_sink_new_fd(int fd)
{
    if (fd < 0)
        return NULL;
    nc_sink *s = sink_new(SINK_FD);
    if (s)
        s->fd = fd;
    return s;
}

nc_sink *nc_sink_new_callback(nc_write_fn fn, void *userdata)
{
    if (!fn)
        return NULL;
    nc_sink *s = sink_new(SINK_CALLBACK);
    if (s) {
        s->fn = fn;
        s->userdata = userdata;
    }
    return s;
}

/* A device or a pipe is written in place. A symlink is followed to one only
 * where the system keeps such links (/dev/stdout, /dev/fd/1, /proc/self/fd/1);
 * anywhere else a symlink is replaced, never written through, so a link
 * planted at the output path cannot aim our bytes at a disk. */
static int writes_in_place(const char *path, struct stat *st)
{
    if (lstat(path, st) != 0)
        return 0;
    if (S_ISLNK(st->st_mode)) {
        if (strncmp(path, "/dev/", 5) != 0 && strncmp(path, "/proc/", 6) != 0)
            return 0;
        if (stat(path, st) != 0)
            return 0;
    }
    return !S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode) && !S_ISLNK(st->st_mode);
}

nc_sink *nc_sink_new_path(const char *path, nc_error *err)
{
    if (!path || !*path) {
        nc_error_set(err, NC_ERR_ARGUMENT, "empty output path");
        return NULL;
    }
    /* A device or a pipe (/dev/stdout, /dev/full, a FIFO) cannot be replaced
     * by a rename and has no half-written state to avoid: write to it. */
    struct stat st;
    if (writes_in_place(path, &st)) {
        int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            nc_error_set(err, NC_ERR_IO, "cannot open: %s", strerror(errno));
            return NULL;
        }
        nc_sink *d = sink_new(SINK_FD);
        if (!d) {
            close(fd);
            nc_error_set(err, NC_ERR_NOMEM, "out of memory");
            return NULL;
        }
        d->fd = fd;
        d->owns_fd = 1;
        return d;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        nc_error_set(err, NC_ERR_IO, "is a directory");
        return NULL;
    }
    nc_sink *s = sink_new(SINK_PATH);
    size_t n = strlen(path);
    if (s) {
        s->path = strdup(path);
        s->tmp_path = malloc(n + 32);
    }
    if (!s || !s->path || !s->tmp_path) {
        nc_sink_free(s);
        nc_error_set(err, NC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    /* The temporary file sits in the target's folder, so that the final
     * rename stays on one file system and is atomic. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    memcpy(s->tmp_path, path, dirlen);
    /* O_CREAT | O_EXCL never follows a planted symlink and never reuses an
     * existing file; mode 0666 lets the kernel apply the umask, which
     * mkstemp's 0600 would need umask(), process-wide state, to undo. The
     * name mixes the sink's address (unique in this process) and the pid. */
    unsigned long long mix = (unsigned long long)(uintptr_t)s * 0x9E3779B97F4A7C15ULL ^
                             (unsigned long long)getpid() << 32 ^ (unsigned long long)time(NULL);
    s->fd = -1;
    errno = EEXIST;
    for (int attempt = 0; s->fd < 0 && errno == EEXIST && attempt < 100; attempt++) {
        mix = mix * 6364136223846793005ULL + 1442695040888963407ULL;
        snprintf(s->tmp_path + dirlen, n + 32 - dirlen, ".newsconv-%016llx", mix);
        s->fd = open(s->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    }
    if (s->fd < 0) {
        nc_error_set(err, NC_ERR_IO, "cannot create a file in %.*s: %s", dirlen ? (int)dirlen : 1,
                dirlen ? path : ".", strerror(errno));
        free(s->tmp_path);
        s->tmp_path = NULL;
        nc_sink_free(s);
        return NULL;
    }
    return s;
}

static nc_status sink_failed(nc_sink *s, nc_status code, const char *what, int errnum)
{
    if (s->error.code == NC_OK)
        nc_error_set(&s->error, code, "%s: %s", what, errnum ? strerror(errnum) : "failed");
    return s->error.code;
}

static nc_status fd_write_all(nc_sink *s, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(s->fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return sink_failed(s, NC_ERR_IO, "write failed", errno);
        }
        p += w;
        n -= (size_t)w;
    }
    return NC_OK;
}

static nc_status sink_flush(nc_sink *s)
{
    if (s->error.code != NC_OK)
        return s->error.code;
    if (s->kind == SINK_MEMORY || s->len == 0)
        return NC_OK;
    nc_status rc = NC_OK;
    switch (s->kind) {
    case SINK_FILE:
        if (fwrite(s->buf, 1, s->len, s->fp) != s->len)
            rc = sink_failed(s, NC_ERR_IO, "write failed", errno);
        break;
    case SINK_FD:
    case SINK_PATH:
        rc = fd_write_all(s, s->buf, s->len);
        break;
    case SINK_CALLBACK:
        if (s->fn(s->buf, s->len, s->userdata) != 0)
            rc = sink_failed(s, NC_ERR_IO, "write failed", 0);
        break;
    case SINK_MEMORY:
        break;
    }
    s->len = 0;
    return rc;
}

nc_status nc_sink_write(nc_sink *s, const void *data, size_t size)
{
    if (!s || (!data && size))
        return NC_ERR_ARGUMENT;
    if (s->error.code != NC_OK)
        return s->error.code;
    if (s->finished)
        return sink_failed(s, NC_ERR_ARGUMENT, "write after finish", 0);
    if (size == 0)
        return NC_OK;
    s->written += size;
    if (s->digest)
        nc_sha256_update(s->digest, data, size);
    if (s->kind == SINK_MEMORY) {
        if (size > (size_t)-1 / 2 - s->len)
            return sink_failed(s, NC_ERR_NOMEM, "memory sink", ENOMEM);
        if (s->len + size > s->cap) {
            size_t cap = s->cap ? s->cap : 4096;
            while (cap < s->len + size)
                cap *= 2;
            unsigned char *p = realloc(s->buf, cap);
            if (!p)
                return sink_failed(s, NC_ERR_NOMEM, "memory sink", ENOMEM);
            s->buf = p;
            s->cap = cap;
        }
        memcpy(s->buf + s->len, data, size);
        s->len += size;
        return NC_OK;
    }
    if (s->len + size > s->cap) {
        nc_status rc = sink_flush(s);
        if (rc != NC_OK)
            return rc;
        if (size >= s->cap) { /* too big to buffer: write through */
            s->len = 0;
            switch (s->kind) {
            case SINK_FILE:
                if (fwrite(data, 1, size, s->fp) != size)
                    return sink_failed(s, NC_ERR_IO, "write failed", errno);
                return NC_OK;
            case SINK_CALLBACK:
                if (s->fn(data, size, s->userdata) != 0)
                    return sink_failed(s, NC_ERR_IO, "write failed", 0);
                return NC_OK;
            default:
                return fd_write_all(s, data, size);
            }
        }
    }
    memcpy(s->buf + s->len, data, size);
    s->len += size;
    return NC_OK;
}

nc_status nc_sink_finish(nc_sink *s, nc_error *err)
{
    if (!s)
        return nc_error_set(err, NC_ERR_ARGUMENT, "no sink");
    if (!s->finished) {
        sink_flush(s);
        s->finished = 1;
        if (s->error.code == NC_OK && s->kind == SINK_FILE && fflush(s->fp) != 0)
            sink_failed(s, NC_ERR_IO, "write failed", errno);
        if (s->owns_fd) {
            if (close(s->fd) != 0 && s->error.code == NC_OK)
                sink_failed(s, NC_ERR_IO, "write failed", errno);
            s->fd = -1;
        }
        if (s->kind == SINK_PATH) {
            if (s->error.code == NC_OK && close(s->fd) != 0)
                sink_failed(s, NC_ERR_IO, "write failed", errno);
            else if (s->error.code != NC_OK)
                close(s->fd);
            s->fd = -1;
            if (s->error.code == NC_OK && rename(s->tmp_path, s->path) != 0)
                sink_failed(s, NC_ERR_IO, "cannot rename the output into place", errno);
            if (s->error.code == NC_OK) {
                free(s->tmp_path);
                s->tmp_path = NULL; /* committed: nothing to remove */
            }
        }
    }
    if (s->error.code != NC_OK) {
        if (err)
            *err = s->error;
        return s->error.code;
    }
    nc_error_clear(err);
    return NC_OK;
}

const unsigned char *nc_sink_memory_data(const nc_sink *s, size_t *size)
{
    if (!s || s->kind != SINK_MEMORY) {
        if (size)
            *size = 0;
        return NULL;
    }
    if (size)
        *size = s->len;
    return s->buf ? s->buf : (const unsigned char *)"";
}

const char *nc_sink_temp_path(const nc_sink *s)
{
    return s && s->kind == SINK_PATH ? s->tmp_path : NULL;
}

void nc_sink_free(nc_sink *s)
{
    if (!s)
        return;
    if (s->owns_fd && s->fd >= 0)
        close(s->fd);
    if (s->kind == SINK_PATH) {
        if (s->fd >= 0)
            close(s->fd);
        if (s->tmp_path)
            unlink(s->tmp_path);
    }
    free(s->tmp_path);
    free(s->path);
    free(s->buf);
    free(s->digest);
    free(s);
}

nc_status nc_sink_get_error(const nc_sink *s, nc_error *err)
{
    if (!s)
        return NC_OK;
    if (err && s->error.code != NC_OK)
        *err = s->error;
    return s->error.code;
}

nc_status nc_sink_keep_digest(nc_sink *s)
{
    if (!s)
        return NC_ERR_ARGUMENT;
    if (s->digest)
        return NC_OK;
    s->digest = malloc(sizeof *s->digest);
    if (!s->digest)
        return NC_ERR_NOMEM;
    nc_sha256_init(s->digest);
    return NC_OK;
}

size_t nc_sink_digest(const nc_sink *s, char sha256_hex[65])
{
    if (sha256_hex)
        sha256_hex[0] = '\0';
    if (!s)
        return 0;
    if (s->digest && sha256_hex) {
        nc_sha256 done = *s->digest; /* finishing consumes the state */
        unsigned char bytes[32];
        nc_sha256_final(&done, bytes);
        nc_sha256_hex(bytes, sha256_hex);
    }
    return s->written;
}

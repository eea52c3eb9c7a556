/* Unit tests of the sinks: memory growth, sticky errors, the path sink's
 * all-or-nothing rename, the callback sink. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsconv.h"

static void memory_sink_grows(void **state)
{
    (void)state;
    nc_sink *s = nc_sink_new_memory();
    char chunk[1000];
    memset(chunk, 'x', sizeof chunk);
    for (int i = 0; i < 5000; i++)
        assert_int_equal(nc_sink_write(s, chunk, sizeof chunk), NC_OK);
    assert_int_equal(nc_sink_finish(s, NULL), NC_OK);
    size_t n;
    const unsigned char *d = nc_sink_memory_data(s, &n);
    assert_int_equal(n, 5000000);
    assert_int_equal(d[4999999], 'x');
    nc_sink_free(s);
}

typedef struct {
    size_t seen, fail_after;
} cb_state;

static int cb(const void *data, size_t size, void *userdata)
{
    (void)data;
    cb_state *st = userdata;
    if (st->seen + size > st->fail_after)
        return -1;
    st->seen += size;
    return 0;
}

static void callback_failure_is_sticky(void **state)
{
    (void)state;
    cb_state st = {.fail_after = 100000};
    nc_sink *s = nc_sink_new_callback(cb, &st);
    char chunk[4096] = {0};
    nc_status rc = NC_OK;
    int i;
    for (i = 0; i < 100 && rc == NC_OK; i++)
        rc = nc_sink_write(s, chunk, sizeof chunk);
    assert_int_equal(rc, NC_ERR_IO);
    assert_true(i < 100);
    assert_int_equal(nc_sink_write(s, "x", 1), NC_ERR_IO); /* sticky */
    nc_error err;
    assert_int_equal(nc_sink_finish(s, &err), NC_ERR_IO);
    assert_int_equal(err.code, NC_ERR_IO);
    assert_true(strlen(err.message) > 0);
    nc_sink_free(s);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void path_sink_is_all_or_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/nc-sink-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("old", f);
    fclose(f);
    /* Not finished: the old file stays, no temporary file is left. */
    nc_sink *s = nc_sink_new_path(path, NULL);
    assert_non_null(s);
    nc_sink_write(s, "new", 3);
    nc_sink_free(s);
    assert_string_equal(read_all(path), "old");
    /* Finished: replaced. */
    s = nc_sink_new_path(path, NULL);
    nc_sink_write(s, "new", 3);
    assert_int_equal(nc_sink_finish(s, NULL), NC_OK);
    nc_sink_free(s);
    assert_string_equal(read_all(path), "new");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_mode & S_IRUSR);
    /* Only the output is in the folder. */
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    /* A folder that does not exist is an error that says so. */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/out.txt", dir);
    nc_error err;
    assert_null(nc_sink_new_path(bad, &err));
    assert_int_equal(err.code, NC_ERR_IO);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void full_device_fails_at_finish(void **state)
{
    (void)state;
    int fd = open("/dev/full", O_WRONLY);
    if (fd < 0)
        skip();
    nc_sink *s = nc_sink_new_fd(fd);
    nc_sink_write(s, "hello", 5); /* buffered */
    nc_error err;
    assert_int_equal(nc_sink_finish(s, &err), NC_ERR_IO);
    assert_non_null(strstr(err.message, "No space left"));
    nc_sink_free(s);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(memory_sink_grows),
        cmocka_unit_test(callback_failure_is_sticky),
        cmocka_unit_test(path_sink_is_all_or_nothing),
        cmocka_unit_test(full_device_fails_at_finish),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

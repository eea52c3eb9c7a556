/* Unit test of nc_image_open_beneath (formats/image.h): the article's image
 * is opened by walking down from the folder it was confined to, so that a
 * symbolic link swapped into the path after realpath checked it (the race
 * of issue 17's confinement: check, then open) cannot lead out of the
 * folder. The swap is made here between the check and the open, where a
 * racing process would make it, and the plain open the loader used before
 * is shown to follow it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

static char base[64];
static char root[PATH_MAX];

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
}

/* root/sub/photo holds "inside", base/out/photo "outside"; root is
 * canonical. */
static int setup(void **state)
{
    (void)state;
    snprintf(base, sizeof base, "/tmp/nc-beneath-XXXXXX");
    assert_non_null(mkdtemp(base));
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/article", base);
    assert_int_equal(mkdir(p, 0700), 0);
    assert_non_null(realpath(p, root));
    snprintf(p, sizeof p, "%s/sub", root);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sub/photo", root);
    put(p, "inside");
    snprintf(p, sizeof p, "%s/out", base);
    assert_int_equal(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/out/photo", base);
    put(p, "outside");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    return system(cmd) == 0 ? 0 : -1;
}

/* What fd reads, at most 15 bytes. */
static const char *content(int fd, char *buf)
{
    ssize_t n = read(fd, buf, 15);
    buf[n > 0 ? n : 0] = '\0';
    close(fd);
    return buf;
}

static void opens_a_file_inside(void **state)
{
    (void)state;
    char path[PATH_MAX], buf[16];
    snprintf(path, sizeof path, "%s/sub/photo", root);
    int fd = nc_image_open_beneath(root, path);
    assert_true(fd >= 0);
    assert_string_equal(content(fd, buf), "inside");
}

/* The path was checked with sub a folder; then sub becomes a link out. */
static void refuses_a_folder_swapped_for_a_link(void **state)
{
    (void)state;
    char path[PATH_MAX], sub[PATH_MAX], out[PATH_MAX], buf[16];
    snprintf(path, sizeof path, "%s/sub/photo", root);
    char *checked = realpath(path, NULL);
    assert_non_null(checked);
    snprintf(sub, sizeof sub, "%s/sub", root);
    snprintf(out, sizeof out, "%s/sub.away", root);
    assert_int_equal(rename(sub, out), 0);
    snprintf(out, sizeof out, "%s/out", base);
    assert_int_equal(symlink(out, sub), 0);
    /* The open after a check, as the loader had it, reads the host. */
    int plain = open(checked, O_RDONLY);
    assert_true(plain >= 0);
    assert_string_equal(content(plain, buf), "outside");
    errno = 0;
    assert_int_equal(nc_image_open_beneath(root, checked), -1);
    assert_true(errno == ELOOP || errno == ENOTDIR);
    free(checked);
    assert_int_equal(unlink(sub), 0);
    snprintf(out, sizeof out, "%s/sub.away", root);
    assert_int_equal(rename(out, sub), 0);
}

/* The file itself becomes a link out. */
static void refuses_a_file_swapped_for_a_link(void **state)
{
    (void)state;
    char path[PATH_MAX], away[PATH_MAX], out[PATH_MAX];
    snprintf(path, sizeof path, "%s/sub/photo", root);
    snprintf(away, sizeof away, "%s/sub/photo.away", root);
    snprintf(out, sizeof out, "%s/out/photo", base);
    assert_int_equal(rename(path, away), 0);
    assert_int_equal(symlink(out, path), 0);
    assert_true(nc_image_open_beneath(root, path) < 0);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rename(away, path), 0);
}

static void refuses_a_fifo_without_blocking(void **state)
{
    (void)state;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/fifo", root);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(nc_image_open_beneath(root, path), -2);
    assert_int_equal(unlink(path), 0);
}

static void refuses_a_path_not_below_root(void **state)
{
    (void)state;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/out/photo", base);
    errno = 0;
    assert_int_equal(nc_image_open_beneath(root, path), -1);
    assert_int_equal(errno, EXDEV);
    /* A folder whose name only begins like root's is not below it. */
    snprintf(path, sizeof path, "%s-x/photo", root);
    assert_int_equal(nc_image_open_beneath(root, path), -1);
    snprintf(path, sizeof path, "%s/sub/../sub/photo", root);
    assert_int_equal(nc_image_open_beneath(root, path), -1);
    assert_int_equal(nc_image_open_beneath(root, root), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opens_a_file_inside),
        cmocka_unit_test(refuses_a_folder_swapped_for_a_link),
        cmocka_unit_test(refuses_a_file_swapped_for_a_link),
        cmocka_unit_test(refuses_a_fifo_without_blocking),
        cmocka_unit_test(refuses_a_path_not_below_root),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

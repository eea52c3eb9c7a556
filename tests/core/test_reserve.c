/* Unit tests of src/base/reserve.c, the one grow-by-doubling of the
 * writers' arrays: it starts at 16, doubles, jumps to a larger need, keeps
 * what the array held, does nothing when there is room, and refuses a size
 * that would overflow, leaving the array and its capacity as they were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>

#include "reserve.h"

typedef struct point {
    double x, y;
} point;

static void grows(void **state)
{
    (void)state;
    point *v = NULL;
    size_t cap = 0;
    assert_int_equal(nc_reserve(&v, &cap, 1, sizeof *v), 0);
    assert_non_null(v);
    assert_int_equal(cap, 16);
    for (size_t i = 0; i < 16; i++)
        v[i] = (point){(double)i, -(double)i};
    assert_int_equal(nc_reserve(&v, &cap, 17, sizeof *v), 0);
    assert_int_equal(cap, 32);
    assert_int_equal(nc_reserve(&v, &cap, 1000, sizeof *v), 0);
    assert_int_equal(cap, 1024);
    for (size_t i = 0; i < 16; i++)
        assert_true(v[i].x == (double)i && v[i].y == -(double)i);
    /* room enough: nothing moves */
    point *before = v;
    assert_int_equal(nc_reserve(&v, &cap, 1024, sizeof *v), 0);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 1024);
    assert_int_equal(nc_reserve(&v, &cap, 0, sizeof *v), 0);
    free(v);
}

static void refuses_overflow(void **state)
{
    (void)state;
    point *v = NULL;
    size_t cap = 0;
    assert_int_equal(nc_reserve(&v, &cap, 4, sizeof *v), 0);
    point *before = v;
    assert_int_equal(nc_reserve(&v, &cap, SIZE_MAX / sizeof *v + 1, sizeof *v), -1);
    assert_int_equal(nc_reserve(&v, &cap, SIZE_MAX, 1), -1); /* no memory is that large */
    assert_int_equal(nc_reserve(&v, &cap, 17, 0), -1);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 16);
    free(v);
}

/* Near the top of size_t, doubling would overflow: the need alone is
 * asked for (and malloc refuses it), never a wrapped-around size. */
static void doubling_near_the_top(void **state)
{
    (void)state;
    char *v = NULL;
    size_t cap = SIZE_MAX / 2 + 2; /* set by hand: no array that large exists */
    assert_int_equal(nc_reserve(&v, &cap, cap - 1, 1), 0); /* room: untouched */
    assert_null(v);
    assert_int_equal(nc_reserve(&v, &cap, SIZE_MAX - 1, 1), -1);
    assert_null(v);
    assert_int_equal(cap, SIZE_MAX / 2 + 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grows),
        cmocka_unit_test(refuses_overflow),
        cmocka_unit_test(doubling_near_the_top),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

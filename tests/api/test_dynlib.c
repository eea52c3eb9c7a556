/* Unit tests of src/base/dynlib.c, the loader the EPUB and PDF writers open
 * libzip and libharu with: failures are values that name what is missing,
 * a load happens once per process (from any number of threads), and a good
 * load gives working functions. libm is the library loaded here: it is on
 * every system the tests run on, and its functions are easy to check. Each
 * test has an nc_dynlib of its own, since a result is kept for good. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "dynlib.h"

typedef struct math_api {
    __typeof__(cos) *cos;
    __typeof__(sqrt) *sqrt;
} math_api;

static const nc_dynlib_symbol math_symbols[] = {
    NC_DYNLIB_SYMBOL(math_api, cos),
    NC_DYNLIB_SYMBOL(math_api, sqrt),
};

static const char *const libm_files[] = {"libm.so.6", NULL};

#define MATH_LIB(names, t)                                                                     \
    {.files = names, .symbols = math_symbols, .n_symbols = 2, .table = t,                      \
     .lock = PTHREAD_MUTEX_INITIALIZER}

static void missing_library(void **state)
{
    (void)state;
    static const char *const files[] = {"libnc-no-such-library.so.7", NULL};
    static math_api t;
    static nc_dynlib lib = MATH_LIB(files, &t);
    assert_int_equal(nc_dynlib_load(&lib), NC_ERR_WRITER);
    const char *why = nc_dynlib_why(&lib);
    assert_non_null(strstr(why, "cannot load libnc-no-such-library.so.7: "));
    /* dlerror's own text follows, naming the file again. */
    assert_non_null(strstr(why + strlen("cannot load libnc-no-such-library.so.7: "),
                           "libnc-no-such-library.so.7"));
    assert_null(t.cos);
    assert_null(t.sqrt);
}

typedef struct broken_api {
    __typeof__(cos) *cos;
    void (*nc_no_such_function)(void);
    __typeof__(sqrt) *sqrt;
} broken_api;

static void missing_symbol(void **state)
{
    (void)state;
    static const nc_dynlib_symbol symbols[] = {
        NC_DYNLIB_SYMBOL(broken_api, cos),
        NC_DYNLIB_SYMBOL(broken_api, nc_no_such_function),
        NC_DYNLIB_SYMBOL(broken_api, sqrt),
    };
    static broken_api t;
    static nc_dynlib lib = {.files = libm_files, .symbols = symbols, .n_symbols = 3, .table = &t,
                            .lock = PTHREAD_MUTEX_INITIALIZER};
    assert_int_equal(nc_dynlib_load(&lib), NC_ERR_WRITER);
    const char *why = nc_dynlib_why(&lib);
    assert_non_null(strstr(why, "libm.so.6"));
    assert_non_null(strstr(why, "nc_no_such_function"));
    /* All or nothing: the symbol found before the missing one is not kept. */
    assert_null(t.cos);
    assert_null(t.nc_no_such_function);
    assert_null(t.sqrt);
    /* The failure is kept: a second call says the same without trying. */
    char first[sizeof lib.why];
    strcpy(first, why);
    assert_int_equal(nc_dynlib_load(&lib), NC_ERR_WRITER);
    assert_string_equal(nc_dynlib_why(&lib), first);
}

static void good_load(void **state)
{
    (void)state;
    static math_api t;
    static nc_dynlib lib = MATH_LIB(libm_files, &t);
    assert_string_equal(nc_dynlib_why(&lib), "");
    assert_int_equal(nc_dynlib_load(&lib), NC_OK);
    assert_string_equal(nc_dynlib_why(&lib), "");
    assert_non_null(t.cos);
    assert_non_null(t.sqrt);
    volatile double two = 2.0, zero = 0.0;
    assert_true(t.cos(zero) == 1.0);
    assert_true(fabs(t.sqrt(two) * t.sqrt(two) - 2.0) < 1e-12);
}

static void twice_same_table(void **state)
{
    (void)state;
    static math_api t;
    static nc_dynlib lib = MATH_LIB(libm_files, &t);
    assert_int_equal(nc_dynlib_load(&lib), NC_OK);
    math_api first = t;
    assert_int_equal(nc_dynlib_load(&lib), NC_OK);
    assert_memory_equal(&first, &t, sizeof t);
}

static void later_candidate(void **state)
{
    (void)state;
    static const char *const files[] = {"libnc-no-such-library.so.7", "libm.so.6", NULL};
    static math_api t;
    static nc_dynlib lib = MATH_LIB(files, &t);
    assert_int_equal(nc_dynlib_load(&lib), NC_OK);
    assert_string_equal(nc_dynlib_why(&lib), "");
    assert_true(t.cos(0.0) == 1.0);
}

static void bad_arguments(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    static math_api t;
    static nc_dynlib lib = MATH_LIB(none, &t);
    assert_int_equal(nc_dynlib_load(NULL), NC_ERR_ARGUMENT);
    assert_int_equal(nc_dynlib_load(&lib), NC_ERR_ARGUMENT);
}

/* Threads that load at the same moment all get the one complete table. */
enum { THREADS = 8 };
static math_api threads_table;
static nc_dynlib threads_lib = MATH_LIB(libm_files, &threads_table);
static pthread_barrier_t threads_start;

static void *load_in_thread(void *arg)
{
    math_api *seen = arg;
    pthread_barrier_wait(&threads_start);
    if (nc_dynlib_load(&threads_lib) == NC_OK)
        *seen = threads_table;
    return NULL;
}

static void concurrent_loads(void **state)
{
    (void)state;
    pthread_t th[THREADS];
    math_api seen[THREADS];
    memset(seen, 0, sizeof seen);
    assert_int_equal(pthread_barrier_init(&threads_start, NULL, THREADS), 0);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, load_in_thread, &seen[i]), 0);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&threads_start);
    for (int i = 0; i < THREADS; i++) {
        assert_non_null(seen[i].cos);
        assert_non_null(seen[i].sqrt);
        assert_memory_equal(&seen[i], &seen[0], sizeof seen[0]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_library), cmocka_unit_test(missing_symbol),
        cmocka_unit_test(good_load),       cmocka_unit_test(twice_same_table),
        cmocka_unit_test(later_candidate), cmocka_unit_test(bad_arguments),
        cmocka_unit_test(concurrent_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

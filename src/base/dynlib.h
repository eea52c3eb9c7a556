/* dynlib.h: a shared library opened on first use instead of at start-up.
 *
 * libzip and libharu, with what they pull in (libcrypto, liblzma, libbz2,
 * libpng), cost a process about 1.6 ms in the dynamic loader, most of a
 * small conversion, although only the EPUB and PDF writers call them (and
 * libunibreak, which only the PDF layout calls, another 50 us). Those
 * writers open their library the first time they run and keep it for the
 * life of the process (it is never closed: nothing they hand out may
 * outlive it). The library's functions are reached through a struct of
 * pointers the user declares with the library's own prototypes, so a
 * mismatch is a compile error:
 *
 *     #define ZIP_FUNCTIONS(X) X(zip_open) X(zip_close)
 *     typedef struct zip_api {
 *     #define X(f) __typeof__(f) *f;
 *         ZIP_FUNCTIONS(X)
 *     #undef X
 *     } zip_api;
 *
 * and one nc_dynlib, with static storage, describes where to find it. */
#ifndef NC_DYNLIB_H
#define NC_DYNLIB_H

#include <pthread.h>
#include <stddef.h>

#include "newsconv.h"

/* One pointer of the table: the symbol's name and where its pointer goes. */
typedef struct nc_dynlib_symbol {
    const char *name;
    size_t offset; /* offsetof(the table's struct, the member) */
} nc_dynlib_symbol;

#define NC_DYNLIB_SYMBOL(type, member) {#member, offsetof(type, member)}

typedef struct nc_dynlib {
    /* What to open: file names tried in order (dlopen's search rules, so
     * a soname is found where the loader finds any library), NULL-ended. */
    const char *const *files;
    const nc_dynlib_symbol *symbols;
    size_t n_symbols;
    void *table;            /* the struct of function pointers to fill */
    /* Set once, by the first nc_dynlib_load, under lock. */
    pthread_mutex_t lock;   /* PTHREAD_MUTEX_INITIALIZER */
    int tried;
    nc_status status;
    char why[400];
} nc_dynlib;

/* The initialiser of a static nc_dynlib: the NULL-ended file names, the
 * array of NC_DYNLIB_SYMBOLs and the table they fill:
 *     static nc_dynlib libzip = NC_DYNLIB_INIT(files, symbols, table); */
#define NC_DYNLIB_INIT(files_, symbols_, table_)                                              \
    {.files = (files_), .symbols = (symbols_),                                                \
     .n_symbols = sizeof(symbols_) / sizeof((symbols_)[0]), .table = &(table_),               \
     .lock = PTHREAD_MUTEX_INITIALIZER}

/* Opens the library (RTLD_LAZY | RTLD_LOCAL) and fills every pointer of its
 * table, the first time it is called for lib; every later call, from any
 * thread, returns the first call's result without trying again. NC_OK: the
 * table is complete and stays valid for the life of the process. Otherwise
 * NC_ERR_WRITER (no candidate file could be opened, or one lacks a symbol;
 * then the table is left all NULL) or NC_ERR_ARGUMENT (lib is NULL or has
 * no file name), and nc_dynlib_why says why in one line. */
nc_status nc_dynlib_load(nc_dynlib *lib);

/* Why the load failed, naming the file and quoting dlerror(), e.g.
 * "cannot load libzip.so.4: libzip.so.4: cannot open shared object file:
 * No such file or directory"; "" before a load or after a good one. Only
 * after nc_dynlib_load has returned (the text never changes after that). */
const char *nc_dynlib_why(const nc_dynlib *lib);

#endif

/* dynlib.c: opening a library on first use; see dynlib.h. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The pointers go in as bytes: ISO C has no conversion from dlsym's void *
 * to a function pointer, POSIX guarantees the two have one representation. */
static void set_slot(void *table, size_t offset, void *p)
{
    memcpy((char *)table + offset, &p, sizeof p);
}

static nc_status load(nc_dynlib *lib)
{
    void *h = NULL;
    char first_error[300] = "";
    for (const char *const *f = lib->files; *f && !h; f++) {
        h = dlopen(*f, RTLD_LAZY | RTLD_LOCAL);
        /* The first candidate is the one configured; its failure is the
         * one worth reporting when none loads. */
        if (!h && f == lib->files) {
            const char *e = dlerror();
            snprintf(first_error, sizeof first_error, "%s", e ? e : "unknown error");
        }
    }
    if (!h) {
        snprintf(lib->why, sizeof lib->why, "cannot load %s: %s", lib->files[0], first_error);
        return NC_ERR_WRITER;
    }
    for (size_t i = 0; i < lib->n_symbols; i++) {
        dlerror(); /* a symbol may legitimately be NULL: only dlerror tells */
        void *p = dlsym(h, lib->symbols[i].name);
        const char *e = dlerror();
        if (e || !p) {
            snprintf(lib->why, sizeof lib->why, "cannot load %s: it has no %s (%s)", lib->files[0],
                     lib->symbols[i].name, e ? e : "a NULL symbol");
            for (size_t k = 0; k < i; k++)
                set_slot(lib->table, lib->symbols[k].offset, NULL);
            dlclose(h); /* nothing of it was handed out */
            return NC_ERR_WRITER;
        }
        set_slot(lib->table, lib->symbols[i].offset, p);
    }
    return NC_OK;
}

nc_status nc_dynlib_load(nc_dynlib *lib)
{
    if (!lib || !lib->files || !lib->files[0] || (lib->n_symbols && (!lib->symbols || !lib->table)))
        return NC_ERR_ARGUMENT;
    /* A lock, not an atomic fast path: a writer loads once per document,
     * and the lock also publishes the table to the threads that follow. */
    if (pthread_mutex_lock(&lib->lock) != 0)
        return NC_ERR_WRITER;
    if (!lib->tried) {
        lib->why[0] = '\0';
        lib->status = load(lib);
        lib->tried = 1;
    }
    nc_status rc = lib->status;
    pthread_mutex_unlock(&lib->lock);
    return rc;
}

const char *nc_dynlib_why(const nc_dynlib *lib)
{
    return lib ? lib->why : "no library";
}

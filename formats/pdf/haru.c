/* haru.c: libharu's table; see haru.h. */
#include "haru.h"

#include "dynlib.h"
#include "error.h"

#ifndef NC_LIBHPDF_SONAME
#define NC_LIBHPDF_SONAME "libhpdf.so"
#endif

static nc_hpdf_api table;

static const nc_dynlib_symbol symbols[] = {
#define NC_HPDF_SYMBOL(f) NC_DYNLIB_SYMBOL(nc_hpdf_api, f),
    NC_HPDF_FUNCTIONS(NC_HPDF_SYMBOL)
#undef NC_HPDF_SYMBOL
};

static const char *const files[] = {NC_LIBHPDF_SONAME, NULL};

static nc_dynlib libhpdf = NC_DYNLIB_INIT(files, symbols, table);

nc_status nc_hpdf_load(nc_error *err)
{
    nc_status rc = nc_dynlib_load(&libhpdf);
    if (rc != NC_OK)
        return nc_fail(err, rc, "pdf writer: %s", nc_dynlib_why(&libhpdf));
    return NC_OK;
}

const nc_hpdf_api *nc_hpdf(void) { return &table; }

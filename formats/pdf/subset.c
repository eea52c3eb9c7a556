/* subset.c: fonts cut down by HarfBuzz; see subset.h. Glyph indices are
 * kept (HB_SUBSET_FLAGS_RETAIN_GIDS), so the CIDToGIDMap libharu wrote
 * stays right; the glyphs not drawn are left empty. */
#include "subset.h"

#include <hb-subset.h>

#include "dynlib.h"

#ifndef NC_LIBHBSUBSET_SONAME
#define NC_LIBHBSUBSET_SONAME "libharfbuzz-subset.so"
#endif

#define HB_FUNCTIONS(X)                                                                        \
    X(hb_blob_create_from_file_or_fail) X(hb_blob_destroy) X(hb_blob_get_data)               \
    X(hb_face_create) X(hb_face_destroy) X(hb_face_reference_blob) X(hb_set_add)              \
    X(hb_subset_input_create_or_fail) X(hb_subset_input_destroy) X(hb_subset_input_glyph_set) \
    X(hb_subset_input_set_flags) X(hb_subset_or_fail)

typedef struct hb_api {
#define HB_POINTER(f) __typeof__(f) *f;
    HB_FUNCTIONS(HB_POINTER)
#undef HB_POINTER
} hb_api;

static hb_api hb;

static const nc_dynlib_symbol hb_symbols[] = {
#define HB_SYMBOL(f) NC_DYNLIB_SYMBOL(hb_api, f),
    HB_FUNCTIONS(HB_SYMBOL)
#undef HB_SYMBOL
};

/* libharfbuzz-subset needs libharfbuzz, whose symbols dlsym finds through it. */
static const char *const hb_files[] = {NC_LIBHBSUBSET_SONAME, NULL};

static nc_dynlib libhbsubset = NC_DYNLIB_INIT(hb_files, hb_symbols, hb);

int nc_pdf_subset(const char *path, const unsigned *gids, size_t n, nc_buf *out)
{
    if (nc_dynlib_load(&libhbsubset) != NC_OK)
        return -1;
    hb_blob_t *blob = hb.hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return -1;
    hb_face_t *face = hb.hb_face_create(blob, 0);
    hb_subset_input_t *in = hb.hb_subset_input_create_or_fail();
    int rc = -1;
    if (in) {
        hb_set_t *glyphs = hb.hb_subset_input_glyph_set(in);
        hb.hb_set_add(glyphs, 0);
        for (size_t i = 0; i < n; i++)
            hb.hb_set_add(glyphs, gids[i]);
        hb.hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS);
        hb_face_t *sub = hb.hb_subset_or_fail(face, in);
        if (sub) {
            hb_blob_t *data = hb.hb_face_reference_blob(sub);
            unsigned len = 0;
            const char *bytes = hb.hb_blob_get_data(data, &len);
            if (bytes && len) {
                nc_buf_put(out, bytes, len);
                rc = out->failed ? -1 : 0;
            }
            hb.hb_blob_destroy(data);
            hb.hb_face_destroy(sub);
        }
        hb.hb_subset_input_destroy(in);
    }
    hb.hb_face_destroy(face);
    hb.hb_blob_destroy(blob);
    return rc;
}

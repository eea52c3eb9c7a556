/* image.c: the PDF writer's photo, read (up to IMAGE_MAX bytes) and handed
 * to libharu as a PNG or JPEG, sized to fit the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "haru.h"
#include "pdf.h"

#define IMAGE_MAX ((size_t)64 * 1024 * 1024)

nc_status nc_pdf_image_load(nc_pdfw *w, const char *path, nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return nc_fail(err, NC_ERR_RESOURCE, "pdf writer: cannot open the image '%s'", path);
    unsigned char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            unsigned char *d = cap <= IMAGE_MAX + 1 ? realloc(data, cap) : NULL;
            if (!d) {
                free(data);
                fclose(fp);
                return cap > IMAGE_MAX + 1
                           ? nc_fail(err, NC_ERR_RESOURCE, "pdf writer: the image '%s' is too large", path)
                           : nc_fail(err, NC_ERR_NOMEM, "pdf writer: out of memory");
            }
            data = d;
        }
        size_t got = fread(data + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(data);
        return nc_fail(err, NC_ERR_RESOURCE, "pdf writer: cannot read the image '%s'", path);
    }
    if (n >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
        w->image = hp->HPDF_LoadPngImageFromMem(w->pdf, data, (HPDF_UINT)n);
    else if (n >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        w->image = hp->HPDF_LoadJpegImageFromMem(w->pdf, data, (HPDF_UINT)n);
    free(data);
    if (!w->image)
        return nc_fail(err, NC_ERR_RESOURCE,
                       "pdf writer: the image '%s' is not a PNG or JPEG file libharu can read", path);
    float iw = (float)hp->HPDF_Image_GetWidth(w->image);
    float ih = (float)hp->HPDF_Image_GetHeight(w->image);
    if (iw <= 0 || ih <= 0)
        return nc_fail(err, NC_ERR_RESOURCE, "pdf writer: the image '%s' is empty", path);
    float measure = w->page_w - 2 * w->margin_side;
    float maxh = (w->page_h - w->margin_top - w->margin_bottom) * 0.45f;
    float scale = measure / iw;
    if (ih * scale > maxh)
        scale = maxh / ih;
    w->image_w = iw * scale;
    w->image_h = ih * scale;
    /* A small image would only lose from being enlarged past 1.5x. */
    return NC_OK;
}

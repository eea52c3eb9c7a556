/* photo.c: the PDF writer's photo, checked by the one image loader
 * (formats/image.h) before libharu sees it (libharu's PNG loader lets
 * libpng abort() the process on a damaged file), sized to fit the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h" /* formats/image.h, the one loader */
#include "error.h"
#include "haru.h"
#include "photo.h"

nc_status nc_pdf_photo_load(nc_pdfw *w, const char *path, nc_error *err)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_image img;
    nc_status rc = nc_image_load(w->doc, "image", nc_image_max_pixels(w->opts), &img, err);
    if (rc != NC_OK)
        return rc;
    if (img.extension[0] == 'p')
        w->image = hp->HPDF_LoadPngImageFromMem(w->pdf, img.data, (HPDF_UINT)img.size);
    else
        w->image = hp->HPDF_LoadJpegImageFromMem(w->pdf, img.data, (HPDF_UINT)img.size);
    nc_image_free(&img);
    if (!w->image)
        return nc_error_set(err, NC_ERR_RESOURCE,
                       "pdf writer: the image '%s' is not a PNG or JPEG file libharu can read", path);
    float iw = (float)hp->HPDF_Image_GetWidth(w->image);
    float ih = (float)hp->HPDF_Image_GetHeight(w->image);
    if (iw <= 0 || ih <= 0)
        return nc_error_set(err, NC_ERR_RESOURCE, "pdf writer: the image '%s' is empty", path);
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

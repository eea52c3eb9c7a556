/* image.h: the one image loader of the writers that embed the article's
 * photo or cover (html, epub, pdf). An article may come from anyone, so a
 * path it names is confined to its folder, only a regular file is read, and
 * the bytes are decoded and checked here before any other library (libharu,
 * an e-reader, a browser) sees them. Internal to formats/. */
#ifndef NC_IMAGE_H
#define NC_IMAGE_H

#include <stddef.h>

#include "document.h"
#include "newsconv.h"

/* Pixels an image may have unless the option below says otherwise: a
 * 50-megapixel photo is far above any news photo, and decoding one takes
 * about 200 MB (four bytes a pixel) in a library that holds it whole. The
 * same four bytes a pixel of the limit bound what we decode with: a
 * progressive JPEG needs a buffer of all its coefficients (two bytes a pixel
 * and full-size component), checked from its header. */

typedef struct nc_image {
    unsigned char *data; /* owned; free with nc_image_free */
    size_t size;
    const char *media_type; /* "image/jpeg" or "image/png" */
    const char *extension;  /* "jpg" or "png" */
    unsigned long width, height;
} nc_image;

/* The format option every writer that embeds images declares: an entry
 * for its option table. */
#define NC_IMAGE_OPTION                                                                    \
    {.key = "max-image-pixels", .kind = NC_OPTION_INT, .min = 1, .max = 1e12,              \
     .default_value = "50000000", .help = "the most pixels an embedded image may have"}

/* The value of max-image-pixels in opts (checked by nc_write), else the
 * default. */
unsigned long long nc_image_max_pixels(const nc_writer_options *opts);

/* Loads the image a metadata key names ("image", "cover-image"). A path
 * from the article resolves relative to the document's resource folder and
 * must stay inside it or a folder of its resource path; a path the program
 * or the user gave (-M) is taken as it is. Only a regular file is read (opened without
 * blocking, checked with fstat), at most 64 MiB; it must be a PNG or a
 * JPEG that decodes without error or warning, with at most max_pixels
 * pixels (and, for a progressive JPEG, a coefficient buffer of at most four
 * bytes a pixel of max_pixels). Anything else is NC_ERR_RESOURCE naming the
 * key and the path. */
nc_status nc_image_load(const nc_document *doc, const char *key, unsigned long long max_pixels,
                        nc_image *img, nc_error *err);

/* Checks bytes already in memory as nc_image_load does, filling img's
 * type and size fields (img->data stays NULL: the bytes are the
 * caller's). On failure, NC_ERR_RESOURCE with a message that begins with
 * `what`. */
nc_status nc_image_check(const unsigned char *data, size_t size, unsigned long long max_pixels,
                         const char *what, nc_image *img, nc_error *err);

void nc_image_free(nc_image *img);

/* Opens path, a file at or below folder root (both canonical, as realpath
 * gives them), by walking down from root one component at a time with
 * openat and O_NOFOLLOW, so that no symbolic link is followed: a link
 * swapped in after realpath checked the path (a race with someone who can
 * write in the article's folder) fails with ELOOP or ENOTDIR instead of
 * leading out of root. The file must be a regular one (see nc_image_load).
 * The descriptor; -1 with errno set; -2 when it is not a regular file. */
int nc_image_open_beneath(const char *root, const char *path);

#endif

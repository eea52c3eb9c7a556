/* image.c: the one image loader (image.h says what it promises). */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include "buf.h"
#include "error.h"
#include "writer.h"

/* Far above any news photo; keeps a wrong path (a disk image, a video)
 * from being read into memory whole. */
#define MAX_FILE ((size_t)64 * 1024 * 1024)
/* libjpeg-turbo's own limit for its TurboJPEG API: a progressive JPEG of
 * thousands of tiny scans takes minutes to decode. */
#define MAX_JPEG_SCANS 500

unsigned long long nc_image_max_pixels(const nc_writer_options *opts)
{
    static const nc_option_spec spec = NC_IMAGE_OPTION;
    return (unsigned long long)nc_option_number(&spec, opts);
}

/* ------------------------------------------------------- finding the file */

/* real is at or below root (both canonical, from realpath). */
static int inside(const char *real, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return 1;
    return strncmp(real, root, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* The canonical path of dir/path (path alone when dir is NULL) if it exists
 * and lies inside one of the allowed folders, roots[*root]; else NULL, with
 * *outside set when it exists elsewhere. */
static char *confined(const char *dir, const char *path, const char *const *roots, size_t n,
                      size_t *root, int *outside)
{
    nc_buf joined = NC_BUF_INIT;
    if (dir)
        nc_buf_printf(&joined, "%s/%s", dir, path);
    else
        nc_buf_puts(&joined, path);
    const char *cand = nc_buf_cstr(&joined);
    char *real = cand ? realpath(cand, NULL) : NULL;
    nc_buf_free(&joined);
    if (!real)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (roots[i] && inside(real, roots[i])) {
            *root = i;
            return real;
        }
    *outside = 1;
    free(real);
    return NULL;
}

/* The folders an article's resource may be found in: [0] the article's
 * own, then each folder of the resource path; base[i] as given (for
 * joining), root[i] canonical (for the confinement check; NULL when the
 * folder does not exist). */
typedef struct folders {
    const char **base;
    char **root;
    char *copy; /* of the resource path, cut at each ':' */
    size_t n;
} folders;

static void folders_free(folders *f)
{
    for (size_t i = 0; f->root && i < f->n; i++)
        free(f->root[i]);
    free(f->root);
    free(f->base);
    free(f->copy);
}

static int folders_of(const nc_document *doc, folders *f)
{
    const char *rp = doc->resource_path ? doc->resource_path : "";
    size_t cap = 2;
    for (const char *p = rp; *p; p++)
        cap += *p == ':';
    *f = (folders){.base = calloc(cap, sizeof *f->base), .root = calloc(cap, sizeof *f->root),
                   .copy = strdup(rp)};
    if (!f->base || !f->root || !f->copy)
        return -1;
    f->base[0] = doc->resource_dir ? doc->resource_dir : ".";
    f->n = 1;
    for (char *save = NULL, *d = strtok_r(f->copy, ":", &save); d; d = strtok_r(NULL, ":", &save))
        f->base[f->n++] = d;
    for (size_t i = 0; i < f->n; i++)
        f->root[i] = realpath(f->base[i], NULL);
    return 0;
}

/* The canonical path of an article's resource, looked up in its folder,
 * then in each resource folder, and in *root the canonical folder it lies
 * in (both the caller's to free); NULL with err filled when there is none. */
static char *resolve(const nc_document *doc, const char *key, const char *path, char **root,
                     nc_error *err)
{
    folders f;
    *root = NULL;
    if (folders_of(doc, &f) != 0) {
        folders_free(&f);
        nc_error_set(err, NC_ERR_NOMEM, "out of memory");
        return NULL;
    }
    char *real = NULL;
    int outside = 0;
    size_t at = 0;
    const char *const *roots = (const char *const *)f.root;
    if (path[0] == '/')
        real = confined(NULL, path, roots, f.n, &at, &outside);
    for (size_t i = 0; path[0] != '/' && i < f.n && !real; i++)
        if (f.root[i])
            real = confined(f.base[i], path, roots, f.n, &at, &outside);
    if (real) {
        *root = f.root[at];
        f.root[at] = NULL;
    } else {
        nc_error_set(err, NC_ERR_RESOURCE, "%s '%s': %s", key, path,
                outside ? "outside the article's folder and the resource path"
                        : "no such file in the article's folder or the resource path");
    }
    folders_free(&f);
    return real;
}

/* Opens name in folder dir (AT_FDCWD: the current one) for reading if it
 * is a regular file: checked before it is opened (a FIFO would block, a
 * device may act on being opened), opened without blocking, and checked
 * after with fstat (the same file, still regular). With nofollow, a
 * symbolic link is not followed. The descriptor; -1 with errno set; -2 when
 * it is not a regular file. */
static int open_regular(int dir, const char *name, int nofollow)
{
    struct stat st, fst;
    if (fstatat(dir, name, &st, nofollow ? AT_SYMLINK_NOFOLLOW : 0) != 0)
        return -1;
    if (!S_ISREG(st.st_mode))
        return -2;
    int fd = openat(dir, name,
                    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return -1;
    if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode) || fst.st_ino != st.st_ino ||
        fst.st_dev != st.st_dev) {
        close(fd);
        return -2;
    }
    return fd;
}

int nc_image_open_beneath(const char *root, const char *path)
{
    if (!inside(path, root)) {
        errno = EXDEV;
        return -1;
    }
    const char *rel = path + strlen(root);
    while (*rel == '/')
        rel++;
    int dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    while (dir >= 0) {
        size_t len = strcspn(rel, "/");
        char name[NAME_MAX + 1];
        /* A canonical path has no empty, "." or ".." component. */
        int dots = rel[0] == '.' && (len == 1 || (len == 2 && rel[1] == '.'));
        if (len == 0 || len > NAME_MAX || dots) {
            close(dir);
            errno = len > NAME_MAX ? ENAMETOOLONG : EINVAL;
            return -1;
        }
        memcpy(name, rel, len);
        name[len] = '\0';
        if (!rel[len]) {
            int fd = open_regular(dir, name, 1);
            int saved = errno;
            close(dir);
            errno = saved;
            return fd;
        }
        int next = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int saved = errno;
        close(dir);
        errno = saved;
        dir = next;
        rel += len + 1;
    }
    return -1;
}

/* Reads the regular file open at fd whole, at most MAX_FILE bytes; closes
 * fd. */
static nc_status read_whole(int fd, const char *key, const char *shown, nc_buf *out,
                            nc_error *err)
{
    struct stat fst;
    nc_status rc = NC_OK;
    if (fstat(fd, &fst) != 0)
        rc = nc_error_set(err, NC_ERR_RESOURCE, "%s '%s': cannot read: %s", key, shown,
                     strerror(errno));
    else if ((size_t)fst.st_size > MAX_FILE)
        rc = nc_error_set(err, NC_ERR_RESOURCE, "%s '%s': larger than %zu MiB", key, shown,
                     MAX_FILE >> 20);
    else if (nc_buf_grow(out, (size_t)fst.st_size + 1) != 0)
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    while (rc == NC_OK) {
        if (out->len > MAX_FILE) { /* it grew while we read */
            rc = nc_error_set(err, NC_ERR_RESOURCE, "%s '%s': larger than %zu MiB", key, shown,
                         MAX_FILE >> 20);
            break;
        }
        if (out->cap - out->len < 2 && nc_buf_grow(out, 65536) != 0) {
            rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
            break;
        }
        ssize_t got = read(fd, out->data + out->len, out->cap - out->len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            rc = nc_error_set(err, NC_ERR_RESOURCE, "%s '%s': cannot read: %s", key, shown,
                         strerror(errno));
        if (got <= 0)
            break;
        out->len += (size_t)got;
    }
    close(fd);
    return rc;
}

/* ------------------------------------------------------------ checking PNG */

typedef struct check {
    const unsigned char *data;
    size_t size, at;
    char why[256]; /* the first error or warning */
    /* Not damage but a limit: the pixels, or (why says) the memory a
     * multi-scan JPEG needs. */
    enum { CHECK_DAMAGED, CHECK_PIXELS, CHECK_MEMORY } limit;
} check;

static void png_fail(png_structp png, png_const_charp msg)
{
    check *c = png_get_error_ptr(png);
    if (!c->why[0])
        snprintf(c->why, sizeof c->why, "%s", msg);
    png_longjmp(png, 1);
}

/* A warning (a bad CRC in an ancillary chunk, extra image data) means a
 * damaged file that another decoder may treat differently: refused too. */
static void png_warned(png_structp png, png_const_charp msg)
{
    check *c = png_get_error_ptr(png);
    if (!c->why[0])
        snprintf(c->why, sizeof c->why, "%s", msg);
}

static void png_from_memory(png_structp png, png_bytep out, size_t n)
{
    check *c = png_get_io_ptr(png);
    if (n > c->size - c->at)
        png_error(png, "truncated");
    memcpy(out, c->data + c->at, n);
    c->at += n;
}

/* Decodes every row of every pass into one row buffer, so that memory is a
 * row's, whatever the image declares; libpng calls png_fail (never abort)
 * on the first error. */
static int png_decode(check *c, unsigned long long max_pixels, nc_image *img)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, c, png_fail, png_warned);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep volatile row = NULL;
    int ok = 0;
    if (!info) {
        snprintf(c->why, sizeof c->why, "out of memory");
    } else if (setjmp(png_jmpbuf(png)) == 0) {
        png_set_read_fn(png, c, png_from_memory);
        png_set_user_limits(png, 1000000, 1000000);
        png_set_chunk_cache_max(png, 1000);
        png_set_chunk_malloc_max(png, 8 * 1024 * 1024);
        png_read_info(png, info);
        png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
        img->width = w;
        img->height = h;
        if ((unsigned long long)w * h > max_pixels) {
            c->limit = CHECK_PIXELS;
            png_error(png, "too many pixels");
        }
        int passes = png_set_interlace_handling(png);
        png_read_update_info(png, info);
        row = malloc(png_get_rowbytes(png, info));
        if (!row)
            png_error(png, "out of memory");
        for (int p = 0; p < passes; p++)
            for (png_uint_32 y = 0; y < h; y++)
                png_read_row(png, row, NULL);
        png_read_end(png, NULL);
        ok = !c->why[0];
    }
    free(row);
    png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    return ok;
}

/* ----------------------------------------------------------- checking JPEG */

typedef struct jpeg_check {
    struct jpeg_error_mgr mgr;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    check *c;
} jpeg_check;

static void jpeg_fail(j_common_ptr cinfo)
{
    jpeg_check *j = (jpeg_check *)cinfo->err;
    if (!j->c->why[0])
        (*cinfo->err->format_message)(cinfo, j->c->why);
    longjmp(j->jump, 1);
}

/* Level -1 is a warning (corrupt data, a premature end): refused, as for
 * PNG, at once (libjpeg would go on through the rest of the image, filling
 * a progressive JPEG's whole coefficient buffer from data that is not
 * there); higher levels are trace messages. */
static void jpeg_message(j_common_ptr cinfo, int level)
{
    if (level < 0)
        jpeg_fail(cinfo);
}

static void jpeg_scans(j_common_ptr cinfo)
{
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    jpeg_check *j = (jpeg_check *)cinfo->err;
    if (d->input_scan_number > MAX_JPEG_SCANS) {
        snprintf(j->c->why, sizeof j->c->why, "more than %d scans", MAX_JPEG_SCANS);
        longjmp(j->jump, 1);
    }
}

/* A JPEG of more than one scan (progressive, or one scan a component) is
 * decoded into a buffer of all its DCT coefficients, two bytes a pixel for
 * each full-size component, before the first row comes out: its size, from
 * the header, as libjpeg's jdcoefct.c will ask for it. */
static unsigned long long jpeg_coefficient_bytes(j_decompress_ptr d)
{
    if (!jpeg_has_multiple_scans(d))
        return 0;
    unsigned long long n = 0;
    for (int i = 0; i < d->num_components; i++) {
        const jpeg_component_info *ci = &d->comp_info[i];
        unsigned long long w = ci->width_in_blocks, h = ci->height_in_blocks;
        w += (ci->h_samp_factor - w % ci->h_samp_factor) % ci->h_samp_factor;
        h += (ci->v_samp_factor - h % ci->v_samp_factor) % ci->v_samp_factor;
        n += w * h * DCTSIZE2 * sizeof(JCOEF);
    }
    return n;
}

/* What the header alone refuses: too many pixels, more memory than the
 * pixel limit allows (four bytes a pixel, what decoding an image of that
 * many pixels whole takes; a 4:2:0 progressive JPEG needs three), or
 * arithmetic coding. 0, or -1 with c->why set. */
static int jpeg_refused(j_decompress_ptr d, check *c, unsigned long long max_pixels)
{
    unsigned long long budget = 4 * max_pixels, need = jpeg_coefficient_bytes(d);
    if ((unsigned long long)d->image_width * d->image_height > max_pixels) {
        c->limit = CHECK_PIXELS;
        return -1;
    }
    if (need > budget) {
        c->limit = CHECK_MEMORY;
        snprintf(c->why, sizeof c->why,
                 "a %s JPEG of %lu x %lu pixels needs %llu MB to decode, more than the %llu MB "
                 "max-image-pixels allows (4 bytes a pixel)",
                 d->progressive_mode ? "progressive" : "multi-scan", (unsigned long)d->image_width,
                 (unsigned long)d->image_height, (need + 999999) / 1000000, budget / 1000000);
        return -1;
    }
    if (d->arith_code) { /* neither libharu nor every reader decodes it */
        snprintf(c->why, sizeof c->why, "arithmetic coding");
        return -1;
    }
    /* The same bound on what libjpeg allocates for the buffer, with room
     * for its small tables and rows: beyond it libjpeg would need a backing
     * store, which this build refuses with an error. */
    unsigned long long cap = budget + (16u << 20);
    d->mem->max_memory_to_use = cap > LONG_MAX ? LONG_MAX : (long)cap;
    return 0;
}

/* Decodes the whole entropy-coded data at an eighth of the size (the
 * Huffman decoding, where damage shows, is complete; the IDCT is cheap). */
static int jpeg_decode(check *c, unsigned long long max_pixels, nc_image *img)
{
    struct jpeg_decompress_struct d;
    jpeg_check j = {.c = c};
    d.err = jpeg_std_error(&j.mgr);
    j.mgr.error_exit = jpeg_fail;
    j.mgr.emit_message = jpeg_message;
    j.progress.progress_monitor = jpeg_scans;
    JSAMPLE *volatile row = NULL;
    int ok = 0;
    jpeg_create_decompress(&d);
    if (setjmp(j.jump) == 0) {
        d.progress = &j.progress;
        jpeg_mem_src(&d, c->data, (unsigned long)c->size);
        jpeg_read_header(&d, TRUE);
        img->width = d.image_width;
        img->height = d.image_height;
        if (jpeg_refused(&d, c, max_pixels) != 0)
            longjmp(j.jump, 1);
        d.scale_num = 1;
        d.scale_denom = 8;
        d.dct_method = JDCT_IFAST;
        jpeg_start_decompress(&d);
        row = malloc((size_t)d.output_width * (size_t)d.output_components);
        if (!row) {
            snprintf(c->why, sizeof c->why, "out of memory");
            longjmp(j.jump, 1);
        }
        while (d.output_scanline < d.output_height) {
            JSAMPROW rows[1] = {row};
            jpeg_read_scanlines(&d, rows, 1);
        }
        jpeg_finish_decompress(&d);
        ok = !c->why[0];
    }
    free(row);
    jpeg_destroy_decompress(&d);
    return ok;
}

/* ------------------------------------------------------------------ loader */

nc_status nc_image_check(const unsigned char *data, size_t size, unsigned long long max_pixels,
                         const char *what, nc_image *img, nc_error *err)
{
    static const unsigned char png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    *img = (nc_image){0};
    check c = {.data = data, .size = size};
    int ok;
    if (size >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        *img = (nc_image){.media_type = "image/jpeg", .extension = "jpg"};
        ok = jpeg_decode(&c, max_pixels, img);
    } else if (size >= 8 && memcmp(data, png_magic, 8) == 0) {
        *img = (nc_image){.media_type = "image/png", .extension = "png"};
        ok = png_decode(&c, max_pixels, img);
    } else {
        return nc_error_set(err, NC_ERR_RESOURCE, "%s: %s", what,
                       size ? "not a JPEG or PNG file" : "empty file");
    }
    img->size = size;
    if (ok)
        return NC_OK;
    if (c.limit == CHECK_PIXELS)
        return nc_error_set(err, NC_ERR_RESOURCE, "%s: %lu x %lu pixels, more than the %llu allowed",
                       what, img->width, img->height, max_pixels);
    if (c.limit == CHECK_MEMORY)
        return nc_error_set(err, NC_ERR_RESOURCE, "%s: %s", what, c.why);
    return nc_error_set(err, NC_ERR_RESOURCE, "%s: a damaged %s file (%s)", what,
                   img->extension[0] == 'p' ? "PNG" : "JPEG", c.why);
}

nc_status nc_image_load(const nc_document *doc, const char *key, unsigned long long max_pixels,
                        nc_image *img, nc_error *err)
{
    *img = (nc_image){0};
    const nc_meta *m = &doc->meta;
    int image = strcmp(key, "image") == 0;
    const char *path = image ? m->image : m->cover_image;
    int trusted = !(image ? m->image_from_article : m->cover_image_from_article);
    if (!path || !*path)
        return nc_error_set(err, NC_ERR_ARGUMENT, "%s: no path", key);
    char *root = NULL;
    char *real = trusted ? NULL : resolve(doc, key, path, &root, err);
    if (!trusted && !real)
        return err ? err->code : NC_ERR_RESOURCE;
    /* The user's own path is opened as it is; the article's is walked down
     * from the folder it was confined to, without following a link, so a
     * link swapped in after resolve() cannot lead out of it. */
    int fd = trusted ? open_regular(AT_FDCWD, path, 0) : nc_image_open_beneath(root, real);
    free(real);
    free(root);
    nc_buf data = NC_BUF_INIT;
    nc_status rc;
    if (fd == -2)
        rc = nc_error_set(err, NC_ERR_RESOURCE, "%s '%s': not a regular file", key, path);
    else if (fd < 0)
        rc = nc_error_set(err, NC_ERR_RESOURCE, "%s '%s': cannot open: %s", key, path,
                          strerror(errno));
    else
        rc = read_whole(fd, key, path, &data, err);
    nc_buf what = NC_BUF_INIT;
    nc_buf_printf(&what, "%s '%s'", key, path);
    if (rc == NC_OK && !nc_buf_cstr(&what))
        rc = nc_error_set(err, NC_ERR_NOMEM, "out of memory");
    nc_image info;
    if (rc == NC_OK)
        rc = nc_image_check((const unsigned char *)data.data, data.len, max_pixels, what.data,
                            &info, err);
    nc_buf_free(&what);
    if (rc != NC_OK) {
        nc_buf_free(&data);
        return rc;
    }
    *img = info;
    img->data = (unsigned char *)nc_buf_detach(&data);
    return NC_OK;
}

void nc_image_free(nc_image *img)
{
    free(img->data);
    *img = (nc_image){0};
}

/* make_image.c: writes a test image with the libraries the loader checks
 * with, so that the tests make their inputs instead of storing them.
 *
 *   make_image png|jpeg|progressive|progressive444 WIDTH HEIGHT OUT
 *
 * A JPEG is subsampled 4:2:0 (libjpeg's default), but progressive444's:
 * a progressive JPEG decodes into a buffer of all its coefficients, two
 * bytes a pixel for each full-size component, six bytes a pixel for it.
 * The pixels are a gradient (something a decoder must actually decode). A
 * PNG row of a big image is written from one buffer: a 20000 x 20000 PNG
 * costs a row of memory and compresses to a few hundred KB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

static void gradient(unsigned char *row, unsigned long w, unsigned long y)
{
    for (unsigned long x = 0; x < w; x++) {
        row[3 * x] = (unsigned char)(x * 255 / (w ? w : 1));
        row[3 * x + 1] = (unsigned char)(y & 255);
        row[3 * x + 2] = 128;
    }
}

static int write_png(FILE *fp, unsigned long w, unsigned long h, unsigned char *row)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info || setjmp(png_jmpbuf(png)))
        return 1;
    png_init_io(png, fp);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 9);
    png_write_info(png, info);
    for (unsigned long y = 0; y < h; y++) {
        gradient(row, w, y / 64); /* runs of equal rows compress to nothing */
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}

static int write_jpeg(FILE *fp, unsigned long w, unsigned long h, unsigned char *row,
                      int progressive, int full_chroma)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, fp);
    c.image_width = (JDIMENSION)w;
    c.image_height = (JDIMENSION)h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    if (full_chroma)
        c.comp_info[0].h_samp_factor = c.comp_info[0].v_samp_factor = 1;
    if (progressive)
        jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    for (unsigned long y = 0; y < h; y++) {
        gradient(row, w, y);
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fputs("usage: make_image png|jpeg|progressive|progressive444 WIDTH HEIGHT OUT\n", stderr);
        return 2;
    }
    unsigned long w = strtoul(argv[2], NULL, 10), h = strtoul(argv[3], NULL, 10);
    unsigned char *row = malloc(3 * (w ? w : 1));
    FILE *fp = fopen(argv[4], "wb");
    if (!row || !fp)
        return 1;
    int progressive = strncmp(argv[1], "progressive", 11) == 0;
    int rc = strcmp(argv[1], "png") == 0
                 ? write_png(fp, w, h, row)
                 : write_jpeg(fp, w, h, row, progressive, strcmp(argv[1], "progressive444") == 0);
    free(row);
    return fclose(fp) != 0 || rc;
}

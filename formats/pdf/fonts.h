/* fonts.h: the PDF writer's faces. Each style (serif or sans; regular,
 * bold, italic) is a chain of faces found through fontconfig: the preferred
 * family, then DejaVu for the glyphs it lacks, then DejaVu Sans for the
 * widest coverage. A face is looked up on first need and embedded in the
 * document only when a glyph of it is drawn. Private to the PDF writer. */
#ifndef NC_PDF_FONTS_H
#define NC_PDF_FONTS_H

#include <hpdf.h>

#include "newsconv.h"

typedef enum nc_pdf_style {
    NC_PDF_SERIF = 0,
    NC_PDF_SERIF_BOLD,
    NC_PDF_SERIF_ITALIC,
    NC_PDF_SERIF_BOLD_ITALIC,
    NC_PDF_SANS,
    NC_PDF_SANS_BOLD,
    NC_PDF_SANS_ITALIC,
    NC_PDF_SANS_BOLD_ITALIC,
    NC_PDF_STYLES
} nc_pdf_style;

#define NC_PDF_CHAIN 3 /* faces per style: preferred, DejaVu alike, DejaVu Sans */

typedef struct nc_pdf_fonts nc_pdf_fonts;

/* A font set for one document; NULL when out of memory. Owned by the
 * caller (nc_pdf_fonts_free), and must be freed before pdf is. */
nc_pdf_fonts *nc_pdf_fonts_new(HPDF_Doc pdf);
void nc_pdf_fonts_free(nc_pdf_fonts *f);

/* The same style with italic (emphasis) or bold switched on. */
nc_pdf_style nc_pdf_style_italic(nc_pdf_style s);
nc_pdf_style nc_pdf_style_bold(nc_pdf_style s);

/* Which face of the style's chain draws code point cp: 0 .. NC_PDF_CHAIN-1,
 * or -1 when none can (libharu's UTF-8 encoder also stops at U+FFFF). */
int nc_pdf_fonts_pick(nc_pdf_fonts *f, nc_pdf_style style, unsigned long cp);

/* The libharu font of a face that nc_pdf_fonts_pick returned, embedding it
 * on first use. NULL with *rc set (NC_ERR_RESOURCE, or the libharu error
 * the caller's handler recorded) when it cannot be loaded. */
HPDF_Font nc_pdf_fonts_get(nc_pdf_fonts *f, nc_pdf_style style, int face, nc_status *rc);

/* The stand-in for a character no face has: a face and the UTF-8 bytes
 * to draw with it (U+FFFD where a face has it, else '?'). */
int nc_pdf_fonts_standin(nc_pdf_fonts *f, nc_pdf_style style, const char **utf8);

/* Notes that the UTF-8 text is drawn with font (one nc_pdf_fonts_get
 * returned), for its ToUnicode map. 0, or -1 when out of memory. */
int nc_pdf_fonts_mark(nc_pdf_fonts *f, HPDF_Font font, const char *utf8);
/* Gives every embedded font a correct ToUnicode map of the characters
 * drawn with it; once, when everything is drawn. 0, or -1 on failure. */
int nc_pdf_fonts_finish(nc_pdf_fonts *f);

/* When no face at all was found for a style, a message for the error. */
const char *nc_pdf_fonts_problem(const nc_pdf_fonts *f);

#endif

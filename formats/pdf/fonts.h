/* fonts.h: the PDF writer's faces. Each style (serif or sans; regular,
 * bold, italic) is a chain of faces found through fontconfig: the preferred
 * family, then DejaVu for the glyphs it lacks, then DejaVu Sans for the
 * widest coverage. A face is looked up on first need and embedded in the
 * document only when a glyph of it is drawn. Private to the PDF writer. */
#ifndef NC_PDF_FONTS_H
#define NC_PDF_FONTS_H

#include <hpdf.h>

#include "face.h"
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
 * or -1 when none can. */
int nc_pdf_fonts_pick(nc_pdf_fonts *f, nc_pdf_style style, unsigned long cp);

/* The face of the style's chain that nc_pdf_fonts_pick returned, for
 * measuring and shaping (face.h), read on first need. NULL with *rc set
 * (NC_ERR_RESOURCE) when it cannot be read. */
const nc_pdf_face *nc_pdf_fonts_face(nc_pdf_fonts *f, nc_pdf_style style, int face, nc_status *rc);

/* A face embedded in the document: a Type0 font of our own making
 * (fonts.c says why), Identity-H, whose two-byte codes are CIDs given out
 * in the order first drawn, one per glyph and the text it stands for. */
typedef struct nc_pdf_font nc_pdf_font;

/* The document's font for a face (embedding it on first use); NULL with
 * *rc set when it cannot be made. */
nc_pdf_font *nc_pdf_fonts_get(nc_pdf_fonts *f, nc_pdf_style style, int face, nc_status *rc);
/* Its name among a page's font resources, and its font dictionary. */
const char *nc_pdf_font_name(const nc_pdf_font *font);
HPDF_Dict nc_pdf_font_dict(const nc_pdf_font *font);
const nc_pdf_face *nc_pdf_font_face(const nc_pdf_font *font);
/* The code that draws glyph gid standing for the len bytes of UTF-8 at
 * text (a ligature's letters; empty for a cluster's later glyphs): the
 * same pair always gets the same code, so that the ToUnicode map gives
 * every code exactly its text. -1 when out of memory or out of codes. */
long nc_pdf_font_code(nc_pdf_font *font, unsigned gid, const char *text, size_t len);

/* The stand-in for a character no face has: a face and the UTF-8 bytes
 * to draw with it (U+FFFD where a face has it, else '?'). */
int nc_pdf_fonts_standin(nc_pdf_fonts *f, nc_pdf_style style, const char **utf8);

/* Writes every embedded font's objects: widths, CID-to-glyph map,
 * ToUnicode map, descriptor and font file, cut down to the glyphs drawn.
 * Once, when everything is drawn. 0, or -1 on failure. */
int nc_pdf_fonts_finish(nc_pdf_fonts *f);

/* When no face at all was found for a style, a message for the error. */
const char *nc_pdf_fonts_problem(const nc_pdf_fonts *f);

#endif

/* pdf_fonts.c: finding faces through fontconfig, checking glyph coverage,
 * and embedding them in the PDF only when drawn (each embedded face costs
 * libharu about 10 ms and the file its subset). */
#include "pdf_fonts.h"

#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct face {
    int looked_up;
    char *path;        /* NULL when fontconfig found no usable face */
    FcCharSet *charset;
    HPDF_Font font;    /* NULL until first drawn */
} face;

struct nc_pdf_fonts {
    HPDF_Doc pdf;
    face faces[NC_PDF_STYLES][NC_PDF_CHAIN];
    char problem[256];
};

nc_pdf_fonts *nc_pdf_fonts_new(HPDF_Doc pdf)
{
    nc_pdf_fonts *f = calloc(1, sizeof *f);
    if (f)
        f->pdf = pdf;
    return f;
}

void nc_pdf_fonts_free(nc_pdf_fonts *f)
{
    if (!f)
        return;
    for (int s = 0; s < NC_PDF_STYLES; s++)
        for (int i = 0; i < NC_PDF_CHAIN; i++) {
            free(f->faces[s][i].path);
            if (f->faces[s][i].charset)
                FcCharSetDestroy(f->faces[s][i].charset);
        }
    free(f);
}

static int is_sans(nc_pdf_style s) { return s >= NC_PDF_SANS; }
static int is_bold(nc_pdf_style s) { return (s - (is_sans(s) ? NC_PDF_SANS : 0)) & 1; }
static int is_italic(nc_pdf_style s) { return (s - (is_sans(s) ? NC_PDF_SANS : 0)) & 2; }

nc_pdf_style nc_pdf_style_italic(nc_pdf_style s)
{
    return (nc_pdf_style)((is_sans(s) ? NC_PDF_SANS : 0) + (is_bold(s) ? 1 : 0) + 2);
}

nc_pdf_style nc_pdf_style_bold(nc_pdf_style s)
{
    return (nc_pdf_style)((is_sans(s) ? NC_PDF_SANS : 0) + 1 + (is_italic(s) ? 2 : 0));
}

/* Fills fc with the best TrueType face fontconfig has for the family,
 * weight and slant. libharu reads only TrueType outlines, and only the
 * first face of a file, so anything else counts as not found. */
static void look_up(face *fc, const char *family, int bold, int italic)
{
    fc->looked_up = 1;
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcPatternDestroy(pat);
    if (!match)
        return;
    FcChar8 *file = NULL, *format = NULL;
    FcCharSet *cs = NULL;
    int index = 0;
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch &&
        FcPatternGetString(match, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
        strcmp((const char *)format, "TrueType") == 0 &&
        (FcPatternGetInteger(match, FC_INDEX, 0, &index) != FcResultMatch || index == 0)) {
        fc->path = strdup((const char *)file);
        fc->charset = fc->path ? FcCharSetCopy(cs) : NULL;
        if (!fc->charset) {
            free(fc->path);
            fc->path = NULL;
        }
    }
    FcPatternDestroy(match);
}

static face *chain_face(nc_pdf_fonts *f, nc_pdf_style style, int i)
{
    face *fc = &f->faces[style][i];
    if (!fc->looked_up) {
        static const char *const families[2][NC_PDF_CHAIN] = {
            {"Liberation Serif", "DejaVu Serif", "DejaVu Sans"},
            {"Liberation Sans", "DejaVu Sans", "DejaVu Sans"},
        };
        look_up(fc, families[is_sans(style)][i], is_bold(style), is_italic(style) != 0);
        if (!fc->path && i == 0)
            snprintf(f->problem, sizeof f->problem,
                     "fontconfig found no TrueType face for %s%s%s",
                     families[is_sans(style)][0], is_bold(style) ? " Bold" : "",
                     is_italic(style) ? " Italic" : "");
    }
    return fc;
}

int nc_pdf_fonts_pick(nc_pdf_fonts *f, nc_pdf_style style, unsigned long cp)
{
    if (cp > 0xFFFF || (int)style < 0 || style >= NC_PDF_STYLES)
        return -1;
    for (int i = 0; i < NC_PDF_CHAIN; i++) {
        face *fc = chain_face(f, style, i);
        if (fc->path && FcCharSetHasChar(fc->charset, (FcChar32)cp))
            return i;
    }
    return -1;
}

HPDF_Font nc_pdf_fonts_get(nc_pdf_fonts *f, nc_pdf_style style, int i, nc_status *rc)
{
    face *fc = chain_face(f, style, i);
    if (fc->font)
        return fc->font;
    if (!fc->path) {
        *rc = NC_ERR_RESOURCE;
        return NULL;
    }
    /* The same file may serve several styles (DejaVu Sans closes every
     * chain): embed it once. */
    for (int s = 0; s < NC_PDF_STYLES; s++)
        for (int j = 0; j < NC_PDF_CHAIN; j++) {
            face *o = &f->faces[s][j];
            if (o->font && o->path && strcmp(o->path, fc->path) == 0)
                return fc->font = o->font;
        }
    const char *name = HPDF_LoadTTFontFromFile(f->pdf, fc->path, HPDF_TRUE);
    if (name)
        fc->font = HPDF_GetFont(f->pdf, name, "UTF-8");
    if (!fc->font) {
        snprintf(f->problem, sizeof f->problem, "cannot embed the font %s", fc->path);
        *rc = NC_ERR_RESOURCE;
    }
    return fc->font;
}

int nc_pdf_fonts_standin(nc_pdf_fonts *f, nc_pdf_style style, const char **utf8)
{
    int i = nc_pdf_fonts_pick(f, style, 0xFFFD);
    if (i >= 0) {
        *utf8 = "\xEF\xBF\xBD";
        return i;
    }
    *utf8 = "?";
    return nc_pdf_fonts_pick(f, style, '?');
}

const char *nc_pdf_fonts_problem(const nc_pdf_fonts *f) { return f->problem; }

/* fonts.c: finding faces through fontconfig, checking glyph coverage,
 * and embedding them in the PDF only when drawn (each embedded face costs
 * libharu about 10 ms and the file its subset). */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haru.h"
#include "subset.h"
#include "utf8.h"

typedef struct face {
    int looked_up;
    char *path;        /* NULL when fontconfig found no usable face */
    FcCharSet *charset;
    HPDF_Font font;    /* NULL until first drawn */
} face;

#define PICK_CACHE 0x250 /* ASCII, Latin-1 and Latin Extended-A/B */

/* A font embedded in the document, and the characters drawn with it (a
 * bitmap of the 65,536 code points), for its ToUnicode map. */
typedef struct embedded {
    HPDF_Font font;
    const char *path;   /* its file (the face's) */
    unsigned char *used;
} embedded;

struct nc_pdf_fonts {
    HPDF_Doc pdf;
    embedded embedded[NC_PDF_STYLES * NC_PDF_CHAIN];
    size_t n_embedded;
    face faces[NC_PDF_STYLES][NC_PDF_CHAIN];
    /* The face each style draws a code point with, + 2 (0: not asked yet):
     * the layout asks once per character of the text. */
    signed char picked[NC_PDF_STYLES][PICK_CACHE];
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
    for (size_t i = 0; i < f->n_embedded; i++)
        free(f->embedded[i].used);
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

/* Takes the face when it is one libharu can embed: TrueType outlines, the
 * first face of its file (libharu reads no other). */
static int take(face *fc, FcPattern *p)
{
    FcChar8 *file = NULL, *format = NULL;
    FcCharSet *cs = NULL;
    int index = 0;
    if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) != FcResultMatch ||
        FcPatternGetString(p, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
        strcmp((const char *)format, "TrueType") != 0 ||
        (FcPatternGetInteger(p, FC_INDEX, 0, &index) == FcResultMatch && index != 0))
        return 0;
    fc->path = strdup((const char *)file);
    fc->charset = fc->path ? FcCharSetCopy(cs) : NULL;
    if (!fc->charset) {
        free(fc->path);
        fc->path = NULL;
    }
    return fc->path != NULL;
}

/* The installed face of exactly this family, weight and slant, at normal
 * width. Listing skips FcConfigSubstitute and FcFontMatch, which run every
 * rule of the configuration and score every font: about 1.1 M
 * instructions a face against 0.1 M (callgrind, fontconfig 2.14). It also
 * keeps the choice the same on every machine that has the family (Debian's
 * fonts-liberation2, fonts-dejavu). config NULL: the whole configuration. */
static int list_exact(FcConfig *config, face *fc, FcPattern *pat)
{
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, FC_FONTFORMAT, FC_CHARSET, (char *)NULL);
    FcFontSet *fs = os ? FcFontList(config, pat, os) : NULL;
    int found = 0;
    if (fs) {
        /* Several copies of a face: the first path, so that the choice
         * does not depend on the order of fontconfig's caches. */
        FcPattern *best = NULL;
        FcChar8 *best_file = NULL;
        for (int i = 0; i < fs->nfont; i++) {
            FcChar8 *file = NULL, *format = NULL;
            int index = 0;
            if (FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
                FcPatternGetString(fs->fonts[i], FC_FONTFORMAT, 0, &format) != FcResultMatch ||
                strcmp((const char *)format, "TrueType") != 0 ||
                (FcPatternGetInteger(fs->fonts[i], FC_INDEX, 0, &index) == FcResultMatch && index != 0))
                continue;
            if (!best || strcmp((const char *)file, (const char *)best_file) < 0) {
                best = fs->fonts[i];
                best_file = file;
            }
        }
        found = best && take(fc, best);
        FcFontSetDestroy(fs);
    }
    if (os)
        FcObjectSetDestroy(os);
    return found;
}

/* The system's font folders and fontconfig's caches of them, without the
 * rest of the configuration. Loading the whole of /etc/fonts (some forty
 * files of XML: aliases, substitutions, user folders) takes 3.3 ms a
 * process; this takes 0.3 ms, and a PDF of the seed takes 30 ms in all. The
 * faces asked for are named exactly, so the aliases would change nothing,
 * and leaving out ~/.fonts keeps a user's own copies from changing the
 * output. A family not found here is looked for through the whole
 * configuration after all; so is everything when the user has pointed
 * fontconfig at a configuration of their own. Built once a process and
 * only read afterwards (fontconfig's lists are safe from several threads). */
#ifndef NC_FONTCONFIG_CACHEDIR
#define NC_FONTCONFIG_CACHEDIR "/var/cache/fontconfig"
#endif
#ifndef NC_FONTCONFIG_FONTDIR
#define NC_FONTCONFIG_FONTDIR "/usr/share/fonts"
#endif
static FcConfig *system_config;
static pthread_once_t system_once = PTHREAD_ONCE_INIT;

static void load_system_config(void)
{
    if (getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH") || getenv("FONTCONFIG_SYSROOT"))
        return;
    static const char xml[] = "<?xml version=\"1.0\"?>\n<fontconfig>"
                              "<dir>" NC_FONTCONFIG_FONTDIR "</dir>"
                              "<dir>/usr/local/share/fonts</dir>"
                              "<cachedir>" NC_FONTCONFIG_CACHEDIR "</cachedir>"
                              "</fontconfig>\n";
    FcConfig *c = FcConfigCreate();
    if (c && FcConfigParseAndLoadFromMemory(c, (const FcChar8 *)xml, FcFalse) &&
        FcConfigBuildFonts(c))
        system_config = c;
    else if (c)
        FcConfigDestroy(c);
}

/* Fills fc with the best TrueType face fontconfig has for the family,
 * weight and slant: the exact face when installed, else fontconfig's
 * match. libharu reads only TrueType outlines, and only the first face of
 * a file, so anything else counts as not found. */
static void look_up(face *fc, const char *family, int bold, int italic)
{
    fc->looked_up = 1;
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPattern *exact = FcPatternDuplicate(pat);
    if (exact) {
        FcPatternAddInteger(exact, FC_WIDTH, FC_WIDTH_NORMAL);
        pthread_once(&system_once, load_system_config);
        int found = (system_config && list_exact(system_config, fc, exact)) ||
                    list_exact(NULL, fc, exact);
        FcPatternDestroy(exact);
        if (found) {
            FcPatternDestroy(pat);
            return;
        }
    }
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res = FcResultNoMatch;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcPatternDestroy(pat);
    if (!match)
        return;
    take(fc, match);
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
    signed char *cached = cp < PICK_CACHE ? &f->picked[style][cp] : NULL;
    if (cached && *cached)
        return *cached - 2;
    int pick = -1;
    for (int i = 0; i < NC_PDF_CHAIN && pick < 0; i++) {
        face *fc = chain_face(f, style, i);
        if (fc->path && FcCharSetHasChar(fc->charset, (FcChar32)cp))
            pick = i;
    }
    if (cached)
        *cached = (signed char)(pick + 2);
    return pick;
}

HPDF_Font nc_pdf_fonts_get(nc_pdf_fonts *f, nc_pdf_style style, int i, nc_status *rc)
{
    const nc_hpdf_api *hp = nc_hpdf();
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
    const char *name = hp->HPDF_LoadTTFontFromFile(f->pdf, fc->path, HPDF_TRUE);
    if (name)
        fc->font = hp->HPDF_GetFont(f->pdf, name, "UTF-8");
    if (fc->font && f->n_embedded < sizeof f->embedded / sizeof *f->embedded)
        f->embedded[f->n_embedded++] = (embedded){.font = fc->font, .path = fc->path};
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

int nc_pdf_fonts_mark(nc_pdf_fonts *f, HPDF_Font font, const char *utf8)
{
    embedded *e = NULL;
    for (size_t i = 0; i < f->n_embedded && !e; i++)
        if (f->embedded[i].font == font)
            e = &f->embedded[i];
    if (!e)
        return 0;
    if (!e->used && !(e->used = calloc(65536 / 8, 1)))
        return -1;
    size_t n = strlen(utf8);
    for (size_t i = 0; i < n;) {
        size_t k;
        long cp = nc_utf8_decode(utf8 + i, n - i, &k);
        if (cp >= 0 && cp <= 0xFFFF)
            e->used[cp >> 3] |= (unsigned char)(1u << (cp & 7));
        i += k;
    }
    return 0;
}

/* A font's text layer, widths and glyph map, and its file cut down to the
 * glyphs drawn (kept whole when HarfBuzz's subsetter is missing). */
static int finish_font(embedded *e)
{
    unsigned *gids = malloc(65536 * sizeof *gids);
    size_t n = 0;
    int rc = -1;
    if (gids && nc_hpdf_fix_tounicode(e->font, e->used) == 0 &&
        nc_hpdf_trim_font(e->font, e->used, gids, &n) == 0) {
        nc_buf sub = NC_BUF_INIT;
        rc = nc_pdf_subset(e->path, gids, n, &sub) == 0
                 ? nc_hpdf_replace_font_file(e->font, sub.data, sub.len)
                 : 0;
        nc_buf_free(&sub);
    }
    free(gids);
    return rc;
}

int nc_pdf_fonts_finish(nc_pdf_fonts *f)
{
    for (size_t i = 0; i < f->n_embedded; i++)
        if (f->embedded[i].used && finish_font(&f->embedded[i]) != 0)
            return -1;
    return 0;
}

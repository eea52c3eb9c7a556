/* fonts.c: finding faces through fontconfig, checking glyph coverage,
 * and embedding them in the PDF only when drawn.
 *
 * The fonts are PDF objects of our own making, not libharu's: libharu's
 * Unicode fonts draw character codes (its CIDToGIDMap picks the glyph),
 * so no ligature glyph could be addressed, and it read and parsed each
 * TrueType file again for every document. Here a code (CID) is given out
 * per glyph and the text it stands for, in the order drawn: a ligature
 * "fi" is a code whose ToUnicode entry is "fi", and a glyph that stands
 * for two different characters (a space and a no-break space) gets two
 * codes, so that the text layer never has to choose. The CIDToGIDMap maps
 * them to the glyphs of the face's file, cut down by HarfBuzz's subsetter
 * with every glyph keeping its index. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "haru.h"
#include "reserve.h"
#include "sha256.h"
#include "utf8.h"

typedef struct face {
    int looked_up;
    char *path;        /* NULL when fontconfig found no usable face */
    FcCharSet *charset;
    const nc_pdf_face *hb;  /* NULL until first measured (the process's) */
    nc_pdf_font *font;      /* NULL until first drawn (the document's) */
} face;

#define PICK_CACHE 0x250 /* ASCII, Latin-1 and Latin Extended-A/B */

typedef struct code {
    unsigned gid;
    size_t text, len;  /* its characters, in the font's texts */
    long next;         /* the next code of the same glyph, 0: none */
} code;

struct nc_pdf_font {
    const nc_pdf_face *face;
    HPDF_Dict dict;          /* the Type0 font, in the document's xref */
    char name[8];            /* F1, F2 ... among a page's resources */
    long *first;             /* per glyph: its first code, 0: not drawn */
    code *codes;             /* codes[1 .. n_codes]; 0 is .notdef's */
    size_t n_codes, cap_codes;
    nc_buf texts;
};

struct nc_pdf_fonts {
    HPDF_Doc pdf;
    nc_pdf_font *embedded[NC_PDF_STYLES * NC_PDF_CHAIN];
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
    for (size_t i = 0; i < f->n_embedded; i++) {
        nc_pdf_font *e = f->embedded[i];
        free(e->first);
        free(e->codes);
        nc_buf_free(&e->texts);
        free(e);
    }
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
    if (cp > 0x10FFFF || (int)style < 0 || style >= NC_PDF_STYLES)
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


const nc_pdf_face *nc_pdf_fonts_face(nc_pdf_fonts *f, nc_pdf_style style, int i, nc_status *rc)
{
    face *fc = chain_face(f, style, i);
    if (!fc->hb && fc->path && !(fc->hb = nc_pdf_face_get(fc->path)))
        snprintf(f->problem, sizeof f->problem, "cannot read the font %s", fc->path);
    if (!fc->hb)
        *rc = NC_ERR_RESOURCE;
    return fc->hb;
}

/* The Type0 font's dictionary now, so that pages can name it; what it
 * holds is written by nc_pdf_fonts_finish, when the glyphs are known. */
static nc_pdf_font *embed(nc_pdf_fonts *f, const nc_pdf_face *hb)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_pdf_font *e = f->n_embedded < sizeof f->embedded / sizeof *f->embedded
                         ? calloc(1, sizeof *e)
                         : NULL;
    if (!e)
        return NULL;
    f->embedded[f->n_embedded++] = e;
    e->face = hb;
    snprintf(e->name, sizeof e->name, "F%zu", f->n_embedded);
    e->first = calloc(nc_pdf_face_glyph_count(hb) + 1, sizeof *e->first);
    e->dict = e->first ? hp->HPDF_Dict_New(f->pdf->mmgr) : NULL;
    if (!e->dict || hp->HPDF_Xref_Add(f->pdf->xref, e->dict) != HPDF_OK ||
        hp->HPDF_Dict_AddName(e->dict, "Type", "Font") != HPDF_OK ||
        hp->HPDF_Dict_AddName(e->dict, "Subtype", "Type0") != HPDF_OK ||
        hp->HPDF_Dict_AddName(e->dict, "Encoding", "Identity-H") != HPDF_OK)
        return NULL;
    return e;
}

nc_pdf_font *nc_pdf_fonts_get(nc_pdf_fonts *f, nc_pdf_style style, int i, nc_status *rc)
{
    face *fc = chain_face(f, style, i);
    if (fc->font)
        return fc->font;
    const nc_pdf_face *hb = nc_pdf_fonts_face(f, style, i, rc);
    if (!hb)
        return NULL;
    /* The same file may serve several styles (DejaVu Sans closes every
     * chain): embed it once. */
    for (size_t k = 0; k < f->n_embedded; k++)
        if (f->embedded[k]->face == hb)
            return fc->font = f->embedded[k];
    if (!(fc->font = embed(f, hb))) {
        snprintf(f->problem, sizeof f->problem, "cannot embed the font %s", fc->path);
        *rc = NC_ERR_RESOURCE;
    }
    return fc->font;
}

const char *nc_pdf_font_name(const nc_pdf_font *font) { return font->name; }
HPDF_Dict nc_pdf_font_dict(const nc_pdf_font *font) { return font->dict; }
const nc_pdf_face *nc_pdf_font_face(const nc_pdf_font *font) { return font->face; }

long nc_pdf_font_code(nc_pdf_font *e, unsigned gid, const char *text, size_t len)
{
    if (gid >= nc_pdf_face_glyph_count(e->face))
        gid = 0;
    /* The code the new one is chained after, as an index (0: the chain's
     * head, e->first[gid]): a pointer into e->codes would not survive the
     * array's growth below. */
    long last = 0;
    for (long c = e->first[gid]; c; c = e->codes[c].next) {
        const code *k = &e->codes[c];
        if (k->len == len && memcmp(e->texts.data + k->text, text, len) == 0)
            return c;
        last = c;
    }
    /* Two bytes a code; 0 is left to .notdef. */
    if (e->n_codes + 1 >= 65536)
        return -1;
    if (nc_reserve(&e->codes, &e->cap_codes, e->n_codes + 2, sizeof *e->codes) != 0)
        return -1;
    long c = (long)++e->n_codes;
    e->codes[c] = (code){.gid = gid, .text = e->texts.len, .len = len};
    nc_buf_put(&e->texts, text, len);
    if (e->texts.failed)
        return -1;
    if (last)
        e->codes[last].next = c;
    else
        e->first[gid] = c;
    return c;
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

/* ------------------------------------------------ the fonts' PDF objects */

static HPDF_Dict stream(nc_pdf_fonts *f, const char *data, size_t len)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_Dict d = hp->HPDF_DictStream_New(f->pdf->mmgr, f->pdf->xref);
    if (!d || hp->HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK)
        return NULL;
    d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return d;
}

/* UTF-16BE of the UTF-8 text, as hex digits, for a ToUnicode entry. */
static void utf16_hex(nc_buf *b, const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t k;
        long cp = nc_utf8_decode(text + i, len - i, &k);
        if (cp < 0)
            cp = 0xFFFD;
        if (cp > 0xFFFF)
            nc_buf_printf(b, "%04lX%04lX", 0xD800 + ((cp - 0x10000) >> 10),
                          0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
            nc_buf_printf(b, "%04lX", cp);
        i += k;
    }
}

/* Every code's text, 100 to a bfchar block; a code for no text (a
 * cluster's later glyphs) is left out, so that it adds nothing. */
static HPDF_Dict to_unicode(nc_pdf_fonts *f, const nc_pdf_font *e)
{
    nc_buf b = NC_BUF_INIT;
    nc_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t c = 1;
    for (;;) {
        while (c <= e->n_codes && !e->codes[c].len)
            c++;
        if (c > e->n_codes)
            break;
        size_t block = 0;
        for (size_t k = c; k <= e->n_codes && block < 100; k++)
            block += e->codes[k].len > 0;
        nc_buf_printf(&b, "%zu beginbfchar\n", block);
        for (size_t done = 0; c <= e->n_codes && done < block; c++) {
            if (!e->codes[c].len)
                continue;
            nc_buf_printf(&b, "<%04zX> <", c);
            utf16_hex(&b, e->texts.data + e->codes[c].text, e->codes[c].len);
            nc_buf_puts(&b, ">\n");
            done++;
        }
        nc_buf_puts(&b, "endbfchar\n");
    }
    nc_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_Dict d = b.failed ? NULL : stream(f, b.data, b.len);
    nc_buf_free(&b);
    return d;
}

/* The glyphs' widths as the layout measured them: [1 [w1 w2 ...]]. */
static HPDF_Array widths(nc_pdf_fonts *f, const nc_pdf_font *e)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_Array w = hp->HPDF_Array_New(f->pdf->mmgr);
    HPDF_Array run = w ? hp->HPDF_Array_New(f->pdf->mmgr) : NULL;
    if (!run || hp->HPDF_Array_AddNumber(w, 1) != HPDF_OK || hp->HPDF_Array_Add(w, run) != HPDF_OK)
        return NULL;
    for (size_t c = 1; c <= e->n_codes; c++)
        if (hp->HPDF_Array_AddNumber(run, nc_pdf_face_advance(e->face, e->codes[c].gid)) != HPDF_OK)
            return NULL;
    return w;
}

/* The two-byte glyph index of each code, code 0 being .notdef's. */
static void glyph_map(const nc_pdf_font *e, const unsigned *gids, unsigned char *bytes)
{
    for (size_t c = 0; c <= e->n_codes; c++) {
        bytes[2 * c] = (unsigned char)(gids[c] >> 8);
        bytes[2 * c + 1] = (unsigned char)gids[c];
    }
}

/* The face's file with only the glyphs drawn (whole without the
 * subsetter), and the CIDToGIDMap; *tag gets the six letters that name a
 * subset, from a hash of the glyphs drawn (the same on every run). */
static int font_file(nc_pdf_fonts *f, const nc_pdf_font *e, HPDF_Dict *file, HPDF_Dict *map, char tag[7])
{
    unsigned *gids = malloc((e->n_codes + 1) * 2 * sizeof *gids);
    unsigned char *bytes = malloc((e->n_codes + 1) * 2);
    int rc = -1;
    if (gids && bytes) {
        unsigned *renumbered = gids + e->n_codes + 1;
        for (size_t c = 0; c <= e->n_codes; c++)
            gids[c] = renumbered[c] = c ? e->codes[c].gid : 0;
        glyph_map(e, gids, bytes);
        nc_sha256 h;
        nc_sha256_init(&h);
        nc_sha256_update(&h, bytes, (e->n_codes + 1) * 2);
        unsigned char d[32];
        nc_sha256_final(&h, d);
        for (int i = 0; i < 6; i++)
            tag[i] = (char)('A' + d[i] % 26);
        tag[6] = 0;
        nc_buf sub = NC_BUF_INIT;
        size_t len = 0;
        const char *data = NULL;
        if (nc_pdf_face_subset(e->face, gids + 1, e->n_codes, &sub, renumbered + 1) == 0) {
            data = sub.data;
            len = sub.len;
            glyph_map(e, renumbered, bytes);
        } else {
            data = nc_pdf_face_data(e->face, &len);
        }
        *file = data ? stream(f, data, len) : NULL;
        *map = stream(f, (const char *)bytes, (e->n_codes + 1) * 2);
        rc = *file && *map &&
                     nc_hpdf()->HPDF_Dict_AddNumber(*file, "Length1", (HPDF_UINT32)len) == HPDF_OK
                 ? 0
                 : -1;
        nc_buf_free(&sub);
    }
    free(gids);
    free(bytes);
    return rc;
}

static HPDF_Dict descriptor(nc_pdf_fonts *f, const nc_pdf_face_metrics *m, const char *name,
                            HPDF_Dict file)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_MMgr mm = f->pdf->mmgr;
    HPDF_Dict d = hp->HPDF_Dict_New(mm);
    HPDF_Array box = d ? hp->HPDF_Array_New(mm) : NULL;
    if (!box || hp->HPDF_Xref_Add(f->pdf->xref, d) != HPDF_OK)
        return NULL;
    for (int i = 0; i < 4; i++)
        if (hp->HPDF_Array_AddNumber(box, m->bbox[i]) != HPDF_OK)
            return NULL;
    /* Nonsymbolic: every glyph is reached through the CIDToGIDMap. */
    int flags = 32 | (m->fixed_pitch ? 1 : 0) | (m->italic_angle != 0 ? 64 : 0);
    return hp->HPDF_Dict_AddName(d, "Type", "FontDescriptor") == HPDF_OK &&
                   hp->HPDF_Dict_AddName(d, "FontName", name) == HPDF_OK &&
                   hp->HPDF_Dict_AddNumber(d, "Flags", flags) == HPDF_OK &&
                   hp->HPDF_Dict_Add(d, "FontBBox", box) == HPDF_OK &&
                   hp->HPDF_Dict_AddReal(d, "ItalicAngle", m->italic_angle) == HPDF_OK &&
                   hp->HPDF_Dict_AddNumber(d, "Ascent", m->ascent) == HPDF_OK &&
                   hp->HPDF_Dict_AddNumber(d, "Descent", m->descent) == HPDF_OK &&
                   hp->HPDF_Dict_AddNumber(d, "CapHeight", m->cap_height) == HPDF_OK &&
                   hp->HPDF_Dict_AddNumber(d, "StemV", m->stem_v) == HPDF_OK &&
                   hp->HPDF_Dict_Add(d, "FontFile2", file) == HPDF_OK
               ? d
               : NULL;
}

static HPDF_Dict system_info(nc_pdf_fonts *f)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_MMgr mm = f->pdf->mmgr;
    HPDF_Dict d = hp->HPDF_Dict_New(mm);
    return d && hp->HPDF_Dict_Add(d, "Registry", hp->HPDF_String_New(mm, "Adobe", NULL)) == HPDF_OK &&
                   hp->HPDF_Dict_Add(d, "Ordering", hp->HPDF_String_New(mm, "Identity", NULL)) == HPDF_OK &&
                   hp->HPDF_Dict_AddNumber(d, "Supplement", 0) == HPDF_OK
               ? d
               : NULL;
}

static int finish_font(nc_pdf_fonts *f, nc_pdf_font *e)
{
    const nc_hpdf_api *hp = nc_hpdf();
    nc_pdf_face_metrics m;
    nc_pdf_face_metrics_get(e->face, &m);
    HPDF_Dict file = NULL, map = NULL;
    char tag[7], name[80];
    if (font_file(f, e, &file, &map, tag) != 0)
        return -1;
    snprintf(name, sizeof name, "%s+%s", tag, m.ps_name);
    HPDF_Dict desc = descriptor(f, &m, name, file), info = system_info(f);
    HPDF_Dict cid = desc && info ? hp->HPDF_Dict_New(f->pdf->mmgr) : NULL;
    HPDF_Array w = cid ? widths(f, e) : NULL;
    HPDF_Array kids = w ? hp->HPDF_Array_New(f->pdf->mmgr) : NULL;
    HPDF_Dict tu = kids ? to_unicode(f, e) : NULL;
    return tu && hp->HPDF_Xref_Add(f->pdf->xref, cid) == HPDF_OK &&
                   hp->HPDF_Dict_AddName(cid, "Type", "Font") == HPDF_OK &&
                   hp->HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2") == HPDF_OK &&
                   hp->HPDF_Dict_AddName(cid, "BaseFont", name) == HPDF_OK &&
                   hp->HPDF_Dict_Add(cid, "CIDSystemInfo", info) == HPDF_OK &&
                   hp->HPDF_Dict_Add(cid, "FontDescriptor", desc) == HPDF_OK &&
                   hp->HPDF_Dict_Add(cid, "W", w) == HPDF_OK &&
                   hp->HPDF_Dict_Add(cid, "CIDToGIDMap", map) == HPDF_OK &&
                   hp->HPDF_Array_Add(kids, cid) == HPDF_OK &&
                   hp->HPDF_Dict_AddName(e->dict, "BaseFont", name) == HPDF_OK &&
                   hp->HPDF_Dict_Add(e->dict, "DescendantFonts", kids) == HPDF_OK &&
                   hp->HPDF_Dict_Add(e->dict, "ToUnicode", tu) == HPDF_OK
               ? 0
               : -1;
}

int nc_pdf_fonts_finish(nc_pdf_fonts *f)
{
    for (size_t i = 0; i < f->n_embedded; i++)
        if (finish_font(f, f->embedded[i]) != 0)
            return -1;
    return 0;
}

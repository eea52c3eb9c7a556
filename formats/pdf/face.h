/* face.h: the PDF writer's font faces as HarfBuzz reads them, loaded once
 * per process and shared by every document and thread, and text shaped
 * with them (kerning from GPOS or kern, the font's standard ligatures from
 * GSUB). Measuring and drawing both use what nc_pdf_shape returns, so a
 * line is as wide on the page as the line breaker thought. Private to the
 * PDF writer. */
#ifndef NC_PDF_FACE_H
#define NC_PDF_FACE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "newsconv.h"

typedef struct nc_pdf_face nc_pdf_face; /* immutable once made */

/* Opens HarfBuzz the first time (thread-safe; later calls only check).
 * NC_OK, or NC_ERR_WRITER with "pdf writer: cannot load <soname>: <why>"
 * in err. Before any other function here. */
nc_status nc_pdf_face_load(nc_error *err);

/* The face of the TrueType file at path (its first face), from the
 * process's cache or read into it; NULL when the file cannot be read or
 * holds no glyphs. Owned by the cache, valid until the process ends. */
const nc_pdf_face *nc_pdf_face_get(const char *path);

/* The glyph the face's cmap gives code point cp, 0 (.notdef) when none. */
unsigned nc_pdf_face_glyph(const nc_pdf_face *f, unsigned long cp);
/* A glyph's advance, in thousandths of an em, rounded: the /W width. */
int nc_pdf_face_advance(const nc_pdf_face *f, unsigned gid);
unsigned nc_pdf_face_glyph_count(const nc_pdf_face *f);

/* What a font descriptor says of the face, in thousandths of an em. */
typedef struct nc_pdf_face_metrics {
    int ascent, descent, cap_height, stem_v;
    int bbox[4];
    float italic_angle;
    int fixed_pitch;
    char ps_name[64]; /* PostScript name, or a stand-in made of the file name */
} nc_pdf_face_metrics;
void nc_pdf_face_metrics_get(const nc_pdf_face *f, nc_pdf_face_metrics *m);

/* The face's file as HarfBuzz reads it (for embedding it whole). */
const char *nc_pdf_face_data(const nc_pdf_face *f, size_t *len);

/* The face cut down to glyphs gids[0..n) (and .notdef, and what they are
 * made of) by HarfBuzz's subsetter (libharfbuzz-subset, opened on first
 * use), into out, and each glyph's index in it into renumbered[0..n).
 * Only what a PDF draws with is kept: no layout tables (the text is
 * shaped already). 0, or -1 when the subsetter is missing or fails (the
 * caller embeds the whole face). */
int nc_pdf_face_subset(const nc_pdf_face *f, const unsigned *gids, size_t n, nc_buf *out,
                       unsigned *renumbered);

/* One glyph of shaped text. */
typedef struct nc_pdf_shaped {
    unsigned gid;
    unsigned cluster;  /* byte offset of the first character it stands for */
    int advance;       /* thousandths of an em, kerning included */
    int nominal;       /* the glyph's own advance (nc_pdf_face_advance) */
    int dx;            /* drawn this far right of the pen (a mark on its base);
                        * a vertical offset is not kept: the PDF's TJ has none */
} nc_pdf_shaped;

/* Shaping state for one document (one thread): HarfBuzz's buffer, the
 * last result, and the words shaped so far (a word recurs: in a long
 * article shaping each anew was a quarter of the PDF's time).
 * Zero-initialised; freed by nc_pdf_shaper_free. */
typedef struct nc_pdf_shaper {
    void *buffer;      /* hb_buffer_t */
    const void *lang;  /* hb_language_t, 0: not set yet */
    nc_pdf_shaped *g;
    size_t n, cap;
    struct nc_pdf_shape_slot *slots; /* open addressing; face 0: empty */
    size_t n_slots, used;
    const nc_pdf_face *faces[32];    /* a slot's face f is faces[f - 1] */
    size_t n_faces;
    nc_buf keys;                     /* the words' bytes */
    struct nc_pdf_kept_glyph *kept;  /* their glyphs, packed */
    size_t n_kept, cap_kept;
    uint16_t *plain;                 /* the glyphs of plain words: only their ids */
    size_t n_plain, cap_plain;
} nc_pdf_shaper;

/* Shapes the len bytes of UTF-8 at text with face f in language lang
 * (BCP 47), left to right, into S->g[0 .. S->n). 0, or -1 when out of
 * memory. */
int nc_pdf_shape(nc_pdf_shaper *S, const nc_pdf_face *f, const char *lang, const char *text,
                 size_t len);
void nc_pdf_shaper_free(nc_pdf_shaper *S);

#endif

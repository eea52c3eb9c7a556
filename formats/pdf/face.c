/* face.c: HarfBuzz faces loaded once per process, shaping, and subsetting;
 * see face.h.
 *
 * libharu read and parsed every TrueType file again for each document,
 * and looked each character up in the cmap linearly: 60% of a batch's PDF
 * time. Here a face is read once (the file mapped, HarfBuzz's tables parsed
 * lazily and kept) and then only read: HarfBuzz's faces and fonts made
 * immutable may be shaped with from any number of threads at once. The
 * cache is the only state shared between documents; it is guarded by a
 * lock, grows only, and is freed when the process exits or libnewsconv.so
 * is unloaded (cache_free says how). */
#include "face.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "error.h"
#include "hash.h"
#include "reserve.h"

#ifndef NC_LIBHARFBUZZ_SONAME
#define NC_LIBHARFBUZZ_SONAME "libharfbuzz.so"
#endif
#ifndef NC_LIBHBSUBSET_SONAME
#define NC_LIBHBSUBSET_SONAME "libharfbuzz-subset.so"
#endif

#define HB_FUNCTIONS(X)                                                                        \
    X(hb_blob_create_from_file_or_fail) X(hb_blob_destroy) X(hb_blob_get_data)               \
    X(hb_blob_get_length) X(hb_face_create) X(hb_face_destroy) X(hb_face_get_upem)           \
    X(hb_face_get_glyph_count) X(hb_face_reference_table) X(hb_face_make_immutable)          \
    X(hb_font_create) X(hb_font_destroy) X(hb_font_make_immutable)                           \
    X(hb_font_get_nominal_glyph) X(hb_font_get_glyph_h_advance) X(hb_font_get_h_extents)     \
    X(hb_ot_metrics_get_position) X(hb_ot_name_get_utf8) X(hb_buffer_create)                 \
    X(hb_buffer_destroy) X(hb_buffer_clear_contents) X(hb_buffer_add_utf8)                   \
    X(hb_buffer_set_direction) X(hb_buffer_set_language) X(hb_buffer_guess_segment_properties) \
    X(hb_buffer_get_glyph_infos) X(hb_buffer_get_glyph_positions)                            \
    X(hb_buffer_allocation_successful) X(hb_language_from_string) X(hb_shape) X(hb_set_add)  \
    X(hb_map_get)

typedef struct hb_api {
#define HB_POINTER(f) __typeof__(f) *f;
    HB_FUNCTIONS(HB_POINTER)
#undef HB_POINTER
} hb_api;

static hb_api hb;

static const nc_dynlib_symbol hb_symbols[] = {
#define HB_SYMBOL(f) NC_DYNLIB_SYMBOL(hb_api, f),
    HB_FUNCTIONS(HB_SYMBOL)
#undef HB_SYMBOL
};

static const char *const hb_files[] = {NC_LIBHARFBUZZ_SONAME, NULL};

static nc_dynlib libharfbuzz = NC_DYNLIB_INIT(hb_files, hb_symbols, hb);

/* The subsetter is a library of its own; a system without it still gets
 * PDFs, with whole fonts. */
#define HBS_FUNCTIONS(X)                                                                       \
    X(hb_face_reference_blob) X(hb_subset_input_create_or_fail) X(hb_subset_input_destroy)   \
    X(hb_subset_input_glyph_set) X(hb_subset_input_set) X(hb_subset_plan_create_or_fail)      \
    X(hb_subset_plan_execute_or_fail) X(hb_subset_plan_old_to_new_glyph_mapping)              \
    X(hb_subset_plan_destroy)

typedef struct hbs_api {
#define HB_POINTER(f) __typeof__(f) *f;
    HBS_FUNCTIONS(HB_POINTER)
#undef HB_POINTER
} hbs_api;

static hbs_api hbs;

static const nc_dynlib_symbol hbs_symbols[] = {
#define HB_SYMBOL(f) NC_DYNLIB_SYMBOL(hbs_api, f),
    HBS_FUNCTIONS(HB_SYMBOL)
#undef HB_SYMBOL
};

static const char *const hbs_files[] = {NC_LIBHBSUBSET_SONAME, NULL};

static nc_dynlib libhbsubset = NC_DYNLIB_INIT(hbs_files, hbs_symbols, hbs);

nc_status nc_pdf_face_load(nc_error *err)
{
    nc_status rc = nc_dynlib_load(&libharfbuzz);
    if (rc != NC_OK)
        return nc_error_set(err, rc, "pdf writer: %s", nc_dynlib_why(&libharfbuzz));
    return NC_OK;
}

struct nc_pdf_face {
    char *path;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font; /* at the face's own scale: units per em */
    unsigned upem, n_glyphs;
    int *advance;    /* per glyph, thousandths of an em */
};

/* ------------------------------------------------------------ the cache */

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static nc_pdf_face **cache;
static size_t cached, cache_cap;
static int exit_hook;

static void face_free(nc_pdf_face *f)
{
    if (!f)
        return;
    if (f->font)
        hb.hb_font_destroy(f->font);
    if (f->face)
        hb.hb_face_destroy(f->face);
    if (f->blob)
        hb.hb_blob_destroy(f->blob);
    free(f->advance);
    free(f->path);
    free(f);
}

/* An atexit handler, registered after HarfBuzz made its own static data
 * (which it frees from atexit handlers too; they run in the reverse
 * order), so the faces go first. Not a library destructor: at exit,
 * destructors run after every atexit handler, when HarfBuzz's data are
 * gone. And glibc runs the atexit handlers of a shared library when it
 * unloads it, so a libnewsconv.so that is dlclose()d frees its faces then,
 * before its code is unmapped (tests/pdf/pdf_dlclose.c: no font file stays
 * mapped); musl never unloads a library. */
static void cache_free(void)
{
    pthread_mutex_lock(&cache_lock);
    for (size_t i = 0; i < cached; i++)
        face_free(cache[i]);
    free(cache);
    cache = NULL;
    cached = cache_cap = 0;
    pthread_mutex_unlock(&cache_lock);
}

static nc_pdf_face *face_read(const char *path)
{
    nc_pdf_face *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path)) || !(f->blob = hb.hb_blob_create_from_file_or_fail(path))) {
        face_free(f);
        return NULL;
    }
    f->face = hb.hb_face_create(f->blob, 0);
    f->upem = hb.hb_face_get_upem(f->face);
    f->n_glyphs = hb.hb_face_get_glyph_count(f->face);
    hb.hb_face_make_immutable(f->face);
    f->font = hb.hb_font_create(f->face);
    f->advance = f->n_glyphs ? malloc(f->n_glyphs * sizeof *f->advance) : NULL;
    if (!f->advance || !f->upem) {
        face_free(f);
        return NULL;
    }
    hb.hb_font_make_immutable(f->font);
    for (unsigned g = 0; g < f->n_glyphs; g++)
        f->advance[g] = (int)lround(hb.hb_font_get_glyph_h_advance(f->font, g) * 1000.0 / f->upem);
    return f;
}

const nc_pdf_face *nc_pdf_face_get(const char *path)
{
    pthread_mutex_lock(&cache_lock);
    nc_pdf_face *f = NULL;
    for (size_t i = 0; i < cached && !f; i++)
        if (strcmp(cache[i]->path, path) == 0)
            f = cache[i];
    if (!f && (f = face_read(path))) {
        if (nc_reserve(&cache, &cache_cap, cached + 1, sizeof *cache) != 0) {
            face_free(f);
            pthread_mutex_unlock(&cache_lock);
            return NULL;
        }
        cache[cached++] = f;
        if (!exit_hook) {
            /* HarfBuzz makes its shaper's static data on first use. */
            hb_buffer_t *b = hb.hb_buffer_create();
            hb.hb_buffer_add_utf8(b, "fi", 2, 0, 2);
            hb.hb_buffer_guess_segment_properties(b);
            hb.hb_shape(f->font, b, NULL, 0);
            hb.hb_buffer_destroy(b);
            exit_hook = atexit(cache_free) == 0;
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return f;
}

/* ------------------------------------------------------------- queries */

unsigned nc_pdf_face_glyph(const nc_pdf_face *f, unsigned long cp)
{
    hb_codepoint_t g = 0;
    return hb.hb_font_get_nominal_glyph(f->font, (hb_codepoint_t)cp, &g) ? g : 0;
}

int nc_pdf_face_advance(const nc_pdf_face *f, unsigned gid)
{
    return gid < f->n_glyphs ? f->advance[gid] : 0;
}

unsigned nc_pdf_face_glyph_count(const nc_pdf_face *f) { return f->n_glyphs; }

const char *nc_pdf_face_data(const nc_pdf_face *f, size_t *len)
{
    unsigned n = 0;
    const char *d = hb.hb_blob_get_data(f->blob, &n);
    *len = n;
    return d;
}

static int em(const nc_pdf_face *f, long v) { return (int)lround(v * 1000.0 / f->upem); }

static long be16(const char *p) { return (short)((unsigned char)p[0] << 8 | (unsigned char)p[1]); }

/* A PostScript name from the name table, or the file's name without its
 * folder and extension: only the characters a PDF name takes unescaped. */
static void ps_name(const nc_pdf_face *f, char *out, size_t size)
{
    unsigned len = (unsigned)size;
    char buf[64];
    if (!hb.hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                                buf) ||
        !*buf) {
        const char *base = strrchr(f->path, '/');
        snprintf(buf, sizeof buf, "%s", base ? base + 1 : f->path);
        char *dot = strrchr(buf, '.');
        if (dot)
            *dot = 0;
    }
    size_t o = 0;
    for (const char *p = buf; *p && o + 1 < size; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_')
            out[o++] = *p;
    out[o] = 0;
}

void nc_pdf_face_metrics_get(const nc_pdf_face *f, nc_pdf_face_metrics *m)
{
    *m = (nc_pdf_face_metrics){.stem_v = 80};
    hb_font_extents_t ext = {0};
    hb.hb_font_get_h_extents(f->font, &ext);
    m->ascent = em(f, ext.ascender);
    m->descent = em(f, ext.descender);
    hb_position_t cap = 0;
    m->cap_height = hb.hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap)
                        ? em(f, cap)
                        : m->ascent;
    hb_blob_t *head = hb.hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned n = 0;
    const char *p = hb.hb_blob_get_data(head, &n);
    if (p && n >= 44)
        for (int i = 0; i < 4; i++)
            m->bbox[i] = em(f, be16(p + 36 + 2 * i));
    hb.hb_blob_destroy(head);
    hb_blob_t *post = hb.hb_face_reference_table(f->face, HB_TAG('p', 'o', 's', 't'));
    p = hb.hb_blob_get_data(post, &n);
    if (p && n >= 16) {
        long whole = be16(p + 4);
        unsigned frac = (unsigned char)p[6] << 8 | (unsigned char)p[7];
        m->italic_angle = (float)(whole + frac / 65536.0);
        m->fixed_pitch = p[12] || p[13] || p[14] || p[15];
    }
    hb.hb_blob_destroy(post);
    /* No table holds the stems; the weight class is what PDF writers
     * commonly guess them from. */
    hb_blob_t *os2 = hb.hb_face_reference_table(f->face, HB_TAG('O', 'S', '/', '2'));
    p = hb.hb_blob_get_data(os2, &n);
    if (p && n >= 6) {
        long weight = be16(p + 4);
        m->stem_v = weight >= 600 ? 140 : 80;
    }
    hb.hb_blob_destroy(os2);
    ps_name(f, m->ps_name, sizeof m->ps_name);
}

/* The subset as a plan, so that the glyphs' new indices are known: the
 * CIDToGIDMap maps to them, and the file holds only the glyphs drawn
 * (keeping the indices kept a loca and hmtx entry for every glyph of the
 * face, and the subsetter's and zlib's time grew with them). */
static int subset_run(const nc_pdf_face *f, hb_subset_input_t *in, const unsigned *gids, size_t n,
                      nc_buf *out, unsigned *renumbered)
{
    hb_subset_plan_t *plan = hbs.hb_subset_plan_create_or_fail(f->face, in);
    if (!plan)
        return -1;
    const hb_map_t *map = hbs.hb_subset_plan_old_to_new_glyph_mapping(plan);
    int rc = -1;
    for (size_t i = 0; i < n; i++)
        renumbered[i] = hb.hb_map_get(map, gids[i]);
    hb_face_t *sub = hbs.hb_subset_plan_execute_or_fail(plan);
    if (sub) {
        hb_blob_t *data = hbs.hb_face_reference_blob(sub);
        unsigned len = 0;
        const char *bytes = hb.hb_blob_get_data(data, &len);
        if (bytes && len) {
            nc_buf_put(out, bytes, len);
            rc = out->failed ? -1 : 0;
        }
        hb.hb_blob_destroy(data);
        hb.hb_face_destroy(sub);
    }
    hbs.hb_subset_plan_destroy(plan);
    return rc;
}

int nc_pdf_face_subset(const nc_pdf_face *f, const unsigned *gids, size_t n, nc_buf *out,
                       unsigned *renumbered)
{
    if (nc_dynlib_load(&libhbsubset) != NC_OK)
        return -1;
    hb_subset_input_t *in = hbs.hb_subset_input_create_or_fail();
    if (!in)
        return -1;
    hb_set_t *glyphs = hbs.hb_subset_input_glyph_set(in);
    hb.hb_set_add(glyphs, 0);
    for (size_t i = 0; i < n; i++)
        hb.hb_set_add(glyphs, gids[i]);
    static const char drop[][5] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern",
                                   "morx", "mort", "feat", "trak", "DSIG", "hdmx", "VDMX",
                                   "LTSH", "PCLT", "vhea", "vmtx", "gasp"};
    hb_set_t *tables = hbs.hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
        hb.hb_set_add(tables, HB_TAG(drop[i][0], drop[i][1], drop[i][2], drop[i][3]));
    int rc = subset_run(f, in, gids, n, out, renumbered);
    hbs.hb_subset_input_destroy(in);
    return rc;
}

/* ------------------------------------------------------------- shaping */

/* Packed small (12 bytes a word): a 1 MB article has some 25,000
 * words of its own, and keeps them all. */
struct nc_pdf_shape_slot {
    uint32_t key;          /* the word: bytes of S->keys */
    uint32_t g;            /* its glyphs: S->kept[g .. g + n), or S->plain[..] */
    uint8_t len, n;        /* its length; its glyphs' number */
    uint8_t face;          /* 1 + its index in S->faces; 0: the slot is empty */
    uint8_t plain;         /* a glyph a byte, none kerned or moved: only ids kept */
};

struct nc_pdf_kept_glyph {
    uint16_t gid;
    uint8_t cluster;
    int16_t kern, dx;      /* advance - nominal; the offset */
};

/* Up to 32,768 words a document are kept (half the slots), the first seen.
 * A 1 MB article of BBC news has 21,700 different words between spaces:
 * with 8,192 kept, the 10,000 occurrences of words past them were shaped
 * anew, 3% of its PDF's instructions. The table is then 0.8 MB of slots
 * and 0.6 MB of glyphs (1.3 MB before plain words kept only their ids). */
enum { WORD_MAX = 48, SLOTS_MAX = 1 << 16 };

static size_t word_hash(unsigned face, const char *text, size_t len)
{
    return (size_t)nc_hash_bytes(NC_HASH_START ^ face, text, len);
}

/* The word's slot: where it is, or the empty one where it would go. */
static struct nc_pdf_shape_slot *word_slot(nc_pdf_shaper *S, unsigned face, const char *text,
                                           size_t len)
{
    size_t mask = S->n_slots - 1;
    for (size_t i = word_hash(face, text, len) & mask;; i = (i + 1) & mask) {
        struct nc_pdf_shape_slot *s = &S->slots[i];
        if (!s->face || (s->face == face && s->len == len &&
                         memcmp(S->keys.data + s->key, text, len) == 0))
            return s;
    }
}

/* The number a slot gives face f (1 + its index), or 0 when the table
 * has no room for another face. */
static unsigned face_number(nc_pdf_shaper *S, const nc_pdf_face *f)
{
    for (size_t i = 0; i < S->n_faces; i++)
        if (S->faces[i] == f)
            return (unsigned)i + 1;
    if (S->n_faces == sizeof S->faces / sizeof *S->faces)
        return 0;
    S->faces[S->n_faces++] = f;
    return (unsigned)S->n_faces;
}

/* Appends the n items at items (elem bytes each) to the array at *v
 * (its address), of *count items in room for *cap; the index of the
 * first, or -1 when out of memory. */
static long append(void *v, size_t *count, size_t *cap, const void *items, size_t n, size_t elem)
{
    if (nc_reserve(v, cap, *count + n, elem) != 0)
        return -1;
    char *data;
    memcpy(&data, v, sizeof data);
    memcpy(data + *count * elem, items, n * elem);
    *count += n;
    return (long)(*count - n);
}

/* Keeps the result just shaped for the word (past SLOTS_MAX / 2 words,
 * new words are shaped each time; the kept ones are still found). */
static void keep_word(nc_pdf_shaper *S, struct nc_pdf_shape_slot *s, unsigned face,
                      const char *text, size_t len)
{
    if (S->n > UINT8_MAX)
        return;
    struct nc_pdf_kept_glyph kept[UINT8_MAX];
    uint16_t ids[UINT8_MAX];
    int plain = S->n == len;
    for (size_t i = 0; i < S->n; i++) {
        int kern = S->g[i].advance - S->g[i].nominal;
        if (S->g[i].gid > UINT16_MAX || kern < INT16_MIN || kern > INT16_MAX ||
            S->g[i].dx < INT16_MIN || S->g[i].dx > INT16_MAX)
            return; /* not worth a wider table */
        plain = plain && S->g[i].cluster == i && kern == 0 && S->g[i].dx == 0;
        ids[i] = (uint16_t)S->g[i].gid;
        kept[i] = (struct nc_pdf_kept_glyph){.gid = (uint16_t)S->g[i].gid,
                                             .cluster = (uint8_t)S->g[i].cluster,
                                             .kern = (int16_t)kern, .dx = (int16_t)S->g[i].dx};
    }
    long g = plain ? append(&S->plain, &S->n_plain, &S->cap_plain, ids, S->n, sizeof *ids)
                   : append(&S->kept, &S->n_kept, &S->cap_kept, kept, S->n, sizeof *kept);
    size_t key = S->keys.len;
    if (g < 0 || nc_buf_put(&S->keys, text, len) != 0)
        return;
    *s = (struct nc_pdf_shape_slot){.face = (uint8_t)face, .key = (uint32_t)key,
                                    .len = (uint8_t)len, .g = (uint32_t)g,
                                    .n = (uint8_t)S->n, .plain = (uint8_t)plain};
    S->used++;
}

/* Twice the slots, once half are taken (a probe stays short). */
static int grow_slots(nc_pdf_shaper *S)
{
    size_t n = S->n_slots ? S->n_slots * 2 : 1024;
    if (n > SLOTS_MAX)
        return -1;
    struct nc_pdf_shape_slot *old = S->slots, *v = calloc(n, sizeof *v);
    if (!v)
        return -1;
    size_t n_old = S->n_slots;
    S->slots = v;
    S->n_slots = n;
    for (size_t i = 0; i < n_old; i++)
        if (old[i].face)
            *word_slot(S, old[i].face, S->keys.data + old[i].key, old[i].len) = old[i];
    free(old);
    return 0;
}

static int room(nc_pdf_shaper *S, size_t n)
{
    return nc_reserve(&S->g, &S->cap, n, sizeof *S->g);
}

static int shape_now(nc_pdf_shaper *S, const nc_pdf_face *f, const char *lang, const char *text,
                     size_t len);

int nc_pdf_shape(nc_pdf_shaper *S, const nc_pdf_face *f, const char *lang, const char *text,
                 size_t len)
{
    unsigned face = len <= WORD_MAX ? face_number(S, f) : 0;
    if (!face)
        return shape_now(S, f, lang, text, len);
    if (S->used >= S->n_slots / 2)
        grow_slots(S); /* failing, the table keeps the words it has */
    /* Looked up even when full: at most half the slots are taken, so a
     * probe ends, and a long article's frequent words are among its first
     * thousands. */
    struct nc_pdf_shape_slot *s = S->slots ? word_slot(S, face, text, len) : NULL;
    if (s && s->face) {
        if (room(S, s->n) != 0)
            return -1;
        for (size_t i = 0; i < s->n && s->plain; i++) {
            unsigned gid = S->plain[s->g + i];
            int nominal = nc_pdf_face_advance(f, gid);
            S->g[i] = (nc_pdf_shaped){.gid = gid, .cluster = (unsigned)i, .advance = nominal,
                                      .nominal = nominal};
        }
        for (size_t i = 0; i < s->n && !s->plain; i++) {
            const struct nc_pdf_kept_glyph *k = &S->kept[s->g + i];
            int nominal = nc_pdf_face_advance(f, k->gid);
            S->g[i] = (nc_pdf_shaped){.gid = k->gid, .cluster = k->cluster,
                                      .advance = nominal + k->kern, .nominal = nominal, .dx = k->dx};
        }
        S->n = s->n;
        return 0;
    }
    if (shape_now(S, f, lang, text, len) != 0)
        return -1;
    if (s && S->used < S->n_slots / 2)
        keep_word(S, s, face, text, len);
    return 0;
}

static int shape_now(nc_pdf_shaper *S, const nc_pdf_face *f, const char *lang, const char *text,
                     size_t len)
{
    S->n = 0;
    if (!S->buffer && !(S->buffer = hb.hb_buffer_create()))
        return -1;
    if (!S->lang)
        S->lang = hb.hb_language_from_string(lang && *lang ? lang : "en", -1);
    hb_buffer_t *b = S->buffer;
    hb.hb_buffer_clear_contents(b);
    hb.hb_buffer_add_utf8(b, text, (int)len, 0, (int)len);
    /* The layout sets every line left to right, as it did before shaping. */
    hb.hb_buffer_set_direction(b, HB_DIRECTION_LTR);
    hb.hb_buffer_set_language(b, (hb_language_t)S->lang);
    hb.hb_buffer_guess_segment_properties(b);
    hb.hb_shape(f->font, b, NULL, 0);
    if (!hb.hb_buffer_allocation_successful(b))
        return -1;
    unsigned n = 0;
    hb_glyph_info_t *info = hb.hb_buffer_get_glyph_infos(b, &n);
    hb_glyph_position_t *pos = hb.hb_buffer_get_glyph_positions(b, NULL);
    if (room(S, n) != 0)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        unsigned gid = info[i].codepoint;
        int nominal = nc_pdf_face_advance(f, gid);
        int units = hb.hb_font_get_glyph_h_advance(f->font, gid);
        /* Rounded from the difference, so an unkerned glyph keeps exactly
         * its /W width and draws with no adjustment. */
        int adv = pos[i].x_advance == units ? nominal : nominal + em(f, pos[i].x_advance - units);
        S->g[i] = (nc_pdf_shaped){.gid = gid, .cluster = info[i].cluster, .advance = adv,
                                  .nominal = nominal, .dx = em(f, pos[i].x_offset)};
    }
    S->n = n;
    return 0;
}

void nc_pdf_shaper_free(nc_pdf_shaper *S)
{
    if (S->buffer)
        hb.hb_buffer_destroy(S->buffer);
    free(S->g);
    free(S->slots);
    free(S->kept);
    free(S->plain);
    nc_buf_free(&S->keys);
    *S = (nc_pdf_shaper){0};
}

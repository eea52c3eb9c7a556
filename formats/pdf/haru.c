/* haru.c: libharu's table, and the two places the writer reaches into
 * libharu's internals (page contents deflated as pages complete); see
 * haru.h. */
#include "haru.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "dynlib.h"
#include "error.h"

#ifndef NC_LIBHPDF_SONAME
#define NC_LIBHPDF_SONAME "libhpdf.so"
#endif

static nc_hpdf_api table;

static const nc_dynlib_symbol symbols[] = {
#define NC_HPDF_SYMBOL(f) NC_DYNLIB_SYMBOL(nc_hpdf_api, f),
    NC_HPDF_FUNCTIONS(NC_HPDF_SYMBOL)
#undef NC_HPDF_SYMBOL
};

static const char *const files[] = {NC_LIBHPDF_SONAME, NULL};

static nc_dynlib libhpdf = NC_DYNLIB_INIT(files, symbols, table);

nc_status nc_hpdf_load(nc_error *err)
{
    nc_status rc = nc_dynlib_load(&libhpdf);
    if (rc != NC_OK)
        return nc_error_set(err, rc, "pdf writer: %s", nc_dynlib_why(&libhpdf));
    return NC_OK;
}

const nc_hpdf_api *nc_hpdf(void) { return &table; }

/* libharu's memory streams grow in blocks of a fixed size, 4 KB by
 * default, whatever they hold: a page's footer (100 bytes) or its
 * deflated text (about 5 KB) would waste more than they use. Sets the
 * block size of an empty stream. */
static void block_size(HPDF_Stream st, HPDF_UINT size)
{
    HPDF_MemStreamAttr a = st->attr;
    if (st->type == HPDF_STREAM_MEMORY && st->size == 0 && a && a->buf->count == 0 && size > 0) {
        a->buf_siz = size;
        a->w_pos = size; /* full: the first write allocates a block */
    }
}

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
    const nc_hpdf_api *hp = nc_hpdf();
    (void)dict;
    return hp->HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* libharu keeps every page's content stream uncompressed in memory until
 * it saves, about 30 bytes for each word drawn: 8 MB for a 1 MB article.
 * A finished page is deflated here instead, and marked so that saving
 * copies it as it is and names its filter (libharu drops a /Filter entry
 * of a stream it does not filter itself, so the name is written by the
 * dictionary's write hook). Reaches into libharu's dictionary and page
 * records (hpdf_objects.h, hpdf_pages.h, installed with hpdf.h); when
 * they are not as expected the page is left for libharu to deflate. */
int nc_hpdf_deflate_page(HPDF_Page page, int level)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
    HPDF_Dict c = attr ? attr->contents : NULL;
    if (!c || !c->stream || c->stream->type != HPDF_STREAM_MEMORY || c->write_fn ||
        c->filter != HPDF_STREAM_FILTER_FLATE_DECODE || c->stream != attr->stream)
        return 0;
    z_stream z = {0};
    if (deflateInit(&z, level) != Z_OK)
        return -1;
    nc_buf out = NC_BUF_INIT;
    HPDF_UINT n = hp->HPDF_MemStream_GetBufCount(c->stream);
    int zrc = Z_OK;
    for (HPDF_UINT i = 0; i <= n && zrc == Z_OK; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *data = i < n ? hp->HPDF_MemStream_GetBufPtr(c->stream, i, &len) : NULL;
        z.next_in = data;
        z.avail_in = data ? len : 0;
        int flush = i == n ? Z_FINISH : Z_NO_FLUSH;
        do {
            if (nc_buf_grow(&out, 16384) != 0) {
                zrc = Z_MEM_ERROR;
                break;
            }
            z.next_out = (Bytef *)out.data + out.len;
            z.avail_out = (uInt)(out.cap - out.len);
            size_t before = z.avail_out;
            zrc = deflate(&z, flush);
            out.len += before - z.avail_out;
        } while (zrc == Z_OK && (z.avail_in > 0 || flush == Z_FINISH));
        if (zrc == Z_BUF_ERROR)
            zrc = Z_OK;
    }
    deflateEnd(&z);
    if (zrc != Z_STREAM_END) {
        nc_buf_free(&out);
        return -1;
    }
    hp->HPDF_MemStream_FreeData(c->stream);
    block_size(c->stream, (HPDF_UINT)out.len);
    HPDF_STATUS st =
        hp->HPDF_Stream_Write(c->stream, (const HPDF_BYTE *)out.data, (HPDF_UINT)out.len);
    nc_buf_free(&out);
    if (st != HPDF_OK)
        return -1;
    c->filter = HPDF_STREAM_FILTER_NONE;
    c->write_fn = write_flate_filter;
    return 0;
}


int nc_hpdf_reopen_page(HPDF_Page page)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (attr->contents->write_fn != write_flate_filter)
        return 0;
    HPDF_Dict more = NULL;
    if (hp->HPDF_Page_New_Content_Stream(page, &more) != HPDF_OK || !more)
        return -1;
    more->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    block_size(more->stream, 256);
    return 0;
}

/* One bfrange line per run of consecutive code points with the same high
 * byte (a range may change only in its last byte), at most 100 a block. */
static void tounicode_ranges(nc_buf *b, const unsigned char *used)
{
    unsigned runs[256 * 2];
    unsigned n = 0;
    for (unsigned hi = 0; hi < 256; hi++) {
        if (hi >= 0xD8 && hi <= 0xDF) /* surrogates are no characters */
            continue;
        for (unsigned lo = 0; lo < 256;) {
            unsigned cp = hi << 8 | lo;
            if (!(used[cp >> 3] & (1u << (cp & 7)))) {
                lo++;
                continue;
            }
            unsigned end = lo;
            while (end + 1 < 256 && (used[(cp + end + 1 - lo) >> 3] & (1u << ((cp + end + 1 - lo) & 7))))
                end++;
            if (n == sizeof runs / sizeof *runs) {
                nc_buf_printf(b, "%u beginbfrange\n", n / 2);
                for (unsigned k = 0; k < n; k += 2)
                    nc_buf_printf(b, "<%04X> <%04X> <%04X>\n", runs[k], runs[k + 1], runs[k]);
                nc_buf_puts(b, "endbfrange\n");
                n = 0;
            }
            runs[n++] = cp;
            runs[n++] = hi << 8 | end;
            lo = end + 1;
        }
    }
    for (unsigned k = 0; k < n; k += 200) {
        unsigned m = n - k < 200 ? n - k : 200;
        nc_buf_printf(b, "%u beginbfrange\n", m / 2);
        for (unsigned j = k; j < k + m; j += 2)
            nc_buf_printf(b, "<%04X> <%04X> <%04X>\n", runs[j], runs[j + 1], runs[j]);
        nc_buf_puts(b, "endbfrange\n");
    }
}

int nc_hpdf_fix_tounicode(HPDF_Font font, const unsigned char *used)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_Dict map = hp->HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!map || !map->stream || map->stream->type != HPDF_STREAM_MEMORY)
        return 0; /* not libharu's Unicode font as we know it: left alone */
    /* The entries of an encoding CMap say nothing a ToUnicode map needs. */
    static const char *const keys[] = {"CIDSystemInfo", "CMapName", "Type", "WMode"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        hp->HPDF_Dict_RemoveElement(map, keys[i]); /* missing: reports, does not raise */
    nc_buf b = NC_BUF_INIT;
    nc_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    tounicode_ranges(&b, used);
    nc_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    int rc = -1;
    if (!b.failed) {
        hp->HPDF_MemStream_FreeData(map->stream);
        rc = hp->HPDF_Stream_Write(map->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) ==
                     HPDF_OK
                 ? 0
                 : -1;
    }
    nc_buf_free(&b);
    return rc;
}

static int is_used(const unsigned char *used, unsigned cp) { return used[cp >> 3] & (1u << (cp & 7)); }

/* The widths of the characters used, in runs: [first [w w ...] first [...]]. */
static HPDF_Array used_widths(HPDF_Font font, const unsigned char *used)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_Array w = hp->HPDF_Array_New(font->mmgr), run = NULL;
    for (unsigned cp = 0; w && cp < 65536; cp++) {
        if (!is_used(used, cp)) {
            run = NULL;
            continue;
        }
        if (!run && (hp->HPDF_Array_AddNumber(w, (HPDF_INT32)cp) != HPDF_OK ||
                     !(run = hp->HPDF_Array_New(font->mmgr)) || hp->HPDF_Array_Add(w, run) != HPDF_OK))
            return NULL;
        nc_buf one = NC_BUF_INIT;
        nc_buf_put_utf8(&one, cp);
        HPDF_TextWidth tw = one.failed ? (HPDF_TextWidth){0}
                                       : hp->HPDF_Font_TextWidth(font, (const HPDF_BYTE *)one.data,
                                                                 (HPDF_UINT)one.len);
        nc_buf_free(&one);
        if (hp->HPDF_Array_AddNumber(run, (HPDF_INT32)tw.width) != HPDF_OK)
            return NULL;
    }
    return w;
}

int nc_hpdf_trim_font(HPDF_Font font, const unsigned char *used, unsigned *gids, size_t *n_gids)
{
    *n_gids = 0;
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_Dict cid = fa ? fa->descendant_font : NULL, map = fa ? fa->map_stream : NULL;
    if (!cid || !map || !map->stream || map->stream->type != HPDF_STREAM_MEMORY)
        return 0; /* not libharu's Unicode font as we know it: left alone */
    nc_buf old = NC_BUF_INIT;
    HPDF_UINT n = hp->HPDF_MemStream_GetBufCount(map->stream);
    for (HPDF_UINT i = 0; i < n; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = hp->HPDF_MemStream_GetBufPtr(map->stream, i, &len);
        nc_buf_put(&old, (const char *)p, len);
    }
    unsigned max = 0;
    for (unsigned cp = 0; cp < 65536; cp++)
        if (is_used(used, cp) && (size_t)cp * 2 + 1 < old.len)
            max = cp;
    /* CID n's glyph is at bytes 2n, 2n+1; past the end, none is drawn. */
    char *map_bytes = old.failed ? NULL : calloc((size_t)max + 1, 2);
    if (!map_bytes) {
        nc_buf_free(&old);
        return -1;
    }
    for (unsigned cp = 0; cp <= max; cp++)
        if (is_used(used, cp)) {
            memcpy(map_bytes + 2 * cp, old.data + 2 * cp, 2);
            gids[(*n_gids)++] = (unsigned char)map_bytes[2 * cp] << 8 | (unsigned char)map_bytes[2 * cp + 1];
        }
    nc_buf_free(&old);
    hp->HPDF_MemStream_FreeData(map->stream);
    int rc = hp->HPDF_Stream_Write(map->stream, (const HPDF_BYTE *)map_bytes, (max + 1) * 2) == HPDF_OK
                 ? 0
                 : -1;
    free(map_bytes);
    HPDF_Array w = rc == 0 ? used_widths(font, used) : NULL;
    return w && hp->HPDF_Dict_Add(cid, "W", w) == HPDF_OK ? 0 : -1;
}

int nc_hpdf_replace_font_file(HPDF_Font font, const char *data, size_t len)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    /* libharu makes the descriptor and its font file when it first writes
     * the font, and only then: made now, the next call keeps them. */
    if (!fa || !fa->fontdef || !font->before_write_fn || font->before_write_fn(font) != HPDF_OK)
        return -1;
    HPDF_Dict file = fa->fontdef->descriptor
                         ? hp->HPDF_Dict_GetItem(fa->fontdef->descriptor, "FontFile2", HPDF_OCLASS_DICT)
                         : NULL;
    if (!file || !file->stream || file->stream->type != HPDF_STREAM_MEMORY)
        return 0;
    hp->HPDF_MemStream_FreeData(file->stream);
    return hp->HPDF_Stream_Write(file->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) == HPDF_OK &&
                   hp->HPDF_Dict_AddNumber(file, "Length1", (HPDF_UINT32)len) == HPDF_OK
               ? 0
               : -1;
}

/* haru.c: libharu's table, and the places the writer reaches into
 * libharu's internals (page contents deflated as pages complete, text
 * written into them); see haru.h. */
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
int nc_hpdf_deflate_page(HPDF_Page page, const char *more, size_t n_more, int level)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
    HPDF_Dict c = attr ? attr->contents : NULL;
    if (!c || !c->stream || c->stream->type != HPDF_STREAM_MEMORY || c->write_fn ||
        c->filter != HPDF_STREAM_FILTER_FLATE_DECODE || c->stream != attr->stream)
        return n_more && nc_hpdf_page_write(page, more, n_more) != 0 ? -1 : 0;
    z_stream z = {0};
    if (deflateInit(&z, level) != Z_OK)
        return -1;
    nc_buf out = NC_BUF_INIT;
    HPDF_UINT n = hp->HPDF_MemStream_GetBufCount(c->stream);
    int zrc = Z_OK;
    /* libharu's blocks, then more, then the end */
    for (HPDF_UINT i = 0; i <= n + 1 && zrc == Z_OK; i++) {
        HPDF_UINT len = 0;
        const HPDF_BYTE *data = i < n ? hp->HPDF_MemStream_GetBufPtr(c->stream, i, &len) : NULL;
        if (i == n) {
            data = (const HPDF_BYTE *)more;
            len = (HPDF_UINT)n_more;
        }
        z.next_in = (Bytef *)data;
        z.avail_in = data ? len : 0;
        int flush = i == n + 1 ? Z_FINISH : Z_NO_FLUSH;
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

int nc_hpdf_page_write(HPDF_Page page, const char *data, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return nc_hpdf()->HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len) ==
                   HPDF_OK
               ? 0
               : -1;
}

int nc_hpdf_page_use_font(HPDF_Page page, const char *name, HPDF_Dict font)
{
    const nc_hpdf_api *hp = nc_hpdf();
    HPDF_Dict res = hp->HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
    if (!res)
        return -1;
    HPDF_Dict fonts = hp->HPDF_Dict_GetItem(res, "Font", HPDF_OCLASS_DICT);
    if (!fonts && (!(fonts = hp->HPDF_Dict_New(page->mmgr)) ||
                   hp->HPDF_Dict_Add(res, "Font", fonts) != HPDF_OK))
        return -1;
    if (hp->HPDF_Dict_GetItem(fonts, name, HPDF_OCLASS_DICT))
        return 0;
    return hp->HPDF_Dict_Add(fonts, name, font) == HPDF_OK ? 0 : -1;
}

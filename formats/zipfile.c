/* zipfile.c: a ZIP archive written to a sink (zipfile.h). The layout is PKWARE's
 * APPNOTE: for each file a local header, then its data; then a central
 * directory of the same headers with their offsets; then its end record. */
#include "zipfile.h"

#include <stdint.h>
#include <string.h>

#include <zlib.h>

#include "buf.h"
#include "writer.h"

enum {
    LOCAL_SIZE = 30,
    CENTRAL_SIZE = 46,
    END_SIZE = 22,
    /* "Made by" Unix (3), APPNOTE 6.3; "needed": 1.0 to store, 2.0 to
     * inflate. Files are -rw-rw-rw- regular files. What libzip wrote. */
    MADE_BY = 3 << 8 | 63,
    NEEDS_STORED = 10,
    NEEDS_DEFLATED = 20,
    METHOD_STORED = 0,
    METHOD_DEFLATED = 8,
    /* zlib's settings that make libzip's bytes: raw deflate (no zlib
     * header), a 32 KB window, hash and symbol buffers of memory level 9. */
    WINDOW_BITS = -15,
    MEM_LEVEL = 9,
};

static const uint32_t unix_mode = 0100666u << 16;

static unsigned char *le16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8 & 0xff);
    return p + 2;
}

static unsigned char *le32(unsigned char *p, uint32_t v)
{
    p = le16(p, v & 0xffff);
    return le16(p, v >> 16);
}

/* A DOS date and time (two-second steps, local to no zone: we give UTC so
 * that every zone gets the same bytes). */
static void dos_time(time_t t, unsigned *dtime, unsigned *ddate)
{
    struct tm tm;
    if (t < (time_t)315532800 || !gmtime_r(&t, &tm)) {
        *dtime = 0;
        *ddate = 1 << 5 | 1; /* 1980-01-01 */
        return;
    }
    if (tm.tm_year > 2107 - 1900) {
        *dtime = 23 << 11 | 59 << 5 | 29;
        *ddate = 127 << 9 | 12 << 5 | 31;
        return;
    }
    *dtime = (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
    *ddate = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

/* What one file's headers say. */
typedef struct file_head {
    unsigned needs, flags, method, dtime, ddate;
    uint32_t crc, packed, size, offset;
    size_t name_len;
} file_head;

/* The fields the local header and the central directory share, from
 * "version needed" to the extra field's length. */
static unsigned char *common(unsigned char *p, const file_head *h)
{
    p = le16(p, h->needs);
    p = le16(p, h->flags);
    p = le16(p, h->method);
    p = le16(p, h->dtime);
    p = le16(p, h->ddate);
    p = le32(p, h->crc);
    p = le32(p, h->packed);
    p = le32(p, h->size);
    p = le16(p, (unsigned)h->name_len);
    return le16(p, 0); /* no extra field */
}

/* The central directory's record of a file, appended to cd. */
static int central_record(nc_buf *cd, const file_head *h, const char *name)
{
    unsigned char r[CENTRAL_SIZE], *p = le32(r, 0x02014b50);
    p = le16(p, MADE_BY);
    p = common(p, h);
    p = le16(p, 0); /* comment length */
    p = le16(p, 0); /* disk */
    p = le16(p, 0); /* internal attributes */
    p = le32(p, unix_mode);
    le32(p, h->offset);
    return nc_buf_put(cd, r, sizeof r) || nc_buf_put(cd, name, h->name_len) ? -1 : 0;
}

/* Deflates size bytes into out (emptied first). The stream is made on
 * first use and reset for each later file: one set of zlib's buffers for
 * the archive, not one per file. */
static nc_status deflate_into(z_stream *z, int *ready, int level, const void *data, size_t size,
                              nc_buf *out)
{
    if (!*ready) {
        *z = (z_stream){0};
        if (deflateInit2(z, level, Z_DEFLATED, WINDOW_BITS, MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
            return NC_ERR_NOMEM;
        *ready = 1;
    } else if (deflateReset(z) != Z_OK) {
        return NC_ERR_WRITER;
    }
    out->len = 0;
    z->next_in = (Bytef *)(uintptr_t)data; /* zlib's type; it does not write there */
    z->avail_in = (uInt)size;              /* size < 4 GiB: checked by the caller */
    /* deflateBound is room enough for one call; zlib may still ask for
     * more (it is an estimate), so the loop. */
    size_t want = (size_t)deflateBound(z, (uLong)size);
    int zrc = Z_OK;
    while (zrc == Z_OK) {
        if (nc_buf_grow(out, want) != 0)
            return NC_ERR_NOMEM;
        size_t room = out->cap - out->len - 1; /* nc_buf keeps a byte for its NUL */
        room = room > UINT32_MAX ? UINT32_MAX : room;
        z->next_out = (Bytef *)out->data + out->len;
        z->avail_out = (uInt)room;
        zrc = deflate(z, Z_FINISH);
        out->len += room - z->avail_out;
        want = 64 * 1024;
    }
    return zrc == Z_STREAM_END ? NC_OK : NC_ERR_WRITER;
}

/* The general purpose flags' two bits that tell how hard deflate tried,
 * as libzip set them: "super fast" below level 3, "maximum" above 7. */
static unsigned level_flags(int level)
{
    return level < 3 ? 2u << 1 : level > 7 ? 1u << 1 : 0;
}

typedef struct zipper {
    nc_sink *sink;
    int level, z_ready;
    z_stream z;
    nc_buf packed, central;
    uint64_t offset;
    unsigned dtime, ddate;
} zipper;

/* One file: its local header and data to the sink, its record to the
 * central directory. */
static nc_status add_file(zipper *zp, const nc_zip_entry *e, nc_error *err)
{
    file_head h = {.dtime = zp->dtime, .ddate = zp->ddate, .name_len = strlen(e->name)};
    if (e->size > UINT32_MAX - 1 || zp->offset > UINT32_MAX - 1 || h.name_len > 0xffff)
        return nc_error_set(err, NC_ERR_WRITER, "epub writer: %s: too large for a ZIP archive",
                            e->name);
    h.offset = (uint32_t)zp->offset;
    h.size = (uint32_t)e->size;
    h.crc = (uint32_t)crc32_z(0, (const Bytef *)e->data, e->size);
    const void *data = e->data;
    h.packed = h.size;
    h.needs = NEEDS_STORED;
    h.method = METHOD_STORED;
    if (!e->store && zp->level > 0) {
        nc_status rc = deflate_into(&zp->z, &zp->z_ready, zp->level, e->data, e->size, &zp->packed);
        if (rc != NC_OK)
            return nc_error_set(err, rc, "epub writer: %s: cannot deflate it", e->name);
        if (zp->packed.len > UINT32_MAX - 1)
            return nc_error_set(err, NC_ERR_WRITER, "epub writer: %s: too large for a ZIP archive",
                                e->name);
        data = zp->packed.data;
        h.packed = (uint32_t)zp->packed.len;
        h.needs = NEEDS_DEFLATED;
        h.method = METHOD_DEFLATED;
        h.flags = level_flags(zp->level);
    }
    unsigned char local[LOCAL_SIZE];
    common(le32(local, 0x04034b50), &h);
    nc_status rc = nc_sink_write(zp->sink, local, sizeof local);
    if (rc == NC_OK)
        rc = nc_sink_write(zp->sink, e->name, h.name_len);
    if (rc == NC_OK && h.packed)
        rc = nc_sink_write(zp->sink, data, h.packed);
    if (rc != NC_OK)
        return rc;
    zp->offset += LOCAL_SIZE + h.name_len + h.packed;
    if (central_record(&zp->central, &h, e->name) != 0)
        return nc_error_set(err, NC_ERR_NOMEM, "epub writer: out of memory");
    return NC_OK;
}

nc_status nc_zip_write(nc_sink *sink, const nc_zip_entry *entries, size_t n, int level,
                       time_t when, nc_error *err)
{
    if (n > 0xffff)
        return nc_error_set(err, NC_ERR_WRITER, "epub writer: %zu files: too many for ZIP", n);
    zipper zp = {.sink = sink, .level = level};
    dos_time(when, &zp.dtime, &zp.ddate);
    nc_status rc = NC_OK;
    for (size_t i = 0; i < n && rc == NC_OK; i++)
        rc = add_file(&zp, &entries[i], err);
    if (rc == NC_OK && (zp.offset > UINT32_MAX || zp.central.len > UINT32_MAX))
        rc = nc_error_set(err, NC_ERR_WRITER, "epub writer: too large for a ZIP archive");
    if (rc == NC_OK) {
        unsigned char end[END_SIZE], *p = le32(end, 0x06054b50);
        p = le16(p, 0); /* this disk */
        p = le16(p, 0); /* the disk the directory starts on */
        p = le16(p, (unsigned)n);
        p = le16(p, (unsigned)n);
        p = le32(p, (uint32_t)zp.central.len);
        p = le32(p, (uint32_t)zp.offset);
        le16(p, 0); /* no comment */
        if (zp.central.len)
            rc = nc_sink_write(sink, zp.central.data, zp.central.len);
        if (rc == NC_OK)
            rc = nc_sink_write(sink, end, sizeof end);
    }
    if (zp.z_ready)
        deflateEnd(&zp.z);
    nc_buf_free(&zp.packed);
    nc_buf_free(&zp.central);
    return rc;
}

"""Small images the tests make themselves: PNGs built chunk by chunk, so a
test can make a whole one or one whose header lies about its data."""
import struct
import zlib


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(w, h, rgb=(30, 90, 160), rows=None):
    """A w x h RGB PNG of one colour. With rows, the header still says h but
    the data holds only that many rows: the shape of a decompression bomb, or
    of a truncated file, without its cost."""
    raw = b"".join(b"\0" + bytes(rgb) * w for _ in range(h if rows is None else rows))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def png(path, w=8, h=6, rgb=(30, 90, 160)):
    with open(path, "wb") as f:
        f.write(png_bytes(w, h, rgb))

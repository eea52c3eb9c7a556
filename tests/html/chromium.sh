#!/bin/sh
# The html page in a real browser (issue 4): headless Chromium (Debian's
# chromium, installed by .ci/deps) loads the seed's page; the DOM it dumps
# must have the headline in the one <h1> and every word of the article in
# order, and its screenshot must be a picture with something drawn on it.
# samples/article-html.png is the same screenshot, kept for the README.
set -eu
rm -rf "$WORK"; mkdir -p "$WORK"
command -v chromium >/dev/null 2>&1 || { echo "FAIL: chromium missing (Debian package chromium; sh .ci/deps installs it)"; exit 1; }
export SOURCE_DATE_EPOCH=1695859200 TZ=UTC LC_ALL=C
seed=$SRC/seeds/article.txt
"$NEWSCONV" -q -t html -o "$WORK/article.html" "$seed"

chrome() {
  # A new empty profile each run: nothing of an earlier run can leak in.
  profile=$(mktemp -d "$WORK/profile.XXXXXX")
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --user-data-dir="$profile" "$@" 2>>"$WORK/chromium.log"
}
chrome --dump-dom "file://$WORK/article.html" >"$WORK/dom.html"
chrome --hide-scrollbars --window-size=820,1400 --screenshot="$WORK/article-html.png" \
  "file://$WORK/article.html" >/dev/null

"$PYTHON" - "$seed" "$WORK/dom.html" "$WORK/article-html.png" "$SRC/tests/tools" <<'PY'
import struct, sys, zlib
from html.parser import HTMLParser
seed, dom, png, tools = sys.argv[1:]
sys.path.insert(0, tools)
import words

status = 0
def check(cond, what):
    global status
    print(("ok: " if cond else "FAIL: ") + what)
    status |= not cond

class H1(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth, self.h1s = 0, []
    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.depth += 1
            self.h1s.append("")
    def handle_endtag(self, tag):
        if tag == "h1":
            self.depth -= 1
    def handle_data(self, data):
        if self.depth:
            self.h1s[-1] += data

text = open(dom, encoding="utf-8").read()
check(len(text) > 1000, f"chromium dumped a DOM ({len(text)} bytes)")
p = H1()
p.feed(text)
headline = " ".join(open(seed, encoding="utf-8").read().strip().split("\n\n")[0].split())
check(len(p.h1s) == 1 and " ".join(p.h1s[0].split()) == headline,
      f"the DOM has the headline in its one <h1>: {p.h1s}")
check(words.check(seed, dom, fmt="html"), "the DOM carries every word of the article in order")

# The screenshot: a PNG whose pixels are not all one colour.
data = open(png, "rb").read()
check(data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is a PNG")
w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
idat, pos = b"", 8
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
check(w == 820 and h == 1400, f"the screenshot is the window's size ({w}x{h})")
# Undo the PNG row filters to count the colours actually drawn.
bpp = {2: 3, 6: 4}.get(ctype, 0)
check(depth == 8 and bpp, f"the screenshot is 8-bit RGB or RGBA (type {ctype})")
stride, prev, colours = w * bpp, bytearray(w * bpp), set()
for y in range(h):
    f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: row[i] = (row[i] + a) & 255
        elif f == 2: row[i] = (row[i] + b) & 255
        elif f == 3: row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 7 == 0:
        colours.update(bytes(row[i:i + 3]) for i in range(0, stride, bpp * 3))
    prev = row
check(len(colours) > 16, f"the screenshot shows text, not an empty page ({len(colours)} colours)")
sys.exit(status)
PY

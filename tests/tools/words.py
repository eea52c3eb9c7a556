#!/usr/bin/env python3
"""Every word of the input, in order, in the output: the project's one
definition of "nothing lost" (see the foundation issue), and the text
extraction for each output format.

  words.py check INPUT.txt OUTPUT [--format FMT]   exit 0 when every word is kept
  words.py text OUTPUT [--format FMT]              print the output's text

FMT is guessed from OUTPUT's extension: md, json, xml/dbk (DocBook), html,
xhtml, epub, pdf, txt, ninjs.json (its text/plain body), newsml.xml (its
NITF body). Only the standard library and, per format, an
independent tool: cmark for Markdown, pdftotext for PDF.
"""
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
import xml.etree.ElementTree as ET

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
          "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
          "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'"}
LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s+", re.M)


def words(text, drop_list_markers=False):
    """The comparable word sequence of a text."""
    if drop_list_markers:
        text = LIST_MARKER.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)
    for q, r in QUOTES.items():
        text = text.replace(q, r)
    for d in DASHES:
        text = text.replace(d, "-")
    text = text.replace("\u2026", "...").replace("\u00ad", "")
    out = []
    for w in text.split():
        # punctuation at word edges goes; so do hyphens inside words
        w = w.strip("".join(chr(c) for c in range(0x21, 0x7f) if not chr(c).isalnum()))
        w = "".join(ch for ch in w if unicodedata.category(ch)[0] != "P" or ch in "'")
        w = w.replace("-", "").casefold()
        w = w.strip("'")
        if w:
            out.append(w)
    return out


def missing(in_words, out_words):
    """Index of the first input word not found in order, or None."""
    j = 0
    for i, w in enumerate(in_words):
        while j < len(out_words) and out_words[j] != w:
            j += 1
        if j == len(out_words):
            return i
        j += 1
    return None


# Inline elements of the XML and HTML outputs: their edges are no word
# boundary ("<span class="kicker">UPDATE 2-</span>Oil" is one word, as in
# the input), where a block element's are.
INLINE = ("span", "em", "strong", "a", "phrase", "emphasis", "link", "b", "i", "time", "abbr")


def xml_text(data):
    parts = []

    def walk(el):
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        if tag not in ("style", "script", "head"):  # their contents are no text
            sep = "" if tag in INLINE else " "  # an inline element is no word boundary
            parts.append(sep)
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
            parts.append(sep)
        if el.tail:
            parts.append(el.tail)
    walk(ET.fromstring(data))
    return "".join(parts)


def html_text(data):
    text = data.decode("utf-8")
    text = re.sub(r"(?is)<(style|script|head)\b.*?</\1>", " ", text)
    text = re.sub(r"(?s)</?(?:%s)\b[^>]*>" % "|".join(INLINE), "", text)
    text = re.sub(r"(?s)<[^>]*>", " ", text)
    import html
    return html.unescape(text)


def epub_text(path):
    with zipfile.ZipFile(path) as z:
        container = ET.fromstring(z.read("META-INF/container.xml"))
        ns = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}
        opf_path = container.find(".//c:rootfile", ns).get("full-path")
        opf = ET.fromstring(z.read(opf_path))
        o = {"o": "http://www.idpf.org/2007/opf"}
        base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        items = {i.get("id"): i.get("href") for i in opf.findall(".//o:manifest/o:item", o)}
        texts = []
        for ref in opf.findall(".//o:spine/o:itemref", o):
            texts.append(xml_text(z.read(base + items[ref.get("idref")])))
        return " ".join(texts)


def pdf_text(path):
    # -layout: in reading order a table's columns come out as flows of their
    # own, one after the other; laid out, its rows read across as printed
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    # a word hyphenated at a line end is joined back
    return re.sub(r"(\w)[-\u2010\u00ad]\n\s*(\w)", r"\1\2", out)


def markdown_text(path):
    xml = subprocess.run(["cmark", "--to", "xml", path], check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    parts = []
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag in ("text", "code", "code_block") and el.text:
            parts.append(el.text)
        elif tag in ("softbreak", "linebreak", "paragraph", "heading", "item"):
            parts.append(" ")
        if tag == "link" and el.get("destination"):
            parts.append(" ")
    return " ".join(parts)


def json_text(path):
    doc = json.load(open(path, encoding="utf-8"))
    meta = doc.get("meta", {})
    # a kicker opens the headline it was cut from: "EXCLUSIVE-" + "Shipping"
    parts = [meta.get("kicker", "") + meta.get("title", "")]

    def walk(blocks):
        for b in blocks:
            if "text" in b:
                parts.append(b["text"])
            walk(b.get("children", []))
    walk(doc.get("blocks", []))
    return " ".join(parts)


def ninjs_text(path):
    """A ninjs item's text/plain body (tests/iptc checks its XHTML one)."""
    item = json.load(open(path, encoding="utf-8"))
    return " ".join(b["value"] for b in item.get("bodies", [])
                    if b.get("contentType") == "text/plain")


def newsml_text(path):
    """The body a NewsML-G2 item carries in inlineXML (NITF), alone."""
    root = ET.parse(path).getroot()
    g2 = "{http://iptc.org/std/nar/2006-10-01/}"
    inline = root.find(f"{g2}contentSet/{g2}inlineXML")
    return " ".join(xml_text(ET.tostring(el)) for el in (inline if inline is not None else []))


# Formats whose extension has two parts: FORMAT.EXT.
COMPOUND = {"ninjs.json": "ninjs", "newsml.xml": "newsml"}


def output_text(path, fmt=None):
    fmt = COMPOUND.get(fmt, fmt) or next(
        (f for e, f in COMPOUND.items() if path.endswith("." + e)), path.rsplit(".", 1)[-1])
    if fmt == "ninjs":
        return ninjs_text(path)
    if fmt == "newsml":
        return newsml_text(path)
    if fmt in ("md", "markdown"):
        return markdown_text(path)
    if fmt == "json":
        return json_text(path)
    if fmt in ("xml", "dbk", "docbook", "xhtml"):
        return xml_text(open(path, "rb").read())
    if fmt in ("html", "htm"):
        return html_text(open(path, "rb").read())
    if fmt == "epub":
        return epub_text(path)
    if fmt == "pdf":
        return pdf_text(path)
    return open(path, encoding="utf-8").read()


# Column-aligned tables, found by our own code from the rule as the README
# states it: a field is text whose words are one space apart; a row is a
# line of two or more fields; a line of one field after a row, under
# exactly one field of that row and no further left than its first,
# continues that cell (a cell wrapped over two lines), unless it is a
# "Reuter" sign-off; a run of such rows and lines from a row on, two rows
# or more of it stacking into two or more columns, is a table. A line whose every gap is two spaces
# after a sentence's end and before a capital or an opening quote is prose
# typed with two spaces between sentences: no row. The writers give a table row by row,
# each row cell by cell, so a wrapped cell's words come before the next
# cell's: table_order() puts the input in that order.
SIGN_OFF = re.compile(r"^\s*reuter[ .]*$", re.I)


def fields(line):
    """[(start, end)] columns of the fields of a line: text two or more
    spaces apart (tabs to stops of 8)."""
    line = line.expandtabs(8)
    return [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", line)]


OPENING = "\"'\u201c\u2018\u201e\u00ab"
CLOSING = "\"')\u201d\u2019\u00bb"


def sentence_gap(text, end, start):
    """Is the gap text[end:start] between two fields two spaces after a
    sentence's end and before a capital or an opening quote?"""
    before = text[:end]
    if before[-1:] in CLOSING:
        before = before[:-1]
    after = text[start]
    return start - end == 2 and before[-1:] in (".", "!", "?") and \
        (after.isupper() or after in OPENING)


def row_fields(line):
    """fields(line), or [] for a line of prose typed with two spaces between
    its sentences (then it is neither a row nor a wrapped cell's line)."""
    f = fields(line)
    text = line.expandtabs(8)
    if len(f) >= 2 and all(sentence_gap(text, a[1], b[0]) for a, b in zip(f, f[1:])):
        return []
    return f


def stack(cols, row):
    """The columns with a row's fields stacked on: overlapping ones merge."""
    cols = list(cols)
    for a, b in row:
        merged = [c for c in cols if c[0] < b and a < c[1]]
        for c in merged:
            cols.remove(c)
            a, b = min(a, c[0]), max(b, c[1])
        cols.append((a, b))
    return sorted(cols)


def table_at(lines, i):
    """The end of the table starting at lines[i], or i: the run of rows and
    wrapped cells' lines from there must hold two rows or more whose fields
    stack into two columns or more."""
    above = row_fields(lines[i]) if i < len(lines) else []
    if len(above) < 2:
        return i
    j = i + 1
    while j < len(lines):
        f = row_fields(lines[j])
        if len(f) >= 2:
            above = f
        elif len(f) != 1 or len([a for a in above if a[0] < f[0][1] and f[0][0] < a[1]]) != 1 \
                or f[0][0] < above[0][0] or SIGN_OFF.match(lines[j]):
            break
        j += 1
    cols, rows = [], 0
    for ln in lines[i:j]:
        f = row_fields(ln)
        if len(f) >= 2:
            cols, rows = stack(cols, f), rows + 1
    return j if rows >= 2 and len(cols) >= 2 else i


def tables(lines):
    """[(first, last)] 1-based line numbers of the tables of lines."""
    out, i = [], 0
    while i < len(lines):
        j = table_at(lines, i)
        if j > i:
            out.append((i + 1, j))
            i = j
        else:
            i += 1
    return out


def table_order(text):
    """The text with each table row's cells in order: a wrapped cell's next
    lines joined to it, before the cells right of it."""
    lines = text.split("\n")
    for first, last in reversed(tables(lines)):
        run = lines[first - 1:last]
        cols = []
        for ln in run:
            if len(row_fields(ln)) >= 2:
                cols = stack(cols, row_fields(ln))
        rows = []
        for ln in run:
            cells = [[] for _ in cols]
            for a, b in fields(ln):
                c = 0
                while c + 1 < len(cols) and a >= cols[c][1]:
                    c += 1
                cells[c].append(ln.expandtabs(8)[a:b])
            if len(row_fields(ln)) >= 2 or not rows:
                rows.append(cells)
            else:
                for c, piece in enumerate(cells):
                    rows[-1][c] += piece
        lines[first - 1:last] = ["  ".join(" ".join(c) for c in r) for r in rows]
    return "\n".join(lines)


def input_text(path):
    data = open(path, "rb").read()
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def input_words(path):
    """The words of an input file in the order every output should give them."""
    return words(table_order(input_text(path)), drop_list_markers=True)


def check(input_path, output_path, fmt=None, quiet=False):
    iw = input_words(input_path)
    ow = words(output_text(output_path, fmt))
    i = missing(iw, ow)
    if i is None:
        return True
    if not quiet:
        ctx = " ".join(iw[max(0, i - 5):i + 5])
        print(f"{output_path}: input word {i + 1} of {len(iw)} ({iw[i]!r}) missing or out of "
              f"order; around: {ctx}", file=sys.stderr)
    return False


def main(argv):
    fmt = None
    if "--format" in argv:
        k = argv.index("--format")
        fmt = argv[k + 1]
        del argv[k:k + 2]
    if len(argv) == 4 and argv[1] == "check":
        return 0 if check(argv[2], argv[3], fmt) else 1
    if len(argv) == 3 and argv[1] == "text":
        print(output_text(argv[2], fmt))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

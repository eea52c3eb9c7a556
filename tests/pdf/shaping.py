#!/usr/bin/env python3
"""Kerning and ligatures in the PDF, measured against oracles we did not
write.

    shaping.py suite      (NEWSCONV, WORK: what the test suite runs)

Kerning: a headline and a body line of "AV", "To", "Wa", "Ty" pairs. MuPDF
(mutool draw -F stext) gives each character's origin on the page; the
distance from a pair's first letter to its second is the first letter's
advance as drawn. It must be the font's kerned advance as HarfBuzz's own
hb-shape tool gives it for the same file, and differ from the unkerned
advance in the font's hmtx table as fontTools reads it.

Ligatures: an article set in DejaVu (a fontconfig configuration with only
DejaVu, whose faces have fi, fl and ffi in their GSUB 'liga' feature). For
each ligature fontTools finds in the body face's 'liga' lookups, a code of
the body font must stand for it: its ToUnicode entry is the letters, its
CIDToGIDMap entry a glyph of the embedded subset with the ligature glyph's
outline and advance, and it is drawn in a page's content.
poppler and MuPDF must still extract every word of the input.
"""
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pikepdf
from fontTools.ttLib import TTFont

NEWSCONV = os.environ.get('NEWSCONV', 'newsconv')
WORK = os.environ.get('WORK', '/tmp/nc-shaping')
PAIRS = ('AV', 'To', 'Wa', 'Ty')
FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print('FAIL: ' + msg)


def run(cmd, env=None):
    return subprocess.run(cmd, capture_output=True, env=env)


def convert(text, name, env=None):
    src = os.path.join(WORK, name + '.txt')
    pdf = os.path.join(WORK, name + '.pdf')
    with open(src, 'w', encoding='utf-8') as f:
        f.write(text)
    r = run([NEWSCONV, '-t', 'pdf', '-o', pdf, src], env=env)
    if r.returncode != 0:
        raise SystemExit('%s: newsconv failed: %s' % (name, r.stderr.decode()))
    return pdf


def font_file(pattern, env=None):
    r = run(['fc-match', '-f', '%{file}', pattern], env=env)
    return r.stdout.decode()


def ps_name(tt):
    return tt['name'].getDebugName(6)


def stext_lines(pdf):
    """Per text line: the font's name and size, and its characters with
    their origins."""
    out = run(['mutool', 'draw', '-F', 'stext', '-o', '-', pdf]).stdout
    root = ET.fromstring(out)
    for line in root.iter('line'):
        for font in line.iter('font'):
            chars = [(c.get('c'), float(c.get('x'))) for c in font.iter('char')]
            yield font.get('name'), float(font.get('size')), chars


def hb_advances(path, text):
    """The glyphs' advances, in font units, as hb-shape shapes text."""
    r = run(['hb-shape', '--no-glyph-names', '--no-clusters', path, text])
    return [int(m.group(4)) for m in
            re.finditer(r'(\d+)(@(-?\d+),-?\d+)?\+(-?\d+)', r.stdout.decode())]


def check_kerning():
    text = ('AV To Wa Ty AVAST Toyota\n\n'
            'The pairs AV, To, Wa and Ty are kerned in the body too.\n')
    pdf = convert(text, 'kerning')
    faces = {}
    for pattern in ('Liberation Sans:bold', 'Liberation Serif'):
        path = font_file(pattern)
        tt = TTFont(path)
        faces[ps_name(tt)] = (path, tt)
    seen = set()
    for name, size, chars in stext_lines(pdf):
        if name not in faces:
            continue
        path, tt = faces[name]
        upem = tt['head'].unitsPerEm
        cmap = tt.getBestCmap()
        for i in range(len(chars) - 1):
            pair = chars[i][0] + chars[i + 1][0]
            if pair not in PAIRS:
                continue
            drawn = chars[i + 1][1] - chars[i][1]
            plain = tt['hmtx'][cmap[ord(pair[0])]][0] * size / upem
            kerned = hb_advances(path, pair)[0] * size / upem
            seen.add((name, pair))
            if abs(drawn - kerned) > 0.0015 * size + 0.005:
                fail('%s %s at %.1f pt: %s drawn %.3f pt after %s, hb-shape says %.3f'
                     % (name, pair, size, pair[1], drawn, pair[0], kerned))
            if abs(drawn - plain) < 0.005 * size:
                fail('%s %s at %.1f pt: not kerned (%.3f pt, unkerned %.3f)'
                     % (name, pair, size, drawn, plain))
    for name in faces:
        for pair in PAIRS:
            if (name, pair) not in seen:
                fail('kerning: %s in %s not found in the PDF' % (pair, name))
    print('kerning: %d pairs measured in %s' % (len(seen), ', '.join(sorted(faces))))


def liga_ligatures(tt):
    """The 'liga' feature's ligatures: {letters: glyph id}."""
    gsub = tt['GSUB'].table
    cmap = {v: chr(k) for k, v in tt.getBestCmap().items()}
    out = {}
    for rec in gsub.FeatureList.FeatureRecord:
        if rec.FeatureTag != 'liga':
            continue
        for li in rec.Feature.LookupListIndex:
            for st in gsub.LookupList.Lookup[li].SubTable:
                st = getattr(st, 'ExtSubTable', st)
                for first, ligs in getattr(st, 'ligatures', {}).items():
                    for lig in ligs:
                        names = [first] + list(lig.Component)
                        if all(n in cmap for n in names):
                            out[''.join(cmap[n] for n in names)] = tt.getGlyphID(lig.LigGlyph)
    return out


def to_unicode(font):
    """A Type0 font's codes: {code: text}."""
    data = font.ToUnicode.read_bytes().decode('latin-1')
    out = {}
    for block in re.findall(r'beginbfchar(.*?)endbfchar', data, re.S):
        for code, text in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>', block):
            out[int(code, 16)] = bytes.fromhex(text).decode('utf-16-be')
    return out


def glyph_shape(tt, name):
    """What identifies a glyph across a subset: its outline and advance."""
    glyf = tt['glyf']
    g = glyf[name]
    coords, ends, _ = g.getCoordinates(glyf) if g.numberOfContours else ([], [], None)
    return list(coords), list(ends), tt['hmtx'][name][0]


def drawn_codes(pdf, font_name):
    """The two-byte codes drawn with the font resource font_name."""
    codes = set()
    for page in pdf.pages:
        current = None
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == 'Tf':
                current = str(operands[0])
            elif str(op) in ('TJ', 'Tj') and current == font_name:
                items = operands[0] if str(op) == 'TJ' else [operands[0]]
                for it in items:
                    if isinstance(it, pikepdf.String):
                        b = bytes(it)
                        codes.update(b[i] << 8 | b[i + 1] for i in range(0, len(b) - 1, 2))
    return codes


def dejavu_env():
    conf = os.path.join(WORK, 'fonts.conf')
    with open(conf, 'w') as f:
        f.write('<?xml version="1.0"?>\n<fontconfig>\n'
                '<dir>/usr/share/fonts/truetype/dejavu</dir>\n'
                '<cachedir>%s</cachedir>\n'
                '<alias binding="strong"><family>Liberation Serif</family>'
                '<prefer><family>DejaVu Serif</family></prefer></alias>\n'
                '<alias binding="strong"><family>Liberation Sans</family>'
                '<prefer><family>DejaVu Sans</family></prefer></alias>\n'
                '</fontconfig>\n' % os.path.join(WORK, 'fc-cache'))
    env = dict(os.environ)
    env['FONTCONFIG_FILE'] = conf
    return env


def words(text):
    return re.findall(r'\w+', text)


def check_ligatures():
    env = dejavu_env()
    text = ('Offices affirm the figures\n\n'
            'The official figures fly: a fluffy office staff affirms five flat files.\n')
    path = font_file('DejaVu Serif', env)
    tt = TTFont(path)
    ligs = liga_ligatures(tt)
    # The ligatures the font has and its own lookups give for the letters
    # alone (DejaVu Serif's 'ff' lookup comes before its 'ffi').
    wanted = [l for l in ('fi', 'fl', 'ffi')
              if l in ligs and len(hb_advances(path, l)) == 1]
    if not wanted:
        fail('ligatures: %s has no fi, fl or ffi in liga (found %s)' % (path, sorted(ligs)))
        return
    pdf_path = convert(text, 'ligatures', env)
    for tool in (['pdftotext', pdf_path, '-'], ['mutool', 'draw', '-F', 'txt', '-o', '-', pdf_path]):
        r = run(tool)
        if tool[0] == 'pdftotext' and r.stderr.strip():
            fail('ligatures: poppler warns: %s' % r.stderr.decode()[:200])
        # the page footer follows the text
        if words(text) != words(r.stdout.decode())[:len(words(text))]:
            fail('ligatures: %s gives %r' % (tool[0], r.stdout.decode()[:300]))
    pdf = pikepdf.open(pdf_path)
    body = None
    for name, font in pdf.pages[0].Resources.Font.items():
        if str(font.BaseFont).endswith('+' + ps_name(tt)):
            body = (name, font)
    if not body:
        fail('ligatures: no font of %s in the PDF' % ps_name(tt))
        return
    name, font = body
    codes = to_unicode(font)
    cid_map = font.DescendantFonts[0].CIDToGIDMap.read_bytes()
    sub = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()))
    order = sub.getGlyphOrder()

    def embedded_shape(code):
        gid = cid_map[2 * code] << 8 | cid_map[2 * code + 1]
        return glyph_shape(sub, order[gid]) if gid < len(order) else None

    drawn = drawn_codes(pdf, name)
    n = len(FAILURES)
    for lig in wanted:
        want = glyph_shape(tt, tt.getGlyphName(ligs[lig]))
        found = [c for c, t in codes.items() if t == lig and c in drawn and
                 embedded_shape(c) == want]
        if not found:
            fail('ligatures: no code drawn for the glyph %d of %r (codes %s)'
                 % (ligs[lig], lig, sorted((c, t) for c, t in codes.items() if len(t) > 1)))
    if len(FAILURES) == n:
        print('ligatures: %s drawn as ligature glyphs of %s' % (', '.join(wanted), ps_name(tt)))


def main():
    if sys.argv[1:] != ['suite']:
        raise SystemExit(__doc__)
    os.makedirs(WORK, exist_ok=True)
    check_kerning()
    check_ligatures()
    if FAILURES:
        print('%d failure(s)' % len(FAILURES))
        sys.exit(1)


if __name__ == '__main__':
    main()

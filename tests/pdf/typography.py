#!/usr/bin/env python3
"""Measures a PDF's body text as a typographer would, from the word boxes
poppler finds (pdftotext -bbox-layout), and checks the measures against the
thresholds of good book typesetting (pdfLaTeX meets them on the same
articles, same Times-metric font and measure).

    typography.py [--english|--german] [--report] FILE.pdf...
    typography.py suite       (NEWSCONV, CORPUS, SRC: what the test suite runs)

Body lines are the lines in the most common word height (the body size)
that start at the column's left edge or its paragraph indent. A line is
justified when it ends at the column's right edge (the most common right
end of body lines); the natural word space is the median gap of the body
lines that end well short of it (the last lines of paragraphs, set at
their natural width). Per justified line, its mean gap over the natural
space is its space ratio. A hyphen run is consecutive lines ending in a
hyphen; a penultimate-line hyphen is a hyphenated line followed by its
paragraph's last line; a line is overfull when it ends right of the
column; a river is 4 consecutive lines each with a gap over 1.5x natural
whose spans overlap the one above. Exit 1 naming each failed threshold.
"""
import collections
import os
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

ALLOW_WARNINGS = False
NS = '{http://www.w3.org/1999/xhtml}'

LIMITS = {
    'median': 1.18, 'p95': 1.60, 'max': 1.95, 'over_1_5': 0.08, 'under_0_8': 0.05,
    'min': 0.75, 'hyphen_run': 2, 'hyph_per_100_en': 12, 'penultimate': 3,
    'overfull': 0, 'rivers': 0,
}


def pages(path):
    out = subprocess.run(['pdftotext', '-bbox-layout', path, '-'], capture_output=True,
                         check=True)
    if out.stderr.strip() and not ALLOW_WARNINGS:
        raise SystemExit('%s: poppler warns: %s' % (path, out.stderr.decode()[:300]))
    root = ET.fromstring(out.stdout)
    for page in root.iter(NS + 'page'):
        lines = []
        for line in page.iter(NS + 'line'):
            words = [(float(w.get('xMin')), float(w.get('xMax')), float(w.get('yMin')),
                      float(w.get('yMax')), w.text or '') for w in line.iter(NS + 'word')]
            if words:
                lines.append(words)
        yield lines


def body_lines(path):
    """The body lines of all pages, in reading order, as lists of words."""
    all_lines = [ln for pg in pages(path) for ln in pg]
    heights = collections.Counter(round(w[3] - w[2], 1) for ln in all_lines for w in ln)
    body_h = heights.most_common(1)[0][0]
    body = [ln for ln in all_lines
            if all(abs((w[3] - w[2]) - body_h) < 0.3 for w in ln)]
    lefts = collections.Counter(round(ln[0][0], 0) for ln in body)
    left = lefts.most_common(1)[0][0]
    rights = collections.Counter(round(ln[-1][1], 0) for ln in body)
    right = max(r for r, n in rights.items() if n >= max(3, len(body) // 20))
    # the column's lines: at its left edge or a paragraph indent (2 em at most)
    col = [ln for ln in body if left - 0.5 <= ln[0][0] <= left + 2.2 * body_h]
    return col, left, right, body_h


def gaps(ln):
    return [(ln[i][1], ln[i + 1][0]) for i in range(len(ln) - 1)]


def measure(path):
    col, left, right, h = body_lines(path)
    just = [i for i, ln in enumerate(col) if ln[-1][1] >= right - 1.0]
    ragged = [ln for ln in col if ln[-1][1] < right - 0.1 * (right - left) and len(ln) >= 3]
    natural_gaps = [b - a for ln in ragged for a, b in gaps(ln)]
    if len(natural_gaps) < 3:
        raise SystemExit('%s: too few last lines to find the natural space' % path)
    natural = statistics.median(natural_gaps)
    ratios, wide = [], {}
    for i in just:
        g = gaps(col[i])
        if not g:
            continue
        ratios.append(statistics.mean(b - a for a, b in g) / natural)
        wide[i] = [(a, b) for a, b in g if (b - a) / natural > 1.5]
    ratios.sort()
    n = len(ratios)
    hyph = [ln[-1][4].endswith('-') and len(ln[-1][4]) > 1 for ln in col]
    run = longest = 0
    for x in hyph:
        run = run + 1 if x else 0
        longest = max(longest, run)
    # a justified hyphenated line followed by a ragged one ends a paragraph's penultimate line
    penult = sum(1 for i in range(len(col) - 1)
                 if hyph[i] and col[i + 1][-1][1] < right - 1.0)
    overfull = sum(1 for ln in col if ln[-1][1] > right + 0.5)
    rivers = 0
    for i in just:
        chain = wide.get(i, [])
        depth = 1
        while chain and depth < 4 and (i + depth) in wide:
            nxt = [g for g in wide[i + depth] if any(g[0] < c[1] and c[0] < g[1] for c in chain)]
            chain = nxt
            depth += 1
        if chain and depth == 4:
            rivers += 1
    return {
        'ratios': ratios, 'hyph_lines': sum(hyph),
        'lines': len(col), 'justified': n, 'natural': natural,
        'median': statistics.median(ratios) if n else 0,
        'p95': ratios[min(n - 1, int(0.95 * n))] if n else 0,
        'max': ratios[-1] if n else 0, 'min': ratios[0] if n else 0,
        'over_1_5': sum(r > 1.5 for r in ratios) / n if n else 0,
        'under_0_8': sum(r < 0.8 for r in ratios) / n if n else 0,
        'hyphen_run': longest, 'hyph_per_100': 100.0 * sum(hyph) / max(1, len(col)),
        'penultimate': penult, 'overfull': overfull, 'rivers': rivers,
    }


def check(path, m, english):
    bad = []
    L = LIMITS
    for key in ('median', 'p95', 'max', 'over_1_5', 'under_0_8'):
        if m[key] > L[key]:
            bad.append('%s %.3f > %.3f' % (key, m[key], L[key]))
    if m['min'] < L['min']:
        bad.append('min %.3f < %.2f' % (m['min'], L['min']))
    for key in ('hyphen_run', 'penultimate', 'overfull', 'rivers'):
        if m[key] > L[key]:
            bad.append('%s %d > %d' % (key, m[key], L[key]))
    if english and m['hyph_per_100'] > L['hyph_per_100_en']:
        bad.append('hyphenated lines per 100 %.1f > %d' % (m['hyph_per_100'], L['hyph_per_100_en']))
    return bad


def pooled(ms):
    """The space measures of several articles' justified lines together,
    as the issue's table pools its English articles; the counts stay per
    article (the worst)."""
    ratios = sorted(r for m in ms for r in m['ratios'])
    n = len(ratios)
    lines = sum(m['lines'] for m in ms)
    return {
        'ratios': ratios, 'lines': lines, 'justified': n,
        'natural': statistics.median(m['natural'] for m in ms),
        'median': statistics.median(ratios), 'p95': ratios[min(n - 1, int(0.95 * n))],
        'max': ratios[-1], 'min': ratios[0],
        'over_1_5': sum(r > 1.5 for r in ratios) / n, 'under_0_8': sum(r < 0.8 for r in ratios) / n,
        'hyphen_run': max(m['hyphen_run'] for m in ms),
        'hyph_per_100': 100.0 * sum(m['hyph_lines'] for m in ms) / max(1, lines),
        'penultimate': max(m['penultimate'] for m in ms),
        'overfull': max(m['overfull'] for m in ms), 'rivers': max(m['rivers'] for m in ms),
    }


def describe(name, m):
    return ('%s: %d lines, %d justified, natural space %.2f pt; ratio median %.3f p95 %.3f '
            'max %.3f min %.3f; over 1.5x %.1f%%, under 0.8x %.1f%%; hyphens %.1f/100, '
            'longest run %d, penultimate %d; overfull %d; rivers %d'
            % (name, m['lines'], m['justified'], m['natural'], m['median'], m['p95'], m['max'],
               m['min'], 100 * m['over_1_5'], 100 * m['under_0_8'], m['hyph_per_100'],
               m['hyphen_run'], m['penultimate'], m['overfull'], m['rivers']))


def main(argv):
    english = '--german' not in argv
    report = '--report' in argv
    files = [a for a in argv if not a.startswith('--')]
    failed = 0
    for f in files:
        m = measure(f)
        bad = check(f, m, english)
        if report or bad:
            print(describe(f, m))
        for b in bad:
            print('  FAIL %s' % b)
        failed |= bool(bad)
    return 1 if failed else 0


# The long articles of the suite, and the German one (Der Standard).
ENGLISH = ['bbc/politics/290.txt', 'bbc/entertainment/253.txt', 'bbc/politics/380.txt',
           'bbc/entertainment/353.txt', 'bbc/business/001.txt']
GERMAN = 'wire/derstandard/gnad-test-0474.txt'

PROBE_EN = ('Probe\n\nMassachusetts Constantinople Mediterranean Transcontinental '
            'Internationalisation Philadelphia Czechoslovakia Nottinghamshire '
            'Northamptonshire Leicestershire Gloucestershire Worcestershire '
            'Buckinghamshire Hertfordshire Liechtenstein Kazakhstan Kyrgyzstan\n')
PROBE_DE = ('Probe\n\nBundesverfassungsgericht Einschr\u00e4nkungen '
            'Donaudampfschifffahrtsgesellschaft Rechtsschutzversicherungen '
            'Geschwindigkeitsbegrenzung Arbeitsunf\u00e4higkeitsbescheinigung '
            'Bundesausbildungsf\u00f6rderungsgesetz Kraftfahrzeughaftpflichtversicherung '
            'Grundst\u00fccksverkehrsgenehmigungszust\u00e4ndigkeit\n')


def convert(src, out, *args):
    env = dict(os.environ, SOURCE_DATE_EPOCH='1695859200', TZ='UTC')
    subprocess.run([os.environ.get('NEWSCONV', 'newsconv'), '-q', '-t', 'pdf', *args, src,
                    '-o', out], check=True, env=env)


def probe(work, name, text, lang):
    """A paragraph of long capitalised words only: they must hyphenate."""
    src = os.path.join(work, name + '.txt')
    with open(src, 'w', encoding='utf-8') as f:
        f.write(text)
    pdf = os.path.join(work, name + '.pdf')
    convert(src, pdf, '-M', 'lang=' + lang)
    ends = [ln[-1][4] for pg in pages(pdf) for ln in pg if ln[-1][4].endswith('-')]
    capital = [w for w in ends if w[:1].isupper()]
    print('%s: %d lines end in a hyphen (%s)' % (name, len(capital), ' '.join(capital)))
    return len(capital) >= 2


def suite():
    """The seed and five long BBC articles pooled (English), the German
    article, and the two probes; what the test suite runs."""
    work = os.path.join(os.environ.get('TMPDIR_BASE', '/tmp'), 'pdf_typography')
    os.makedirs(work, exist_ok=True)
    corpus = os.environ.get('CORPUS', '')
    src = os.environ.get('SRC', os.path.join(os.path.dirname(__file__), '..', '..'))
    ok = probe(work, 'probe-en', PROBE_EN, 'en') & probe(work, 'probe-de', PROBE_DE, 'de')
    seed = os.path.join(work, 'seed.pdf')
    convert(os.path.join(src, 'seeds', 'article.txt'), seed)
    english = [measure(seed)]
    print(describe('seed', english[0]))
    if not os.path.isdir(corpus):
        print('corpus articles skipped: no corpus folder')
        return 0 if ok else 1
    for i, rel in enumerate(ENGLISH):
        pdf = os.path.join(work, 'en%d.pdf' % i)
        convert(os.path.join(corpus, rel), pdf)
        english.append(measure(pdf))
        print(describe(rel, english[-1]))
    de_pdf = os.path.join(work, 'de.pdf')
    convert(os.path.join(corpus, GERMAN), de_pdf, '-M', 'lang=de')
    de = measure(de_pdf)
    print(describe(GERMAN, de))
    en = pooled(english)
    print(describe('English, pooled', en))
    for name, m, is_en in (('English, pooled', en, True), (GERMAN, de, False)):
        for b in check(name, m, is_en):
            print('FAIL %s: %s' % (name, b))
            ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    if sys.argv[1:] == ['suite']:
        sys.exit(suite())
    sys.exit(main(sys.argv[1:]))

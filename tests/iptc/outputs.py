#!/usr/bin/env python3
"""The IPTC writers (issue 21), ninjs and NewsML-G2, checked by tools we did
not write and against the document model:

  outputs.py project [EVERY_NODE]   the seed (also with -M image, identifier,
                                   description, subtitle, credit), every
                                   tests/reader case, the corpus fixtures and
                                   (given tests/json/every_node.c) every node
  outputs.py corpus                 every article of $CORPUS/bbc and $CORPUS/wire

- Every .newsml.xml validates against the NewsML-G2 2.34 XML Schema, and the
  NITF body inside inlineXML (which that schema takes laxly) is a
  {NITF}nitf element valid on its own against the NITF 3.6 schema.
- Every .ninjs.json validates against the ninjs 3.1 JSON Schema
  (python3-jsonschema, formats checked; nothing fetched: the one remote
  $ref, GeoJSON, is refused), and its URIs are absolute URIs.
- The fields agree with `newsconv -t json`: uri/guid, language, headlines,
  by, located, versionCreated, descriptions, credits, the photo.
- Every word of the input, in order, in the text/plain body, the XHTML body
  and the NITF body (tests/tools/words.py).

The schemas are read from $IPTC_SCHEMAS (../shared/schemas/iptc beside the
clone); without them the test says it skipped.
"""
import json
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from urllib.parse import unquote

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docbook"))
import convert  # noqa: E402

G2 = "{http://iptc.org/std/nar/2006-10-01/}"
NITF = "{http://iptc.org/std/NITF/2006-10-18/}"
EPOCH = 1695859200
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+$")
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL:", msg)


def xsd_validate(xsd, paths, what):
    """One xmllint run (in chunks, for the command line) over paths."""
    ok = 0
    for k in range(0, len(paths), 200):
        chunk = paths[k:k + 200]
        proc = subprocess.run(["xmllint", "--noout", "--schema", xsd, *chunk],
                              capture_output=True, text=True)
        good = sum(1 for line in proc.stderr.splitlines() if line.endswith(" validates"))
        ok += good
        if proc.returncode != 0 or good != len(chunk):
            bad = [line for line in proc.stderr.splitlines() if not line.endswith(" validates")]
            fail(f"{what}: xmllint rejects:\n  " + "\n  ".join(bad[:20]))
    if ok == len(paths):
        print(f"ok: xmllint --schema {os.path.basename(xsd)} accepts all {ok} {what} files")


def ninjs_validator(schemas):
    """The ninjs 3.1 schema, checking formats, never fetching a $ref."""
    import jsonschema
    schema = json.load(open(os.path.join(schemas, "ninjs", "ninjs-schema_3.1.json")))

    def offline(uri):
        raise LookupError(f"not fetched (offline): {uri}")
    checker = jsonschema.FormatChecker()
    try:
        from referencing import Registry  # jsonschema >= 4.18
        return jsonschema.Draft202012Validator(schema, registry=Registry(retrieve=offline),
                                               format_checker=checker)
    except ImportError:  # Debian 12's jsonschema 4.10
        resolver = jsonschema.RefResolver.from_schema(
            schema, handlers={"http": offline, "https": offline})
        return jsonschema.Draft202012Validator(schema, resolver=resolver, format_checker=checker)


def uris_of(item):
    yield item.get("uri")
    for a in item.get("associations", []):
        yield a.get("uri")


def text(el):
    return "".join(el.itertext()) if el is not None else None


def nitf_of(g2_path, outdir, k):
    """The NITF body of a NewsML-G2 item, written to a file of its own."""
    root = ET.parse(g2_path).getroot()
    inline = root.find(f"{G2}contentSet/{G2}inlineXML")
    kids = list(inline) if inline is not None else []
    if len(kids) != 1 or kids[0].tag != NITF + "nitf":
        fail(f"{g2_path}: inlineXML holds {[k.tag for k in kids]}, not one NITF nitf element")
        return root, None, None
    ET.register_namespace("", NITF[1:-1])
    path = os.path.join(outdir, f"{k}.nitf.xml")
    ET.ElementTree(kids[0]).write(path, encoding="utf-8", xml_declaration=True)
    return root, kids[0], path


def dateline_of(blocks):
    for b in blocks:
        if b.get("dateline"):
            return b["dateline"]
        found = dateline_of(b.get("children", []))
        if found:
            return found
    return None


def texts_of_type(blocks, kind):
    """Every block of a type, at any depth."""
    out = []
    for b in blocks:
        if b["type"] == kind:
            out.append(b)
        out += texts_of_type(b.get("children", []), kind)
    return out


def texts_of(blocks, kind):
    return [b["text"] for b in texts_of_type(blocks, kind)]


def expected_by(meta, blocks):
    a = meta.get("authors", [])
    if a:
        return a[0] if len(a) == 1 else (" and ".join(a) if len(a) == 2
                                         else ", ".join(a[:-1]) + ", and " + a[-1])
    bylines = texts_of(blocks, "byline")
    if not bylines:
        return None
    b = bylines[0]
    return b[3:] if b[:3].lower() == "by " and len(b) > 3 else b


def is_copyright(c):
    return c.startswith("\u00a9") or c[:3].lower() == "(c)" or c[:9].lower() == "copyright"


def compare(name, model, item, g2):
    """The fields issue 21 names, in both items, against the JSON model."""
    meta, blocks = model["meta"], model["blocks"]
    got = {}

    def expect(field, want, have):
        got[field] = True
        if want != have:
            fail(f"{name}: {field} is {have!r}, the model says {want!r}")

    ident = meta.get("identifier")
    if ident and URI.match(ident):
        expect("uri", ident, item["uri"])
    elif not re.match(r"^urn:newsconv:[0-9a-f]{64}$", item["uri"]):
        fail(f"{name}: uri {item['uri']!r} is not urn:newsconv:SHA256")
    expect("guid", item["uri"], g2.get("guid"))
    if ident and not URI.match(ident):
        expect("altIds", [{"role": "identifier", "value": ident}], item.get("altIds"))
    lang = meta.get("lang", "en")
    if re.match(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", lang):
        expect("language", lang, item.get("language"))
        expect("G2 language", lang, g2.find(f"{G2}contentMeta/{G2}language").get("tag"))
    heads = {h["role"]: h["value"] for h in item.get("headlines", [])}
    if "title" in meta:
        expect("headline", meta["title"], heads.get("main"))
        expect("G2 headline", meta["title"], text(g2.find(f"{G2}contentMeta/{G2}headline")))
        # a kicker cut from the headline opens hl1 again, marked <em class="kicker">
        hl1 = g2.find(f".//{NITF}hedline/{NITF}hl1")
        expect("NITF hl1", meta.get("kicker", "") + meta["title"], text(hl1))
        em = hl1.find(f"{NITF}em[@class='kicker']") if hl1 is not None else None
        expect("NITF hl1 kicker", meta.get("kicker"), text(em) if em is not None else None)
    expect("kicker headline", meta.get("kicker"), heads.get("kicker"))
    expect("sub headline", meta.get("subtitle"), heads.get("sub"))
    by = expected_by(meta, blocks)
    expect("by", by, item.get("by"))
    expect("G2 by", by, text(g2.find(f"{G2}contentMeta/{G2}by")))
    expect("people", [{"name": a, "rel": "author"} for a in meta.get("authors", [])] or None,
           item.get("people"))
    dl = dateline_of(blocks)
    expect("G2 dateline", dl, text(g2.find(f"{G2}contentMeta/{G2}dateline")))
    loc = item.get("located")
    # The place opens the dateline, after the agency when that comes first (ANSA).
    opening = re.sub(r"^\([^)]*\)[\s\-\u2013\u2014]*", "", dl or "")
    if dl and (not loc or not opening.startswith(loc) or re.search(r"[0-9(]", loc)):
        fail(f"{name}: located {loc!r} is not the place that dateline {dl!r} starts with")
    if not dl and loc:
        fail(f"{name}: located {loc!r} without a dateline")
    expect("G2 located", loc, text(g2.find(f"{G2}contentMeta/{G2}located/{G2}name")))
    if loc:
        nitf_loc = [text(e) for e in g2.iter(NITF + "location")]
        if loc not in nitf_loc:
            fail(f"{name}: the NITF dateline marks no location {loc!r} ({nitf_loc})")
    date = meta.get("date", "")
    when = (date + "T00:00:00Z" if re.match(r"^\d{4}-\d{2}-\d{2}$", date)
            else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH)))
    expect("versionCreated", when, item.get("versionCreated"))
    dates = [(text(e), e.get("norm")) for e in g2.iter(NITF + "story.date")]
    norm = date.replace("-", "") + "T000000Z" if date and when.startswith(date) else None
    expect("NITF story.date", [(date, norm)] if date else [], dates)
    expect("G2 versionCreated", when, text(g2.find(f"{G2}itemMeta/{G2}versionCreated")))
    descs = {}
    for d in item.get("descriptions", []):
        descs.setdefault(d["role"], []).append(d["value"])
    expect("summary", [meta["description"]] if meta.get("description") else None,
           descs.get("summary"))
    g2desc = g2.find(f"{G2}contentMeta/{G2}description")
    expect("G2 description", meta.get("description"), text(g2desc))
    credits = [meta["credit"]] if meta.get("credit") else texts_of(blocks, "credit")
    plain = [c for c in credits if c and not is_copyright(c)]
    rights = [c for c in credits if c and is_copyright(c)]
    expect("creditline", plain or None, descs.get("creditline"))
    expect("G2 creditline", plain, [text(e) for e in g2.iter(G2 + "creditline")])
    expect("copyrightNotice", "\n".join(rights) or None, item.get("copyrightNotice"))
    expect("G2 copyrightNotice", rights, [text(e) for e in g2.iter(G2 + "copyrightNotice")])
    rows = len(texts_of_type(blocks, "row"))
    expect("NITF table rows", rows, sum(1 for _ in g2.iter(NITF + "tr")))
    xhtml = [b["value"] for b in item.get("bodies", []) if b["contentType"] == "application/xhtml+xml"]
    expect("XHTML table rows", rows, len(re.findall(r"<tr[ >]", xhtml[0])) if xhtml else None)
    expect("itemClass", "ninat:text", g2.find(f"{G2}itemMeta/{G2}itemClass").get("qcode"))
    expect("pubStatus", "stat:usable", g2.find(f"{G2}itemMeta/{G2}pubStatus").get("qcode"))
    image = meta.get("image")
    photos = [a for a in item.get("associations", []) if a["name"] == "photo"]
    if image:
        caps = texts_of(blocks, "caption")
        want = [{"role": "caption", "value": caps[0]}] if caps else None
        if len(photos) != 1:
            fail(f"{name}: -M image but associations {item.get('associations')}")
        else:
            if meta.get("image-alt"):
                want = (want or []) + [{"role": "alt", "value": meta["image-alt"]}]
            expect("photo caption", want, photos[0].get("descriptions"))
            refs = [r.get("href") for r in photos[0].get("renditions", []) if r.get("href")]
            refs += [a["value"] for a in photos[0].get("altIds", []) if a["role"] == "filename"]
            expect("photo reference", [image], refs)
        srcs = [e.get("source") for e in g2.iter(NITF + "media-reference") if e.get("source")]
        expect("NITF photo", [image], [unquote(s) for s in srcs])
        alts = [e.get("alternate-text") for e in g2.iter(NITF + "media-reference") if e.get("source")]
        expect("NITF photo alt", [meta.get("image-alt")], alts)
    elif photos:
        fail(f"{name}: a photo association without -M image")
    return got


def body_words(words, inp, item, nitf_path, work, k):
    """The word check on the three bodies; returns how many passed."""
    if not convert.keeps_words(inp):
        return None
    bodies = {b["contentType"]: b["value"] for b in item.get("bodies", [])}
    ok = 0
    for ctype, ext in (("text/plain", "txt"), ("application/xhtml+xml", "xhtml")):
        if ctype not in bodies:
            fail(f"{inp}: no {ctype} body")
            continue
        path = os.path.join(work, f"body{k}.{ext}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(bodies[ctype])
        if words.check(inp, path, ext):
            ok += 1
        else:
            fail(f"{inp}: a word is missing or out of order in the ninjs {ctype} body")
    if nitf_path:
        if words.check(inp, nitf_path, "xml"):
            ok += 1
        else:
            fail(f"{inp}: a word is missing or out of order in the NITF body")
    return ok


def seed_variants(newsconv, seed, work):
    """The seed with the metadata the plain text does not carry."""
    args = ["-M", "image=photo & co.jpg", "-M", "image-alt=Two men shake hands", "-M", "cover-image=cover.png", "-M",
            "description=Toqaev in Berlin.", "-M", "subtitle=The talks in Berlin",
            "-M", "identifier=ISBN 978-3-16", "-M", "credit=\u00a9 2023 RFE/RL", "-M",
            "author=Ann Example", "-M", "author=Ben Writer", "-M", "publisher=Example News",
            "-M", "source=https://example.org/a?b=1", "-M", "subject=Politics",
            "-M", "keyword=Kazakhstan"]
    variants = [("meta", args), ("identifier", ["-M", "identifier=https://example.org/a/1",
                                                 "-M", "date=2023-09-30", "-M",
                                                 "image=https://example.org/p.jpg"])]
    out = []
    for tag, extra in variants:
        files = {}
        for fmt, ext in (("ninjs", "ninjs.json"), ("newsml", "newsml.xml"), ("json", "json")):
            path = os.path.join(work, f"seed-{tag}.{ext}")
            subprocess.run([newsconv, "-q", "-t", fmt, *extra, "-o", path, seed], check=True)
            files[fmt] = path
        out.append((seed, files))
    return out


def reproducible(newsconv, seed, work):
    for fmt in ("ninjs", "newsml"):
        a = subprocess.run([newsconv, "-q", "-t", fmt, "-o", "-", seed], capture_output=True).stdout
        env = dict(os.environ, TZ="Asia/Kolkata", LC_ALL="C.UTF-8")
        b = subprocess.run([newsconv, "-q", "-t", fmt, "-o", "-", seed], capture_output=True,
                           env=env).stdout
        if not a or a != b:
            fail(f"{fmt}: two runs of the seed differ")
        else:
            print(f"ok: {fmt}: the seed gives the same bytes twice (other TZ, locale)")


def main(mode, every_node=None):
    src, newsconv = convert.env("SRC"), convert.env("NEWSCONV")
    schemas = os.environ.get("IPTC_SCHEMAS", "")
    g2_xsd = os.path.join(schemas, "newsml-g2", "NewsML-G2_2.34-spec-All-Power.xsd")
    nitf_xsd = os.path.join(schemas, "newsml-g2", "nitf-3-6.xsd")
    if not os.path.exists(g2_xsd) or not os.path.exists(nitf_xsd):
        print(f"skipped: no IPTC schemas at {schemas!r} (../shared/schemas/iptc)")
        return 0
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    words = convert.words_module(src)
    work = convert.fresh_work()
    if mode == "corpus":
        inputs = (convert.corpus_inputs("bbc") or []) + (convert.corpus_inputs("wire") or [])
        if not inputs:
            print(f"skipped: no corpus at {os.environ.get('CORPUS')} (bbc/, wire/)")
            return 0
    else:
        inputs = convert.project_inputs(src)
    runs = {}
    for fmt in ("ninjs", "newsml", "json"):
        pairs, failures = convert.convert(newsconv, fmt, inputs, os.path.join(work, fmt))
        for inp, why in failures:
            fail(f"{inp}: {fmt}: {why}")
        runs[fmt] = dict(pairs)
    cases = [(i, {f: runs[f].get(i) for f in runs}) for i in inputs if i in runs["ninjs"]]
    if mode == "project":
        cases += seed_variants(newsconv, inputs[0], work)
        reproducible(newsconv, inputs[0], work)
    print(f"converted {len(cases)} inputs to ninjs, NewsML-G2 and JSON")

    g2_files = [c[1]["newsml"] for c in cases if c[1]["newsml"]]
    ninjs_files = [c[1]["ninjs"] for c in cases if c[1]["ninjs"]]
    if every_node:
        for fmt, ext, into in (("ninjs", "ninjs.json", ninjs_files),
                               ("newsml", "newsml.xml", g2_files)):
            path = os.path.join(work, f"every_node.{ext}")
            with open(path, "wb") as f:
                subprocess.run([every_node, fmt], stdout=f, check=True)
            into.append(path)
    xsd_validate(g2_xsd, g2_files, "NewsML-G2")
    nitf_dir = os.path.join(work, "nitf")
    os.makedirs(nitf_dir)
    nitf = {p: nitf_of(p, nitf_dir, k) for k, p in enumerate(g2_files)}
    xsd_validate(nitf_xsd, [n[2] for n in nitf.values() if n[2]], "NITF body")

    validator = ninjs_validator(schemas)
    bad = 0
    for p in ninjs_files:
        item = json.load(open(p, encoding="utf-8"))
        errors = list(validator.iter_errors(item))
        bad_uris = [u for u in uris_of(item) if not (u and URI.match(u))]
        if errors or bad_uris:
            bad += 1
            fail(f"{p}: ninjs 3.1 schema: {[e.message for e in errors][:3]} {bad_uris}")
    if not bad:
        print(f"ok: the ninjs 3.1 schema accepts all {len(ninjs_files)} ninjs files")

    fields, kept, checked = set(), 0, 0
    for k, (inp, files) in enumerate(cases):
        if not (files["ninjs"] and files["newsml"] and files["json"]):
            continue
        item = json.load(open(files["ninjs"], encoding="utf-8"))
        model = json.load(open(files["json"], encoding="utf-8"))
        root, _, nitf_path = nitf[files["newsml"]]
        fields |= set(compare(inp, model, item, root))
        ok = body_words(words, inp, item, nitf_path, work, k)
        if ok is not None:
            checked += 3
            kept += ok
    print(f"ok: fields checked against the model: {', '.join(sorted(fields))}")
    print(f"every word in order in {kept} of {checked} bodies (text, XHTML, NITF)")
    print(f"{len(fails)} failure(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *sys.argv[2:]))

"""Helpers shared by the output tests of tests/docbook, tests/json and
tests/markdown: which inputs to convert, and converting them all in one
newsconv run (a process per file would make the corpus runs slow).

Imported, never run. Standard library only.
"""
import glob
import json
import os
import subprocess
import sys


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"FAIL: {name} is not set (run through ctest)")
    return value


def fresh_work():
    work = env("WORK")
    subprocess.run(["rm", "-rf", work], check=True)
    os.makedirs(work)
    return work


def project_inputs(src):
    """The seed, every reader test case, every corpus fixture."""
    inputs = [os.path.join(src, "seeds", "article.txt")]
    inputs += sorted(glob.glob(os.path.join(src, "tests", "reader", "**", "*.txt"), recursive=True))
    inputs += sorted(glob.glob(os.path.join(src, "tests", "fixtures", "corpus", "**", "*.txt"),
                               recursive=True))
    return inputs


def corpus_inputs(subdir="bbc"):
    """The articles of ../shared/corpus/SUBDIR, or None when it is absent."""
    root = os.path.join(os.environ.get("CORPUS", ""), subdir)
    if not os.environ.get("CORPUS") or not os.path.isdir(root):
        return None
    return sorted(glob.glob(os.path.join(root, "**", "*.txt"), recursive=True))


def mode_inputs(mode, src):
    """The inputs of an outputs.py run: "corpus" the corpus articles (None,
    said on stdout, when the corpus is absent), else the project's own."""
    if mode != "corpus":
        return project_inputs(src)
    inputs = corpus_inputs()
    if inputs is None:
        print(f"skipped: no corpus at {os.environ.get('CORPUS')}/bbc")
    return inputs


def case_args(path):
    """The reader cases' convention: NAME.args beside NAME.txt holds extra
    command-line arguments, one a line."""
    a = path[:-len(".txt")] + ".args" if path.endswith(".txt") else None
    if a and os.path.exists(a):
        return [x for x in open(a, encoding="utf-8").read().split("\n") if x]
    return []


def keeps_words(path):
    """False for a reader case marked NAME.nowords: it moves words on purpose
    (front matter into metadata, a hyphenated word joined)."""
    return not (path.endswith(".txt") and os.path.exists(path[:-len(".txt")] + ".nowords"))


def _run(newsconv, fmt, inputs, outdir, extra):
    if not inputs:
        return None, {}
    manifest = outdir.rstrip("/") + ".manifest.jsonl"
    proc = subprocess.run([newsconv, "-q", "--keep-folders", "-t", fmt, "--manifest", manifest,
                           "-o", outdir.rstrip("/") + "/", *extra, *inputs],
                          capture_output=True, text=True)
    produced = {}
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                produced[os.path.abspath(rec["input"])] = rec["output"]
    return proc, produced


def convert(newsconv, fmt, inputs, outdir, extra=()):
    """Converts every input in one run (those with NAME.args one run each).
    Returns (pairs, failures): pairs of (input, output) in input order, and
    the inputs that gave no output with the reason. An input that the reader
    itself refuses (exit code 3 when converted alone: unreadable or unusable
    input) is no writer's failure and is left out of both."""
    plain = [i for i in inputs if not case_args(i)]
    proc, produced = _run(newsconv, fmt, plain, outdir, extra)
    for k, inp in enumerate(i for i in inputs if case_args(i)):
        p, got = _run(newsconv, fmt, [inp], f"{outdir.rstrip('/')}-args{k}",
                      [*extra, *case_args(inp)])
        produced.update(got)
        if not got:
            proc = p
    pairs, failures = [], []
    for inp in inputs:
        out = produced.get(os.path.abspath(inp))
        if out and os.path.exists(out):
            pairs.append((inp, out))
            continue
        alone = subprocess.run([newsconv, "-q", "-t", "json", "-o", os.devnull,
                                *case_args(inp), inp],
                               capture_output=True, text=True)
        if alone.returncode == 3:
            print(f"note: the reader refuses {inp}: {alone.stderr.strip()}")
            continue
        # what the batch itself said, and its exit code: a failure that the
        # run alone does not repeat is otherwise left without a trace
        said = proc.stderr.strip()[-300:] if proc is not None else ""
        failures.append((inp, f"no output (newsconv: {alone.returncode}: "
                              f"{alone.stderr.strip()[:300]}; the batch: "
                              f"{proc.returncode if proc is not None else '-'}: {said})"))
    return pairs, failures


def words_module(src):
    sys.path.insert(0, os.path.join(src, "tests", "tools"))
    import words  # noqa: E402  the project's one word checker
    return words

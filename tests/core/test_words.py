"""The word checker must be able to fail: a dropped, a swapped and an
altered word are each caught; typographic variants are not differences."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "tools"))
import words  # noqa: E402

seed = open(os.path.join(os.environ["SRC"], "seeds", "article.txt"), encoding="utf-8").read()
base = words.words(seed, drop_list_markers=True)
assert len(base) > 300, len(base)
assert words.missing(base, base) is None

# a dropped word
dropped = base[:100] + base[101:]
assert words.missing(base, dropped) is not None, "dropped word not caught"
# two words swapped
swapped = list(base)
swapped[50], swapped[51] = swapped[51], swapped[50]
assert words.missing(base, swapped) is not None, "swapped words not caught"
# extra words are allowed (a repeated title, numbering)
assert words.missing(base, ["1"] + base + ["extra"]) is None

# typography and markup-level differences are not losses
variants = ("\u201cKazakhstan\u201d \u2014 it\u2019s re\u2013exports\u2026 Caf\u00e9",
            '"KAZAKHSTAN" - it\'s re-exports... cafe\u0301')
assert words.words(variants[0]) == words.words(variants[1]), (words.words(variants[0]), words.words(variants[1]))
# list markers at the start of an input line do not count
assert words.words("- one\n* two\n1. three", drop_list_markers=True) == ["one", "two", "three"]

# end to end through files: a Markdown output missing one word fails
with tempfile.TemporaryDirectory() as d:
    src = os.path.join(d, "in.txt")
    out = os.path.join(d, "out.md")
    open(src, "w", encoding="utf-8").write("Alpha beta gamma.\n\nDelta epsilon.\n")
    open(out, "w", encoding="utf-8").write("# Alpha beta gamma\n\nDelta epsilon.\n")
    assert words.check(src, out, quiet=True)
    open(out, "w", encoding="utf-8").write("# Alpha gamma\n\nDelta epsilon.\n")
    assert not words.check(src, out, quiet=True)
print("word checker: all self-tests passed")

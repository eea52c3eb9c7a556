"""The format options as newsconv(1) and the README describe them are the
writers' own tables, as `newsconv --help` prints them: every option the help
lists is in both, with its values, format, default, shorthand and help, and
neither lists an option the help does not.

With --write (NEWSCONV and SRC set, or run from the source tree with
NEWSCONV=build/newsconv SRC=.), it rewrites both lists from --help instead:
after a writer's table changed, run it and review the diff."""
import os
import re
import subprocess
import sys

NEWSCONV, SRC = os.environ["NEWSCONV"], os.environ["SRC"]


def squeeze(text):
    return re.sub(r"\s+", " ", text)


def fail(msg):
    sys.exit("FAIL: " + msg)


helptext = subprocess.run([NEWSCONV, "--help"], capture_output=True, text=True, check=True).stdout
section = helptext.split("\nFormat options:\n", 1)[1].split("\n\n", 1)[0].splitlines()
if len(section) < 2 or len(section) % 2:
    fail("--help lists no format options, or not as pairs of lines: %r" % section)
options = [(section[i].strip(), section[i + 1].strip()) for i in range(0, len(section), 2)]
for head, _ in options:
    if not re.fullmatch(r"-W [a-z0-9-]+=\S+ \([a-z0-9]+(, [a-z0-9]+)*(; default \S+)?(; or --[a-z0-9-]+( VALUE)?)?\)", head):
        fail("--help: an option line of an unexpected shape: " + head)

MAN_PATH = os.path.join(SRC, "cli/newsconv.1")
README_PATH = os.path.join(SRC, "README.md")


def write_lists():
    man_src = open(MAN_PATH, encoding="utf-8").read()
    start = man_src.index(".SH FORMAT OPTIONS")
    first = man_src.index(".TP\n", start)
    end = man_src.index(".SH ", start + 1)
    entries = "".join(".TP\n.B %s\n%s.\n" % (h.replace("-", "\\-"), t[0].upper() + t[1:])
                      for h, t in options)
    open(MAN_PATH, "w", encoding="utf-8").write(man_src[:first] + entries + man_src[end:])
    readme_src = open(README_PATH, encoding="utf-8").read()
    lines = readme_src.split("\n")
    idx = [i for i, l in enumerate(lines) if re.match(r"- `-W [a-z0-9-]+=\S+ \(", l)]
    if not idx:
        fail("README.md has no list of format options to rewrite")
    new = ["- `%s`: %s" % (h, t) for h, t in options]
    lines[idx[0]:idx[-1] + 1] = new
    open(README_PATH, "w", encoding="utf-8").write("\n".join(lines))


if sys.argv[1:] == ["--write"]:
    write_lists()

env = dict(os.environ, MANWIDTH="200", LC_ALL="C.UTF-8")
man = subprocess.run(["man", "-l", MAN_PATH], env=env,
                     capture_output=True, text=True, check=True).stdout
man = squeeze(man)
readme = squeeze(open(README_PATH, encoding="utf-8").read().replace("`", ""))

for name, text in (("newsconv(1)", man), ("README.md", readme)):
    for head, help_ in options:
        if head not in text:
            fail("%s does not list '%s'" % (name, head))
        after = text[text.index(head) + len(head):].lstrip(": ")
        if not after.lower().startswith(help_.lower()):
            fail("%s: '%s' is not followed by its help '%s'" % (name, head, help_))
    listed = set(re.findall(r"-W ([a-z0-9-]+=\S+ \([a-z0-9, ]+)", text))
    known = {re.sub(r"[;)].*", "", h[3:]) for h, _ in options}
    for entry in listed:
        if entry not in known:
            fail("%s lists -W %s, which no writer's table has" % (name, entry))
print("ok: %d format options, the same in --help, newsconv(1) and the README" % len(options))

#!/usr/bin/env python3
"""Names, limits and the rest of issue 9's security list, for every format:
output names derived from input names never leave the output folder; user
text is never a format string; no shell, no process is ever started; the
input size limit has a default, an option and a clear error."""
import os
import subprocess
import sys

from common import Checks, error_contract, formats, leftovers, no_crash, run, text_of, workdir

ARTICLE = "A headline for the name tests\n\nA paragraph of body text.\n"


def snapshot(root):
    found = set()
    for d, _, files in os.walk(root):
        for f in files:
            found.add(os.path.relpath(os.path.join(d, f), root))
    return found


def names(c, fmts, work):
    os.makedirs("in/deep", exist_ok=True)
    os.makedirs("cwd", exist_ok=True)
    tricky = ["../x.txt", "nl\nname.txt", "-dash.txt", "--long.txt", " space .txt", ".hidden",
              "..dots.txt", "back\\slash.txt", "semi;rm -rf x.txt", "$(touch pwned).txt",
              "%s%n%x.txt", "\u202eevil\u202ctxt.md.txt", "\xe9\u00e9.txt"]
    for t in tricky:
        path = os.path.join("in/deep", t)
        os.makedirs(os.path.dirname(os.path.normpath(path)), exist_ok=True)
        with open(path, "w") as f:
            f.write(ARTICLE)
    for fmt, ext in fmts:
        for t in tricky:
            src = os.path.join("..", "in", "deep", t)
            for dest in (None, "outdir/"):
                label = f"input {t!r} -> {fmt}" + (f" -o {dest}" if dest else "")
                before = snapshot(work)
                args = ["-t", fmt] + (["-o", dest] if dest else []) + ["--", src]
                code, _, err, _ = run(args, cwd="cwd")
                no_crash(c, label, code, err)
                c.ok(code == 0, f"{label}: converted", err.strip())
                new = snapshot(work) - before
                inside = os.path.join("cwd", dest or "")
                c.ok(len(new) == 1, f"{label}: exactly one new file", str(sorted(new)))
                for n in new:
                    c.ok(os.path.dirname(n) == os.path.normpath(inside).rstrip("/") and
                         not os.path.basename(n).startswith(".newsconv-"),
                         f"{label}: written inside {inside}", n)
                    c.ok(n.endswith("." + ext), f"{label}: named *.{ext}", n)
                    os.remove(os.path.join(work, n))
    # --keep-folders keeps subfolders, but never climbs out of the output folder.
    os.makedirs("kf/a", exist_ok=True)
    with open("kf/a/x.txt", "w") as f:
        f.write(ARTICLE)
    for fmt, _ in fmts:
        label = f"--keep-folders with '..' -> {fmt}"
        before = snapshot(work)
        code, _, err, _ = run(["-t", fmt, "--keep-folders", "-o", "kfout", "kf/a/x.txt",
                               "kf/a/../../kf/a/x.txt", "kf/a/../../../escape.txt"])
        new = snapshot(work) - before
        c.ok(code != 0 and all(n.startswith("kfout/") for n in new),
             f"{label}: nothing written outside the output folder", f"exit {code} {sorted(new)}")
        for n in new:
            os.remove(os.path.join(work, n))


def one_line_errors(c, fmts):
    """Messages name the file on one line, whatever the name holds."""
    for fmt, _ in fmts:
        label = f"missing '%s%n%x.txt' -> {fmt}"
        code, _, err, _ = run(["-t", fmt, "%s%n%x.txt"])
        no_crash(c, label, code, err)
        error_contract(c, label, code, err, "%s%n%x.txt", {3})
        label = f"missing name with a newline -> {fmt}"
        code, _, err, _ = run(["-t", fmt, "bad\nname.txt"])
        no_crash(c, label, code, err)
        c.ok(code == 3, f"{label}: exit 3", f"exit {code}")
        c.ok(len(err.splitlines()) == 1 and err.count("name.txt") == 1,
             f"{label}: one line on stderr, naming the file once", repr(err))


def format_strings(c, fmts):
    open("plain.txt", "w").write(ARTICLE)
    spec = "%s%n%x%p%1$s"
    for fmt, ext in fmts:
        label = f"-M with {spec} -> {fmt}"
        out = f"meta.{ext}"
        code, _, err, _ = run(["-t", fmt, "-M", f"title={spec}", "-M", f"author={spec}",
                               "-M", f"description={spec}", "plain.txt", "-o", out])
        no_crash(c, label, code, err)
        if c.ok(code == 0, f"{label}: converted", err.strip()):
            c.ok(spec in text_of(ext, out) or spec in open(out, "rb").read().decode("latin-1"),
                 f"{label}: {spec} reaches the output literally")
        for flag in ("-W", "-M"):
            label = f"{flag} key {spec} -> {fmt}"
            code, _, err, _ = run(["-t", fmt, flag, f"{spec}=1", "plain.txt", "-o", out])
            no_crash(c, label, code, err)
            c.ok(code == 2 and spec in err and len(err.splitlines()) == 1,
                 f"{label}: usage error quoting the key literally", f"exit {code}: {err!r}")


def no_processes(c):
    """The binary imports no function that runs a shell or a program."""
    p = subprocess.run(["nm", "-D", "--undefined-only", os.environ["NEWSCONV"]],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print("skipped: nm cannot read the binary")
        return
    spawn = {"system", "popen", "execl", "execlp", "execle", "execv", "execve", "execvp",
             "execvpe", "fexecve", "posix_spawn", "posix_spawnp", "fork", "vfork", "wordexp"}
    used = {line.split()[-1].split("@")[0] for line in p.stdout.splitlines()} & spawn
    c.ok(not used, "no shell or process is started (no such import)", str(sorted(used)))


def limits(c, fmts):
    with open("over.txt", "w") as f:
        f.write(ARTICLE + "x" * 2048 + "\n")
    for fmt, ext in fmts:
        label = f"--max-input 1K -> {fmt}"
        out = f"over.{ext}"
        code, _, err, _ = run(["-t", fmt, "--max-input", "1K", "over.txt", "-o", out])
        error_contract(c, label, code, err, "over.txt", {3})
        c.ok("exceeds the limit of 1024 bytes" in err, f"{label}: says the limit", err.strip())
        c.ok(not os.path.exists(out), f"{label}: no output file")
        label = f"--max-input 1K on standard input -> {fmt}"
        with open("over.txt", "rb") as f:
            code, _, err, _ = run(["-t", fmt, "--max-input", "1K", "-", "-o", out], stdin=f)
        error_contract(c, label, code, err, "standard input", {3})
        c.ok(not os.path.exists(out), f"{label}: no output file")
        for value in ("0", str(os.path.getsize("over.txt"))):
            label = f"--max-input {value} -> {fmt}"
            code, _, err, _ = run(["-t", fmt, "--max-input", value, "over.txt", "-o", out])
            c.ok(code == 0, f"{label}: converted", err.strip())
    for bad in ("abc", "-1", "1T", "99999999999999999999"):
        code, _, err, _ = run(["-t", fmts[0][0], "--max-input", bad, "over.txt"])
        c.ok(code == 2 and bad in err, f"--max-input {bad}: usage error naming it", err.strip())
    # The default (256 MiB), on a sparse file one byte over: refused, quickly.
    with open("huge.txt", "wb") as f:
        f.truncate(256 * 2**20 + 1)
    code, _, err, _ = run(["-t", fmts[0][0], "huge.txt", "-o", "huge.out"], timeout=60)
    error_contract(c, "the default limit", code, err, "huge.txt", {3})
    c.ok("exceeds the limit of 268435456 bytes" in err, "the default limit is 256 MiB",
         err.strip())
    c.ok(not os.path.exists("huge.out"), "the default limit: no output file")
    os.remove("huge.txt")


def main():
    work = workdir()
    c = Checks()
    fmts = formats()
    names(c, fmts, work)
    one_line_errors(c, fmts)
    format_strings(c, fmts)
    no_processes(c)
    limits(c, fmts)
    c.ok(not leftovers(".") and not leftovers("cwd"), "no temporary file left")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

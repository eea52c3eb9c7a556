#!/usr/bin/env python3
"""Outputs are never half-written (issue 9), for every format: a full disk
(a 64 KiB tmpfs), a full standard output (/dev/full), a closed pipe, an
existing output left untouched by a failed run, and a symlink planted at
the output path (replaced, never followed)."""
import os
import random
import subprocess
import sys

from common import (NEWSCONV, Checks, error_contract, formats, leftovers, no_crash, run,
                    workdir)


def big_article(path, size):
    """An article of about `size` bytes of varied words, so that no format
    (EPUB and PDF compress) makes it small enough to fit a pipe or the disk."""
    rnd = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ["A headline for the output tests\n\n"]
    n = 0
    while n < size:
        para = " ".join("".join(rnd.choice(letters) for _ in range(rnd.randint(2, 10)))
                        for _ in range(60)) + ".\n\n"
        out.append(para)
        n += len(para)
    open(path, "w").write("".join(out))


def full_disk(c, fmts, src):
    mnt = os.path.abspath("tmpfs")
    os.makedirs(mnt, exist_ok=True)
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print(f"skipped: full disk: cannot mount a tmpfs ({p.stderr.strip()})")
        return
    try:
        for fmt, ext in fmts:
            label = f"full disk -> {fmt}"
            out = os.path.join(mnt, f"kept.{ext}")
            with open(out, "w") as f:
                f.write("precious\n")
            code, _, err, _ = run(["-t", fmt, src, "-o", out])
            no_crash(c, label, code, err)
            error_contract(c, label, code, err, out, {4})
            c.ok("No space left" in err, f"{label}: says why", err.strip())
            c.ok(open(out).read() == "precious\n", f"{label}: the existing output is untouched")
            c.ok(not leftovers(mnt), f"{label}: no temporary file left", str(leftovers(mnt)))
            os.remove(out)
            # A new name on the full disk: nothing at all may appear.
            fresh = os.path.join(mnt, f"fresh.{ext}")
            code, _, err, _ = run(["-t", fmt, src, "-o", fresh])
            error_contract(c, label + " (new file)", code, err, fresh, {4})
            c.ok(not os.path.exists(fresh), f"{label}: no output file", "")
            c.ok(not os.listdir(mnt), f"{label}: the disk is left empty", str(os.listdir(mnt)))
    finally:
        subprocess.run(["umount", mnt])


def dev_full(c, fmts, src):
    if not os.access("/dev/full", os.W_OK):
        print("skipped: /dev/full is not writable here")
        return
    for fmt, _ in fmts:
        label = f"-o /dev/full -> {fmt}"
        code, _, err, _ = run(["-t", fmt, src, "-o", "/dev/full"])
        no_crash(c, label, code, err)
        error_contract(c, label, code, err, "/dev/full", {4})
        c.ok("No space left" in err, f"{label}: says why", err.strip())
        label = f"-o - >/dev/full -> {fmt}"
        with open("/dev/full", "wb") as full:
            p = subprocess.run([NEWSCONV, "-t", fmt, src, "-o", "-"], stdout=full,
                               stderr=subprocess.PIPE)
        err = p.stderr.decode(errors="replace")
        no_crash(c, label, p.returncode, err)
        error_contract(c, label, p.returncode, err, "standard output", {4})
        c.ok("No space left" in err, f"{label}: says why", err.strip())


def closed_pipe(c, fmts, src):
    for fmt, _ in fmts:
        for how in ("head -c 1", "true"):
            label = f"-o - | {how} -> {fmt}"
            p = subprocess.Popen([NEWSCONV, "-t", fmt, src, "-o", "-"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            if how == "head -c 1":
                p.stdout.read(1)
            p.stdout.close()
            err = p.stderr.read().decode(errors="replace")
            code = p.wait(timeout=120)
            # SIGPIPE would show as -13: main.c ignores it to report the error.
            c.ok(code != -13, f"{label}: not killed by SIGPIPE")
            no_crash(c, label, code, err)
            error_contract(c, label, code, err, "standard output", {4})
            c.ok("Broken pipe" in err, f"{label}: says why", err.strip())


def failed_run_keeps_existing(c, fmts):
    """A run that fails on its input leaves an existing output alone."""
    open("empty.txt", "w").close()
    for fmt, ext in fmts:
        label = f"failed run -> {fmt}"
        out = f"existing.{ext}"
        with open(out, "w") as f:
            f.write("precious\n")
        code, _, err, _ = run(["-t", fmt, "empty.txt", "-o", out])
        error_contract(c, label, code, err, "empty.txt", {3})
        c.ok(open(out).read() == "precious\n", f"{label}: the existing output is untouched")


def planted_symlink(c, fmts, seed):
    os.makedirs("sym", exist_ok=True)
    for fmt, ext in fmts:
        label = f"symlink at the output -> {fmt}"
        victim = os.path.abspath(f"sym/victim-{fmt}.txt")
        with open(victim, "w") as f:
            f.write("victim\n")
        out = f"sym/out.{ext}"
        os.symlink(victim, out)
        code, _, err, _ = run(["-t", fmt, seed, "-o", out])
        c.ok(code == 0, f"{label}: converted", err.strip())
        c.ok(open(victim).read() == "victim\n", f"{label}: the symlink's target is unchanged")
        c.ok(os.path.isfile(out) and not os.path.islink(out),
             f"{label}: the symlink was replaced by the output")
        # A dangling link must not create its target either.
        os.remove(out)
        ghost = os.path.abspath(f"sym/ghost-{fmt}")
        os.symlink(ghost, out)
        code, _, err, _ = run(["-t", fmt, seed, "-o", out])
        c.ok(code == 0 and not os.path.lexists(ghost) and not os.path.islink(out),
             f"{label}: a dangling symlink is replaced, its target not created", err.strip())
        # A link to a device: an attacker's way to make us write to a disk.
        os.remove(out)
        os.symlink("/dev/null", out)
        code, _, err, _ = run(["-t", fmt, seed, "-o", out])
        c.ok(code == 0 and not os.path.islink(out),
             f"{label}: a symlink to a device is replaced, not written through", err.strip())
        os.remove(out)
    c.ok(not leftovers("sym"), "symlinks: no temporary file left", str(leftovers("sym")))


def main():
    workdir()
    c = Checks()
    fmts = formats()
    seed = os.path.join(os.environ["SRC"], "seeds", "article.txt")
    big_article("big.txt", 1 << 20)
    full_disk(c, fmts, "big.txt")
    dev_full(c, fmts, seed)
    closed_pipe(c, fmts, "big.txt")
    failed_run_keeps_existing(c, fmts)
    planted_symlink(c, fmts, seed)
    c.ok(not leftovers("."), "no temporary file left in the working folder")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

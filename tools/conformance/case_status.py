"""The status bookkeeping every generated test suite shares (ONNX, TensorFlow, MXNet).

A generator holds a list of cases (each with .name, .kind "model" or "error",
.data_shape(), .emit(out_dir), and .error = (exit code, line) for error cases), a
status.txt saying which pass / give their error / are still todo, and a cases.bzl that
Bazel reads. This module reads and merges the status, writes or checks cases.bzl and
status.txt, flips cases, emits the data and lists the cases; the generator supplies
what is its own (the .bzl text, the digest of its cases, the checks of its inventory).
"""

import os
import sys

STATUSES = ("pass", "error", "todo")


def spec_operators(path, framework, count):
    """The spec's operators of `framework` (testdata/spec/seed_operators.tsv)."""
    ops = []
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 2 and fields[0] == framework:
                ops.append(fields[1])
    if len(ops) != count:
        raise SystemExit("%s: expected %d %s operators, found %d" % (path, count, framework, len(ops)))
    return ops


def read_status(path):
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) < 2 or fields[1] not in STATUSES:
                raise SystemExit("%s:%d: want <case>\\t<pass|error|todo>[\\t<note>]: %r" % (path, n, line))
            out[fields[0]] = tuple(fields[1:])
    return out


class Suite:
    """One generator's cases and how its files look.

    script:          the generator's path in the repository, for refresh hints
    cases:           the cases, in order
    status_header:   the comment block status.txt starts with
    render_bzl:      (merged status, digest) -> cases.bzl's text
    digest:          () -> the digest of every case's files and metadata
    check_cases:     () -> None; raises SystemExit when the inventory is incomplete
    """

    def __init__(self, script, cases, status_header, render_bzl, digest, check_cases):
        self.script = script
        self.cases = cases
        self.status_header = status_header
        self.render_bzl = render_bzl
        self.digest = digest
        self.check_cases = check_cases

    def merged_status(self, status):
        merged = {}
        for c in self.cases:
            st = status.get(c.name, ("todo",))
            if c.kind == "model" and st[0] == "error":
                raise SystemExit("%s is a model case: pass or todo, not error" % c.name)
            if c.kind == "error" and st[0] == "pass":
                raise SystemExit("%s is an error case: error or todo, not pass" % c.name)
            merged[c.name] = st
        return merged

    def render_status(self, merged):
        return self.status_header + "".join(
            "\t".join((c.name,) + merged[c.name]) + "\n" for c in self.cases)

    def generate(self, status_path):
        names = [c.name for c in self.cases]
        if len(set(names)) != len(names):
            raise SystemExit("duplicate case names")
        self.check_cases()
        status = read_status(status_path)
        for unknown in sorted(set(status) - set(names)):
            print("warning: %s lists %s, which is no longer a case" % (status_path, unknown),
                  file=sys.stderr)
        merged = self.merged_status(status)
        return self.render_bzl(merged, self.digest()), self.render_status(merged), merged

    def write_bzl(self, args):
        bzl, status, merged = self.generate(args.status)
        with open(args.bzl, "w") as f:
            f.write(bzl)
        with open(args.status, "w") as f:
            f.write(status)
        counts = {}
        for st in merged.values():
            counts[st[0]] = counts.get(st[0], 0) + 1
        print("%s: %d cases (%d model, %d error); %s" % (
            args.bzl, len(self.cases), sum(c.kind == "model" for c in self.cases),
            sum(c.kind == "error" for c in self.cases),
            ", ".join("%s %d" % (s, counts.get(s, 0)) for s in STATUSES)))

    def check(self, args):
        bzl, status, _ = self.generate(args.status)
        stale = []
        for path, want in ((args.bzl, bzl), (args.status, status)):
            with open(path) as f:
                if f.read() != want:
                    stale.append(path)
        if stale:
            print("stale: %s\nrefresh with:\n  /usr/bin/python3 %s write_bzl"
                  % (", ".join(stale), self.script))
            return 1
        print("cases.bzl and status.txt are up to date (%d cases)" % len(self.cases))
        return 0

    def flip(self, args):
        status = read_status(args.status)
        known = {c.name for c in self.cases}
        for name in args.cases:
            if name not in known:
                raise SystemExit("no case %s" % name)
            status[name] = (args.to,)
        merged = self.merged_status(status)
        with open(args.status, "w") as f:
            f.write(self.render_status(merged))
        self.write_bzl(args)

    def emit(self, args):
        got = self.digest()
        if args.expect_digest and got != args.expect_digest:
            raise SystemExit("the cases changed (digest %s, cases.bzl has %s); refresh with: "
                             "/usr/bin/python3 %s write_bzl" % (got, args.expect_digest, self.script))
        os.makedirs(args.out_dir, exist_ok=True)
        rows = []
        for c in self.cases:
            c.emit(args.out_dir)
            if c.kind == "error":
                rows.append("\t".join([c.name, str(c.error[0]), c.data_shape(), c.error[1]]) + "\n")
        with open(os.path.join(args.out_dir, "errors.tsv"), "w") as f:
            f.write("".join(rows))

    def list(self, args):
        merged = self.merged_status(read_status(args.status))
        for c in self.cases:
            print("\t".join([c.name, c.kind, merged[c.name][0], c.data_shape()]))

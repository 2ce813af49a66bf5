"""ONNX's own backend tests as Neo conformance cases.

The cases come from Debian's libonnx-testdata: every test under
/usr/share/libonnx-testdata/data/{node,pytorch-converted,pytorch-operator}/. A case
whose model uses an operator outside Neo's ONNX table (read from docs/operators.md,
which //docs:operators_md_test keeps equal to the table) is an `error` case expecting
OperatorNotImplemented, unless the exclusions file says otherwise.

Subcommands:
  write_bzl   rewrites testdata/onnx_node/cases.bzl (checked in) from the test data,
              testdata/onnx_node/status.txt and the frontend's conformance_exclusions.txt;
              status.txt is rewritten too: every case gets one line, excluded
              cases become `error` lines copied from the exclusions file, new cases `todo`.
  check       fails (printing the command to run) when write_bzl would change anything.
  emit        writes, for every case of one suite, <case>.tar.gz (model.onnx, packed
              deterministically), <case>_in<i>.npy and <case>_out<i>.npy from
              test_data_set_0; run by one genrule per suite.
  list        prints, per case: suite, name, data_shape (for triage.sh).

Neo compiles for fixed shapes: data_shape gives every input's shape, never its values.
ONNX's node tests also pass, as graph inputs, tensors that are really parameters
(Conv/Gemm weights, BatchNormalization statistics, PRelu slopes) or attribute-like
values (Reshape's shape, Slice's starts/ends/axes/steps, Pad's pads, Split's split,
Squeeze/Unsqueeze/ReduceSum axes, Clip's min/max, Upsample's scales, Dropout's ratio and
training_mode). In exported models these are initializers; here each such graph input is
frozen into an initializer holding its test_data_set_0 value, and only the remaining
inputs are model inputs with .npy files. Which operator inputs are frozen is the
frontend's list, compiler/frontends/onnx/conformance_constant_inputs.txt (its own
conformance test reads it too). Everything else, including
the expected outputs, is ONNX's data unchanged.
"""

import argparse
import glob
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata"))
import deterministic_tar  # noqa: E402  (tools/testdata/deterministic_tar.py)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from case_status import STATUSES, read_status  # noqa: E402  (shared with TF and MXNet)

DATA_ROOT = "/usr/share/libonnx-testdata/data"

# suite name -> (folder under DATA_ROOT, prefix stripped from the folder name, case prefix)
SUITES = {
    "node": ("node", "", ""),
    "pytorch_converted": ("pytorch-converted", "test_", "pytorch_converted_"),
    "pytorch_operator": ("pytorch-operator", "test_operator_", "pytorch_operator_"),
}


HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_OPERATORS = os.path.join(REPO, "docs", "operators.md")
DEFAULT_BZL = os.path.join(REPO, "testdata", "onnx_node", "cases.bzl")
DEFAULT_STATUS = os.path.join(REPO, "testdata", "onnx_node", "status.txt")
DEFAULT_EXCLUSIONS = os.path.join(REPO, "compiler", "frontends", "onnx",
                                  "conformance_exclusions.txt")
DEFAULT_CONSTANT_INPUTS = os.path.join(REPO, "compiler", "frontends", "onnx",
                                       "conformance_constant_inputs.txt")

# op_type -> positions of inputs frozen into initializers (set by main()).
FROZEN_INPUTS = {}


def read_constant_inputs(path):
    """conformance_constant_inputs.txt: <op_type>\t<comma-separated input indices>."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                op, indices = line.split("\t")
                out[op] = {int(i) for i in indices.split(",")}
    return out



def never_compiled_operators(path):
    """The "ONNX, never compiled" section of docs/operators.md: operator -> why."""
    out = {}
    section = None
    with open(path) as f:
        for line in f:
            if line.startswith("## "):
                section = line[3:].strip()
            elif section == "ONNX, never compiled" and line.startswith("| `"):
                cells = line.split("|")
                out[cells[1].strip().strip("`")] = cells[2].strip()
    return out


def table_operators(path):
    """The operators of the ONNX section of docs/operators.md: its table rows' first
    cells, `| `Name` | ...`."""
    ops = set()
    section = None
    with open(path) as f:
        for line in f:
            if line.startswith("## "):
                section = line[3:].strip()
            elif section == "ONNX" and line.startswith("| `"):
                ops.add(line.split("`")[1])
    if len(ops) < 71:
        raise SystemExit("%s: expected at least 71 ONNX operators, found %d" % (path, len(ops)))
    return ops


def graph_operators(graph):
    """Every op_type in `graph`, subgraphs included."""
    ops = set()
    for node in graph.node:
        ops.add(node.op_type)
        for attr in node.attribute:
            if attr.HasField("g"):
                ops |= graph_operators(attr.g)
            for g in attr.graphs:
                ops |= graph_operators(g)
    return ops


def read_pbs(folder, kind):
    """The TensorProtos test_data_set_0/<kind>_<i>.pb, in order of i."""
    paths = glob.glob(os.path.join(folder, "test_data_set_0", kind + "_*.pb"))
    paths.sort(key=lambda p: int(os.path.basename(p)[len(kind) + 1:-3]))
    tensors = []
    for p in paths:
        t = onnx.TensorProto()
        with open(p, "rb") as f:
            t.ParseFromString(f.read())
        tensors.append(t)
    return paths, tensors


def dtype_name(array):
    """numpy's dtype name, or "sequence"/"optional"/"string" for the values .npy cannot
    hold (e.g. test_identity_sequence, test_cast_FLOAT_to_STRING): those cases get no
    .npy for them and can only be errors."""
    return array if isinstance(array, str) else str(array.dtype)


def value_of(value_info, pb):
    """The numpy array of a tensor .pb, or the type name of a sequence/optional one."""
    kind = value_info.type.WhichOneof("value")
    if kind != "tensor_type":
        return {"sequence_type": "sequence", "optional_type": "optional"}.get(kind, kind)
    array = numpy_helper.to_array(pb)
    return "string" if array.dtype == object else array


def is_tensor(array):
    return not isinstance(array, str)


class Case(object):
    """One test: the model with frozen inputs and its test_data_set_0 arrays."""

    def __init__(self, suite, folder):
        self.suite = suite
        self.folder = folder
        base = os.path.basename(folder.rstrip("/"))
        _, strip, prefix = SUITES[suite]
        self.source = base
        self.name = prefix + (base[len(strip):] if base.startswith(strip) else base)
        self.model = onnx.load(os.path.join(folder, "model.onnx"))
        self.operators = graph_operators(self.model.graph)
        self.input_paths, input_pbs = read_pbs(folder, "input")
        self.output_paths, output_pbs = read_pbs(folder, "output")
        inits = {i.name for i in self.model.graph.initializer}
        infos = [i for i in self.model.graph.input if i.name not in inits]
        graph_inputs = [i.name for i in infos]
        if len(graph_inputs) != len(input_pbs):
            raise SystemExit("%s: %d graph inputs but %d input_*.pb" %
                             (folder, len(graph_inputs), len(input_pbs)))
        # The .pb files follow the graph's input order; their own names may be empty.
        arrays = {i.name: value_of(i, t) for i, t in zip(infos, input_pbs)}
        # data_shape still names the inputs .npy cannot hold, so that neoc reaches the
        # frontend and rejects their type: a string tensor with its .pb's dims, a
        # sequence/optional (no tensor shape) with the placeholder [1].
        self.placeholder_shapes = {
            i.name: ([int(d) for d in t.dims] if arrays[i.name] == "string" else [1])
            for i, t in zip(infos, input_pbs) if not is_tensor(arrays[i.name])}
        frozen = set()
        for node in self.model.graph.node:
            for k, name in enumerate(node.input):
                if name in arrays and is_tensor(arrays[name]) and k in FROZEN_INPUTS.get(node.op_type, ()):
                    frozen.add(name)
        self.frozen = [n for n in graph_inputs if n in frozen]
        self.inputs = [(n, arrays[n]) for n in graph_inputs if n not in frozen]
        self.outputs = [(o.name, value_of(o, t))
                        for o, t in zip(self.model.graph.output, output_pbs)]
        if len(self.outputs) != len(self.model.graph.output):
            raise SystemExit("%s: %d graph outputs but %d output_*.pb" %
                             (folder, len(self.model.graph.output), len(output_pbs)))
        for n in self.frozen:
            self.model.graph.initializer.append(numpy_helper.from_array(arrays[n], n))
        kept = [i for i in self.model.graph.input if i.name not in frozen]
        del self.model.graph.input[:]
        self.model.graph.input.extend(kept)

    def data_shape(self):
        return json.dumps({n: ([int(d) for d in a.shape] if is_tensor(a)
                               else self.placeholder_shapes[n]) for n, a in self.inputs},
                          separators=(",", ":"))

    def metadata(self):
        return {
            "name": self.name,
            "source": "%s/%s" % (SUITES[self.suite][0], self.source),
            "data_shape": self.data_shape(),
            "num_inputs": len(self.inputs),
            "num_outputs": len(self.outputs),
            "input_dtypes": [dtype_name(a) for _, a in self.inputs],
            "output_dtypes": [dtype_name(a) for _, a in self.outputs],
            "frozen_inputs": self.frozen,
        }

    def emit(self, out_dir):
        model_bytes = self.model.SerializeToString()
        deterministic_tar.write_file(
            os.path.join(out_dir, self.name + ".tar.gz"),
            deterministic_tar.files_tar_gz([("model.onnx", model_bytes)]))
        for i, (_, a) in enumerate(self.inputs):
            if is_tensor(a):
                    np.save(os.path.join(out_dir, "%s_in%d.npy" % (self.name, i)), a,
                        allow_pickle=False)
        for i, (_, a) in enumerate(self.outputs):
            if is_tensor(a):
                    np.save(os.path.join(out_dir, "%s_out%d.npy" % (self.name, i)), a,
                        allow_pickle=False)

    def source_files(self):
        return [os.path.join(self.folder, "model.onnx")] + self.input_paths + self.output_paths


def case_folders(suite):
    return [f for f in sorted(glob.glob(os.path.join(DATA_ROOT, SUITES[suite][0], "*", "")))
            if os.path.exists(os.path.join(f, "model.onnx"))]


def load_cases(suite):
    return [Case(suite, f) for f in case_folders(suite)]


def digest(cases):
    """sha256 over every source file of `cases`: the genrule refuses stale cases.bzl."""
    h = hashlib.sha256()
    for c in cases:
        for p in c.source_files():
            h.update(os.path.relpath(p, DATA_ROOT).encode() + b"\0")
            with open(p, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def read_exclusions(path):
    """conformance_exclusions.txt -> {case: (ErrorClass, reason)}."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3:
                raise SystemExit("%s:%d: want <case>\\t<ErrorClass>\\t<reason>: %r" % (path, n, line))
            out[fields[0]] = (fields[1], fields[2])
    return out


STATUS_HEADER = """\
# Conformance status of every ONNX backend test (see docs/conformance.md).
#   <case>\\tpass                          built and compared with ONNX's outputs
#   <case>\\terror\\t<ErrorClass>\\t<reason>  neoc must fail with that class (copied from
#                                        compiler/frontends/onnx/conformance_exclusions.txt)
#   <case>\\ttodo\\t<note>                  not built yet
# tools/conformance/triage.sh sets pass/todo; `make_cases.py write_bzl` merges the
# exclusions and regenerates cases.bzl. Edit pass/todo here, errors in the exclusions file.
"""


def outside_reason(outside, never):
    """Why a case's operators outside the table fail: each never-compiled one with the
    reason Neo gives (`never` keys may carry a domain, "ai.onnx.preview.training.Adam"),
    the rest as simply not in the table."""
    by_type = {op.split(".")[-1]: why for op, why in never.items()}
    parts = ["%s: %s" % (op, by_type[op]) for op in outside if op in by_type]
    rest = [op for op in outside if op not in by_type]
    if rest:
        parts.append("not in Neo's ONNX table: " + ", ".join(rest))
    return "; ".join(parts)


def merged_status(all_cases, status, exclusions, table, never=None):
    """`exclusions` None (no file given): keep status.txt's error lines as they are."""
    merged = {}
    for c in all_cases:
        outside = sorted(c.operators - table)
        if outside and (exclusions is None or c.name not in exclusions):
            merged[c.name] = ("error", "OperatorNotImplemented",
                              outside_reason(outside, never or {}))
        elif exclusions is None:
            if c.name in status:
                merged[c.name] = status[c.name]
            else:
                merged[c.name] = ("todo", "not triaged yet")
        elif c.name in exclusions:
            merged[c.name] = ("error",) + exclusions[c.name]
        elif c.name in status and status[c.name][0] != "error":
            merged[c.name] = status[c.name]
        else:
            merged[c.name] = ("todo", "not triaged yet")
    return merged


def render_status(all_cases, merged):
    lines = [STATUS_HEADER]
    for c in all_cases:
        lines.append("\t".join((c.name,) + tuple(merged[c.name])) + "\n")
    return "".join(lines)


def render_bzl(suites, merged, digests):
    out = [
        '"""Generated by tools/conformance/make_cases.py write_bzl: do not edit.\n\n'
        "Every ONNX backend test of /usr/share/libonnx-testdata, per suite: name,\n"
        "source folder, data_shape (the shapes of input_*.pb), inputs/outputs and their\n"
        "dtypes, the graph inputs frozen into initializers, and the status from status.txt\n"
        '(merged with compiler/frontends/onnx/conformance_exclusions.txt)."""\n\n'
    ]
    out.append("DATA_DIGESTS = %s\n\n" % json.dumps(digests, indent=4, sort_keys=True))
    out.append("SUITES = {\n")
    for suite, cases in suites.items():
        out.append("    %s: [\n" % json.dumps(suite))
        for c in cases:
            m = c.metadata()
            st = merged[c.name]
            m["status"] = st[0]
            m["error_class"] = st[1] if st[0] == "error" else ""
            out.append("        {\n")
            for key in ("name", "source", "status", "error_class", "data_shape", "num_inputs",
                        "num_outputs", "input_dtypes", "output_dtypes", "frozen_inputs"):
                out.append("            %s: %s,\n" % (json.dumps(key), json.dumps(m[key])))
            out.append("        },\n")
        out.append("    ],\n")
    out.append("}\n")
    return "".join(out)


def generate(args):
    suites = {s: load_cases(s) for s in SUITES}
    all_cases = [c for cs in suites.values() for c in cs]
    names = [c.name for c in all_cases]
    if len(set(names)) != len(names):
        raise SystemExit("case names collide across suites")
    exclusions = read_exclusions(args.exclusions) if args.exclusions else None
    unknown = sorted(set(exclusions or {}) - set(names))
    for u in unknown:
        print("warning: %s lists %s, which is not a case" % (args.exclusions, u),
              file=sys.stderr)
    merged = merged_status(all_cases, read_status(args.status), exclusions,
                           table_operators(args.operators),
                           never_compiled_operators(args.operators))
    digests = {s: digest(cs) for s, cs in suites.items()}
    return render_bzl(suites, merged, digests), render_status(all_cases, merged), suites


def cmd_write_bzl(args):
    bzl, status, suites = generate(args)
    with open(args.bzl, "w") as f:
        f.write(bzl)
    with open(args.status, "w") as f:
        f.write(status)
    counts = {}
    for line in status.splitlines():
        if line and not line.startswith("#"):
            st = line.split("\t")[1]
            counts[st] = counts.get(st, 0) + 1
    print("%s: %s; %s" % (args.bzl, ", ".join("%s %d" % (s, len(c)) for s, c in suites.items()),
                          ", ".join("%s %d" % (s, counts.get(s, 0)) for s in STATUSES)))


def cmd_check(args):
    bzl, status, _ = generate(args)
    stale = []
    for path, want in ((args.bzl, bzl), (args.status, status)):
        with open(path) as f:
            if f.read() != want:
                stale.append(path)
    if stale:
        print("stale: %s\nrefresh with:\n  /usr/bin/python3 tools/conformance/make_cases.py "
              "write_bzl" % ", ".join(stale))
        return 1
    print("cases.bzl and status.txt are up to date")
    return 0


def cmd_emit(args):
    cases = load_cases(args.suite)
    got = digest(cases)
    if args.expect_digest and got != args.expect_digest:
        raise SystemExit("/usr/share/libonnx-testdata changed (digest %s, cases.bzl has %s); "
                         "refresh with: /usr/bin/python3 tools/conformance/make_cases.py "
                         "write_bzl" % (got, args.expect_digest))
    os.makedirs(args.out_dir, exist_ok=True)
    for c in cases:
        c.emit(args.out_dir)


def cmd_list(args):
    for suite in SUITES:
        for c in load_cases(suite):
            print("%s\t%s\t%s\t%d\t%d" % (suite, c.name, c.data_shape(), len(c.inputs),
                                          len(c.outputs)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["write_bzl", "check", "emit", "list"])
    p.add_argument("--operators", default=DEFAULT_OPERATORS)
    p.add_argument("--bzl", default=DEFAULT_BZL)
    p.add_argument("--status", default=DEFAULT_STATUS)
    p.add_argument("--exclusions", default=DEFAULT_EXCLUSIONS,
                   help="empty: keep status.txt's error lines unmerged")
    p.add_argument("--constant_inputs", default=DEFAULT_CONSTANT_INPUTS)
    p.add_argument("--suite", choices=sorted(SUITES))
    p.add_argument("--out_dir")
    p.add_argument("--expect_digest", default="")
    args = p.parse_args()
    FROZEN_INPUTS.update(read_constant_inputs(args.constant_inputs))
    if args.command == "emit" and not (args.suite and args.out_dir):
        p.error("emit needs --suite and --out_dir")
    return {"write_bzl": cmd_write_bzl, "check": cmd_check, "emit": cmd_emit,
            "list": cmd_list}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())

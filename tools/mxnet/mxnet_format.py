"""Writes MXNet's file formats (a symbol JSON, a .params NDArray list) with numpy alone.

No MXNet is installed anywhere we build, so test generators write its files from the
formats themselves. What each format looks like was checked against MXNet's own source
(the apache/mxnet repository at its release tags):

Symbol JSON
  1.x (nnvm's SaveJSON, src/pass/saveload_json.cc): {"nodes", "arg_nodes",
    "node_row_ptr", "heads", "attrs": {"mxnet_version": ["int", N]}}. A node is
    {"op", "name", "attrs" (only when it has any; operator parameters and "__x__"
    annotations in one sorted dict), "inputs"}; entries are [node, index, version].
    node_row_ptr[i + 1] - node_row_ptr[i] is node i's output count.
  pre-1.0 (MXNet 0.8's StaticGraph::Node::Save, src/symbol/static_graph.cc): a node is
    {"op", "param" (the operator's parameters, {} for a variable), "name", "inputs",
    "backward_source_id": -1, "attr" (annotations, only when there are any)}; the graph
    is {"nodes", "arg_nodes", "heads"}; entries are [node, index].
  MXNet's Python front end turns each keyword argument into str(value): (3, 3) ->
  "(3, 3)", True -> "True", 1e-05 -> "1e-05", None -> "None".

.params (src/ndarray/ndarray.cc: NDArray::Save/Load, LegacyLoad; include/mxnet/tuple.h)
  uint64 0x112, uint64 0, uint64 n, n arrays, uint64 m, m names (uint64 length + bytes).
  An array, all little-endian:
    v3 (np-shape semantics, MXNet 2.x): uint32 0xF993FACA, int32 stype 0, int32 ndim,
        int64 dims, int32 dev_type, int32 dev_id, int32 type flag, the elements.
        ndim 0 is a scalar (one element follows).
    v2 (MXNet 0.9 - 1.x): as v3 with magic 0xF993FAC9; ndim 0 is a none array and
        nothing follows the shape.
    v1: uint32 0xF993FAC8, then as v2 without the stype.
    legacy: uint32 ndim (in place of a magic), uint32 dims, then as v1.
  Type flags (mshadow): float32 0, float64 1, float16 2, uint8 3, int32 4, int8 5,
  int64 6, bool 7. Context: dev_type 1 (CPU), dev_id 0.
"""

import json
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "testdata"))

import deterministic_tar  # noqa: E402  (tools/testdata/deterministic_tar.py)

LIST_MAGIC = 0x112
V1_MAGIC = 0xF993FAC8
V2_MAGIC = 0xF993FAC9
V3_MAGIC = 0xF993FACA
LAYOUTS = ("v3", "v2", "v1", "legacy")
GENERATIONS = ("1.x", "pre1.0")
# Operators with a parameter called num_outputs (SliceChannel, and split its alias).
NUM_OUTPUTS_PARAM_OPS = ("SliceChannel", "split")

TYPE_FLAGS = {
    np.dtype(np.float32): 0,
    np.dtype(np.float64): 1,
    np.dtype(np.float16): 2,
    np.dtype(np.uint8): 3,
    np.dtype(np.int32): 4,
    np.dtype(np.int8): 5,
    np.dtype(np.int64): 6,
    np.dtype(np.bool_): 7,
}


def param_string(value):
    """A keyword argument as MXNet's Python front end writes it: str(value). numpy
    scalars print as numpy 1.x (which MXNet 1.x requires) printed them, so a tuple of
    np.int64 is "(3, 3)" under numpy 2 too, and np.float32(0.1) is "0.1"."""
    if isinstance(value, str):
        return value
    if isinstance(value, (tuple, list)):
        items = [_item_string(v) for v in value]
        if isinstance(value, list):
            return "[" + ", ".join(items) + "]"
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return _scalar_string(value)


def _scalar_string(v):
    if v is None or isinstance(v, (bool, np.bool_)):
        return str(None if v is None else bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, np.floating):
        return str(v)  # numpy's shortest repr at the value's own precision
    if isinstance(v, float):
        return repr(v)
    raise TypeError("no MXNet string for %r" % (v,))


def _item_string(v):
    if isinstance(v, (tuple, list)):
        return param_string(v)
    if isinstance(v, str):
        return repr(v)  # as str(tuple) prints it
    return _scalar_string(v)


class Entry:
    """Output `index` of node `node` (an index into the symbol's nodes)."""

    def __init__(self, symbol, node, index=0):
        self.symbol = symbol
        self.node = node
        self.index = index

    def out(self, k):
        return Entry(self.symbol, self.node, k)


class _Node:
    def __init__(self, op, name, params, annotations, inputs, num_outputs):
        self.op = op
        self.name = name
        self.params = params          # operator parameters, name -> string
        self.annotations = annotations  # "__shape__" etc., name -> string
        self.inputs = inputs          # [(node, index)]
        self.num_outputs = num_outputs


class Symbol:
    """A graph built node by node in topological order, as MXNet saves it."""

    def __init__(self):
        self.nodes = []

    def var(self, name, attrs=None):
        """A variable (op "null"); `attrs` are annotations such as "__shape__"."""
        node = _Node("null", name, {}, dict(attrs or {}), [], 1)
        self.nodes.append(node)
        return Entry(self, len(self.nodes) - 1)

    def op(self, op, inputs, name, num_outputs=1, attrs=None, raw=None, **params):
        """An operator node. `params` become MXNet's strings (param_string); `raw` gives
        exact strings (for malformed values); `attrs` are annotations. `num_outputs` is
        the node's output count in node_row_ptr (MXNet counts every output, e.g. 3 for
        BatchNorm, 2 for Dropout); it is also written as a parameter for the ops whose
        parameter it is (SliceChannel, split)."""
        strings = {k: param_string(v) for k, v in params.items()}
        if op in NUM_OUTPUTS_PARAM_OPS:
            strings["num_outputs"] = param_string(num_outputs)
        strings.update(raw or {})
        ins = []
        for e in inputs:
            if e.symbol is not self:
                raise ValueError("input of %s from another Symbol" % name)
            ins.append((e.node, e.index))
        node = _Node(op, name, strings, dict(attrs or {}), ins, num_outputs)
        self.nodes.append(node)
        return Entry(self, len(self.nodes) - 1)

    def json(self, heads, generation="1.x", version=10500):
        if generation == "1.x":
            doc = self._doc_1x(heads, version)
        elif generation == "pre1.0":
            doc = self._doc_pre10(heads)
        else:
            raise ValueError("generation must be one of %s" % (GENERATIONS,))
        return _dump(doc)

    def _arg_nodes(self):
        return [i for i, n in enumerate(self.nodes) if n.op == "null"]

    def _doc_1x(self, heads, version):
        nodes = []
        row_ptr = [0]
        for n in self.nodes:
            node = {"op": n.op, "name": n.name}
            merged = dict(n.params)
            merged.update(n.annotations)
            if merged:
                node["attrs"] = dict(sorted(merged.items()))
            node["inputs"] = [[i, k, 0] for i, k in n.inputs]
            nodes.append(node)
            row_ptr.append(row_ptr[-1] + n.num_outputs)
        return {
            "nodes": nodes,
            "arg_nodes": self._arg_nodes(),
            "node_row_ptr": row_ptr,
            "heads": [[h.node, h.index, 0] for h in heads],
            "attrs": {"mxnet_version": ["int", version]},
        }

    def _doc_pre10(self, heads):
        nodes = []
        for n in self.nodes:
            node = {"op": n.op, "param": dict(sorted(n.params.items())), "name": n.name,
                    "inputs": [[i, k] for i, k in n.inputs], "backward_source_id": -1}
            if n.annotations:
                node["attr"] = dict(sorted(n.annotations.items()))
            nodes.append(node)
        return {"nodes": nodes, "arg_nodes": self._arg_nodes(),
                "heads": [[h.node, h.index] for h in heads]}


def _dump(doc):
    """Indented JSON with short lists (entries, arg_nodes, node_row_ptr) on one line,
    the way dmlc's JSONWriter lays out a symbol file."""
    return _emit(doc, "") + "\n"


def _flat(v):
    return not isinstance(v, (dict, list)) or (
        isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v))


def _emit(v, indent):
    inner = indent + "  "
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = ["%s%s: %s" % (inner, json.dumps(k), _emit(x, inner)) for k, x in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(v, list):
        if all(_flat(x) for x in v):
            return "[" + ", ".join(_emit(x, inner) for x in v) + "]"
        return "[\n" + ",\n".join(inner + _emit(x, inner) for x in v) + "\n" + indent + "]"
    return json.dumps(v)


def array_bytes(a, layout="v2"):
    """One NDArray in `layout`; None writes a none array (ndim 0 in v2/v1/legacy,
    ndim -1 in v3, where ndim 0 is a scalar). MXNet 1.x wrote a none array's storage
    type as -1 (kUndefinedStorage), as here."""
    if layout not in LAYOUTS:
        raise ValueError("layout must be one of %s" % (LAYOUTS,))
    if a is None:
        if layout == "v3":
            return struct.pack("<Iii", V3_MAGIC, 0, -1)
        if layout == "v2":
            return struct.pack("<Iii", V2_MAGIC, -1, 0)
        if layout == "v1":
            return struct.pack("<Ii", V1_MAGIC, 0)
        return struct.pack("<I", 0)
    a = np.asarray(a)
    if a.dtype not in TYPE_FLAGS:
        raise ValueError("MXNet has no type flag for %s" % a.dtype)
    if a.ndim == 0 and layout != "v3":
        raise ValueError("only v3 holds a 0-d (scalar) array; ndim 0 is 'none' in %s"
                         % layout)
    if layout == "v3":
        head = struct.pack("<Iii", V3_MAGIC, 0, a.ndim)
    elif layout == "v2":
        head = struct.pack("<Iii", V2_MAGIC, 0, a.ndim)
    elif layout == "v1":
        head = struct.pack("<Ii", V1_MAGIC, a.ndim)
    else:
        head = struct.pack("<I", a.ndim) + struct.pack("<%dI" % a.ndim, *a.shape)
    if layout != "legacy":
        head += struct.pack("<%dq" % a.ndim, *a.shape)
    head += struct.pack("<iii", 1, 0, TYPE_FLAGS[a.dtype])
    return head + np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()


def list_bytes(arrays, names, layout="v2"):
    """The NDArray list: `arrays` in order, `names` (the same count, or empty)."""
    out = [struct.pack("<QQQ", LIST_MAGIC, 0, len(arrays))]
    out += [array_bytes(a, layout) for a in arrays]
    out.append(struct.pack("<Q", len(names)))
    for n in names:
        b = n.encode("utf-8")
        out.append(struct.pack("<Q", len(b)) + b)
    return b"".join(out)


def params_bytes(arg=None, aux=None, layout="v2", prefixed=True):
    """A .params file. prefixed=True names arrays "arg:x"/"aux:y" as
    Module.save_checkpoint does; prefixed=False writes bare names (arg and aux merged)
    as Gluon's save_parameters does."""
    arg = dict(arg or {})
    aux = dict(aux or {})
    names, arrays = [], []
    for prefix, d in (("arg:", arg), ("aux:", aux)):
        for k, v in d.items():
            names.append(prefix + k if prefixed else k)
            arrays.append(v)
    if not prefixed and len(set(names)) != len(names):
        raise ValueError("a name is both an arg and an aux: %s" % sorted(set(arg) & set(aux)))
    return list_bytes(arrays, names, layout)


def tarball_bytes(files):
    """A deterministic .tar.gz of {name: bytes} (sorted by name)."""
    return deterministic_tar.files_tar_gz(sorted(files.items()))

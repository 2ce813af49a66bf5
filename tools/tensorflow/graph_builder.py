"""Writes frozen TensorFlow GraphDefs without TensorFlow.

The messages are our own graph.proto/tensor.proto (TensorFlow's names and field
numbers), so the bytes are what TensorFlow's own writer would produce for the same
NodeDefs. Attributes are typed explicitly where Python's types are ambiguous: a
TensorFlow DataType is a `DType`, a string attr is bytes (TensorFlow stores every
string attr as bytes), a shape is a `Shape`.

    g = GraphBuilder()
    x = g.placeholder("x", FLOAT, [-1, 5, 6, 3])
    w = g.const("w", weights)
    y = g.node("Conv2D", "conv", [x, w], T=FLOAT, strides=[1, 1, 1, 1],
               padding=b"SAME", data_format=b"NHWC", dilations=[1, 1, 1, 1])
    g.outputs = [y]
    g.serialize()      # binary .pb; g.text() for .pbtxt
"""

import importlib
import os
import subprocess
import sys
import tempfile

import numpy as np

_PROTO_DIR = "compiler/frontends/tensorflow/proto"
graph_pb2 = None
tensor_pb2 = None


def load_protos(graph_pb2_path=None, repo_root=None):
    """Imports the generated modules: those Bazel wrote (`graph_pb2_path`, the genrule
    //compiler/frontends/tensorflow/proto:tf_proto_py) or, outside Bazel, fresh ones
    from the system protoc, so the tools also run from a plain checkout."""
    global graph_pb2, tensor_pb2
    if graph_pb2 is not None:
        return
    if graph_pb2_path:
        # graph_pb2 imports compiler.frontends.tensorflow.proto.tensor_pb2: the root is
        # the directory holding compiler/.
        root = os.path.abspath(graph_pb2_path)
        for _ in range(5):
            root = os.path.dirname(root)
    else:
        root = tempfile.mkdtemp(prefix="tf_pb2_")
        subprocess.check_call(
            ["protoc", "-I.", "--python_out=" + root,
             _PROTO_DIR + "/tensor.proto", _PROTO_DIR + "/graph.proto"],
            cwd=repo_root)
    sys.path.insert(0, root)
    graph_pb2 = importlib.import_module("compiler.frontends.tensorflow.proto.graph_pb2")
    tensor_pb2 = importlib.import_module("compiler.frontends.tensorflow.proto.tensor_pb2")


class DType(object):
    """A TensorFlow DataType enum value (tensor.proto's numbering)."""

    def __init__(self, name, enum, np_type):
        self.name = name
        self.enum = enum
        self.np_type = np_type

    def __repr__(self):
        return self.name


FLOAT = DType("DT_FLOAT", 1, np.float32)
INT32 = DType("DT_INT32", 3, np.int32)
UINT8 = DType("DT_UINT8", 4, np.uint8)
STRING = DType("DT_STRING", 7, None)
INT64 = DType("DT_INT64", 9, np.int64)
BOOL = DType("DT_BOOL", 10, np.bool_)
DTYPES = [FLOAT, INT32, UINT8, STRING, INT64, BOOL]


def dtype_of(array):
    for d in DTYPES:
        if d.np_type is not None and np.dtype(d.np_type) == array.dtype:
            return d
    raise ValueError("no TensorFlow DataType here for numpy %s" % array.dtype)


class Shape(object):
    """A TensorShapeProto: dims (-1 unknown), or None for unknown rank."""

    def __init__(self, dims):
        self.dims = None if dims is None else [int(d) for d in dims]


class Func(object):
    """A NameAttrList attr (the functions of If/While)."""

    def __init__(self, name):
        self.name = name


def _shape_proto(dims, out):
    if dims is None:
        out.unknown_rank = True
        return
    for d in dims:
        out.dim.add().size = d


def tensor_proto(array, out, dtype=None):
    """Fills a TensorProto the way tf.make_tensor_proto does for these types: scalars
    and other small tensors in the typed *_val fields, larger ones as
    tensor_content."""
    array = np.asarray(array)
    dtype = dtype or dtype_of(array)
    out.dtype = dtype.enum
    _shape_proto(list(array.shape), out.tensor_shape)
    if array.size > 1 and dtype is not BOOL:
        out.tensor_content = np.ascontiguousarray(array, dtype=np.dtype(dtype.np_type).newbyteorder("<")).tobytes()
        return
    flat = array.reshape(-1)
    if dtype is FLOAT:
        out.float_val.extend(float(v) for v in flat)
    elif dtype in (INT32, UINT8):
        out.int_val.extend(int(v) for v in flat)
    elif dtype is INT64:
        out.int64_val.extend(int(v) for v in flat)
    elif dtype is BOOL:
        out.bool_val.extend(bool(v) for v in flat)
    else:
        raise ValueError("tensor of %s" % dtype)


def set_attr(attr, value):
    """One AttrValue from a Python value; see the module docstring for the types."""
    if isinstance(value, bool):
        attr.b = value
    elif isinstance(value, (int, np.integer)):
        attr.i = int(value)
    elif isinstance(value, float):
        attr.f = value
    elif isinstance(value, bytes):
        attr.s = value
    elif isinstance(value, str):
        raise TypeError("string attrs are bytes, as TensorFlow stores them: %r" % value)
    elif isinstance(value, DType):
        attr.type = value.enum
    elif isinstance(value, Shape):
        _shape_proto(value.dims, attr.shape)
    elif isinstance(value, Func):
        attr.func.name = value.name
    elif isinstance(value, np.ndarray):
        tensor_proto(value, attr.tensor)
    elif isinstance(value, list):
        # An empty list is still a set `list` (explicit_paddings = []).
        attr.list.SetInParent()
        for v in value:
            if isinstance(v, bool):
                attr.list.b.append(v)
            elif isinstance(v, (int, np.integer)):
                attr.list.i.append(int(v))
            elif isinstance(v, float):
                attr.list.f.append(v)
            elif isinstance(v, bytes):
                attr.list.s.append(v)
            elif isinstance(v, DType):
                attr.list.type.append(v.enum)
            elif isinstance(v, Shape):
                _shape_proto(v.dims, attr.list.shape.add())
            else:
                raise TypeError("list attr element %r" % (v,))
    else:
        raise TypeError("attr value %r" % (value,))


def _node_name(tensor):
    """'^n', 'n:1' and 'n' all name node n."""
    return tensor.lstrip("^").split(":")[0]


class GraphBuilder(object):
    """A GraphDef under construction; `outputs` names the tensors the case compares."""

    # TensorFlow 2.x's producer version at the time of writing (GraphDef.versions).
    PRODUCER = 1286

    def __init__(self, producer=PRODUCER):
        load_protos()
        self.graph = graph_pb2.GraphDef()
        self.graph.versions.producer = producer
        self.outputs = []
        self._names = set()

    def _add(self, op, name, inputs, attrs, device=""):
        if name in self._names:
            raise ValueError("duplicate node name " + name)
        for t in inputs:
            if _node_name(t) not in self._names:
                raise ValueError("%s: input %s is not defined yet" % (name, t))
        self._names.add(name)
        n = self.graph.node.add()
        n.name = name
        n.op = op
        n.input.extend(inputs)
        if device:
            n.device = device
        for k, v in attrs.items():
            set_attr(n.attr[k], v)
        return n

    def placeholder(self, name, dtype, shape, output_shapes=False):
        """`shape` None: no shape attr (unknown rank), as TF1 graphs often have."""
        attrs = {"dtype": dtype}
        if shape is not None:
            attrs["shape"] = Shape(shape)
            if output_shapes:
                attrs["_output_shapes"] = [Shape(shape)]
        self._add("Placeholder", name, [], attrs)
        return name

    def const(self, name, value, dtype=None):
        value = np.asarray(value)
        dtype = dtype or dtype_of(value)
        n = self._add("Const", name, [], {"dtype": dtype})
        tensor_proto(value, n.attr["value"].tensor, dtype)
        return name

    def node(self, op, name, inputs, device="", **attrs):
        self._add(op, name, list(inputs), attrs, device)
        return name

    def function(self, name, inputs, outputs, nodes, ret):
        """A FunctionDef in the library: `inputs`/`outputs` are (arg name, DType),
        `nodes` (op, name, inputs, attrs) and `ret` output arg -> 'node:out_arg:k'."""
        f = self.graph.library.function.add()
        f.signature.name = name
        for arg, dt in inputs:
            a = f.signature.input_arg.add()
            a.name = arg
            a.type = dt.enum
        for arg, dt in outputs:
            a = f.signature.output_arg.add()
            a.name = arg
            a.type = dt.enum
        for op, node_name, node_inputs, attrs in nodes:
            n = f.node_def.add()
            n.name = node_name
            n.op = op
            n.input.extend(node_inputs)
            for k, v in attrs.items():
                if k == "value":
                    tensor_proto(v, n.attr["value"].tensor)
                else:
                    set_attr(n.attr[k], v)
        for k, v in ret.items():
            f.ret[k] = v
        return name

    def sinks(self):
        """Nodes no other node reads (control inputs count as reads): what a frozen
        graph's outputs are taken to be; NoOp produces nothing, so it is never one."""
        read = set()
        for n in self.graph.node:
            for t in n.input:
                read.add(_node_name(t))
        return [n.name for n in self.graph.node if n.name not in read and n.op != "NoOp"]

    def check(self):
        """The declared outputs are output 0 of exactly the graph's sink nodes, in graph
        order, so a reader that takes the sinks as outputs agrees with the goldens."""
        want = [_node_name(t) for t in self.outputs]
        if any(":" in t and not t.endswith(":0") for t in self.outputs):
            raise ValueError("outputs must be output 0 of their node: %s" % self.outputs)
        if self.sinks() != want:
            raise ValueError("sinks %s differ from the declared outputs %s" %
                             (self.sinks(), want))

    def serialize(self):
        # Maps (NodeDef.attr) are written sorted by key, so the bytes are stable.
        return self.graph.SerializeToString(deterministic=True)

    def text(self):
        from google.protobuf import text_format
        return text_format.MessageToString(self.graph).encode()

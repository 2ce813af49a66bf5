"""Turns a TensorFlow.js graph model into a frozen TensorFlow GraphDef in a Neo tarball.

Usage:
  /usr/bin/python3 tfjs_to_graphdef.py --model_json path/to/age.json \
      --proto_py .../compiler/frontends/tensorflow/proto/graph_pb2.py \
      --name age --out_tar age.tar.gz --out_io age_io.json \
      [--out_check_dir dir]

A graph model's model.json holds `modelTopology`, a GraphDef in protobuf's JSON form
whose Const nodes carry no values, and `weightsManifest`, the Consts' names, shapes and
dtypes (float32 ones possibly stored as uint8, uint16 or float16) and the shard files
holding their bytes in order.

Writes:
  out_tar        a .tar.gz holding exactly one <name>.pb, the frozen GraphDef
  out_io         JSON: the graph's inputs (Placeholders, in graph order) and outputs
                 (the nodes nobody consumes, in graph order) with dtypes and shapes, and
                 what the conversion changed; the golden script reads it
  out_check_dir  model.json + weights.bin made back from the written .pb alone (float32
                 weights, TensorFlow.js's own op names), so TensorFlow.js can run the
                 GraphDef we wrote and show it computes what the original model does

What changes on the way (README: testdata/README.md, "TensorFlow.js models"):
  - Const values come from the weight shards; quantized weights are dequantized to
    float32 with TensorFlow.js's arithmetic, so the .pb holds the values TensorFlow.js
    computes with.
  - FusedDepthwiseConv2dNative, TensorFlow.js's name, becomes TensorFlow's
    _FusedDepthwiseConv2dNative, without the explicit_paddings attribute that op
    does not have.
  - _FusedConv2D gains TArgs (one type per extra input), which TensorFlow's current
    definition requires next to num_args.
  - Prelu (TensorFlow.js only) becomes Keras's PReLU graph, Relu(x) + (-alpha) *
    Relu(-x); as a fused activation it is split off the _FusedConv2D, _FusedMatMul or
    _FusedDepthwiseConv2dNative first. Any other fused activation TensorFlow's kernels
    lack (TensorFlow.js also fuses Sigmoid into convolutions) is split off likewise.
  - Device placements are cleared, nodes no output needs are dropped, and nodes are
    written in topological order.
"""

import argparse
import base64
import collections
import heapq
import importlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata"))

import deterministic_tar  # noqa: E402

PROTO_PACKAGE = "compiler.frontends.tensorflow.proto"

# The manifest's dtype names -> (numpy dtype of the stored bytes, TensorFlow DataType name).
MANIFEST_DTYPES = {
    "float32": ("<f4", "DT_FLOAT"),
    "int32": ("<i4", "DT_INT32"),
    "bool": ("u1", "DT_BOOL"),
}
QUANTIZED_DTYPES = {"uint8": "u1", "uint16": "<u2", "float16": "<f2"}

# The fused activations TensorFlow's CPU kernels run, per fused op (the rest of
# fused_ops must be exactly ["BiasAdd"] or ["FusedBatchNorm"] first).
TF_FUSED_ACTIVATIONS = {
    "_FusedConv2D": {"Relu", "Relu6", "Elu", "LeakyRelu"},
    "_FusedDepthwiseConv2dNative": {"Relu", "Relu6", "Elu"},
    "_FusedMatMul": {"Relu", "Relu6", "Elu", "LeakyRelu", "Tanh", "Sigmoid"},
}
# The unfused op each fused op contracts, and the attributes that op keeps.
UNFUSED = {
    "_FusedConv2D": ("Conv2D", ("T", "strides", "padding", "explicit_paddings",
                                "data_format", "dilations", "use_cudnn_on_gpu")),
    "_FusedDepthwiseConv2dNative": ("DepthwiseConv2dNative",
                                    ("T", "strides", "padding", "explicit_paddings",
                                     "data_format", "dilations")),
    "_FusedMatMul": ("MatMul", ("T", "transpose_a", "transpose_b")),
}
# Ops TensorFlow.js's converter writes that TensorFlow does not have. Prelu and
# FusedDepthwiseConv2dNative are rewritten; meeting any other is an error, not a
# silently wrong GraphDef.
TFJS_ONLY_OPS = {"Prelu", "FusedDepthwiseConv2dNative", "Conv1D", "DepthwiseConv2d",
                 "Conv2dTranspose"}


class ConversionError(Exception):
    pass


def import_protos(graph_pb2_path):
    """Imports the generated graph_pb2/tensor_pb2 from Bazel's output tree.

    graph_pb2 imports tensor_pb2 by its full package path, so the directory above
    compiler/ goes on sys.path."""
    proto_dir = os.path.dirname(os.path.abspath(graph_pb2_path))
    package_dir = os.path.join(*PROTO_PACKAGE.split("."))
    if not proto_dir.endswith(package_dir):
        raise ConversionError("%s is not under %s/" % (graph_pb2_path, package_dir))
    sys.path.insert(0, proto_dir[:-len(package_dir)])
    graph_pb2 = importlib.import_module(PROTO_PACKAGE + ".graph_pb2")
    tensor_pb2 = importlib.import_module(PROTO_PACKAGE + ".tensor_pb2")
    return graph_pb2, tensor_pb2


def js_round(values):
    """Math.round: the nearest integer, halves toward +infinity (numpy rounds halves to
    even). v - floor(v) is exact in float64, so the comparison is too."""
    floor = np.floor(values)
    return floor + (values - floor >= 0.5)


def decode_weight(spec, data, offset):
    """One manifest entry's values, decoded as TensorFlow.js's decodeWeight does, and
    the number of bytes it occupies."""
    shape = [int(d) for d in spec["shape"]]
    count = int(np.prod(shape, dtype=np.int64))
    dtype = spec["dtype"]
    if dtype not in MANIFEST_DTYPES:
        raise ConversionError("weight %s: dtype %s is not supported" % (spec["name"], dtype))
    quantization = spec.get("quantization")
    if quantization is None:
        stored = np.dtype(MANIFEST_DTYPES[dtype][0])
        values = np.frombuffer(data, stored, count, offset)
        if dtype == "bool":
            values = values != 0
        return values.reshape(shape), count * stored.itemsize
    qtype = quantization["dtype"]
    if qtype not in QUANTIZED_DTYPES:
        raise ConversionError("weight %s: quantization %s is not supported" %
                              (spec["name"], qtype))
    stored = np.dtype(QUANTIZED_DTYPES[qtype])
    raw = np.frombuffer(data, stored, count, offset)
    if qtype == "float16":
        if dtype != "float32":
            raise ConversionError("weight %s: float16 quantization of %s" % (spec["name"], dtype))
        # Every float16 value, subnormals included, is exact in float32; TensorFlow.js's
        # table-driven decoder and numpy's cast give the same bits.
        values = raw.astype(np.float32)
    else:
        # JavaScript computes v * scale + min in float64 (two roundings, no fused
        # multiply-add), then stores the result into a Float32Array (float32) or
        # Int32Array after Math.round (int32).
        wide = raw.astype(np.float64) * float(quantization["scale"]) + float(quantization["min"])
        if dtype == "float32":
            values = wide.astype(np.float32)
        elif dtype == "int32":
            values = js_round(wide).astype(np.int32)
        else:
            raise ConversionError("weight %s: %s quantization of %s" % (spec["name"], qtype, dtype))
    return values.reshape(shape), count * stored.itemsize


def read_weights(model_dir, manifest):
    """{weight name: numpy array} from every group's shards."""
    weights = {}
    for group in manifest:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            if spec["name"] in weights:
                raise ConversionError("weight %s appears twice" % spec["name"])
            values, size = decode_weight(spec, data, offset)
            weights[spec["name"]] = values
            offset += size
        if offset != len(data):
            raise ConversionError("shards %s hold %d bytes, the manifest describes %d" %
                                  (group["paths"], len(data), offset))
    return weights


class Graph:
    """A GraphDef being rewritten: nodes by name, kept in insertion order."""

    def __init__(self, graph_pb2, tensor_pb2, graph_def):
        self.graph_pb2 = graph_pb2
        self.tensor_pb2 = tensor_pb2
        self.versions = graph_def.versions
        self.library = graph_def.library
        self.nodes = collections.OrderedDict()
        for node in graph_def.node:
            if node.name in self.nodes:
                raise ConversionError("two nodes are named %s" % node.name)
            self.nodes[node.name] = node
        self.changes = collections.Counter()

    def new_node(self, name, op, inputs, attrs=None, before=None):
        if name in self.nodes:
            raise ConversionError("node %s already exists" % name)
        node = self.graph_pb2.NodeDef(name=name, op=op)
        node.input.extend(inputs)
        for key, value in (attrs or {}).items():
            node.attr[key].CopyFrom(value)
        self.nodes[name] = node
        return node

    def dtype_attr(self, type_name):
        return self.graph_pb2.AttrValue(type=self.tensor_pb2.DataType.Value(type_name))

    def const(self, array):
        array = np.ascontiguousarray(array)
        type_name = {np.dtype(np.float32): "DT_FLOAT", np.dtype(np.int32): "DT_INT32",
                     np.dtype(np.bool_): "DT_BOOL"}[array.dtype]
        tensor = self.tensor_pb2.TensorProto(dtype=self.tensor_pb2.DataType.Value(type_name))
        for d in array.shape:
            tensor.tensor_shape.dim.add(size=d)
        # Little-endian row-major bytes, what TensorFlow writes for a numpy constant.
        tensor.tensor_content = array.astype(array.dtype.newbyteorder("<")).tobytes()
        return {"value": self.graph_pb2.AttrValue(tensor=tensor),
                "dtype": self.dtype_attr(type_name)}

    def const_value(self, tensor_name):
        """The numpy value of a Const's output 0, or None."""
        if tensor_name.startswith("^") or tensor_name.split(":")[-1] not in ("0", tensor_name):
            return None
        node = self.nodes.get(tensor_name.split(":")[0])
        if node is None or node.op != "Const":
            return None
        tensor = node.attr["value"].tensor
        shape = [d.size for d in tensor.tensor_shape.dim]
        stored = {"DT_FLOAT": "<f4", "DT_INT32": "<i4", "DT_BOOL": "u1"}[
            self.tensor_pb2.DataType.Name(tensor.dtype)]
        return np.frombuffer(tensor.tensor_content, stored).reshape(shape)


def fill_constants(graph, weights):
    """Writes each Const's value from the weight shards."""
    used = set()
    for node in graph.nodes.values():
        if node.op != "Const":
            continue
        value = node.attr["value"].tensor
        if node.name not in weights:
            # Every converter version we know of moves all values into the shards; an
            # inline value would need its own decoding here and in check_model.
            raise ConversionError("Const %s has no weight" % node.name)
        array = weights[node.name]
        used.add(node.name)
        declared = [d.size for d in value.tensor_shape.dim]
        if declared != list(array.shape):
            raise ConversionError("Const %s: shape %s, weight %s" %
                                  (node.name, declared, list(array.shape)))
        filled = graph.const(array)
        if filled["dtype"].type != node.attr["dtype"].type:
            raise ConversionError("Const %s: dtype differs from its weight" % node.name)
        node.attr["value"].CopyFrom(filled["value"])
    unused = set(weights) - used
    if unused:
        raise ConversionError("weights no Const takes: %s" % sorted(unused))


def fused_ops(node):
    return [s.decode() for s in node.attr["fused_ops"].list.s]


def split_prelu(graph, name, x, alpha):
    """Keras's PReLU, relu(x) + (-alpha) * relu(-x), as the node `name`.

    TensorFlow.js computes x < 0 ? alpha * x : x; the two agree bit for bit (for x > 0
    the second term is a signed zero, for x < 0 the first is zero and (-alpha) * (-x)
    is alpha * x exactly)."""
    t = {"T": graph.dtype_attr("DT_FLOAT")}
    graph.new_node(name + "/prelu/pos", "Relu", [x], t)
    graph.new_node(name + "/prelu/neg_x", "Neg", [x], t)
    graph.new_node(name + "/prelu/relu_neg_x", "Relu", [name + "/prelu/neg_x"], t)
    alpha_value = graph.const_value(alpha)
    if alpha_value is not None:
        graph.new_node(name + "/prelu/neg_alpha", "Const", [],
                       graph.const(-alpha_value))
    else:
        graph.new_node(name + "/prelu/neg_alpha", "Neg", [alpha], t)
    graph.new_node(name + "/prelu/neg", "Mul",
                   [name + "/prelu/neg_alpha", name + "/prelu/relu_neg_x"], t)
    return graph.new_node(name, "AddV2", [name + "/prelu/pos", name + "/prelu/neg"], t)


def split_activation(graph, name, activation, x, extra, leakyrelu_alpha):
    """The activation `activation` of x as the node `name`; `extra` is Prelu's alpha."""
    t = {"T": graph.dtype_attr("DT_FLOAT")}
    if activation == "Prelu":
        return split_prelu(graph, name, x, extra)
    if activation in ("Relu", "Relu6", "Elu", "Sigmoid", "Tanh"):
        return graph.new_node(name, activation, [x], t)
    if activation == "LeakyRelu":
        t["alpha"] = graph.graph_pb2.AttrValue(f=leakyrelu_alpha)
        return graph.new_node(name, "LeakyRelu", [x], t)
    raise ConversionError("%s: fused activation %s has no rewrite" % (name, activation))


def rewrite_fused(graph, node):
    """Keeps a fused op TensorFlow runs as it is; otherwise splits its activation off
    (and the fused op keeps only its BiasAdd or FusedBatchNorm)."""
    ops = fused_ops(node)
    inputs = list(node.input)
    data_inputs = [i for i in inputs if not i.startswith("^")]
    controls = [i for i in inputs if i.startswith("^")]
    num_args = node.attr["num_args"].i
    if len(data_inputs) != 2 + num_args:
        raise ConversionError("%s: %d inputs for num_args %d" % (node.name, len(data_inputs), num_args))
    if not ops or ops[0] not in ("BiasAdd", "FusedBatchNorm") or len(ops) > 2:
        raise ConversionError("%s: fused_ops %s" % (node.name, ops))
    base_args = 1 if ops[0] == "BiasAdd" else 4
    activation = ops[1] if len(ops) == 2 else None
    expected_args = base_args + (1 if activation == "Prelu" else 0)
    if num_args != expected_args:
        raise ConversionError("%s: fused_ops %s with num_args %d" % (node.name, ops, num_args))
    supported = activation is None or activation in TF_FUSED_ACTIVATIONS[node.op]
    if node.op == "_FusedDepthwiseConv2dNative":
        # TensorFlow's op has SAME and VALID padding only, and no explicit_paddings.
        if node.attr["padding"].s == b"EXPLICIT":
            raise ConversionError("%s: EXPLICIT padding in a fused depthwise convolution" % node.name)
        if "explicit_paddings" in node.attr:
            if node.attr["explicit_paddings"].list.i:
                raise ConversionError("%s: explicit_paddings with padding %s" %
                                      (node.name, node.attr["padding"].s.decode()))
            del node.attr["explicit_paddings"]
    if supported:
        return
    # The contraction keeps the original node's attributes and its BiasAdd; the
    # activation becomes its own node under the original name, which consumers use.
    name = node.name
    alpha = data_inputs[2 + base_args] if activation == "Prelu" else None
    contraction_name = name + "/" + ops[0]
    del graph.nodes[name]
    contraction = graph.new_node(contraction_name, node.op, data_inputs[:2 + base_args] + controls)
    for key, value in node.attr.items():
        contraction.attr[key].CopyFrom(value)
    contraction.attr["fused_ops"].list.ClearField("s")
    contraction.attr["fused_ops"].list.s.append(ops[0].encode())
    contraction.attr["num_args"].i = base_args
    leakyrelu_alpha = node.attr["leakyrelu_alpha"].f if "leakyrelu_alpha" in node.attr else 0.2
    split_activation(graph, name, activation, contraction_name, alpha, leakyrelu_alpha)
    graph.changes["%s %s -> %s [%s] + %s" % (node.op, "+".join(ops), node.op, ops[0],
                                             activation)] += 1


def rewrite_tfjs_ops(graph):
    for node in list(graph.nodes.values()):
        if node.op == "FusedDepthwiseConv2dNative":
            node.op = "_FusedDepthwiseConv2dNative"
            graph.changes["FusedDepthwiseConv2dNative -> _FusedDepthwiseConv2dNative"] += 1
        if node.op == "Prelu":
            inputs = [i for i in node.input if not i.startswith("^")]
            if len(inputs) != 2 or len(inputs) != len(node.input):
                raise ConversionError("Prelu %s: inputs %s" % (node.name, list(node.input)))
            del graph.nodes[node.name]
            split_prelu(graph, node.name, inputs[0], inputs[1])
            graph.changes["Prelu -> Relu, Neg, Relu, Mul, AddV2"] += 1
        elif node.op in TF_FUSED_ACTIVATIONS:
            rewrite_fused(graph, node)
    for node in graph.nodes.values():
        if node.op in TFJS_ONLY_OPS:
            raise ConversionError("%s: TensorFlow.js-only op %s has no rewrite" % (node.name, node.op))
        if node.op == "_FusedConv2D" and "TArgs" not in node.attr:
            node.attr["TArgs"].list.type.extend([node.attr["T"].type] * node.attr["num_args"].i)


def node_of(tensor_name):
    return tensor_name.lstrip("^").split(":")[0]


def prune_and_sort(graph, outputs):
    """Keeps the nodes `outputs` need, in topological order (ties in original order)."""
    needed = set()
    stack = list(outputs)
    while stack:
        name = stack.pop()
        if name in needed:
            continue
        if name not in graph.nodes:
            raise ConversionError("node %s is used but not defined" % name)
        needed.add(name)
        stack.extend(node_of(i) for i in graph.nodes[name].input)
    dropped = [n for n in graph.nodes if n not in needed]
    if dropped:
        graph.changes["nodes no output needs, dropped"] += len(dropped)
    order = {name: k for k, name in enumerate(graph.nodes)}
    waiting = {n: len({node_of(i) for i in graph.nodes[n].input}) for n in needed}
    users = collections.defaultdict(set)
    for n in needed:
        for i in graph.nodes[n].input:
            users[node_of(i)].add(n)
    ready = [(order[n], n) for n in needed if waiting[n] == 0]
    heapq.heapify(ready)
    sorted_nodes = []
    while ready:
        _, name = heapq.heappop(ready)
        sorted_nodes.append(graph.nodes[name])
        for user in users[name]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, (order[user], user))
    if len(sorted_nodes) != len(needed):
        raise ConversionError("the graph has a cycle")
    return sorted_nodes


def signature_outputs(model):
    signature = model.get("signature") or model.get("userDefinedMetadata", {}).get("signature")
    if not signature or "outputs" not in signature:
        return None
    return [v["name"] for v in signature["outputs"].values()]


def shape_list(shape_proto):
    if shape_proto.unknown_rank:
        return None
    return [d.size for d in shape_proto.dim]


def convert(model_json_path, graph_pb2, tensor_pb2):
    from google.protobuf import json_format

    with open(model_json_path) as f:
        model = json.load(f)
    if model.get("format", "graph-model") != "graph-model":
        raise ConversionError("%s is a %s, not a graph model" % (model_json_path, model["format"]))
    graph_def = json_format.ParseDict(model["modelTopology"], graph_pb2.GraphDef())
    if len(graph_def.library.function):
        raise ConversionError("functions (control flow) are not supported")
    graph = Graph(graph_pb2, tensor_pb2, graph_def)
    weights = read_weights(os.path.dirname(os.path.abspath(model_json_path)),
                           model.get("weightsManifest", []))
    fill_constants(graph, weights)
    for node in graph.nodes.values():
        if node.device:
            node.device = ""
            graph.changes["device placements cleared"] += 1
    rewrite_tfjs_ops(graph)

    consumed = {node_of(i) for n in graph.nodes.values() for i in n.input}
    sinks = [n for n in graph.nodes if n not in consumed]
    declared = signature_outputs(model)
    if declared is not None:
        if any(not t.endswith(":0") and ":" in t for t in declared):
            raise ConversionError("outputs other than a node's first: %s" % declared)
        if {node_of(t) for t in declared} != {s for s in sinks if graph.nodes[s].op != "Const"}:
            # Our graph's outputs are the nodes nobody consumes, as for any frozen graph.
            raise ConversionError("signature outputs %s are not the graph's sinks %s" %
                                  (declared, sinks))
        sinks = [node_of(t) for t in declared]
    nodes = prune_and_sort(graph, sinks)

    out = graph_pb2.GraphDef()
    out.node.extend(nodes)
    out.versions.CopyFrom(graph.versions)
    names = [n.name for n in nodes]
    consumed = {node_of(i) for n in nodes for i in n.input}
    inputs = [n for n in nodes if n.op == "Placeholder"]
    outputs = [n for n in nodes if n.name not in consumed]
    io = {
        "inputs": [{"name": n.name,
                    "dtype": tensor_pb2.DataType.Name(n.attr["dtype"].type),
                    "shape": shape_list(n.attr["shape"].shape)} for n in inputs],
        "outputs": [{"name": n.name} for n in outputs],
        "changes": dict(sorted(graph.changes.items())),
        "nodes": len(names),
    }
    return out, io


def check_model(graph_def, tensor_pb2):
    """A TensorFlow.js graph model (topology, manifest, weight bytes) made from the
    GraphDef alone, with TensorFlow.js's name for the one op it calls differently."""
    from google.protobuf import json_format

    topology = json_format.MessageToDict(graph_def)
    specs, blobs = [], []
    for node in topology["node"]:
        if node["op"] == "_FusedDepthwiseConv2dNative":
            node["op"] = "FusedDepthwiseConv2dNative"
        if node["op"] != "Const":
            continue
        tensor = node["attr"]["value"]["tensor"]
        content = base64.b64decode(tensor.pop("tensorContent", ""))
        dtype = {"DT_FLOAT": "float32", "DT_INT32": "int32", "DT_BOOL": "bool"}[tensor["dtype"]]
        shape = [int(d["size"]) for d in tensor.get("tensorShape", {}).get("dim", [])]
        specs.append({"name": node["name"], "shape": shape, "dtype": dtype})
        blobs.append(content)
    model = {"format": "graph-model", "modelTopology": topology,
             "weightsManifest": [{"paths": ["weights.bin"], "weights": specs}]}
    return model, b"".join(blobs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model_json", required=True)
    parser.add_argument("--proto_py", required=True, help="path of the generated graph_pb2.py")
    parser.add_argument("--name", required=True, help="the .pb inside the tarball is <name>.pb")
    parser.add_argument("--out_tar", required=True)
    parser.add_argument("--out_io", required=True)
    parser.add_argument("--out_check_dir")
    args = parser.parse_args()

    graph_pb2, tensor_pb2 = import_protos(args.proto_py)
    try:
        graph_def, io = convert(args.model_json, graph_pb2, tensor_pb2)
    except ConversionError as e:
        sys.exit("tfjs_to_graphdef: %s: %s" % (args.model_json, e))
    # Map entries (node attributes) are written in key order, so the bytes are stable.
    data = graph_def.SerializeToString(deterministic=True)
    reread = graph_pb2.GraphDef()
    reread.ParseFromString(data)
    deterministic_tar.write_file(args.out_tar,
                                 deterministic_tar.files_tar_gz([(args.name + ".pb", data)]))
    io["model"] = args.name
    io["pb_bytes"] = len(data)
    with open(args.out_io, "w") as f:
        json.dump(io, f, indent=1, sort_keys=True)
        f.write("\n")
    if args.out_check_dir:
        model, blob = check_model(reread, tensor_pb2)
        os.makedirs(args.out_check_dir, exist_ok=True)
        with open(os.path.join(args.out_check_dir, "model.json"), "w") as f:
            json.dump(model, f)
        deterministic_tar.write_file(os.path.join(args.out_check_dir, "weights.bin"), blob)
    print("tfjs_to_graphdef: %s: %d nodes, %d bytes; %s" %
          (args.name, io["nodes"], len(data),
           "; ".join("%s x%d" % kv for kv in io["changes"].items()) or "no changes"))


if __name__ == "__main__":
    main()

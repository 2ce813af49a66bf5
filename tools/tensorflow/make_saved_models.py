"""Writes the SavedModels the SavedModel reader's tests load, as TensorFlow lays them out.

    make_saved_models.py --proto_root DIR --out_dir DIR

DIR/compiler/frontends/tensorflow/proto holds the generated *_pb2 modules. Writes
  tf1_conv.tar.gz         TF1: VariableV2 + Assign + read, a save/restore subgraph,
                          an unused global_step and summary, two signatures; three data
                          shards, a checkpoint with every dtype the reader supports
  tf1_conv_pbtxt.tar.gz   the same graph as saved_model.pbtxt
  tf1_resource.tar.gz     TF1 with resource variables (VarHandleOp + ReadVariableOp)
  tf2_dense.tar.gz        TF2: VarHandleOp captures, StatefulPartitionedCall into a
                          function library (two levels), object graph, checkpoint with
                          _CHECKPOINTABLE_OBJECT_GRAPH numbered differently, two shards
Every variable's value is Values(n, seed) below, so the tests can recompute it.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                "testdata"))

import checkpoint_writer  # noqa: E402
import deterministic_tar  # noqa: E402

pb = None  # the generated modules, set in main()


def values(shape, seed, dtype=np.float32):
    """Element i is ((7 i + seed) mod 23 - 11) / 8: exact in every float type."""
    n = int(np.prod(shape)) if shape else 1
    i = np.arange(n, dtype=np.int64)
    return (((7 * i + seed) % 23 - 11) / 8.0).astype(dtype).reshape(shape)


def shape_proto(shape, out):
    for d in shape:
        out.dim.add().size = d
    return out


class Graph:
    """Appends NodeDefs to a GraphDef or a FunctionDef body."""

    def __init__(self, nodes):
        self.nodes = nodes

    def node(self, name, op, inputs=(), shapes=None, **attrs):
        n = self.nodes.add()
        n.name = name
        n.op = op
        n.input.extend(inputs)
        for key, value in attrs.items():
            a = n.attr[key]
            if isinstance(value, bool):
                a.b = value
            elif isinstance(value, int):
                a.i = value
            elif isinstance(value, bytes):
                a.s = value
            elif isinstance(value, str):
                a.s = value.encode()
            elif isinstance(value, DType):
                a.type = value.value
            elif isinstance(value, Shape):
                shape_proto(value.dims, a.shape)
            elif isinstance(value, Ints):
                a.list.i.extend(value.values)
            elif isinstance(value, Types):
                a.list.type.extend(value.values)
            elif isinstance(value, Func):
                a.func.name = value.name
            else:
                a.tensor.CopyFrom(value)
        if shapes is not None:
            for s in shapes:
                shape_proto(s, n.attr["_output_shapes"].list.shape.add())
        return n


class DType:
    def __init__(self, value):
        self.value = value


class Shape:
    def __init__(self, dims):
        self.dims = dims


class Ints:
    def __init__(self, values):
        self.values = values


class Types:
    def __init__(self, values):
        self.values = values


class Func:
    def __init__(self, name):
        self.name = name


def tensor(array=None, strings=None, shape=()):
    t = pb.tensor.TensorProto()
    if strings is not None:
        t.dtype = pb.tensor.DT_STRING
        t.string_val.extend(strings)
        shape_proto(shape, t.tensor_shape)
        return t
    array = np.asarray(array)
    t.dtype = {np.dtype(np.float32): pb.tensor.DT_FLOAT,
               np.dtype(np.int64): pb.tensor.DT_INT64,
               np.dtype(np.int32): pb.tensor.DT_INT32}[array.dtype]
    shape_proto(array.shape, t.tensor_shape)
    t.tensor_content = array.tobytes()
    return t


def tensor_info(name, dtype, shape):
    info = pb.saved_model.TensorInfo()
    info.name = name
    info.dtype = dtype
    shape_proto(shape, info.tensor_shape)
    return info


def bundle_files(tensors, prefix, **kwargs):
    files = checkpoint_writer.write_bundle(tensors, pb.tensor, pb.tensor_bundle, **kwargs)
    return [(prefix + "variables/variables" + suffix, data)
            for suffix, data in sorted(files.items())]


# --- TF1 -------------------------------------------------------------------------

F32, I64, STR = None, None, None


def tf1_variable(g, name, shape, dtype, init, resource):
    """A TF1 variable the way tf.get_variable builds it, plus its initializer."""
    g.node(name + "/Initializer/Const", "Const", shapes=[shape], dtype=DType(dtype),
           value=init)
    if resource:
        g.node(name, "VarHandleOp", shapes=[()], dtype=DType(dtype), shape=Shape(shape),
               shared_name=name, container="")
        g.node(name + "/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp", [name],
               shapes=[()])
        g.node(name + "/Assign", "AssignVariableOp", [name, name + "/Initializer/Const"],
               dtype=DType(dtype))
        g.node(name + "/Read/ReadVariableOp", "ReadVariableOp", [name], shapes=[shape],
               dtype=DType(dtype))
        return name + "/Read/ReadVariableOp"
    g.node(name, "VariableV2", shapes=[shape], dtype=DType(dtype), shape=Shape(shape),
           shared_name="", container="")
    g.node(name + "/Assign", "Assign", [name, name + "/Initializer/Const"],
           shapes=[shape], T=DType(dtype), use_locking=True, validate_shape=True,
           _class=b"loc:@" + name.encode())
    g.node(name + "/read", "Identity", [name], shapes=[shape], T=DType(dtype))
    return name + "/read"


def tf1_saver(g, variables, meta):
    """The save/restore subgraph tf.compat.v1.train.Saver adds (sharded, V2)."""
    names = [n for n, _ in variables]
    n = len(names)
    g.node("save/filename/input", "Const", shapes=[()], dtype=DType(STR),
           value=tensor(strings=[b"model"]))
    g.node("save/filename", "PlaceholderWithDefault", ["save/filename/input"],
           shapes=[()], dtype=DType(STR), shape=Shape(()))
    g.node("save/Const", "PlaceholderWithDefault", ["save/filename"], shapes=[()],
           dtype=DType(STR), shape=Shape(()))
    g.node("save/StringJoin/inputs_1", "Const", dtype=DType(STR),
           value=tensor(strings=[b"_temp/part"]))
    g.node("save/StringJoin", "StringJoin", ["save/Const", "save/StringJoin/inputs_1"],
           N=2, separator="")
    g.node("save/num_shards", "Const", dtype=DType(pb.tensor.DT_INT32),
           value=tensor(np.int32(1)))
    g.node("save/ShardedFilename/shard", "Const", dtype=DType(pb.tensor.DT_INT32),
           value=tensor(np.int32(0)))
    g.node("save/ShardedFilename", "ShardedFilename",
           ["save/StringJoin", "save/ShardedFilename/shard", "save/num_shards"])
    g.node("save/SaveV2/tensor_names", "Const", dtype=DType(STR),
           value=tensor(strings=[x.encode() for x in names], shape=(n,)))
    g.node("save/SaveV2/shape_and_slices", "Const", dtype=DType(STR),
           value=tensor(strings=[b""] * n, shape=(n,)))
    g.node("save/SaveV2", "SaveV2", ["save/ShardedFilename", "save/SaveV2/tensor_names",
                                     "save/SaveV2/shape_and_slices"] + names,
           dtypes=Types([d for _, d in variables]))
    g.node("save/control_dependency", "Identity", ["save/ShardedFilename", "^save/SaveV2"],
           T=DType(STR))
    g.node("save/Identity", "Identity", ["save/Const", "^save/control_dependency"],
           T=DType(STR))
    assigns = []
    for i, (name, dtype) in enumerate(variables):
        suffix = "" if i == 0 else "_%d" % i
        g.node("save/RestoreV2%s/tensor_names" % suffix, "Const", dtype=DType(STR),
               value=tensor(strings=[name.encode()], shape=(1,)))
        g.node("save/RestoreV2%s/shape_and_slices" % suffix, "Const", dtype=DType(STR),
               value=tensor(strings=[b""], shape=(1,)))
        g.node("save/RestoreV2" + suffix, "RestoreV2",
               ["save/Const", "save/RestoreV2%s/tensor_names" % suffix,
                "save/RestoreV2%s/shape_and_slices" % suffix], dtypes=Types([dtype]))
        g.node("save/Assign" + suffix, "Assign", [name, "save/RestoreV2" + suffix],
               T=DType(dtype), use_locking=True, validate_shape=True)
        assigns.append("^save/Assign" + suffix)
    g.node("save/restore_shard", "NoOp", assigns)
    g.node("save/restore_all", "NoOp", ["^save/restore_shard"])
    meta.saver_def.filename_tensor_name = "save/Const:0"
    meta.saver_def.save_tensor_name = "save/Identity:0"
    meta.saver_def.restore_op_name = "save/restore_all"
    meta.saver_def.max_to_keep = 5
    meta.saver_def.sharded = True
    meta.saver_def.keep_checkpoint_every_n_hours = 10000.0
    meta.saver_def.version = pb.saved_model.SaverDef.V2


def dtype_extras():
    """Checkpoint entries of every dtype the reader supports (a training run's extras)."""
    return {
        "extras/double": values((2, 3), 1, np.float64),
        "extras/int32": np.arange(-3, 3, dtype=np.int32).reshape(2, 3),
        "extras/uint8": np.array([0, 1, 127, 128, 255], dtype=np.uint8),
        "extras/int8": np.array([-128, -1, 0, 1, 127], dtype=np.int8),
        "extras/int16": np.array([-32768, -2, 0, 3, 32767], dtype=np.int16),
        "extras/int64": np.array([-(2 ** 40), 0, 2 ** 40 + 1], dtype=np.int64),
        "extras/bool": np.array([True, False, True], dtype=np.bool_),
        "extras/empty": np.zeros((0, 4), dtype=np.float32),
        "extras/vocabulary": ([b"alpha", b"", b"\x00\xffbytes", b"x" * 200], (2, 2)),
    }


def tf1_model(resource):
    meta = pb.saved_model.MetaGraphDef()
    meta.meta_info_def.tags.append("serve")
    meta.meta_info_def.tensorflow_version = "1.15.5"
    meta.meta_info_def.tensorflow_git_version = "unknown"
    meta.graph_def.versions.producer = 134
    g = Graph(meta.graph_def.node)
    g.node("x", "Placeholder", shapes=[(1, 6, 6, 2)], dtype=DType(F32),
           shape=Shape((1, 6, 6, 2)))
    kernel = tf1_variable(g, "conv/kernel", (3, 3, 2, 4), F32,
                          tensor(np.zeros((3, 3, 2, 4), np.float32)), resource)
    bias = tf1_variable(g, "conv/bias", (4,), F32, tensor(np.zeros(4, np.float32)),
                        resource)
    tf1_variable(g, "global_step", (), I64, tensor(np.int64(0)), resource)
    g.node("conv/Conv2D", "Conv2D", ["x", kernel], shapes=[(1, 6, 6, 4)], T=DType(F32),
           strides=Ints([1, 1, 1, 1]), padding="SAME", data_format="NHWC",
           dilations=Ints([1, 1, 1, 1]), use_cudnn_on_gpu=True)
    g.node("conv/BiasAdd", "BiasAdd", ["conv/Conv2D", bias], shapes=[(1, 6, 6, 4)],
           T=DType(F32), data_format="NHWC")
    g.node("conv/Relu", "Relu", ["conv/BiasAdd"], shapes=[(1, 6, 6, 4)], T=DType(F32))
    g.node("summaries/kernel", "HistogramSummary",
           ["summaries/kernel/tag", kernel], T=DType(F32))
    g.node("summaries/kernel/tag", "Const", dtype=DType(STR),
           value=tensor(strings=[b"kernel"]))
    inits = ["^conv/kernel/Assign", "^conv/bias/Assign", "^global_step/Assign"]
    g.node("init", "NoOp", inits)
    variables = [("conv/bias", F32), ("conv/kernel", F32), ("global_step", I64)]
    if not resource:
        tf1_saver(g, variables, meta)

    sig = meta.signature_def["serving_default"]
    sig.method_name = "tensorflow/serving/predict"
    sig.inputs["x"].CopyFrom(tensor_info("x:0", F32, (1, 6, 6, 2)))
    sig.outputs["scores"].CopyFrom(tensor_info("conv/Relu:0", F32, (1, 6, 6, 4)))
    sig.outputs["pre_activation"].CopyFrom(tensor_info("conv/BiasAdd:0", F32, (1, 6, 6, 4)))
    other = meta.signature_def["conv_only"]
    other.method_name = "tensorflow/serving/predict"
    other.inputs["image"].CopyFrom(tensor_info("x:0", F32, (1, 6, 6, 2)))
    other.outputs["conv"].CopyFrom(tensor_info("conv/Conv2D:0", F32, (1, 6, 6, 4)))

    model = pb.saved_model.SavedModel()
    model.saved_model_schema_version = 1
    model.meta_graphs.add().CopyFrom(meta)
    checkpoint = {"conv/kernel": values((3, 3, 2, 4), 1),
                  "conv/bias": values((4,), 2),
                  "global_step": np.int64(1234)}
    if not resource:
        checkpoint.update(dtype_extras())
    return model, checkpoint


# --- TF2 -------------------------------------------------------------------------

LAYERS = [("dense", (4, 3)), ("dense_1", (3, 2))]


def tf2_call_function(library):
    """The Keras model's traced call: two dense layers, the first with Relu."""
    f = library.function.add()
    f.signature.name = "__inference___call___100"
    args = ["inputs"]
    for layer, _ in LAYERS:
        args += ["%s_matmul_readvariableop_resource" % layer,
                 "%s_biasadd_readvariableop_resource" % layer]
    for a in args:
        arg = f.signature.input_arg.add()
        arg.name = a
        arg.type = F32 if a == "inputs" else pb.tensor.DT_RESOURCE
    for out in ["identity", "identity_1"]:
        arg = f.signature.output_arg.add()
        arg.name = out
        arg.type = F32
    f.signature.is_stateful = True
    g = Graph(f.node_def)
    x = "inputs"
    for k, (layer, (n_in, n_out)) in enumerate(LAYERS):
        g.node(layer + "/MatMul/ReadVariableOp", "ReadVariableOp",
               ["%s_matmul_readvariableop_resource" % layer], shapes=[(n_in, n_out)],
               dtype=DType(F32))
        g.node(layer + "/MatMul", "MatMul", [x, layer + "/MatMul/ReadVariableOp:value:0"],
               shapes=[(1, n_out)], T=DType(F32), transpose_a=False, transpose_b=False)
        g.node(layer + "/BiasAdd/ReadVariableOp", "ReadVariableOp",
               ["%s_biasadd_readvariableop_resource" % layer], shapes=[(n_out,)],
               dtype=DType(F32))
        g.node(layer + "/BiasAdd", "BiasAdd",
               [layer + "/MatMul:product:0", layer + "/BiasAdd/ReadVariableOp:value:0"],
               shapes=[(1, n_out)], T=DType(F32), data_format="NHWC")
        x = layer + "/BiasAdd:output:0"
        if k == 0:
            g.node(layer + "/Relu", "Relu", [x], shapes=[(1, n_out)], T=DType(F32))
            x = layer + "/Relu:activations:0"
    reads = ["^%s/%s/ReadVariableOp" % (layer, op) for layer, _ in LAYERS
             for op in ("MatMul", "BiasAdd")]
    g.node("NoOp", "NoOp", reads)
    g.node("Identity", "Identity", [x, "^NoOp"], shapes=[(1, 2)], T=DType(F32))
    g.node("Identity_1", "Identity", ["dense/Relu:activations:0", "^NoOp"],
           shapes=[(1, 3)], T=DType(F32))
    f.ret["identity"] = "Identity:output:0"
    f.ret["identity_1"] = "Identity_1:output:0"
    return f.signature.name, len(args)


def tf2_signature_wrapper(library, callee, n_args):
    f = library.function.add()
    f.signature.name = "__inference_signature_wrapper_120"
    names = ["x"] + ["unknown"] + ["unknown_%d" % i for i in range(n_args - 2)]
    for i, a in enumerate(names):
        arg = f.signature.input_arg.add()
        arg.name = a
        arg.type = F32 if i == 0 else pb.tensor.DT_RESOURCE
    for out in ["features", "logits"]:
        arg = f.signature.output_arg.add()
        arg.name = out
        arg.type = F32
    g = Graph(f.node_def)
    g.node("StatefulPartitionedCall", "StatefulPartitionedCall", names,
           shapes=[(1, 2), (1, 3)], Tin=Types([F32] + [pb.tensor.DT_RESOURCE] * (n_args - 1)),
           Tout=Types([F32, F32]), f=Func(callee), config="", config_proto=b"",
           executor_type="")
    g.node("Identity", "Identity", ["StatefulPartitionedCall:output:0",
                                    "^StatefulPartitionedCall"], shapes=[(1, 2)],
           T=DType(F32))
    g.node("Identity_1", "Identity", ["StatefulPartitionedCall:output:1",
                                      "^StatefulPartitionedCall"], shapes=[(1, 3)],
           T=DType(F32))
    # Outputs sorted by name, as TensorFlow orders a signature's flat outputs.
    f.ret["features"] = "Identity_1:output:0"
    f.ret["logits"] = "Identity:output:0"
    return f.signature.name


def tf2_save_restore(library, g, handles):
    """The save and restore functions TF2 exports, called from the outer graph."""
    save = library.function.add()
    save.signature.name = "__inference__traced_save_200"
    arg = save.signature.input_arg.add()
    arg.name = "file_prefix"
    arg.type = STR
    for i, _ in enumerate(handles):
        arg = save.signature.input_arg.add()
        arg.name = "savev2_resource_%d" % i
        arg.type = pb.tensor.DT_RESOURCE
    out = save.signature.output_arg.add()
    out.name = "identity"
    out.type = STR
    s = Graph(save.node_def)
    reads = []
    for i, _ in enumerate(handles):
        s.node("read_%d" % i, "ReadVariableOp", ["savev2_resource_%d" % i], dtype=DType(F32))
        reads.append("read_%d:value:0" % i)
    s.node("SaveV2", "SaveV2", ["file_prefix", "file_prefix", "file_prefix"] + reads,
           dtypes=Types([F32] * len(handles)))
    s.node("Identity", "Identity", ["file_prefix", "^SaveV2"], T=DType(STR))
    save.ret["identity"] = "Identity:output:0"

    restore = library.function.add()
    restore.signature.name = "__inference__traced_restore_250"
    arg = restore.signature.input_arg.add()
    arg.name = "file_prefix"
    arg.type = STR
    for i, _ in enumerate(handles):
        arg = restore.signature.input_arg.add()
        arg.name = "assignvariableop_resource_%d" % i
        arg.type = pb.tensor.DT_RESOURCE
    out = restore.signature.output_arg.add()
    out.name = "identity"
    out.type = STR
    r = Graph(restore.node_def)
    r.node("RestoreV2", "RestoreV2", ["file_prefix", "file_prefix", "file_prefix"],
           dtypes=Types([F32] * len(handles)))
    for i, _ in enumerate(handles):
        r.node("AssignVariableOp_%d" % i, "AssignVariableOp",
               ["assignvariableop_resource_%d" % i, "RestoreV2:tensors:%d" % i],
               dtype=DType(F32))
    r.node("Identity", "Identity", ["file_prefix"], T=DType(STR))
    restore.ret["identity"] = "Identity:output:0"

    g.node("saver_filename", "Placeholder", shapes=[()], dtype=DType(STR), shape=Shape(()))
    g.node("StatefulPartitionedCall_1", "StatefulPartitionedCall",
           ["saver_filename"] + handles, Tin=Types([STR] + [20] * len(handles)),
           Tout=Types([STR]), f=Func(save.signature.name))
    g.node("StatefulPartitionedCall_2", "StatefulPartitionedCall",
           ["saver_filename"] + handles, Tin=Types([STR] + [20] * len(handles)),
           Tout=Types([STR]), f=Func(restore.signature.name))


def tf2_model():
    meta = pb.saved_model.MetaGraphDef()
    meta.meta_info_def.tags.append("serve")
    meta.meta_info_def.tensorflow_version = "2.15.0"
    meta.meta_info_def.tensorflow_git_version = "unknown"
    meta.meta_info_def.stripped_default_attrs = True
    meta.graph_def.versions.producer = 1645
    library = meta.graph_def.library
    callee, n_args = tf2_call_function(library)
    wrapper = tf2_signature_wrapper(library, callee, n_args)

    g = Graph(meta.graph_def.node)
    handles = []
    for layer, (n_in, n_out) in LAYERS:
        for var, shape in (("kernel", (n_in, n_out)), ("bias", (n_out,))):
            name = "%s/%s" % (layer, var)
            g.node(name, "VarHandleOp", shapes=[()], dtype=DType(F32), shape=Shape(shape),
                   shared_name=name, allowed_devices=Types([]))
            handles.append(name)
    g.node("serving_default_x", "Placeholder", shapes=[(1, 4)], dtype=DType(F32),
           shape=Shape((1, 4)))
    g.node("StatefulPartitionedCall", "StatefulPartitionedCall",
           ["serving_default_x"] + handles, shapes=[(1, 3), (1, 2)],
           Tin=Types([F32] + [pb.tensor.DT_RESOURCE] * len(handles)),
           Tout=Types([F32, F32]), f=Func(wrapper), _collective_manager_ids=Ints([]),
           _read_only_resource_inputs=Ints([1, 2, 3, 4]))
    tf2_save_restore(library, g, handles)

    sig = meta.signature_def["serving_default"]
    sig.method_name = "tensorflow/serving/predict"
    sig.inputs["x"].CopyFrom(tensor_info("serving_default_x:0", F32, (1, 4)))
    sig.outputs["features"].CopyFrom(tensor_info("StatefulPartitionedCall:0", F32, (1, 3)))
    sig.outputs["logits"].CopyFrom(tensor_info("StatefulPartitionedCall:1", F32, (1, 2)))

    # The SavedModel's object graph: root -> layers -> variables, and the signature.
    objects = meta.object_graph_def
    root = objects.nodes.add()
    root.user_object.identifier = "_tf_keras_sequential"
    variable_ids = []
    for k, (layer, (n_in, n_out)) in enumerate(LAYERS):
        child = root.children.add()
        child.node_id = 1 + k
        child.local_name = layer
    for k, (layer, (n_in, n_out)) in enumerate(LAYERS):
        node = objects.nodes.add()
        node.user_object.identifier = "_tf_keras_layer"
        for j, (var, shape) in enumerate((("kernel", (n_in, n_out)), ("bias", (n_out,)))):
            child = node.children.add()
            child.node_id = 1 + len(LAYERS) + 2 * k + j
            child.local_name = var
    for layer, (n_in, n_out) in LAYERS:
        for var, shape in (("kernel", (n_in, n_out)), ("bias", (n_out,))):
            variable_ids.append(len(objects.nodes))
            node = objects.nodes.add()
            node.variable.dtype = F32
            shape_proto(shape, node.variable.shape)
            node.variable.trainable = True
            node.variable.name = "%s/%s" % (layer, var)
    sigs = root.children.add()
    sigs.node_id = len(objects.nodes)
    sigs.local_name = "signatures"
    sig_map = objects.nodes.add()
    sig_map.user_object.identifier = "signature_map"
    entry = sig_map.children.add()
    entry.node_id = len(objects.nodes)
    entry.local_name = "serving_default"
    fn = objects.nodes.add()
    fn.bare_concrete_function.concrete_function_name = wrapper
    fn.bare_concrete_function.argument_keywords.append("x")
    for name in (wrapper, callee):
        objects.concrete_functions[name].bound_inputs.extend(variable_ids)
    spec = objects.concrete_functions[wrapper].canonicalized_input_signature
    x_spec = spec.tuple_value.values.add().dict_value.fields["x"].tensor_spec_value
    x_spec.name = "x"
    x_spec.dtype = F32
    shape_proto((1, 4), x_spec.shape)

    # The checkpoint's object graph: another numbering, Keras's extra edges, and keys
    # that are not the SavedModel's paths.
    ckpt = pb.tensor_bundle.TrackableObjectGraph()
    ckpt_root = ckpt.nodes.add()
    counter = ckpt.nodes.add()
    attr = counter.attributes.add()
    attr.name = "VARIABLE_VALUE"
    attr.full_name = "save_counter"
    attr.checkpoint_key = "save_counter/.ATTRIBUTES/VARIABLE_VALUE"
    child = ckpt_root.children.add()
    child.node_id = 1
    child.local_name = "save_counter"
    checkpoint = {"save_counter/.ATTRIBUTES/VARIABLE_VALUE": np.int64(1)}
    seed = 10
    for k, (layer, (n_in, n_out)) in enumerate(LAYERS):
        layer_id = len(ckpt.nodes)
        layer_node = ckpt.nodes.add()
        for local in ("layer_with_weights-%d" % k, layer):
            child = ckpt_root.children.add()
            child.node_id = layer_id
            child.local_name = local
        for var, shape in (("kernel", (n_in, n_out)), ("bias", (n_out,))):
            child = layer_node.children.add()
            child.node_id = len(ckpt.nodes)
            child.local_name = var
            node = ckpt.nodes.add()
            attr = node.attributes.add()
            attr.name = "VARIABLE_VALUE"
            attr.full_name = "%s/%s" % (layer, var)
            attr.checkpoint_key = "layer_with_weights-%d/%s/.ATTRIBUTES/VARIABLE_VALUE" % (k, var)
            checkpoint[attr.checkpoint_key] = values(shape, seed)
            seed += 1
    checkpoint["_CHECKPOINTABLE_OBJECT_GRAPH"] = ([ckpt.SerializeToString(deterministic=True)], ())

    model = pb.saved_model.SavedModel()
    model.saved_model_schema_version = 1
    model.meta_graphs.add().CopyFrom(meta)
    return model, checkpoint


def write_tarball(path, files):
    deterministic_tar.write_file(path, deterministic_tar.files_tar_gz(files))


def main():
    global pb, F32, I64, STR
    parser = argparse.ArgumentParser()
    parser.add_argument("--proto_root", required=True)
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.proto_root)
    from compiler.frontends.tensorflow.proto import saved_model_pb2, tensor_bundle_pb2
    from compiler.frontends.tensorflow.proto import tensor_pb2

    class Modules:
        saved_model = saved_model_pb2
        tensor_bundle = tensor_bundle_pb2
        tensor = tensor_pb2
    pb = Modules
    F32, I64, STR = tensor_pb2.DT_FLOAT, tensor_pb2.DT_INT64, tensor_pb2.DT_STRING
    from google.protobuf import text_format

    model, checkpoint = tf1_model(resource=False)
    variables = bundle_files(checkpoint, "tf1_conv/", num_shards=3, alignment=8,
                             block_size=96)
    write_tarball(os.path.join(args.out_dir, "tf1_conv.tar.gz"),
                  [("tf1_conv/saved_model.pb", model.SerializeToString(deterministic=True))] + variables)
    write_tarball(os.path.join(args.out_dir, "tf1_conv_pbtxt.tar.gz"),
                  [("saved_model.pbtxt", text_format.MessageToString(model).encode())] +
                  [(name[len("tf1_conv/"):], data) for name, data in variables])

    model, checkpoint = tf1_model(resource=True)
    write_tarball(os.path.join(args.out_dir, "tf1_resource.tar.gz"),
                  [("saved_model.pb", model.SerializeToString(deterministic=True))] +
                  bundle_files(checkpoint, ""))

    model, checkpoint = tf2_model()
    write_tarball(os.path.join(args.out_dir, "tf2_dense.tar.gz"),
                  [("saved_model.pb", model.SerializeToString(deterministic=True))] +
                  bundle_files(checkpoint, "", num_shards=2))
    write_goldens(args.out_dir, tf1_model(resource=False)[1], checkpoint)


def write_goldens(out_dir, tf1_checkpoint, tf2_checkpoint):
    """Inputs and numpy goldens from the checkpoint values the writer stored: the TF1
    models' Conv2D (SAME, 3x3) + BiasAdd + Relu, the TF2 model's two dense layers.
    Outputs in signature-key order (pre_activation, scores; features, logits)."""
    rng = np.random.default_rng(7)
    x = rng.standard_normal((1, 6, 6, 2)).astype(np.float32)
    k = tf1_checkpoint["conv/kernel"].astype(np.float64)
    padded = np.pad(x.astype(np.float64), ((0, 0), (1, 1), (1, 1), (0, 0)))
    conv = np.zeros((1, 6, 6, 4))
    for ky in range(3):
        for kx in range(3):
            conv += np.einsum("nhwc,co->nhwo", padded[:, ky:ky + 6, kx:kx + 6, :], k[ky, kx])
    pre = conv + tf1_checkpoint["conv/bias"]
    np.save(os.path.join(out_dir, "tf1_in0.npy"), x)
    np.save(os.path.join(out_dir, "tf1_out0.npy"), pre.astype(np.float32))
    np.save(os.path.join(out_dir, "tf1_out1.npy"), np.maximum(pre, 0).astype(np.float32))

    key = "layer_with_weights-%d/%s/.ATTRIBUTES/VARIABLE_VALUE"
    v = rng.standard_normal((1, 4)).astype(np.float32)
    h = np.maximum(v.astype(np.float64) @ tf2_checkpoint[key % (0, "kernel")] +
                   tf2_checkpoint[key % (0, "bias")], 0)
    logits = h @ tf2_checkpoint[key % (1, "kernel")] + tf2_checkpoint[key % (1, "bias")]
    np.save(os.path.join(out_dir, "tf2_in0.npy"), v)
    np.save(os.path.join(out_dir, "tf2_out0.npy"), h.astype(np.float32))
    np.save(os.path.join(out_dir, "tf2_out1.npy"), logits.astype(np.float32))


if __name__ == "__main__":
    main()

"""Writes the malformed and unsupported tarballs that the load and error tests use.

Usage: /usr/bin/python3 make_error_fixtures.py --out_dir testdata/errors

Each file provokes one failure (see testdata/README.md for the expected error):
  no_onnx.tar.gz          only a README.txt: no .onnx at all
  two_onnx.tar.gz         a.onnx and b.onnx, both valid: more than one .onnx
  unsupported_ops.tar.gz  a valid model using Multinomial, RandomUniformLike,
                          NonMaxSuppression and Unique beside Relu and Add
  small_conv.tar.gz       a valid Conv+Relu model, input "data" [1,3,8,8]; the
                          shape-JSON tests pair it with bad data_shape strings
  not_gzip.tar.gz         plain text
  truncated.tar.gz        the first 60% of small_conv.tar.gz's bytes
  escape.tar.gz           member "../evil.onnx"
  absolute.tar.gz         member "/tmp/evil.onnx"
  symlink.tar.gz          model.onnx is a symlink to /etc/passwd
  deep_nesting.tar.gz     a valid model of Ifs nested 40 deep (about 120 protobuf
                          levels, past the default --max_protobuf_depth of 100)
  huge_tensor.tar.gz      a valid model whose ConstantOfShape output has shape
                          [2^32, 2^32, 4]: 2^66 floats from a few bytes of file

The models are valid ONNX (checked with onnx.checker, full shape inference; the
checker cannot parse deep_nesting, which is past protobuf's default depth too)
so a test that fails on them fails for the reason it names, not for a broken
protobuf. Output bytes are the same on every run.
"""

import argparse
import os
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

import deterministic_tar as dt  # noqa: E402

OPSET = 13


def finish(graph):
    model = helper.make_model(
        graph, producer_name="neo-testdata",
        opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model, full_check=True)
    return model.SerializeToString()


def small_conv_model():
    """data [1,3,8,8] -> Conv 3x3 pad 1 (4 filters) -> Relu -> output [1,4,8,8]."""
    rng = np.random.RandomState(1)
    weight = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    bias = rng.standard_normal(4).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["data", "conv_w", "conv_b"], ["conv"],
                          name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["conv"], ["output"], name="relu")],
        "small_conv",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 4, 8, 8])],
        initializer=[numpy_helper.from_array(weight, "conv_w"),
                     numpy_helper.from_array(bias, "conv_b")])
    return finish(graph)


def relu_model(name):
    """The smallest valid model: data [1,3,8,8] -> Relu -> output."""
    graph = helper.make_graph(
        [helper.make_node("Relu", ["data"], ["output"], name="relu")], name,
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, 8, 8])])
    return finish(graph)


def unsupported_ops_model():
    """Supported Relu/Add feeding four operators outside the ONNX table.

    data [1,3,8,8] -> Relu -> Add(data) -> GlobalAveragePool -> Flatten -> [1,3]
      -> Multinomial (float [1,N] logits, as the operator requires) -> [1,2] int64
      -> Unique; RandomUniformLike(add); and NonMaxSuppression on constant
    boxes/scores. Random generators and data-dependent shapes stay outside what Neo
    compiles. Each unsupported operator appears once, so the expected message is exactly
    {'Multinomial', 'NonMaxSuppression', 'RandomUniformLike', 'Unique'}. ONNX Runtime runs
    the model (int64 samples, since its Unique has no int32 kernel), which shows
    the model itself is sound.
    """
    boxes = np.array([[[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, 2, 1, 3]]],
                     dtype=np.float32)
    scores = np.array([[[0.9, 0.8, 0.7]]], dtype=np.float32)
    max_boxes = np.array([2], dtype=np.int64)
    nodes = [
        helper.make_node("Relu", ["data"], ["relu"], name="relu"),
        helper.make_node("Add", ["relu", "data"], ["add"], name="add"),
        helper.make_node("GlobalAveragePool", ["add"], ["pooled"], name="pool"),
        helper.make_node("Flatten", ["pooled"], ["energy"], name="flatten"),
        helper.make_node("RandomUniformLike", ["add"], ["coin"], name="random", seed=3.0),
        helper.make_node("Multinomial", ["energy"], ["samples"], name="multinomial",
                         sample_size=2, seed=7.0, dtype=TensorProto.INT64),
        helper.make_node("Unique", ["samples"], ["unique"], name="unique", sorted=1),
        helper.make_node("NonMaxSuppression", ["boxes", "scores", "max_boxes"],
                         ["selected"], name="nms"),
    ]
    graph = helper.make_graph(
        nodes, "unsupported_ops",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("add", TensorProto.FLOAT, [1, 3, 8, 8]),
         helper.make_tensor_value_info("coin", TensorProto.FLOAT, [1, 3, 8, 8]),
         helper.make_tensor_value_info("unique", TensorProto.INT64, ["num_unique"]),
         helper.make_tensor_value_info("selected", TensorProto.INT64,
                                       ["num_selected", 3])],
        initializer=[numpy_helper.from_array(boxes, "boxes"),
                     numpy_helper.from_array(scores, "scores"),
                     numpy_helper.from_array(max_boxes, "max_boxes")])
    return finish(graph)


def deep_nesting_model(levels=40):
    """data [1,3,8,8] -> If(cond) nested `levels` deep -> Relu at the bottom.

    Every If's else branch is Identity(data); cond is a true constant, so the model
    computes Relu(data). Subgraphs read data and cond from the outer scope.
    """
    def branch(level):
        out = "out%d" % level
        vi = helper.make_tensor_value_info(out, TensorProto.FLOAT, [1, 3, 8, 8])
        if level == levels:
            return helper.make_graph(
                [helper.make_node("Relu", ["data"], [out], name="relu")],
                "then%d" % level, [], [vi])
        else_out = "else%d" % level
        else_graph = helper.make_graph(
            [helper.make_node("Identity", ["data"], [else_out], name=else_out)],
            "else%d" % level, [],
            [helper.make_tensor_value_info(else_out, TensorProto.FLOAT, [1, 3, 8, 8])])
        node = helper.make_node("If", ["cond"], [out], name="if%d" % level,
                                then_branch=branch(level + 1), else_branch=else_graph)
        return helper.make_graph([node], "then%d" % level, [], [vi])
    graph = branch(0)
    graph.name = "deep_nesting"
    graph.input.extend(
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, [1, 3, 8, 8])])
    graph.initializer.extend([numpy_helper.from_array(np.array(True), "cond")])
    graph.output[0].name = "out0"
    model = helper.make_model(
        graph, producer_name="neo-testdata",
        opset_imports=[helper.make_opsetid("", OPSET)])
    return model.SerializeToString()


def huge_tensor_model():
    """data [1,3,8,8] -> Relu -> output, and ConstantOfShape([2^32, 2^32, 4]) -> big."""
    shape = np.array([1 << 32, 1 << 32, 4], dtype=np.int64)
    graph = helper.make_graph(
        [helper.make_node("Relu", ["data"], ["output"], name="relu"),
         helper.make_node("ConstantOfShape", ["shape"], ["big"], name="fill")],
        "huge_tensor",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, 8, 8]),
         helper.make_tensor_value_info("big", TensorProto.FLOAT, [1 << 32, 1 << 32, 4])],
        initializer=[numpy_helper.from_array(shape, "shape")])
    return finish(graph)


def link_tar_gz(name, target):
    info = dt.tar_info(name, kind=tarfile.SYMTYPE, mode=0o777, linkname=target)
    return dt.gzip_bytes(dt.tar_bytes([(info, None)]))


def fixtures():
    conv = small_conv_model()
    small_conv = dt.files_tar_gz([("small_conv.onnx", conv)])
    return {
        "no_onnx.tar.gz": dt.files_tar_gz(
            [("README.txt", b"This tarball deliberately holds no .onnx file.\n")]),
        "two_onnx.tar.gz": dt.files_tar_gz(
            [("a.onnx", relu_model("a")), ("b.onnx", relu_model("b"))]),
        "unsupported_ops.tar.gz": dt.files_tar_gz(
            [("unsupported_ops.onnx", unsupported_ops_model())]),
        "small_conv.tar.gz": small_conv,
        "not_gzip.tar.gz": b"This is plain text, not a gzip stream.\n",
        "truncated.tar.gz": small_conv[:len(small_conv) * 6 // 10],
        "escape.tar.gz": dt.files_tar_gz([("../evil.onnx", conv)]),
        "absolute.tar.gz": dt.files_tar_gz([("/tmp/evil.onnx", conv)]),
        "symlink.tar.gz": link_tar_gz("model.onnx", "/etc/passwd"),
        "deep_nesting.tar.gz": dt.files_tar_gz([("deep_nesting.onnx", deep_nesting_model())]),
        "huge_tensor.tar.gz": dt.files_tar_gz([("huge_tensor.onnx", huge_tensor_model())]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for name, data in sorted(fixtures().items()):
        dt.write_file(os.path.join(args.out_dir, name), data)
        print(f"make_error_fixtures: {name} {len(data)} bytes")


if __name__ == "__main__":
    main()

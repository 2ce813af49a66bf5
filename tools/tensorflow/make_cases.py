"""TensorFlow test models for neoc's TensorFlow frontend, with goldens from numpy/PyTorch.

Every case is a frozen GraphDef built with graph_builder (no TensorFlow involved), in
a Neo tarball holding exactly one frozen_graph.pb (or .pbtxt), plus .npy inputs and
goldens computed by tf_reference from TensorFlow's semantics. Error cases are models
neoc must reject with an exact Neo line and exit code.

Subcommands:
  emit       writes <case>.tar.gz, <case>_in<i>.npy (.jpg for JPEG bytes), <case>_out<i>.npy
             and errors.tsv
             (case, exit code, data shape, expected first stderr line) into --out_dir;
             run by the genrule of //testdata/tensorflow.
  write_bzl  rewrites testdata/tensorflow/cases.bzl from the inventory and status.txt
             (status.txt too: new cases get `todo`, vanished ones are dropped).
  check      fails (printing the command) when write_bzl would change anything.
  flip       flip <status> <case>...: sets those cases' status and rewrites cases.bzl.
  list       one line per case: name, kind, status, data shape (for try_cases.sh).
  inventory  how many cases use each TensorFlow operator.

Case names are <operator>_<variant>. See docs/tensorflow-cases.md.
"""

import argparse
import hashlib
import json
import os
import sys
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tools", "testdata"))
sys.path.insert(0, os.path.join(REPO, "tools", "conformance"))

import case_status  # noqa: E402  (tools/conformance/case_status.py)
import deterministic_tar  # noqa: E402  (tools/testdata/deterministic_tar.py)
import graph_builder as gb  # noqa: E402
import tf_reference as ref  # noqa: E402
from graph_builder import BOOL, FLOAT, INT32, INT64, STRING, UINT8, Func, Shape  # noqa: E402

DEFAULT_SPEC = os.path.join(REPO, "testdata", "spec", "seed_operators.tsv")
DEFAULT_BZL = os.path.join(REPO, "testdata", "tensorflow", "cases.bzl")
DEFAULT_STATUS = os.path.join(REPO, "testdata", "tensorflow", "status.txt")

# The suite compares at these; every golden must vary far more than ATOL.
ATOL = 1e-4
RTOL = 1e-3
MIN_SPREAD = 100 * ATOL

# TensorFlow 2 / grappler / TensorFlow.js spellings the frontend is expected to take
# beside the spec's 57 operators.
EXTRA_OPS = [
    "AddV2", "FusedBatchNormV3", "RealDiv", "AddN", "BiasAddV1", "Conv2DBackpropInput",
    "_FusedConv2D", "_FusedMatMul", "FusedDepthwiseConv2dNative",
    "_FusedDepthwiseConv2dNative", "Prelu", "SquaredDifference", "ResizeNearestNeighbor",
    "NoOp", "StopGradient", "PlaceholderWithDefault", "Switch", "Merge",
]

NHWC = b"NHWC"
NCHW = b"NCHW"


class JpegBytes(object):
    """A model input of JPEG bytes (a DT_STRING Placeholder that DecodeJpeg reads):
    written as <case>_in<i>.jpg; its data shape entry is the decoded image's shape."""

    dtype = "jpeg"

    def __init__(self, data, decoded_shape):
        self.data = bytes(data)
        self.shape = tuple(int(d) for d in decoded_shape)


def input_file(case_name, i, a):
    return "%s_in%d.%s" % (case_name, i, "jpg" if isinstance(a, JpegBytes) else "npy")


class Case(object):
    """One model (kind "model") or one model neoc must reject (kind "error")."""

    def __init__(self, name, build, fmt="pb", error=None, data_shape=None, members=None):
        self.name = name
        self.build = build
        self.fmt = fmt
        self.error = error            # (exit code, exact first line of stderr)
        self.data_shape_override = data_shape
        self.members = members        # extra tarball members (name, bytes)
        self.kind = "error" if error else "model"
        self._made = None

    def make(self):
        if self._made is None:
            g = gb.GraphBuilder()
            rng = np.random.default_rng(zlib.crc32(self.name.encode()))
            result = self.build(g, rng)
            inputs, goldens = result if self.kind == "model" else (result, [])
            g.check()
            if self.kind == "model" and len(goldens) != len(g.outputs):
                raise SystemExit("%s: %d goldens for %d outputs" % (self.name, len(goldens), len(g.outputs)))
            goldens = [np.asarray(a) for a in goldens]
            goldens = [a.astype(np.float32) if a.dtype == np.float64 else a for a in goldens]
            for i, a in enumerate(goldens):
                check_golden(self.name, i, a)
            self._made = (g, inputs, goldens)
        return self._made

    def data_shape(self):
        if self.data_shape_override:
            return self.data_shape_override
        _, inputs, _ = self.make()
        return json.dumps({n: [int(d) for d in a.shape] for n, a in inputs}, separators=(",", ":"))

    def ops(self):
        g, _, _ = self.make()
        ops = {n.op for n in g.graph.node} - {"Placeholder", "Const"}
        for f in g.graph.library.function:
            ops |= {n.op for n in f.node_def}
        return sorted(ops)

    def metadata(self):
        g, inputs, goldens = self.make()
        m = {
            "name": self.name,
            "kind": self.kind,
            "format": self.fmt,
            "data_shape": self.data_shape(),
            "num_inputs": len(inputs),
            "num_outputs": len(goldens),
            "input_dtypes": [str(a.dtype) for _, a in inputs],
            "output_dtypes": [str(a.dtype) for a in goldens],
            "outputs": list(g.outputs),
            "ops": self.ops(),
        }
        if self.error:
            m["exit_code"], m["expected"] = self.error
        return m

    def graph_bytes(self):
        g, _, _ = self.make()
        return g.text() if self.fmt == "pbtxt" else g.serialize()

    def emit(self, out_dir):
        g, inputs, goldens = self.make()
        files = [("frozen_graph." + self.fmt, self.graph_bytes())] + (self.members or [])
        deterministic_tar.write_file(os.path.join(out_dir, self.name + ".tar.gz"),
                                     deterministic_tar.files_tar_gz(files))
        if self.kind == "model":
            for i, (_, a) in enumerate(inputs):
                path = os.path.join(out_dir, input_file(self.name, i, a))
                if isinstance(a, JpegBytes):
                    with open(path, "wb") as f:
                        f.write(a.data)
                else:
                    np.save(path, np.array(a, order="C"), allow_pickle=False)
            for i, a in enumerate(goldens):
                np.save(os.path.join(out_dir, "%s_out%d.npy" % (self.name, i)), np.array(a, order="C"), allow_pickle=False)


def check_golden(name, i, a):
    """A golden that barely varies would let a wrong kernel pass at atol 1e-4."""
    if a.dtype.kind == "f":
        if not np.all(np.isfinite(a)):
            raise SystemExit("%s output %d is not finite" % (name, i))
        if a.size > 1 and float(a.max() - a.min()) < MIN_SPREAD:
            raise SystemExit("%s output %d spreads only %g" % (name, i, float(a.max() - a.min())))
    elif a.size > 1 and len(np.unique(a)) < 2:
        raise SystemExit("%s output %d holds one value only" % (name, i))


CASES = []


def case(name, fmt="pb", data_shape=None):
    def deco(fn):
        CASES.append(Case(name, fn, fmt=fmt, data_shape=data_shape))
        return fn
    return deco


def error_case(name, exit_code, line, data_shape=None, members=None):
    def deco(fn):
        CASES.append(Case(name, fn, error=(exit_code, line), data_shape=data_shape, members=members))
        return fn
    return deco


# ----------------------------------------------------------------------------------
# Builders shared by the cases.

def normal(rng, shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def placeholder(g, name, a, static=False, dtype=None):
    """Placeholders carry TensorFlow's usual [-1, ...] (unknown batch) unless `static`."""
    shape = list(a.shape) if static or a.ndim == 0 else [-1] + list(a.shape[1:])
    g.placeholder(name, dtype or gb.dtype_of(a), shape)
    return name


def x_input(g, rng, shape=(1, 5, 6, 3), scale=1.0, name="x"):
    a = normal(rng, shape, scale)
    placeholder(g, name, a)
    return a


def c32(v):
    return np.asarray(v, np.int32)


def conv_attrs(strides, padding, data_format=NHWC, dilations=(1, 1), explicit=None):
    """Conv2D-family attrs: strides/dilations given as (h, w), expanded to the 4-vector
    in data_format's order; explicit_paddings as ((t, b), (l, r)) likewise."""
    def four(hw):
        return [1, 1, hw[0], hw[1]] if data_format == NCHW else [1, hw[0], hw[1], 1]
    ep = []
    if padding == b"EXPLICIT":
        (t, b), (l, r) = explicit
        ep = [0, 0, 0, 0, t, b, l, r] if data_format == NCHW else [0, 0, t, b, l, r, 0, 0]
    return dict(T=FLOAT, strides=four(strides), padding=padding, explicit_paddings=ep,
                data_format=data_format, dilations=four(dilations), use_cudnn_on_gpu=True)


def conv_golden(x, w, strides, padding, dilations=(1, 1), explicit=None, depthwise=False):
    kh, kw = w.shape[:2]
    pads = ref.spatial_pads(padding, x.shape[1:3], (kh, kw), strides, dilations, explicit)
    return ref.conv2d(x, w, strides, pads, dilations, depthwise)


def jpeg_image(rng, h, w, c):
    """A smooth random image as JPEG bytes (torchvision, quality 90) and as torchvision
    decodes them, uint8 [h, w, c]."""
    import torch
    from torchvision.io import ImageReadMode, decode_jpeg, encode_jpeg
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    phase = rng.uniform(0, 2 * np.pi, (c, 2))
    planes = [128 + 100 * np.sin(x / 5.0 + p[0]) * np.cos(y / 4.0 + p[1]) for p in phase]
    chw = np.clip(np.rint(np.stack(planes) + rng.normal(0, 8, (c, h, w))), 0, 255).astype(np.uint8)
    jpeg = encode_jpeg(torch.from_numpy(chw), quality=90)
    mode = ImageReadMode.GRAY if c == 1 else ImageReadMode.RGB
    decoded = decode_jpeg(jpeg, mode=mode).permute(1, 2, 0).contiguous().numpy()
    return jpeg.numpy().tobytes(), decoded


def decode_jpeg_attrs(channels, dct_method):
    return dict(channels=channels, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1.0, dct_method=dct_method)


def image_conv_graph(g, image, w):
    """image (uint8 HWC) -> float / 255 -> batch of one -> 3x3 SAME Conv2D: the usual head
    of an image model."""
    g.node("Cast", "float", [image], SrcT=UINT8, DstT=FLOAT, Truncate=False)
    g.const("scale", np.float32(1 / 255.0))
    g.node("Mul", "scaled", ["float", "scale"], T=FLOAT)
    g.const("dim", np.int32(0))
    g.node("ExpandDims", "batch", ["scaled", "dim"], T=FLOAT, Tdim=INT32)
    g.const("w", w)
    g.outputs = [g.node("Conv2D", "out", ["batch", "w"], **conv_attrs((1, 1), b"SAME"))]


def image_conv_golden(img, w):
    x = (img.astype(np.float32) * np.float32(1 / 255.0))[None]
    return conv_golden(x, w, (1, 1), b"SAME")


# ----------------------------------------------------------------------------------
# Element-wise binary operators.

BINARY = {
    "Add": np.add, "AddV2": np.add, "Sub": np.subtract, "Mul": np.multiply,
    "RealDiv": np.divide, "Maximum": np.maximum, "Minimum": np.minimum,
    "SquaredDifference": lambda a, b: (a.astype(np.float64) - b) ** 2,
}


def _binary_cases():
    for op, fn in BINARY.items():
        low = op.lower()

        def two_inputs(g, rng, op=op, fn=fn):
            a = x_input(g, rng)
            b = x_input(g, rng, name="y")
            g.outputs = [g.node(op, "out", ["x", "y"], T=FLOAT)]
            return [("x", a), ("y", b)], [fn(a.astype(np.float64), b)]
        case(low + "_two_inputs")(two_inputs)

        def bcast_const(g, rng, op=op, fn=fn):
            a = x_input(g, rng)
            c = (rng.uniform(0.5, 2.0, (3,)) * rng.choice([-1, 1], 3)).astype(np.float32)
            g.const("c", c)
            g.outputs = [g.node(op, "out", ["x", "c"], T=FLOAT)]
            return [("x", a)], [fn(a.astype(np.float64), c)]
        case(low + "_broadcast_const")(bcast_const)

    def const_first(g, rng):
        a = x_input(g, rng)
        c = normal(rng, (1, 1, 6, 1))
        g.const("c", c)
        g.outputs = [g.node("Sub", "out", ["c", "x"], T=FLOAT)]
        return [("x", a)], [c.astype(np.float64) - a]
    case("sub_const_first_broadcast_w")(const_first)

    def scalar(g, rng):
        a = x_input(g, rng)
        g.const("c", np.float32(2.5))
        g.outputs = [g.node("Mul", "out", ["x", "c"], T=FLOAT)]
        return [("x", a)], [a * 2.5]
    case("mul_scalar_const")(scalar)

    def realdiv_rank_broadcast(g, rng):
        a = x_input(g, rng)
        b = rng.uniform(0.5, 2.0, (1, 5, 1, 1)).astype(np.float32)
        placeholder(g, "y", b)
        g.outputs = [g.node("RealDiv", "out", ["x", "y"], T=FLOAT)]
        return [("x", a), ("y", b)], [a.astype(np.float64) / b]
    case("realdiv_both_broadcast")(realdiv_rank_broadcast)

    def addn(g, rng):
        ins = [(n, x_input(g, rng, name=n)) for n in ("a", "b", "c")]
        g.outputs = [g.node("AddN", "out", ["a", "b", "c"], N=3, T=FLOAT)]
        return ins, [sum(a.astype(np.float64) for _, a in ins)]
    case("addn_three")(addn)


_binary_cases()

COMPARE = {
    "Equal": np.equal, "NotEqual": np.not_equal, "Greater": np.greater,
    "GreaterEqual": np.greater_equal, "Less": np.less, "LessEqual": np.less_equal,
}


def _compare_cases():
    for op, fn in COMPARE.items():
        extra = {"incompatible_shape_error": True} if op in ("Equal", "NotEqual") else {}

        # Small integers so that equal elements occur: every branch of each
        # comparison is exercised, exactly (no rounding near the boundary).
        def bool_out(g, rng, op=op, fn=fn, extra=extra):
            a = rng.integers(-2, 3, (1, 5, 6, 3)).astype(np.float32)
            placeholder(g, "x", a)
            c = np.asarray([-1, 0, 1], np.float32)
            g.const("c", c)
            g.outputs = [g.node(op, "out", ["x", "c"], T=FLOAT, **extra)]
            return [("x", a)], [fn(a, c)]
        case(op.lower() + "_bool_output")(bool_out)

        # The mask pattern of TF1 graphs: compare, Cast to float, multiply.
        def masked(g, rng, op=op, fn=fn, extra=extra):
            a = rng.integers(-3, 4, (1, 5, 6, 3)).astype(np.float32)
            b = rng.integers(-3, 4, (1, 5, 6, 3)).astype(np.float32)
            placeholder(g, "x", a)
            placeholder(g, "y", b)
            g.node(op, "cmp", ["x", "y"], T=FLOAT, **extra)
            g.node("Cast", "mask", ["cmp"], SrcT=BOOL, DstT=FLOAT, Truncate=False)
            g.outputs = [g.node("Mul", "out", ["mask", "x"], T=FLOAT)]
            return [("x", a), ("y", b)], [fn(a, b).astype(np.float32) * a]
        case(op.lower() + "_cast_mask")(masked)


_compare_cases()

# ----------------------------------------------------------------------------------
# Element-wise unary operators.

UNARY = {
    "Relu": (ref.relu, 1.0), "Relu6": (ref.relu6, 4.0), "Elu": (ref.elu, 1.5),
    "Selu": (ref.selu, 1.5), "Sigmoid": (ref.sigmoid, 3.0), "Tanh": (np.tanh, 2.0),
    "Square": (np.square, 1.0), "Ceil": (np.ceil, 3.0), "Floor": (np.floor, 3.0),
    "Identity": (lambda v: v, 1.0), "StopGradient": (lambda v: v, 1.0),
}


def _unary_cases():
    for op, (fn, scale) in UNARY.items():
        def unary(g, rng, op=op, fn=fn, scale=scale):
            a = x_input(g, rng, scale=scale)
            g.outputs = [g.node(op, "out", ["x"], T=FLOAT)]
            return [("x", a)], [fn(a.astype(np.float64))]
        case(op.lower() + "_basic")(unary)

    def rsqrt(g, rng):
        a = rng.uniform(0.2, 4.0, (1, 5, 6, 3)).astype(np.float32)
        placeholder(g, "x", a)
        g.outputs = [g.node("Rsqrt", "out", ["x"], T=FLOAT)]
        return [("x", a)], [1.0 / np.sqrt(a.astype(np.float64))]
    case("rsqrt_positive")(rsqrt)

    def leaky_default(g, rng):
        a = x_input(g, rng)
        g.outputs = [g.node("LeakyRelu", "out", ["x"], T=FLOAT, alpha=0.2)]
        return [("x", a)], [ref.leaky_relu(a.astype(np.float64), 0.2)]
    case("leakyrelu_default_alpha")(leaky_default)

    def leaky(g, rng):
        a = x_input(g, rng)
        g.outputs = [g.node("LeakyRelu", "out", ["x"], T=FLOAT, alpha=0.01)]
        return [("x", a)], [ref.leaky_relu(a.astype(np.float64), np.float32(0.01))]
    case("leakyrelu_alpha_0_01")(leaky)

    def check_numerics(g, rng):
        a = x_input(g, rng)
        g.node("CheckNumerics", "check", ["x"], T=FLOAT, message=b"x has NaN or Inf")
        g.outputs = [g.node("Relu", "out", ["check"], T=FLOAT)]
        return [("x", a)], [ref.relu(a)]
    case("checknumerics_passthrough")(check_numerics)

    def prelu(g, rng):
        a = x_input(g, rng)
        alpha = np.asarray([0.1, 0.25, -0.5], np.float32)
        g.const("alpha", alpha)
        g.outputs = [g.node("Prelu", "out", ["x", "alpha"], T=FLOAT)]
        return [("x", a)], [np.where(a > 0, a, a * alpha.astype(np.float64))]
    case("prelu_per_channel")(prelu)


_unary_cases()


def _softmax_cases():
    for shape in [(4, 10), (1, 5, 6, 3)]:
        def softmax(g, rng, shape=shape):
            a = x_input(g, rng, shape, scale=2.0)
            g.outputs = [g.node("Softmax", "out", ["x"], T=FLOAT)]
            return [("x", a)], [ref.softmax(a.astype(np.float64))]
        case("softmax_rank%d" % len(shape))(softmax)


_softmax_cases()

# ----------------------------------------------------------------------------------
# Convolutions.

# name -> (input NHWC, kernel, strides, padding, dilations, explicit ((t,b),(l,r)))
CONV2D = {
    "same_k3_s1": ((1, 5, 6, 3), 3, (1, 1), b"SAME", (1, 1), None),
    "same_k3_s2": ((1, 5, 6, 3), 3, (2, 2), b"SAME", (1, 1), None),
    "same_k2_s2_odd_input": ((1, 7, 5, 3), 2, (2, 2), b"SAME", (1, 1), None),
    "same_k4_s1_even_kernel": ((1, 5, 6, 3), 4, (1, 1), b"SAME", (1, 1), None),
    "same_k3_s2_even_input": ((1, 6, 8, 2), 3, (2, 2), b"SAME", (1, 1), None),
    "same_k1_s2": ((1, 5, 6, 3), 1, (2, 2), b"SAME", (1, 1), None),
    "valid_k3_s1": ((1, 5, 6, 3), 3, (1, 1), b"VALID", (1, 1), None),
    "valid_k3_s2": ((1, 7, 6, 3), 3, (2, 2), b"VALID", (1, 1), None),
    "strides_1_2": ((1, 5, 7, 3), 3, (1, 2), b"SAME", (1, 1), None),
    "dilation2_same": ((1, 7, 8, 3), 3, (1, 1), b"SAME", (2, 2), None),
    "dilation2_valid": ((1, 7, 8, 3), 3, (1, 1), b"VALID", (2, 2), None),
    "dilation_2_1_same_s1": ((1, 7, 6, 3), 3, (1, 1), b"SAME", (2, 1), None),
    "explicit": ((1, 5, 6, 3), 3, (1, 1), b"EXPLICIT", (1, 1), ((1, 2), (0, 1))),
    "explicit_s2": ((1, 6, 6, 3), 3, (2, 2), b"EXPLICIT", (1, 1), ((0, 1), (2, 0))),
}


def _conv_cases():
    for variant, (shape, k, strides, padding, dil, explicit) in CONV2D.items():
        for fmt in (NHWC, NCHW):
            if fmt == NCHW and variant not in ("same_k3_s2", "valid_k3_s1", "explicit",
                                               "dilation2_same", "strides_1_2"):
                continue

            def conv(g, rng, shape=shape, k=k, strides=strides, padding=padding, dil=dil,
                     explicit=explicit, fmt=fmt):
                a = normal(rng, shape)
                w = normal(rng, (k, k, shape[3], 4), 0.5)
                fed = a if fmt == NHWC else np.ascontiguousarray(ref.to_nchw(a))
                placeholder(g, "x", fed)
                g.const("w", w)
                g.outputs = [g.node("Conv2D", "out", ["x", "w"],
                                    **conv_attrs(strides, padding, fmt, dil, explicit))]
                y = conv_golden(a, w, strides, padding, dil, explicit)
                return [("x", fed)], [y if fmt == NHWC else ref.to_nchw(y)]
            case("conv2d_%s_%s" % (variant, fmt.decode().lower()))(conv)

    # name -> (input, kernel, multiplier, strides, padding, dilations, explicit, format)
    depthwise = {
        "same_k3_m1": ((1, 5, 6, 3), 3, 1, (1, 1), b"SAME", (1, 1), None, NHWC),
        "same_k3_m2_s2": ((1, 5, 6, 3), 3, 2, (2, 2), b"SAME", (1, 1), None, NHWC),
        "valid_k3_m1": ((1, 5, 6, 4), 3, 1, (1, 1), b"VALID", (1, 1), None, NHWC),
        "same_dilation2": ((1, 7, 8, 3), 3, 1, (1, 1), b"SAME", (2, 2), None, NHWC),
        "same_k2_s2_even_kernel": ((1, 5, 7, 3), 2, 1, (2, 2), b"SAME", (1, 1), None, NHWC),
        "explicit": ((1, 5, 6, 3), 3, 1, (1, 1), b"EXPLICIT", (1, 1), ((2, 0), (1, 1)), NHWC),
        "same_k3_m2_s2_nchw": ((1, 5, 6, 3), 3, 2, (2, 2), b"SAME", (1, 1), None, NCHW),
    }
    for variant, (shape, k, mult, strides, padding, dil, explicit, fmt) in depthwise.items():
        def dw(g, rng, shape=shape, k=k, mult=mult, strides=strides, padding=padding, dil=dil,
               explicit=explicit, fmt=fmt):
            a = normal(rng, shape)
            w = normal(rng, (k, k, shape[3], mult), 0.5)
            fed = a if fmt == NHWC else np.ascontiguousarray(ref.to_nchw(a))
            placeholder(g, "x", fed)
            g.const("w", w)
            attrs = conv_attrs(strides, padding, fmt, dil, explicit)
            del attrs["use_cudnn_on_gpu"]  # not an attr of DepthwiseConv2dNative
            g.outputs = [g.node("DepthwiseConv2dNative", "out", ["x", "w"], **attrs)]
            y = conv_golden(a, w, strides, padding, dil, explicit, depthwise=True)
            return [("x", fed)], [y if fmt == NHWC else ref.to_nchw(y)]
        case("depthwiseconv2dnative_" + variant)(dw)

    # Conv2DBackpropInput (transposed convolution): (out_backprop NHWC, input_sizes,
    # kernel, strides, padding, format)
    backprop = {
        "same_s2": ((1, 5, 6, 4), (1, 10, 12, 3), 3, (2, 2), b"SAME", NHWC),
        "same_s2_odd_output": ((1, 5, 6, 4), (1, 9, 11, 3), 3, (2, 2), b"SAME", NHWC),
        "valid_s2": ((1, 5, 6, 4), (1, 11, 13, 3), 3, (2, 2), b"VALID", NHWC),
        "same_k4_s2": ((1, 3, 4, 4), (1, 6, 8, 2), 4, (2, 2), b"SAME", NHWC),
        "same_s1": ((1, 5, 6, 4), (1, 5, 6, 3), 3, (1, 1), b"SAME", NHWC),
        "same_s2_nchw": ((1, 5, 6, 4), (1, 10, 12, 3), 3, (2, 2), b"SAME", NCHW),
    }
    for variant, (dy_shape, sizes, k, strides, padding, fmt) in backprop.items():
        def bp(g, rng, dy_shape=dy_shape, sizes=sizes, k=k, strides=strides, padding=padding,
               fmt=fmt):
            dy = normal(rng, dy_shape)
            w = normal(rng, (k, k, sizes[3], dy_shape[3]), 0.5)
            fed = dy if fmt == NHWC else np.ascontiguousarray(ref.to_nchw(dy))
            shape_vec = list(sizes) if fmt == NHWC else [sizes[0], sizes[3], sizes[1], sizes[2]]
            g.const("input_sizes", c32(shape_vec))
            g.const("w", w)
            placeholder(g, "dy", fed)
            g.outputs = [g.node("Conv2DBackpropInput", "out", ["input_sizes", "w", "dy"],
                                **conv_attrs(strides, padding, fmt))]
            pads = ref.spatial_pads(padding, sizes[1:3], (k, k), strides)
            y = ref.conv2d_backprop_input(sizes, w, dy, strides, pads)
            return [("dy", fed)], [y if fmt == NHWC else ref.to_nchw(y)]
        case("conv2dbackpropinput_" + variant)(bp)


_conv_cases()


def _bias_cases():
    def bias(g, rng, fmt):
        a = normal(rng, (1, 5, 6, 3))
        b = normal(rng, (3,))
        fed = a if fmt == NHWC else np.ascontiguousarray(ref.to_nchw(a))
        placeholder(g, "x", fed)
        g.const("b", b)
        g.outputs = [g.node("BiasAdd", "out", ["x", "b"], T=FLOAT, data_format=fmt)]
        y = a.astype(np.float64) + b
        return [("x", fed)], [y if fmt == NHWC else ref.to_nchw(y)]
    case("biasadd_nhwc")(lambda g, rng: bias(g, rng, NHWC))
    case("biasadd_nchw")(lambda g, rng: bias(g, rng, NCHW))

    def bias_v1(g, rng):
        a = x_input(g, rng, (4, 7))
        b = normal(rng, (7,))
        g.const("b", b)
        g.outputs = [g.node("BiasAddV1", "out", ["x", "b"], T=FLOAT)]
        return [("x", a)], [a.astype(np.float64) + b]
    case("biasaddv1_rank2")(bias_v1)


_bias_cases()


def _matmul_cases():
    for ta in (False, True):
        for tb in (False, True):
            def mm(g, rng, ta=ta, tb=tb):
                a = normal(rng, (6, 4) if ta else (4, 6))
                w = normal(rng, (5, 6) if tb else (6, 5), 0.5)
                g.placeholder("x", FLOAT, [6, -1] if ta else [-1, 6])
                g.const("w", w)
                g.outputs = [g.node("MatMul", "out", ["x", "w"], T=FLOAT, transpose_a=ta,
                                    transpose_b=tb)]
                return [("x", a)], [(a.T if ta else a).astype(np.float64) @ (w.T if tb else w)]
            case("matmul_ta%d_tb%d" % (ta, tb))(mm)

    def mm_two_inputs(g, rng):
        a = x_input(g, rng, (3, 6))
        b = normal(rng, (6, 5))
        g.placeholder("y", FLOAT, [6, 5])
        g.outputs = [g.node("MatMul", "out", ["x", "y"], T=FLOAT, transpose_a=False,
                            transpose_b=False)]
        return [("x", a), ("y", b)], [a.astype(np.float64) @ b]
    case("matmul_two_inputs")(mm_two_inputs)


_matmul_cases()

# ----------------------------------------------------------------------------------
# Pooling.

# name -> (input NHWC, ksize, strides, padding, format, explicit)
POOLS = {
    "same_k3_s2": ((1, 5, 6, 3), (3, 3), (2, 2), b"SAME", NHWC, None),
    "same_k2_s2_odd": ((1, 5, 7, 3), (2, 2), (2, 2), b"SAME", NHWC, None),
    "same_k3_s1": ((1, 5, 6, 3), (3, 3), (1, 1), b"SAME", NHWC, None),
    "valid_k2_s2": ((1, 6, 7, 3), (2, 2), (2, 2), b"VALID", NHWC, None),
    "valid_k2x3_s1": ((1, 5, 6, 3), (2, 3), (1, 1), b"VALID", NHWC, None),
    "same_k3_s2_nchw": ((1, 5, 6, 3), (3, 3), (2, 2), b"SAME", NCHW, None),
    "explicit": ((1, 5, 6, 3), (3, 3), (2, 2), b"EXPLICIT", NHWC, ((1, 1), (0, 2))),
}


def _pool_cases():
    for op, kind in (("MaxPool", "max"), ("AvgPool", "avg")):
        for variant, (shape, k, s, padding, fmt, explicit) in POOLS.items():
            if op == "AvgPool" and padding == b"EXPLICIT":
                continue  # AvgPool's registry allows SAME and VALID only

            def pool(g, rng, op=op, kind=kind, shape=shape, k=k, s=s, padding=padding, fmt=fmt,
                     explicit=explicit):
                a = normal(rng, shape)
                fed = a if fmt == NHWC else np.ascontiguousarray(ref.to_nchw(a))
                placeholder(g, "x", fed)
                four = (lambda hw: [1, 1, hw[0], hw[1]]) if fmt == NCHW else (lambda hw: [1, hw[0], hw[1], 1])
                attrs = dict(T=FLOAT, ksize=four(k), strides=four(s), padding=padding, data_format=fmt)
                if padding == b"EXPLICIT":
                    (t, b), (l, r) = explicit
                    attrs["explicit_paddings"] = [0, 0, t, b, l, r, 0, 0]
                g.outputs = [g.node(op, "out", ["x"], **attrs)]
                pads = ref.spatial_pads(padding, shape[1:3], k, s, (1, 1), explicit)
                y = ref.pool(a, k, s, pads, kind)
                return [("x", fed)], [y if fmt == NHWC else ref.to_nchw(y)]
            case("%s_%s" % (op.lower(), variant))(pool)


_pool_cases()

# ----------------------------------------------------------------------------------
# Normalization.


def _norm_cases():
    for op in ("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3"):
        for fmt in (NHWC, NCHW):
            def fbn(g, rng, op=op, fmt=fmt):
                a = normal(rng, (1, 5, 6, 4), 2.0)
                fed = a if fmt == NHWC else np.ascontiguousarray(ref.to_nchw(a))
                placeholder(g, "x", fed)
                scale, offset, mean = normal(rng, (4,)), normal(rng, (4,)), normal(rng, (4,))
                var = rng.uniform(0.5, 2.0, (4,)).astype(np.float32)
                for n, v in (("scale", scale), ("offset", offset), ("mean", mean), ("var", var)):
                    g.const(n, v)
                attrs = dict(T=FLOAT, epsilon=0.001, data_format=fmt, is_training=False)
                if op != "FusedBatchNorm":
                    attrs["U"] = FLOAT
                if op == "FusedBatchNormV3":
                    attrs["exponential_avg_factor"] = 1.0
                g.node(op, "bn", ["x", "scale", "offset", "mean", "var"], **attrs)
                # Only y (output 0) is read, as in every inference graph.
                g.outputs = [g.node("Identity", "out", ["bn"], T=FLOAT)]
                y = ref.batch_norm(a.astype(np.float64), scale, offset, mean, var, np.float32(0.001))
                return [("x", fed)], [y if fmt == NHWC else ref.to_nchw(y)]
            case("%s_%s" % (op.lower(), fmt.decode().lower()))(fbn)

    for sa in (True, False):
        def bngn(g, rng, sa=sa):
            a = x_input(g, rng, (1, 5, 6, 3), 2.0)
            m, beta, gamma = normal(rng, (3,)), normal(rng, (3,)), normal(rng, (3,))
            v = rng.uniform(0.5, 2.0, (3,)).astype(np.float32)
            for n, val in (("m", m), ("v", v), ("beta", beta), ("gamma", gamma)):
                g.const(n, val)
            g.outputs = [g.node("BatchNormWithGlobalNormalization", "out",
                                ["x", "m", "v", "beta", "gamma"], T=FLOAT,
                                variance_epsilon=0.001, scale_after_normalization=sa)]
            y = (a.astype(np.float64) - m) / np.sqrt(v.astype(np.float64) + np.float32(0.001))
            return [("x", a)], [(y * gamma if sa else y) + beta]
        case("batchnormwithglobalnormalization_scale_%s" % str(sa).lower())(bngn)

    def lrn(g, rng, name, c, attrs):
        a = normal(rng, (1, 3, 4, c), 2.0)
        placeholder(g, "x", a)
        g.outputs = [g.node("LRN", "out", ["x"], T=FLOAT, **attrs)]
        return [("x", a)], [ref.lrn(a, attrs["depth_radius"], attrs["bias"], attrs["alpha"], attrs["beta"])]
    # TensorFlow's defaults (depth_radius 5 > half the channels: windows are clipped)
    case("lrn_defaults")(lambda g, rng: lrn(g, rng, "d", 8, dict(depth_radius=5, bias=1.0, alpha=1.0, beta=0.5)))
    # AlexNet's values, radius 2 on 7 channels
    case("lrn_radius2")(lambda g, rng: lrn(g, rng, "a", 7, dict(depth_radius=2, bias=2.0, alpha=1e-1, beta=0.75)))


_norm_cases()

# ----------------------------------------------------------------------------------
# Reductions and arg reductions.


def _reduce_cases():
    # (op, axes, keep_dims, Tidx, axes as a scalar)
    table = [
        ("Mean", [1, 2], True, INT32, False),
        ("Mean", [1, 2], False, INT32, False),
        ("Mean", [-1], False, INT32, False),
        ("Mean", 3, True, INT64, True),
        ("Sum", [1], False, INT32, False),
        ("Sum", [-3, -1], True, INT32, False),
        ("Sum", [0, 1, 2, 3], False, INT32, False),
    ]
    for op, axes, keep, tidx, scalar in table:
        name = "%s_axes%s_%s%s" % (op.lower(), "_".join(str(a).replace("-", "m") for a in np.atleast_1d(axes)),
                                    "keepdims" if keep else "nokeep", "_int64" if tidx is INT64 else "")

        def red(g, rng, op=op, axes=axes, keep=keep, tidx=tidx):
            a = x_input(g, rng, scale=2.0)
            g.const("reduction_indices", np.asarray(axes, tidx.np_type))
            g.outputs = [g.node(op, "out", ["x", "reduction_indices"], T=FLOAT, Tidx=tidx,
                                keep_dims=keep)]
            fn = np.mean if op == "Mean" else np.sum
            return [("x", a)], [fn(a.astype(np.float64), axis=tuple(np.atleast_1d(axes)), keepdims=keep)]
        case(name)(red)

    for op, fn in (("ArgMax", np.argmax), ("ArgMin", np.argmin)):
        for axis, out_type in ((3, INT64), (-1, INT32), (1, INT64)):
            def arg(g, rng, op=op, fn=fn, axis=axis, out_type=out_type):
                a = x_input(g, rng, (1, 5, 6, 4))
                g.const("dimension", np.int32(axis))
                g.outputs = [g.node(op, "out", ["x", "dimension"], T=FLOAT, Tidx=INT32,
                                    output_type=out_type)]
                return [("x", a)], [fn(a, axis=axis).astype(out_type.np_type)]
            case("%s_axis%s_%s" % (op.lower(), str(axis).replace("-", "m"),
                                   "int64" if out_type is INT64 else "int32"))(arg)


_reduce_cases()

# ----------------------------------------------------------------------------------
# Casts.


def _cast_cases():
    # (src, dst, input maker, golden)
    def floats(rng):
        return normal(rng, (1, 5, 6, 3), 4.0)

    # Cast truncates toward zero for float -> int; nonzero -> true for -> bool.
    table = [
        ("float_to_int32", FLOAT, INT32, floats, lambda a: np.trunc(a).astype(np.int32)),
        ("float_to_int64", FLOAT, INT64, floats, lambda a: np.trunc(a).astype(np.int64)),
        ("int32_to_float", INT32, FLOAT, lambda rng: rng.integers(-50, 50, (1, 5, 6, 3)).astype(np.int32),
         lambda a: a.astype(np.float32)),
        ("int32_to_int64", INT32, INT64, lambda rng: rng.integers(-50, 50, (2, 7)).astype(np.int32),
         lambda a: a.astype(np.int64)),
        ("int64_to_int32", INT64, INT32, lambda rng: rng.integers(-50, 50, (2, 7)).astype(np.int64),
         lambda a: a.astype(np.int32)),
        ("int64_to_float", INT64, FLOAT, lambda rng: rng.integers(-50, 50, (2, 7)).astype(np.int64),
         lambda a: a.astype(np.float32)),
        ("float_to_bool", FLOAT, BOOL,
         lambda rng: (rng.integers(-1, 2, (1, 5, 6, 3)) * rng.uniform(0.5, 1, (1, 5, 6, 3))).astype(np.float32),
         lambda a: a != 0),
        ("bool_to_float", BOOL, FLOAT, lambda rng: rng.integers(0, 2, (1, 5, 6, 3)).astype(np.bool_),
         lambda a: a.astype(np.float32)),
        ("int32_to_bool", INT32, BOOL, lambda rng: rng.integers(-2, 3, (2, 7)).astype(np.int32),
         lambda a: a != 0),
    ]
    for name, src, dst, make, fn in table:
        def cast(g, rng, src=src, dst=dst, make=make, fn=fn):
            a = make(rng)
            placeholder(g, "x", a)
            g.outputs = [g.node("Cast", "out", ["x"], SrcT=src, DstT=dst, Truncate=False)]
            return [("x", a)], [fn(a)]
        case("cast_" + name)(cast)


_cast_cases()

# ----------------------------------------------------------------------------------
# Shapes, folding chains, data movement.


def _tensor_cases():
    def concat_v1(g, rng):
        a, b = x_input(g, rng), x_input(g, rng, (1, 5, 6, 2), name="y")
        g.const("concat_dim", np.int32(3))
        g.outputs = [g.node("Concat", "out", ["concat_dim", "x", "y"], N=2, T=FLOAT)]
        return [("x", a), ("y", b)], [np.concatenate([a, b], axis=3)]
    case("concat_axis3")(concat_v1)

    def concat_v2(g, rng, axis, tidx):
        a = x_input(g, rng)
        b = x_input(g, rng, (1, 5, 6, 3), name="y")
        c = normal(rng, (1, 5, 6, 3))
        g.const("c", c)
        g.const("axis", np.asarray(axis, tidx.np_type))
        g.outputs = [g.node("ConcatV2", "out", ["x", "y", "c", "axis"], N=3, T=FLOAT, Tidx=tidx)]
        return [("x", a), ("y", b)], [np.concatenate([a, b, c], axis=axis)]
    case("concatv2_axis_m1")(lambda g, rng: concat_v2(g, rng, -1, INT32))
    case("concatv2_axis1_int64")(lambda g, rng: concat_v2(g, rng, 1, INT64))

    def expand(g, rng, axis):
        a = x_input(g, rng, (5, 6, 3))
        g.const("dim", np.int32(axis))
        g.outputs = [g.node("ExpandDims", "out", ["x", "dim"], T=FLOAT, Tdim=INT32)]
        return [("x", a)], [np.expand_dims(a, axis)]
    case("expanddims_axis0")(lambda g, rng: expand(g, rng, 0))
    case("expanddims_axis_m1")(lambda g, rng: expand(g, rng, -1))

    def squeeze(g, rng, dims, name_shape=(1, 5, 1, 3)):
        a = normal(rng, name_shape)
        placeholder(g, "x", a, static=True)  # the squeezed dims must be known to be 1
        g.outputs = [g.node("Squeeze", "out", ["x"], T=FLOAT, squeeze_dims=dims)]
        return [("x", a)], [np.squeeze(a, axis=tuple(dims)) if dims else np.squeeze(a)]
    case("squeeze_dims2")(lambda g, rng: squeeze(g, rng, [2]))
    case("squeeze_all")(lambda g, rng: squeeze(g, rng, []))
    case("squeeze_negative")(lambda g, rng: squeeze(g, rng, [-2, 0]))

    def fill_const(g, rng):
        a = x_input(g, rng)
        g.const("dims", c32([1, 5, 6, 3]))
        g.const("value", np.float32(0.75))
        g.node("Fill", "fill", ["dims", "value"], T=FLOAT, index_type=INT32)
        g.outputs = [g.node("Mul", "out", ["x", "fill"], T=FLOAT)]
        return [("x", a)], [a * 0.75]
    case("fill_const_dims")(fill_const)

    # Shape -> Fill: the shape is known once data_shape is, so Fill folds to a constant.
    def fill_shape(g, rng):
        a = x_input(g, rng)
        g.node("Shape", "shape", ["x"], T=FLOAT, out_type=INT32)
        g.const("value", np.float32(-1.5))
        g.node("Fill", "fill", ["shape", "value"], T=FLOAT, index_type=INT32)
        g.outputs = [g.node("AddV2", "out", ["x", "fill"], T=FLOAT)]
        return [("x", a)], [a - 1.5]
    case("fill_from_shape")(fill_shape)

    # Keras' TF1 Flatten: Shape, StridedSlice (shrink) for the batch, Pack [batch, -1],
    # Reshape.
    def flatten(g, rng):
        a = x_input(g, rng)
        g.node("Shape", "shape", ["x"], T=FLOAT, out_type=INT32)
        for n, v in (("begin", [0]), ("end", [1]), ("strides", [1])):
            g.const(n, c32(v))
        g.node("StridedSlice", "batch", ["shape", "begin", "end", "strides"], T=INT32, Index=INT32,
               begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=1)
        g.const("minus_one", np.int32(-1))
        g.node("Pack", "new_shape", ["batch", "minus_one"], N=2, T=INT32, axis=0)
        g.outputs = [g.node("Reshape", "out", ["x", "new_shape"], T=FLOAT, Tshape=INT32)]
        return [("x", a)], [a.reshape(1, -1)]
    case("reshape_flatten_shape_chain")(flatten)

    def reshape_const(g, rng, shape, tshape):
        a = x_input(g, rng)
        g.const("shape", np.asarray(shape, tshape.np_type))
        g.outputs = [g.node("Reshape", "out", ["x", "shape"], T=FLOAT, Tshape=tshape)]
        return [("x", a)], [a.reshape(shape)]
    case("reshape_minus1_last")(lambda g, rng: reshape_const(g, rng, [-1, 3], INT32))
    case("reshape_rank5_int64")(lambda g, rng: reshape_const(g, rng, [1, 5, 2, 3, 3], INT64))

    # Rank - 1 as the reduction axis: Rank, Sub and Sum's axes all fold.
    def rank_chain(g, rng):
        a = x_input(g, rng)
        g.node("Rank", "rank", ["x"], T=FLOAT)
        g.const("one", np.int32(1))
        g.node("Sub", "last", ["rank", "one"], T=INT32)
        g.outputs = [g.node("Sum", "out", ["x", "last"], T=FLOAT, Tidx=INT32, keep_dims=True)]
        return [("x", a)], [a.astype(np.float64).sum(axis=-1, keepdims=True)]
    case("rank_as_axis")(rank_chain)

    def range_int(g, rng):
        a = x_input(g, rng)
        for n, v in (("start", 0), ("limit", 3), ("delta", 1)):
            g.const(n, np.int32(v))
        g.node("Range", "range", ["start", "limit", "delta"], Tidx=INT32)
        g.node("Cast", "rangef", ["range"], SrcT=INT32, DstT=FLOAT, Truncate=False)
        g.outputs = [g.node("Add", "out", ["x", "rangef"], T=FLOAT)]
        return [("x", a)], [a + np.arange(3, dtype=np.float32)]
    case("range_int32_cast_add")(range_int)

    def range_float(g, rng):
        a = x_input(g, rng, (2, 6))
        for n, v in (("start", 0.5), ("limit", -2.5), ("delta", -0.5)):
            g.const(n, np.float32(v))
        g.node("Range", "range", ["start", "limit", "delta"], Tidx=FLOAT)
        g.outputs = [g.node("Mul", "out", ["x", "range"], T=FLOAT)]
        return [("x", a)], [a * np.arange(0.5, -2.5, -0.5)]
    case("range_float_negative_delta")(range_float)

    # Range over Shape: the limit comes from the input's shape.
    def range_shape(g, rng):
        a = x_input(g, rng, (2, 5))
        g.node("Shape", "shape", ["x"], T=FLOAT, out_type=INT32)
        for n, v in (("begin", [-1]), ("end", [0]), ("strides", [1])):
            g.const(n, c32(v))
        g.node("StridedSlice", "cols", ["shape", "begin", "end", "strides"], T=INT32, Index=INT32,
               begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=1)
        g.const("start", np.int32(0))
        g.const("delta", np.int32(1))
        g.node("Range", "range", ["start", "cols", "delta"], Tidx=INT32)
        g.node("Cast", "rangef", ["range"], SrcT=INT32, DstT=FLOAT, Truncate=False)
        g.outputs = [g.node("Mul", "out", ["x", "rangef"], T=FLOAT)]
        return [("x", a)], [a * np.arange(5, dtype=np.float32)]
    case("range_limit_from_shape")(range_shape)

    def pack(g, rng, axis):
        a = x_input(g, rng, (2, 5, 3))
        b = x_input(g, rng, (2, 5, 3), name="y")
        g.outputs = [g.node("Pack", "out", ["x", "y"], N=2, T=FLOAT, axis=axis)]
        return [("x", a), ("y", b)], [np.stack([a, b], axis=axis)]
    case("pack_axis0")(lambda g, rng: pack(g, rng, 0))
    case("pack_axis_m1")(lambda g, rng: pack(g, rng, -1))

    def pad(g, rng, op, tpad):
        a = x_input(g, rng)
        p = np.asarray([[0, 0], [1, 2], [2, 0], [0, 1]], tpad.np_type)
        g.const("paddings", p)
        ins = ["x", "paddings"]
        value = 0.0
        if op == "PadV2":
            value = 1.5
            g.const("constant_values", np.float32(value))
            ins.append("constant_values")
        g.outputs = [g.node(op, "out", ins, T=FLOAT, Tpaddings=tpad)]
        return [("x", a)], [np.pad(a, p, constant_values=value)]
    case("pad_int32")(lambda g, rng: pad(g, rng, "Pad", INT32))
    case("pad_int64")(lambda g, rng: pad(g, rng, "Pad", INT64))
    case("padv2_constant_1_5")(lambda g, rng: pad(g, rng, "PadV2", INT32))

    def transpose(g, rng, perm, tperm):
        a = x_input(g, rng)
        g.const("perm", np.asarray(perm, tperm.np_type))
        g.outputs = [g.node("Transpose", "out", ["x", "perm"], T=FLOAT, Tperm=tperm)]
        return [("x", a)], [np.transpose(a, perm)]
    case("transpose_nhwc_to_nchw")(lambda g, rng: transpose(g, rng, [0, 3, 1, 2], INT32))
    case("transpose_reverse_int64")(lambda g, rng: transpose(g, rng, [3, 2, 1, 0], INT64))

    def gather_const_indices(g, rng, axis, tind):
        a = x_input(g, rng, (5, 4, 3))
        idx = np.asarray([4, 0, 2, 2] if axis == 0 else [2, 0, 1, 1], tind.np_type)
        g.const("indices", idx)
        g.const("axis", np.int32(axis))
        g.outputs = [g.node("GatherV2", "out", ["x", "indices", "axis"], Tparams=FLOAT,
                            Tindices=tind, Taxis=INT32, batch_dims=0)]
        return [("x", a)], [np.take(a, idx, axis=axis)]
    case("gatherv2_axis0_int32")(lambda g, rng: gather_const_indices(g, rng, 0, INT32))
    case("gatherv2_axis_m1_int64")(lambda g, rng: gather_const_indices(g, rng, -1, INT64))

    # Embedding lookup: the table is a constant, the indices are the model's input.
    def embedding(g, rng):
        table = normal(rng, (10, 4))
        idx = rng.integers(0, 10, (2, 6)).astype(np.int32)
        g.const("table", table)
        placeholder(g, "ids", idx)
        g.const("axis", np.int32(0))
        g.outputs = [g.node("GatherV2", "out", ["table", "ids", "axis"], Tparams=FLOAT,
                            Tindices=INT32, Taxis=INT32, batch_dims=0)]
        return [("ids", idx)], [table[idx]]
    case("gatherv2_embedding_indices_input")(embedding)


_tensor_cases()

# (variant, input shape, begin, end, strides, begin_mask, end_mask, ellipsis_mask,
#  new_axis_mask, shrink_axis_mask)
STRIDED_SLICES = [
    ("basic", (1, 5, 6, 3), [0, 1, 2, 0], [1, 4, 5, 3], [1, 1, 1, 1], 0, 0, 0, 0, 0),
    ("stride2_masks", (1, 7, 8, 3), [0, 1, 0, 0], [0, 0, 7, 2], [1, 2, 3, 1], 1, 2 | 8, 0, 0, 0),
    ("reverse_w", (1, 5, 6, 3), [0, 0, 0, 0], [0, 0, 0, 0], [1, 1, -1, 1], 15, 15, 0, 0, 0),
    ("negative_indices_stride_m2", (1, 7, 8, 3), [0, -1, -2, 0], [1, -6, 0, 3], [1, -2, -2, 1], 0, 0, 0, 0, 0),
    ("shrink_h", (1, 5, 6, 3), [0, 2, 0, 0], [1, 3, 6, 3], [1, 1, 1, 1], 0, 0, 0, 0, 2),
    ("shrink_negative_index", (1, 5, 6, 3), [0, 0, -1, 0], [0, 0, 0, 0], [1, 1, 1, 1], 11, 11, 0, 0, 4),
    ("ellipsis_last_axis", (1, 5, 6, 3), [0, 1], [0, 3], [1, 1], 0, 0, 1, 0, 0),
    ("ellipsis_shrink_channel", (1, 5, 6, 3), [0, 1], [0, 2], [1, 1], 0, 0, 1, 0, 2),
    ("new_axis", (1, 5, 6, 3), [0, 0, 1], [0, 0, 4], [1, 1, 1], 1, 1, 0, 2, 0),
    ("out_of_range_clamped", (1, 5, 6, 3), [0, -100, 2, 0], [1, 100, 100, 3], [1, 1, 1, 1], 0, 0, 0, 0, 0),
    ("reverse_all_stride_m1_rank2", (4, 7), [-1, 5], [0, 0], [-1, -2], 0, 3, 0, 0, 0),
]


def _strided_slice_cases():
    for variant, shape, b, e, s, bm, em, elm, nam, sam in STRIDED_SLICES:
        def ss(g, rng, shape=shape, b=b, e=e, s=s, bm=bm, em=em, elm=elm, nam=nam, sam=sam):
            a = x_input(g, rng, shape)
            for n, v in (("begin", b), ("end", e), ("strides", s)):
                g.const(n, c32(v))
            g.outputs = [g.node("StridedSlice", "out", ["x", "begin", "end", "strides"], T=FLOAT,
                                Index=INT32, begin_mask=bm, end_mask=em, ellipsis_mask=elm,
                                new_axis_mask=nam, shrink_axis_mask=sam)]
            return [("x", a)], [ref.strided_slice(a, b, e, s, bm, em, elm, nam, sam)]
        case("stridedslice_" + variant, fmt="pbtxt" if variant == "ellipsis_shrink_channel" else "pb")(ss)


_strided_slice_cases()

# ----------------------------------------------------------------------------------
# Resizing.


def _resize_cases():
    table = [
        ("up_default", (10, 12), False, False),
        ("up_align_corners", (10, 12), True, False),
        ("up_half_pixel", (10, 12), False, True),
        ("down_half_pixel", (3, 4), False, True),
        ("down_align_corners", (3, 4), True, False),
        ("up_odd_half_pixel", (8, 9), False, True),
    ]
    for op, fn in (("ResizeBilinear", ref.resize_bilinear), ("ResizeNearestNeighbor", ref.resize_nearest)):
        for variant, size, ac, hp in table:
            def resize(g, rng, op=op, fn=fn, size=size, ac=ac, hp=hp):
                a = x_input(g, rng, (1, 5, 6, 3))
                g.const("size", c32(size))
                g.outputs = [g.node(op, "out", ["x", "size"], T=FLOAT, align_corners=ac,
                                    half_pixel_centers=hp)]
                return [("x", a)], [fn(a, size, ac, hp)]
            case("%s_%s" % (op.lower(), variant))(resize)


_resize_cases()

# ----------------------------------------------------------------------------------
# Grappler's and TensorFlow.js's fused operators.

FUSED_CONV = [
    # (variant, fused_ops, padding, strides)
    ("biasadd", ["BiasAdd"], b"SAME", (1, 1)),
    ("biasadd_relu", ["BiasAdd", "Relu"], b"SAME", (2, 2)),
    ("biasadd_relu6", ["BiasAdd", "Relu6"], b"VALID", (1, 1)),
    ("biasadd_elu", ["BiasAdd", "Elu"], b"SAME", (1, 1)),
    ("biasadd_leakyrelu", ["BiasAdd", "LeakyRelu"], b"SAME", (1, 1)),
    ("fusedbatchnorm", ["FusedBatchNorm"], b"SAME", (1, 1)),
    ("fusedbatchnorm_relu", ["FusedBatchNorm", "Relu"], b"SAME", (2, 2)),
    ("biasadd_add", ["BiasAdd", "Add"], b"SAME", (1, 1)),
    ("biasadd_add_relu", ["BiasAdd", "Add", "Relu"], b"SAME", (1, 1)),
]


def _fused_args(g, rng, fused, cout, out_shape):
    """Consts for `args` and a function applying the fused tail to a float64 result."""
    names, steps = [], []
    if fused[0] == "BiasAdd":
        b = normal(rng, (cout,))
        names.append(g.const("bias", b))
        steps.append(lambda y: y + b)
    else:
        p = [normal(rng, (cout,)), normal(rng, (cout,)), normal(rng, (cout,)),
             rng.uniform(0.5, 2.0, (cout,)).astype(np.float32)]
        for n, v in zip(("scale", "offset", "mean", "variance"), p):
            names.append(g.const(n, v))
        steps.append(lambda y: ref.batch_norm(y, p[0], p[1], p[2], p[3], np.float32(0.001)))
    extra = []
    for op in fused[1:]:
        if op == "Add":
            s = normal(rng, out_shape)
            extra.append(("addend", s))
            names.append("addend")
            steps.append(lambda y, s=s: y + s)
        else:
            steps.append(lambda y, op=op: ref.fused_activation(y, op, np.float32(0.3)))

    def apply(y):
        for f in steps:
            y = f(y)
        return y
    return names, apply, extra


def _fused_cases():
    for variant, fused, padding, strides in FUSED_CONV:
        def fconv(g, rng, fused=fused, padding=padding, strides=strides):
            a = x_input(g, rng)
            w = normal(rng, (3, 3, 3, 4), 0.5)
            y = conv_golden(a, w, strides, padding)
            g.const("w", w)
            names, apply, extra = _fused_args(g, rng, fused, 4, y.shape)
            inputs = [("x", a)]
            for n, v in extra:
                placeholder(g, n, v)
                inputs.append((n, v))
            attrs = conv_attrs(strides, padding)
            attrs.update(num_args=len(names), fused_ops=[f.encode() for f in fused], epsilon=0.001)
            if "LeakyRelu" in fused:
                attrs["leakyrelu_alpha"] = 0.3
            g.outputs = [g.node("_FusedConv2D", "out", ["x", "w"] + names, **attrs)]
            return inputs, [apply(y)]
        case("fusedconv2d_" + variant, fmt="pbtxt" if variant == "biasadd_relu" else "pb")(fconv)

    for variant, fused in (("biasadd", ["BiasAdd"]), ("biasadd_relu", ["BiasAdd", "Relu"]),
                           ("biasadd_relu6", ["BiasAdd", "Relu6"]),
                           ("biasadd_leakyrelu", ["BiasAdd", "LeakyRelu"]),
                           ("biasadd_elu", ["BiasAdd", "Elu"])):
        def fmm(g, rng, fused=fused):
            a = x_input(g, rng, (3, 6), 2.0)
            w = normal(rng, (6, 5), 0.5)
            g.const("w", w)
            names, apply, _ = _fused_args(g, rng, fused, 5, None)
            attrs = dict(T=FLOAT, transpose_a=False, transpose_b=False, num_args=len(names),
                         fused_ops=[f.encode() for f in fused], epsilon=0.0001)
            if "LeakyRelu" in fused:
                attrs["leakyrelu_alpha"] = 0.3
            g.outputs = [g.node("_FusedMatMul", "out", ["x", "w"] + names, **attrs)]
            return [("x", a)], [apply(a.astype(np.float64) @ w)]
        case("fusedmatmul_" + variant)(fmm)

    # TensorFlow.js writes FusedDepthwiseConv2dNative; grappler's remapper
    # _FusedDepthwiseConv2dNative. Same attrs.
    for op, fused, strides in (("FusedDepthwiseConv2dNative", ["BiasAdd", "Relu6"], (1, 1)),
                               ("FusedDepthwiseConv2dNative", ["BiasAdd"], (2, 2)),
                               ("_FusedDepthwiseConv2dNative", ["BiasAdd", "Relu"], (1, 1))):
        def fdw(g, rng, op=op, fused=fused, strides=strides):
            a = x_input(g, rng)
            w = normal(rng, (3, 3, 3, 2), 0.5)
            y = conv_golden(a, w, strides, b"SAME", depthwise=True)
            g.const("w", w)
            names, apply, _ = _fused_args(g, rng, fused, 6, y.shape)
            attrs = conv_attrs(strides, b"SAME")
            del attrs["use_cudnn_on_gpu"]
            attrs.update(num_args=len(names), fused_ops=[f.encode() for f in fused])
            g.outputs = [g.node(op, "out", ["x", "w"] + names, **attrs)]
            return [("x", a)], [apply(y)]
        origin = "grappler" if op.startswith("_") else "tfjs"
        case("%s_%s_%s_s%d" % (origin, op.lower().lstrip("_"), "_".join(f.lower() for f in fused),
                               strides[0]))(fdw)


_fused_cases()

# ----------------------------------------------------------------------------------
# Graph-level features: inputs, outputs, constants, control edges, constant control flow.


def _graph_cases():
    # A NoOp reached only through a control edge, and a control edge on Identity.
    def noop(g, rng):
        a = x_input(g, rng)
        g.node("NoOp", "init", [])
        g.node("Identity", "ident", ["x", "^init"], T=FLOAT)
        g.outputs = [g.node("Relu", "out", ["ident"], T=FLOAT)]
        return [("x", a)], [ref.relu(a)]
    case("noop_control_dependency")(noop)

    # PlaceholderWithDefault holding a constant: a frozen graph runs it on its default.
    def with_default(g, rng):
        a = x_input(g, rng)
        d = normal(rng, (3,))
        g.const("default", d)
        g.node("PlaceholderWithDefault", "bias", ["default"], dtype=FLOAT, shape=Shape([3]))
        g.outputs = [g.node("Add", "out", ["x", "bias"], T=FLOAT)]
        return [("x", a)], [a + d]
    case("placeholderwithdefault_constant")(with_default)

    # Keras' TF1 learning-phase switch: the predicate is a PlaceholderWithDefault(False),
    # so the branch is known at compile time.
    def switch(g, rng):
        a = x_input(g, rng)
        g.const("false", np.asarray(False))
        g.node("PlaceholderWithDefault", "keras_learning_phase", ["false"], dtype=BOOL, shape=Shape([]))
        g.node("Switch", "switch", ["x", "keras_learning_phase"], T=FLOAT)
        g.node("Relu", "inference", ["switch"], T=FLOAT)       # output_false
        g.const("half", np.float32(0.5))
        g.node("Mul", "training", ["switch:1", "half"], T=FLOAT)  # output_true
        g.node("Merge", "merge", ["training", "inference"], N=2, T=FLOAT)
        g.outputs = [g.node("Identity", "out", ["merge"], T=FLOAT)]
        return [("x", a)], [ref.relu(a)]
    case("switch_merge_constant_predicate")(switch)

    def two_in_two_out(g, rng):
        a = x_input(g, rng)
        b = x_input(g, rng, (1, 5, 6, 3), name="y")
        g.node("AddV2", "sum", ["x", "y"], T=FLOAT)
        g.node("Sigmoid", "gate", ["sum"], T=FLOAT)
        g.node("Mul", "product", ["gate", "y"], T=FLOAT)
        g.const("axes", c32([1, 2]))
        g.node("Mean", "pooled", ["sum", "axes"], T=FLOAT, Tidx=INT32, keep_dims=False)
        g.outputs = ["product", "pooled"]
        s = a.astype(np.float64) + b
        return [("x", a), ("y", b)], [ref.sigmoid(s) * b, s.mean(axis=(1, 2))]
    case("graph_two_inputs_two_outputs")(two_in_two_out)

    # The data shape names the input as a tensor, "x:0".
    def tensor_name(g, rng):
        a = x_input(g, rng)
        g.outputs = [g.node("Tanh", "out", ["x"], T=FLOAT)]
        return [("x", a)], [np.tanh(a.astype(np.float64))]
    case("graph_input_named_x_colon_0", data_shape='{"x:0":[1,5,6,3]}')(tensor_name)

    def unknown_rank(g, rng):
        a = normal(rng, (1, 5, 6, 3))
        g.placeholder("x", FLOAT, None)
        g.outputs = [g.node("Relu6", "out", ["x"], T=FLOAT)]
        return [("x", a * 4)], [ref.relu6(a * 4)]
    case("graph_placeholder_unknown_rank")(unknown_rank)

    def static_shape(g, rng):
        a = normal(rng, (2, 5, 6, 3))
        g.placeholder("x", FLOAT, [2, 5, 6, 3], output_shapes=True)
        g.node("Elu", "out", ["x"], T=FLOAT, _output_shapes=[Shape([2, 5, 6, 3])],
               device="/job:localhost/replica:0/task:0/device:CPU:0")
        g.outputs = ["out"]
        return [("x", a)], [ref.elu(a.astype(np.float64))]
    case("graph_static_shape_output_shapes_device")(static_shape)

    # A TensorProto with one float_val for many elements: TensorFlow repeats the last
    # value (tf.zeros/tf.ones-style constants); and int64/bool constants in *_val form.
    def splat(g, rng):
        a = x_input(g, rng)
        n = g.graph.node.add()
        n.name = "c"
        n.op = "Const"
        n.attr["dtype"].type = FLOAT.enum
        t = n.attr["value"].tensor
        t.dtype = FLOAT.enum
        for d in (1, 1, 6, 3):
            t.tensor_shape.dim.add().size = d
        t.float_val.append(0.25)
        g._names.add("c")
        g.outputs = [g.node("Mul", "out", ["x", "c"], T=FLOAT)]
        return [("x", a)], [a * 0.25]
    case("graph_const_splat_float_val", fmt="pbtxt")(splat)

    def const_text(g, rng):
        a = x_input(g, rng)
        w = normal(rng, (3, 3, 3, 2), 0.5)
        g.const("w", w)
        g.node("Conv2D", "conv", ["x", "w"], **conv_attrs((1, 1), b"SAME"))
        g.const("axes", c32([1, 2]))
        g.node("Mean", "gap", ["conv", "axes"], T=FLOAT, Tidx=INT32, keep_dims=False)
        g.outputs = [g.node("Softmax", "out", ["gap"], T=FLOAT)]
        y = conv_golden(a, w, (1, 1), b"SAME").mean(axis=(1, 2))
        return [("x", a)], [ref.softmax(y)]
    case("graph_conv_mean_softmax_text", fmt="pbtxt")(const_text)

    # DecodeJpeg on real JPEG bytes (torchvision writes them); goldens from torchvision's
    # decode (libjpeg's accurate integer IDCT, fancy upsampling: TensorFlow's "" and
    # INTEGER_ACCURATE) and PyTorch's convolution.
    def decode_jpeg_conv(g, rng):
        jpeg, img = jpeg_image(rng, 20, 28, 3)
        g.placeholder("contents", STRING, [])
        g.node("DecodeJpeg", "decode", ["contents"], **decode_jpeg_attrs(3, b"INTEGER_ACCURATE"))
        w = normal(rng, (3, 3, 3, 4), 0.5)
        image_conv_graph(g, "decode", w)
        return [("contents", JpegBytes(jpeg, img.shape))], [image_conv_golden(img, w)]
    case("decodejpeg_conv_rgb")(decode_jpeg_conv)

    # channels 0 keeps a grayscale file's one component; dct_method "".
    def decode_jpeg_gray(g, rng):
        jpeg, img = jpeg_image(rng, 17, 23, 1)
        g.placeholder("contents", STRING, [])
        g.node("DecodeJpeg", "decode", ["contents"], **decode_jpeg_attrs(0, b""))
        w = normal(rng, (3, 3, 1, 2), 0.5)
        image_conv_graph(g, "decode", w)
        return [("contents", JpegBytes(jpeg, img.shape))], [image_conv_golden(img, w)]
    case("decodejpeg_gray_channels0")(decode_jpeg_gray)

    # A JPEG held in the graph: decoded when neoc folds constants.
    def decode_jpeg_const(g, rng):
        jpeg, img = jpeg_image(rng, 6, 5, 3)
        n = g._add("Const", "contents", [], {"dtype": STRING})
        n.attr["value"].tensor.dtype = STRING.enum
        n.attr["value"].tensor.tensor_shape.SetInParent()
        n.attr["value"].tensor.string_val.append(jpeg)
        g.node("DecodeJpeg", "decode", ["contents"], **decode_jpeg_attrs(3, b""))
        g.node("Cast", "pixels", ["decode"], SrcT=UINT8, DstT=FLOAT, Truncate=False)
        a = x_input(g, rng, (6, 5, 3))
        g.outputs = [g.node("Mul", "out", ["pixels", "x"], T=FLOAT)]
        return [("x", a)], [img.astype(np.float64) * a]
    case("decodejpeg_constant_folded")(decode_jpeg_const)

    # A MobileNet-style block through TensorFlow 1 spellings: conv + FusedBatchNorm +
    # Relu6, depthwise + FusedBatchNormV3 + Relu6, 1x1 conv, residual AddV2, global
    # mean, flatten by Reshape, MatMul + BiasAdd, Softmax.
    def block(g, rng):
        a = x_input(g, rng, (1, 8, 8, 4))

        def bn(name, src, c, op):
            p = [normal(rng, (c,)), normal(rng, (c,)), normal(rng, (c,)) * 0.1,
                 rng.uniform(0.5, 2.0, (c,)).astype(np.float32)]
            for k, v in zip(("gamma", "beta", "mean", "var"), p):
                g.const("%s/%s" % (name, k), v)
            attrs = dict(T=FLOAT, epsilon=0.001, data_format=NHWC, is_training=False)
            if op != "FusedBatchNorm":
                attrs["U"] = FLOAT
            g.node(op, name, [src] + ["%s/%s" % (name, k) for k in ("gamma", "beta", "mean", "var")], **attrs)
            return lambda y: ref.batch_norm(y, p[0], p[1], p[2], p[3], np.float32(0.001))
        w1 = normal(rng, (3, 3, 4, 8), 0.3)
        g.const("conv1/w", w1)
        g.node("Conv2D", "conv1", ["x", "conv1/w"], **conv_attrs((1, 1), b"SAME"))
        bn1 = bn("bn1", "conv1", 8, "FusedBatchNorm")
        g.node("Relu6", "relu1", ["bn1"], T=FLOAT)
        wd = normal(rng, (3, 3, 8, 1), 0.3)
        g.const("dw/w", wd)
        dwa = conv_attrs((1, 1), b"SAME")
        del dwa["use_cudnn_on_gpu"]
        g.node("DepthwiseConv2dNative", "dw", ["relu1", "dw/w"], **dwa)
        bn2 = bn("bn2", "dw", 8, "FusedBatchNormV3")
        g.node("Relu6", "relu2", ["bn2"], T=FLOAT)
        w2 = normal(rng, (1, 1, 8, 4), 0.3)
        g.const("project/w", w2)
        g.node("Conv2D", "project", ["relu2", "project/w"], **conv_attrs((1, 1), b"VALID"))
        g.node("AddV2", "residual", ["project", "x"], T=FLOAT)
        g.const("axes", c32([1, 2]))
        g.node("Mean", "gap", ["residual", "axes"], T=FLOAT, Tidx=INT32, keep_dims=True)
        g.const("flat_shape", c32([-1, 4]))
        g.node("Reshape", "flat", ["gap", "flat_shape"], T=FLOAT, Tshape=INT32)
        wf = normal(rng, (4, 6))
        bf = normal(rng, (6,))
        g.const("fc/w", wf)
        g.const("fc/b", bf)
        g.node("MatMul", "fc", ["flat", "fc/w"], T=FLOAT, transpose_a=False, transpose_b=False)
        g.node("BiasAdd", "logits", ["fc", "fc/b"], T=FLOAT, data_format=NHWC)
        g.outputs = [g.node("Softmax", "probs", ["logits"], T=FLOAT)]
        y = ref.relu6(bn1(conv_golden(a, w1, (1, 1), b"SAME")))
        y = ref.relu6(bn2(conv_golden(y, wd, (1, 1), b"SAME", depthwise=True)))
        y = conv_golden(y, w2, (1, 1), b"VALID") + a
        y = y.mean(axis=(1, 2)).reshape(-1, 4) @ wf + bf
        return [("x", a)], [ref.softmax(y)]
    case("graph_mobilenet_block")(block)


_graph_cases()

# Cases also written as text (.pbtxt), the same graph through the other parser.
TEXT_TWINS = [
    "conv2d_same_k3_s2_nhwc", "maxpool_same_k3_s2", "fusedbatchnormv3_nchw",
    "mean_axes1_2_keepdims", "resizebilinear_up_half_pixel", "gatherv2_embedding_indices_input",
    "cast_float_to_bool", "reshape_flatten_shape_chain", "fusedmatmul_biasadd_relu",
    "graph_mobilenet_block",
]


def _text_twins():
    by_name = {c.name: c for c in CASES}
    for name in TEXT_TWINS:
        c = by_name[name]
        CASES.append(Case(name + "_pbtxt", c.build, fmt="pbtxt", data_shape=c.data_shape_override))


_text_twins()

# ----------------------------------------------------------------------------------
# Models neoc must reject. The lines are compiler/diagnostics' builders with the wording
# the TensorFlow frontend chose (compiler/frontends/tensorflow, main d5e3acb); the
# PyTorch frontend says "data-dependent control flow" where it says DATA_PREDICATE.

NOT_IMPLEMENTED = "Compilation Error: OperatorNotImplemented: The following operators are not implemented: "
ATTR_NOT_IMPLEMENTED = "Compilation Error: OperatorAttributeNotImplemented: "
VALUE_NOT_VALID = "Compilation Error: OperatorAttributeValueNotValid: "
MALFORMED = "Malformed input error: "
DATA_PREDICATE = "a predicate computed from the model's inputs is not supported in "


@error_case("error_unsupported_cumsum", 30, NOT_IMPLEMENTED + "{'Cumsum'}")
def _cumsum(g, rng):
    a = x_input(g, rng)
    g.const("axis", np.int32(1))
    g.outputs = [g.node("Cumsum", "out", ["x", "axis"], T=FLOAT, Tidx=INT32, exclusive=False,
                        reverse=False)]
    return [("x", a)]


# Both operators reported in one line, sorted, in Python's set notation.
@error_case("error_unsupported_two_operators", 30, NOT_IMPLEMENTED + "{'Einsum', 'TensorListReserve'}")
def _two_unsupported(g, rng):
    a = x_input(g, rng)
    w = normal(rng, (3, 4))
    g.const("w", w)
    g.node("Einsum", "einsum", ["x", "w"], equation=b"bhwc,cd->bhwd", N=2, T=FLOAT)
    g.node("Relu", "relu", ["einsum"], T=FLOAT)
    g.const("element_shape", c32([4]))
    g.const("num_elements", np.int32(3))
    g.node("TensorListReserve", "list", ["element_shape", "num_elements"], element_dtype=FLOAT,
           shape_type=INT32)
    g.outputs = ["relu", "list"]
    return [("x", a)]


def _data_predicate(g):
    """A predicate computed from the input, so it has no compile-time value; made with
    Sum and Cast rather than a comparison, so that only the control flow is refused."""
    g.const("axes", c32([0, 1, 2, 3]))
    g.node("Sum", "total", ["x", "axes"], T=FLOAT, Tidx=INT32, keep_dims=False)
    return g.node("Cast", "pred", ["total"], SrcT=FLOAT, DstT=BOOL, Truncate=False)


@error_case("error_switch_data_predicate", 31, ATTR_NOT_IMPLEMENTED + DATA_PREDICATE + "Switch.")
def _switch(g, rng):
    a = x_input(g, rng)
    _data_predicate(g)
    g.node("Switch", "switch", ["x", "pred"], T=FLOAT)
    g.node("Relu", "negative_branch", ["switch"], T=FLOAT)
    g.node("Neg", "positive_branch", ["switch:1"], T=FLOAT)
    g.node("Merge", "merge", ["negative_branch", "positive_branch"], N=2, T=FLOAT)
    g.outputs = [g.node("Identity", "out", ["merge"], T=FLOAT)]
    return [("x", a)]


@error_case("error_if_data_predicate", 31, ATTR_NOT_IMPLEMENTED + DATA_PREDICATE + "If.")
def _if(g, rng):
    a = x_input(g, rng)
    _data_predicate(g)
    g.function("then_fn", [("x", FLOAT)], [("y", FLOAT)],
               [("Relu", "relu", ["x"], {"T": FLOAT})], {"y": "relu:activations:0"})
    g.function("else_fn", [("x", FLOAT)], [("y", FLOAT)],
               [("Neg", "neg", ["x"], {"T": FLOAT})], {"y": "neg:y:0"})
    g.node("If", "cond", ["pred", "x"], Tcond=BOOL, Tin=[FLOAT], Tout=[FLOAT],
           then_branch=Func("then_fn"), else_branch=Func("else_fn"),
           output_shapes=[Shape([-1, 5, 6, 3])])
    g.outputs = [g.node("Identity", "out", ["cond"], T=FLOAT)]
    return [("x", a)]


@error_case("error_while_data_predicate", 31, ATTR_NOT_IMPLEMENTED + DATA_PREDICATE + "While.")
def _while(g, rng):
    a = x_input(g, rng)
    # cond(x): sum(x) < 100; body(x): x * 2: the trip count depends on the data.
    g.function("cond_fn", [("x", FLOAT)], [("keep_going", BOOL)], [
        ("Const", "axes", [], {"dtype": INT32, "value": c32([0, 1, 2, 3])}),
        ("Sum", "total", ["x", "axes:output:0"], {"T": FLOAT, "Tidx": INT32, "keep_dims": False}),
        ("Const", "limit", [], {"dtype": FLOAT, "value": np.float32(100)}),
        ("Less", "less", ["total:output:0", "limit:output:0"], {"T": FLOAT}),
    ], {"keep_going": "less:z:0"})
    g.function("body_fn", [("x", FLOAT)], [("y", FLOAT)], [
        ("Const", "two", [], {"dtype": FLOAT, "value": np.float32(2)}),
        ("Mul", "double", ["x", "two:output:0"], {"T": FLOAT}),
    ], {"y": "double:z:0"})
    g.node("While", "loop", ["x"], T=[FLOAT], cond=Func("cond_fn"), body=Func("body_fn"),
           output_shapes=[Shape([-1, 5, 6, 3])], parallel_iterations=10)
    g.outputs = [g.node("Identity", "out", ["loop"], T=FLOAT)]
    return [("x", a)]


@error_case("error_fusedbatchnorm_is_training", 31,
            ATTR_NOT_IMPLEMENTED + "is_training=true is not supported in FusedBatchNorm.")
def _bn_training(g, rng):
    a = x_input(g, rng)
    for n in ("scale", "offset"):
        g.const(n, normal(rng, (3,)))
    # Training mode: mean and variance are computed from the batch, the inputs empty.
    for n in ("mean", "variance"):
        g.const(n, np.zeros((0,), np.float32))
    g.node("FusedBatchNorm", "bn", ["x", "scale", "offset", "mean", "variance"], T=FLOAT,
           epsilon=0.001, data_format=NHWC, is_training=True)
    g.outputs = [g.node("Identity", "out", ["bn"], T=FLOAT)]
    return [("x", a)]


@error_case("error_conv2d_data_format_ncdhw", 31,
            ATTR_NOT_IMPLEMENTED + "data_format NCDHW is not supported in Conv2D.")
def _ncdhw(g, rng):
    a = x_input(g, rng)
    g.const("w", normal(rng, (3, 3, 3, 4)))
    attrs = conv_attrs((1, 1), b"SAME")
    attrs["data_format"] = b"NCDHW"
    g.outputs = [g.node("Conv2D", "out", ["x", "w"], **attrs)]
    return [("x", a)]


@error_case("error_conv2d_missing_padding", 32,
            "Compilation Error: OperatorAttributeRequired: Required attribute padding not "
            "found in Conv2D.")
def _no_padding(g, rng):
    a = x_input(g, rng)
    g.const("w", normal(rng, (3, 3, 3, 4)))
    attrs = conv_attrs((1, 1), b"SAME")
    del attrs["padding"]
    g.outputs = [g.node("Conv2D", "out", ["x", "w"], **attrs)]
    return [("x", a)]


@error_case("error_maxpool_data_format_nchw_vect_c", 31,
            ATTR_NOT_IMPLEMENTED + "data_format NCHW_VECT_C is not supported in MaxPool.")
def _vect_c(g, rng):
    a = x_input(g, rng)
    g.outputs = [g.node("MaxPool", "out", ["x"], T=FLOAT, ksize=[1, 1, 2, 2], strides=[1, 1, 2, 2],
                        padding=b"VALID", data_format=b"NCHW_VECT_C")]
    return [("x", a)]


@error_case("error_resize_align_corners_and_half_pixel", 33,
            VALUE_NOT_VALID + "The value of attribute align_corners in operator ResizeBilinear "
            "and half_pixel_centers cannot both be true.")
def _resize_both(g, rng):
    a = x_input(g, rng)
    g.const("size", c32([10, 12]))
    g.outputs = [g.node("ResizeBilinear", "out", ["x", "size"], T=FLOAT, align_corners=True,
                        half_pixel_centers=True)]
    return [("x", a)]


def _jpeg_model(g, rng, **attrs):
    g.placeholder("contents", STRING, [])
    a = decode_jpeg_attrs(3, b"")
    a.update(attrs)
    g.node("DecodeJpeg", "decode", ["contents"], **a)
    g.outputs = [g.node("Cast", "out", ["decode"], SrcT=UINT8, DstT=FLOAT, Truncate=False)]
    return [("contents", JpegBytes(b"", (4, 6, 3)))]


error_case("error_decodejpeg_try_recover_truncated", 31,
           ATTR_NOT_IMPLEMENTED + "try_recover_truncated is not supported in DecodeJpeg.")(
    lambda g, rng: _jpeg_model(g, rng, try_recover_truncated=True))
error_case("error_decodejpeg_acceptable_fraction", 31,
           ATTR_NOT_IMPLEMENTED + "acceptable_fraction is not supported in DecodeJpeg.")(
    lambda g, rng: _jpeg_model(g, rng, acceptable_fraction=0.5))
error_case("error_decodejpeg_dct_method_float", 33,
           VALUE_NOT_VALID + "The value of attribute dct_method in operator DecodeJpeg must be "
           "'', 'INTEGER_FAST' or 'INTEGER_ACCURATE'.")(
    lambda g, rng: _jpeg_model(g, rng, dct_method=b"INTEGER_FLOAT"))
error_case("error_decodejpeg_data_shape_batch", 40,
           MALFORMED + "The data shape of input 'contents' (JPEG bytes for DecodeJpeg 'decode') "
           "must be the decoded image's [height, width, channels]; it gives [1,4,6,3].",
           data_shape='{"contents":[1,4,6,3]}')(_jpeg_model)


# A string input is JPEG bytes for DecodeJpeg, or nothing neoc compiles.
@error_case("error_string_input_not_decoded", 31,
            ATTR_NOT_IMPLEMENTED + "input contents of type DT_STRING read by Reshape 'out' (only "
            "DecodeJpeg may read string inputs) is not supported in Placeholder.")
def _string_reshape(g, rng):
    g.placeholder("contents", STRING, [])
    g.const("shape", c32([1]))
    g.outputs = [g.node("Reshape", "out", ["contents", "shape"], T=STRING, Tshape=INT32)]
    return [("contents", JpegBytes(b"", (4, 6, 3)))]


def _relu_model(g, rng):
    a = x_input(g, rng)
    g.outputs = [g.node("Relu", "out", ["x"], T=FLOAT)]
    return [("x", a)]


error_case("error_data_shape_dimension_mismatch", 40,
           MALFORMED + "dimension 3 of input 'x' is 3 in the model but the data shape gives 4: [1,5,6,4]",
           data_shape='{"x":[1,5,6,4]}')(_relu_model)
error_case("error_data_shape_rank_mismatch", 40,
           MALFORMED + "input 'x' has rank 4 in the model but the data shape gives rank 3: [5,6,3]",
           data_shape='{"x":[5,6,3]}')(_relu_model)
error_case("error_data_shape_unknown_input", 40,
           MALFORMED + "input 'y' in the data shape is not an input of the model; the model's "
           "inputs are: 'x'", data_shape='{"y":[1,5,6,3]}')(_relu_model)
# The loader's rule, checked before any frontend runs.
error_case("error_two_graph_files", 20,
           "Load Error: InputConfiguration: Exactly one .pb or .pbtxt file is allowed for "
           "TensorFlow model.", members=[("extra.pbtxt", b"")])(_relu_model)


# ----------------------------------------------------------------------------------
# Inventory, status, cases.bzl.

STATUS_HEADER = """\
# Status of every TensorFlow test case (see docs/tensorflow-cases.md).
#   <case>\\tpass     model case: compiled by the build and compared with its goldens
#   <case>\\terror    error case: neoc must fail with the case's exact line and exit code
#   <case>\\ttodo     not compiled by the build (model or error case)
# An optional third column is a note. After editing, run
#   /usr/bin/python3 tools/tensorflow/make_cases.py write_bzl
# or flip in one step: make_cases.py flip pass <case>...
# tools/tensorflow/try_cases.sh shows which todo cases pass with the current neoc.
"""

def spec_operators(path):
    return case_status.spec_operators(path, "tensorflow", 57)


def check_coverage(spec):
    used = set()
    for c in CASES:
        if c.kind == "model":
            used |= set(c.ops())
    missing = [op for op in spec + EXTRA_OPS if op not in used]
    if missing:
        raise SystemExit("no model case uses: %s" % ", ".join(missing))


def inventory_digest():
    h = hashlib.sha256()
    for c in CASES:
        h.update(json.dumps(c.metadata(), sort_keys=True).encode())
        h.update(hashlib.sha256(c.graph_bytes()).digest())
    return h.hexdigest()


def render_bzl(merged, digest):
    out = ['"""Generated by tools/tensorflow/make_cases.py write_bzl: do not edit.\n\n'
           "The TensorFlow test cases: per case its kind (model or error), graph format,\n"
           "data_shape, input/output dtypes, output tensors, operators, the expected error\n"
           'line of error cases, and the status from status.txt."""\n\n',
           "DIGEST = %s\n\n" % json.dumps(digest), "CASES = [\n"]
    keys = ["name", "status", "kind", "format", "data_shape", "num_inputs", "num_outputs",
            "input_dtypes", "output_dtypes", "outputs", "ops", "exit_code", "expected"]
    for c in CASES:
        m = c.metadata()
        m["status"] = merged[c.name][0]
        out.append("    {\n")
        for k in keys:
            if k in m:
                out.append("        %s: %s,\n" % (json.dumps(k), json.dumps(m[k])))
        out.append("    },\n")
    out.append("]\n")
    return "".join(out)


def check_cases(args):
    return lambda: check_coverage(spec_operators(args.spec))


def cmd_inventory(args):
    spec = spec_operators(args.spec)
    counts = {}
    for c in CASES:
        if c.kind == "model":
            for op in c.ops():
                counts[op] = counts.get(op, 0) + 1
    for op in spec + [o for o in EXTRA_OPS if o not in spec] + sorted(set(counts) - set(spec) - set(EXTRA_OPS)):
        print("%s\t%d" % (op, counts.get(op, 0)))
    print("model cases\t%d\nerror cases\t%d\npbtxt cases\t%d" % (
        sum(c.kind == "model" for c in CASES), sum(c.kind == "error" for c in CASES),
        sum(c.fmt == "pbtxt" for c in CASES)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("command", choices=["emit", "write_bzl", "check", "flip", "list", "inventory"])
    p.add_argument("to", nargs="?", help="flip: the new status")
    p.add_argument("cases", nargs="*", help="flip: the cases")
    p.add_argument("--spec", default=DEFAULT_SPEC)
    p.add_argument("--bzl", default=DEFAULT_BZL)
    p.add_argument("--status", default=DEFAULT_STATUS)
    p.add_argument("--graph_pb2", default="",
                   help="graph_pb2.py from //compiler/frontends/tensorflow/proto:tf_proto_py; "
                        "default: generate with the system protoc")
    p.add_argument("--out_dir")
    p.add_argument("--expect_digest", default="")
    args = p.parse_args()
    if args.command == "emit" and not args.out_dir:
        p.error("emit needs --out_dir")
    if args.command == "flip" and args.to not in case_status.STATUSES:
        p.error("flip <pass|error|todo> <case>...")
    gb.load_protos(args.graph_pb2 or None, REPO)
    suite = case_status.Suite("tools/tensorflow/make_cases.py", CASES, STATUS_HEADER, render_bzl,
                              inventory_digest, check_cases(args))
    return {"emit": suite.emit, "write_bzl": suite.write_bzl, "check": suite.check,
            "flip": suite.flip, "list": suite.list, "inventory": cmd_inventory}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())

"""Writes small quantized ONNX models laid out as ONNX Runtime's quantization tooling
writes them, each with an input and the numpy reference's output:

  qdq_convnet        static quantization, QDQ format (quantize_static's default since
                     ORT 1.11): uint8 activations through QuantizeLinear ->
                     DequantizeLinear pairs around float Conv / Relu /
                     GlobalAveragePool / Gemm, int8 weights per output channel
                     (DequantizeLinear axis 0, zero point 0), int32 biases with scale
                     x_scale * w_scale. Scales calibrated by min/max on random batches.
                     Outputs the classifier and the second convolution's dequantized
                     features. Reference: the same graph in numpy with float64
                     arithmetic ("float-simulated"), so a compiled model may differ where
                     a value sits within rounding error of a quantization boundary: the
                     test allows one quantum.
  qoperator_convnet  static quantization, QOperator format: QuantizeLinear ->
                     QLinearConv (int8 activations, per-channel int8 weights, bias) ->
                     QLinearConv (stride 2) -> Reshape -> QLinearMatMul ->
                     DequantizeLinear. Reference: ONNX's definitions in numpy (int32
                     accumulation, float32 multiplier, float64 product): exact.
  dynamic_convnet    dynamic quantization (quantize_dynamic): DynamicQuantizeLinear ->
                     ConvInteger (uint8 weights with a zero point) -> Cast -> Mul by
                     x_scale * w_scale -> Add bias -> Relu -> Flatten ->
                     DynamicQuantizeLinear -> MatMulInteger (int8 weights) -> Cast -> Mul
                     -> Add. Reference: the same float32 operations in numpy: exact.

  /usr/bin/python3 tools/testdata/make_quantized_onnx.py --out_dir DIR
writes DIR/<model>.tar.gz (one <model>.onnx, opset 13), <model>_input.npy and
<model>_golden.npy (<model>_golden1.npy for a second output) for each. Deterministic: fixed seeds, deterministic tarballs.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
from onnx import TensorProto, checker, helper, numpy_helper, shape_inference  # noqa: E402

import deterministic_tar as dt  # noqa: E402

OPSET = 13
RANGES = {np.uint8: (0, 255), np.int8: (-128, 127)}


# --- numpy definitions (ONNX's semantics) ---------------------------------------------

def quantize(x, scale, zp, axis=None):
    """QuantizeLinear: float32 division, halves to even, zero point, saturation."""
    dtype = zp.dtype.type
    lo, hi = RANGES[dtype]
    if axis is not None:
        shape = [1] * x.ndim
        shape[axis] = -1
        scale, zp = scale.reshape(shape), zp.reshape(shape)
    q = np.rint((x.astype(np.float32) / np.float32(scale)).astype(np.float32))
    return np.clip(q + zp.astype(np.float64), lo, hi).astype(dtype)


def dequantize(q, scale, zp, axis=None):
    if axis is not None:
        shape = [1] * q.ndim
        shape[axis] = -1
        scale, zp = scale.reshape(shape), zp.reshape(shape)
    return ((q.astype(np.float32) - zp.astype(np.float32)) * scale).astype(np.float32)


def conv(x, w, b=None, stride=1, pad=0):
    """NCHW cross-correlation in float64 (or exact int64 for integer inputs)."""
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    acc_type = np.int64 if np.issubdtype(x.dtype, np.integer) else np.float64
    xp = np.zeros((n, c, h + 2 * pad, wd + 2 * pad), acc_type)
    xp[:, :, pad:pad + h, pad:pad + wd] = x
    oh = (h + 2 * pad - kh) // stride + 1
    ow = (wd + 2 * pad - kw) // stride + 1
    y = np.zeros((n, o, oh, ow), acc_type)
    for ky in range(kh):
        for kx in range(kw):
            patch = xp[:, :, ky:ky + stride * (oh - 1) + 1:stride, kx:kx + stride * (ow - 1) + 1:stride]
            y += np.einsum("nchw,oc->nohw", patch, w[:, :, ky, kx].astype(acc_type))
    if b is not None:
        y += b.reshape(1, -1, 1, 1)
    return y


def requantize(acc, multiplier, zp):
    """QLinearConv/QLinearMatMul: acc * float32 multiplier in float64, + zp, rint, clip."""
    lo, hi = RANGES[zp.dtype.type]
    return np.clip(np.rint(acc.astype(np.float64) * multiplier.astype(np.float64) + zp),
                   lo, hi).astype(zp.dtype)


def dynamic_quantize(x):
    """DynamicQuantizeLinear in float32, as ONNX's reference."""
    x_max = np.float32(max(0.0, float(np.max(x))))
    x_min = np.float32(min(0.0, float(np.min(x))))
    scale = np.float32(1.0) if x_max == x_min else np.float32(x_max - x_min) / np.float32(255)
    zp = np.rint(np.clip(np.float32(0) - x_min / scale, 0, 255))
    y = np.clip(np.rint((x / scale).astype(np.float32)) + zp, 0, 255).astype(np.uint8)
    return y, np.float32(scale), np.uint8(zp)


def calibrate_uint8(values):
    """ORT's MinMax calibration, asymmetric uint8: the range stretched to include 0."""
    rmin, rmax = min(0.0, float(np.min(values))), max(0.0, float(np.max(values)))
    scale = np.float32((rmax - rmin) / 255.0)
    zp = np.uint8(np.clip(np.rint(-rmin / scale), 0, 255))
    return np.array(scale, np.float32), np.array(zp, np.uint8)


def calibrate_int8(values):
    """Asymmetric int8 activations ([-128, 127])."""
    rmin, rmax = min(0.0, float(np.min(values))), max(0.0, float(np.max(values)))
    scale = np.float32((rmax - rmin) / 255.0)
    zp = np.int8(np.clip(np.rint(-128 - rmin / scale), -128, 127))
    return np.array(scale, np.float32), np.array(zp, np.int8)


def symmetric_per_channel(w):
    """int8 weights, zero point 0, one scale per output channel (max |w| / 127)."""
    scale = (np.abs(w).reshape(w.shape[0], -1).max(axis=1) / 127.0).astype(np.float32)
    q = np.clip(np.rint(w / scale.reshape((-1,) + (1,) * (w.ndim - 1))), -127, 127)
    return q.astype(np.int8), scale


# --- graph helpers -------------------------------------------------------------------

class Graph:
    def __init__(self):
        self.nodes, self.inits = [], []

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(self, op, inputs, outputs, **attrs):
        self.nodes.append(helper.make_node(op, inputs, outputs, name=outputs[0] + "_node", **attrs))
        return outputs[0]

    def model(self, name, inputs, outputs):
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        model = helper.make_model(graph, producer_name="neo-quantization-fixtures",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 7
        checker.check_model(shape_inference.infer_shapes(model), full_check=True)
        return model.SerializeToString()


def tensor(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


# --- the models ----------------------------------------------------------------------

def qdq_convnet(rng):
    w1 = rng.normal(0, 0.3, (8, 3, 3, 3)).astype(np.float32)
    b1 = rng.normal(0, 0.1, 8).astype(np.float32)
    w2 = rng.normal(0, 0.15, (16, 8, 3, 3)).astype(np.float32)
    b2 = rng.normal(0, 0.1, 16).astype(np.float32)
    w3 = rng.normal(0, 0.3, (10, 16)).astype(np.float32)
    b3 = rng.normal(0, 0.1, 10).astype(np.float32)

    def float_net(x):
        a1 = np.maximum(conv(x, w1, b1, 1, 1), 0)
        a2 = np.maximum(conv(a1, w2, b2, 2, 1), 0)
        pooled = a2.mean(axis=(2, 3))
        return [a1, a2, pooled, pooled @ w3.T + b3]

    # Calibration: min/max of every quantized tensor over random batches.
    calib = rng.normal(0, 1, (16, 3, 16, 16)).astype(np.float32)
    acts = float_net(calib)
    s0, z0 = calibrate_uint8(calib)
    (s1, z1), (s2, z2), (s3, z3), (s4, z4) = [calibrate_uint8(a) for a in acts]
    q1, ws1 = symmetric_per_channel(w1)
    q2, ws2 = symmetric_per_channel(w2)
    q3, ws3 = symmetric_per_channel(w3)
    bq1 = np.rint(b1 / (s0 * ws1)).astype(np.int32)
    bq2 = np.rint(b2 / (s1 * ws2)).astype(np.int32)
    bq3 = np.rint(b3 / (s3 * ws3)).astype(np.int32)

    g = Graph()

    def qdq(x, s, z, tag):
        q = g.node("QuantizeLinear", [x, g.init(tag + "_scale", s), g.init(tag + "_zero_point", z)],
                   [tag + "_quantized"])
        return g.node("DequantizeLinear", [q, tag + "_scale", tag + "_zero_point"], [tag + "_dequantized"])

    def weight(q, s, tag):
        return g.node("DequantizeLinear", [g.init(tag + "_quantized", q), g.init(tag + "_scale", s),
                                           g.init(tag + "_zero_point", np.zeros(len(s), np.int8))],
                      [tag], axis=0)

    def bias(q, s, tag):
        return g.node("DequantizeLinear", [g.init(tag + "_quantized", q), g.init(tag + "_scale", s),
                                           g.init(tag + "_zero_point", np.zeros(len(s), np.int32))],
                      [tag], axis=0)

    x = qdq("data", s0, z0, "data")
    c1 = g.node("Conv", [x, weight(q1, ws1, "w1"), bias(bq1, (s0 * ws1).astype(np.float32), "b1")],
                ["conv1"], pads=[1, 1, 1, 1])
    r1 = qdq(g.node("Relu", [c1], ["relu1"]), s1, z1, "relu1")
    c2 = g.node("Conv", [r1, weight(q2, ws2, "w2"), bias(bq2, (s1 * ws2).astype(np.float32), "b2")],
                ["conv2"], pads=[1, 1, 1, 1], strides=[2, 2])
    r2 = qdq(g.node("Relu", [c2], ["relu2"]), s2, z2, "relu2")
    pooled = qdq(g.node("GlobalAveragePool", [r2], ["pool"]), s3, z3, "pool")
    flat = g.node("Flatten", [pooled], ["flat"])
    fc = g.node("Gemm", [flat, weight(q3, ws3, "w3"), bias(bq3, (s3 * ws3).astype(np.float32), "b3")],
                ["fc"], transB=1)
    g.node("DequantizeLinear", [g.node("QuantizeLinear", [fc, g.init("fc_scale", s4),
                                                           g.init("fc_zero_point", z4)],
                                       ["fc_quantized"]), "fc_scale", "fc_zero_point"], ["output"])
    model = g.model("qdq_convnet", [tensor("data", TensorProto.FLOAT, [1, 3, 16, 16])],
                    [tensor("output", TensorProto.FLOAT, [1, 10]),
                     tensor("relu2_dequantized", TensorProto.FLOAT, [1, 16, 8, 8])])

    # The float-simulated reference: every DequantizeLinear(QuantizeLinear(.)) in numpy,
    # float operators in float64.
    def sim(v, s, z):
        return dequantize(quantize(v, s, z), s, z)

    data = rng.normal(0, 1, (1, 3, 16, 16)).astype(np.float32)
    dw1 = dequantize(q1, ws1, np.zeros(8, np.int8), 0)
    dw2 = dequantize(q2, ws2, np.zeros(16, np.int8), 0)
    dw3 = dequantize(q3, ws3, np.zeros(10, np.int8), 0)
    db1 = dequantize(bq1, (s0 * ws1).astype(np.float32), np.zeros(8, np.int32))
    db2 = dequantize(bq2, (s1 * ws2).astype(np.float32), np.zeros(16, np.int32))
    db3 = dequantize(bq3, (s3 * ws3).astype(np.float32), np.zeros(10, np.int32))
    a = sim(data, s0, z0)
    a = sim(np.maximum(conv(a, dw1, db1, 1, 1), 0).astype(np.float32), s1, z1)
    features = sim(np.maximum(conv(a, dw2, db2, 2, 1), 0).astype(np.float32), s2, z2)
    a = sim(features.astype(np.float64).mean(axis=(2, 3)).astype(np.float32), s3, z3)
    out = sim((a.astype(np.float64) @ dw3.T.astype(np.float64) + db3).astype(np.float32), s4, z4)
    return model, data, [out, features]


def qoperator_convnet(rng):
    w1 = rng.normal(0, 0.3, (8, 3, 3, 3)).astype(np.float32)
    b1 = rng.normal(0, 0.1, 8).astype(np.float32)
    w2 = rng.normal(0, 0.15, (12, 8, 3, 3)).astype(np.float32)
    b2 = rng.normal(0, 0.1, 12).astype(np.float32)
    w3 = rng.normal(0, 0.05, (12 * 4 * 4, 10)).astype(np.float32)
    calib = rng.normal(0, 1, (16, 3, 8, 8)).astype(np.float32)
    a1 = conv(calib, w1, b1, 1, 1)
    a2 = conv(a1, w2, b2, 2, 1)
    a3 = a2.reshape(16, -1) @ w3
    (s0, z0), (s1, z1), (s2, z2), (s3, z3) = [calibrate_int8(a) for a in (calib, a1, a2, a3)]
    q1, ws1 = symmetric_per_channel(w1)
    q2, ws2 = symmetric_per_channel(w2)
    # QLinearMatMul's b per tensor: symmetric over the whole [K, N] matrix.
    ws3 = np.array(np.abs(w3).max() / 127.0, np.float32)
    q3 = np.clip(np.rint(w3 / ws3), -127, 127).astype(np.int8)
    bq1 = np.rint(b1 / (s0 * ws1)).astype(np.int32)
    bq2 = np.rint(b2 / (s1 * ws2)).astype(np.int32)

    g = Graph()
    i = g.init
    x = g.node("QuantizeLinear", ["data", i("s0", s0), i("z0", z0)], ["data_quantized"])
    y1 = g.node("QLinearConv", [x, "s0", "z0", i("w1", q1), i("ws1", ws1), i("wz1", np.zeros(8, np.int8)),
                                i("s1", s1), i("z1", z1), i("b1", bq1)], ["conv1"], pads=[1, 1, 1, 1])
    y2 = g.node("QLinearConv", [y1, "s1", "z1", i("w2", q2), i("ws2", ws2), i("wz2", np.zeros(12, np.int8)),
                                i("s2", s2), i("z2", z2), i("b2", bq2)], ["conv2"],
                pads=[1, 1, 1, 1], strides=[2, 2])
    flat = g.node("Reshape", [y2, i("flat_shape", np.array([1, -1], np.int64))], ["flat"])
    y3 = g.node("QLinearMatMul", [flat, "s2", "z2", i("w3", q3), i("ws3", ws3), i("wz3", np.int8(0)),
                                  i("s3", s3), i("z3", z3)], ["fc"])
    g.node("DequantizeLinear", [y3, "s3", "z3"], ["output"])
    model = g.model("qoperator_convnet", [tensor("data", TensorProto.FLOAT, [1, 3, 8, 8])],
                    [tensor("output", TensorProto.FLOAT, [1, 10])])

    def mult(a_scale, b_scale, y_scale):
        return ((np.float32(a_scale) * b_scale.astype(np.float32)).astype(np.float32) /
                np.float32(y_scale)).astype(np.float32)

    data = rng.normal(0, 1, (1, 3, 8, 8)).astype(np.float32)
    xq = quantize(data, s0, z0)
    acc1 = conv(xq.astype(np.int64) - int(z0), q1.astype(np.int64), bq1.astype(np.int64), 1, 1)
    y1 = requantize(acc1, mult(s0, ws1, s1).reshape(1, -1, 1, 1), z1)
    acc2 = conv(y1.astype(np.int64) - int(z1), q2.astype(np.int64), bq2.astype(np.int64), 2, 1)
    y2 = requantize(acc2, mult(s1, ws2, s2).reshape(1, -1, 1, 1), z2)
    acc3 = (y2.reshape(1, -1).astype(np.int64) - int(z2)) @ q3.astype(np.int64)
    y3 = requantize(acc3, mult(s2, ws3, s3), z3)
    return model, data, [dequantize(y3, s3, z3)]


def dynamic_convnet(rng):
    w1 = rng.normal(0, 0.3, (6, 4, 3, 3)).astype(np.float32)
    b1 = rng.normal(0, 0.1, 6).astype(np.float32)
    w2 = rng.normal(0, 0.05, (6 * 6 * 6, 10)).astype(np.float32)
    b2 = rng.normal(0, 0.1, 10).astype(np.float32)
    # ConvInteger's weights as uint8 with a zero point (asymmetric), MatMulInteger's as
    # symmetric int8, the two forms quantize_dynamic writes.
    w1_min, w1_max = min(0.0, float(w1.min())), max(0.0, float(w1.max()))
    ws1 = np.float32((w1_max - w1_min) / 255.0)
    wz1 = np.uint8(np.rint(-w1_min / ws1))
    q1 = np.clip(np.rint(w1 / ws1) + wz1, 0, 255).astype(np.uint8)
    ws2 = np.float32(np.abs(w2).max() / 127.0)
    q2 = np.clip(np.rint(w2 / ws2), -127, 127).astype(np.int8)

    g = Graph()
    i = g.init
    g.node("DynamicQuantizeLinear", ["data"], ["x1", "x1_scale", "x1_zero_point"])
    g.node("ConvInteger", ["x1", i("w1", q1), "x1_zero_point", i("w1_zero_point", np.array(wz1))],
           ["acc1"])
    g.node("Cast", ["acc1"], ["acc1_float"], to=TensorProto.FLOAT)
    g.node("Mul", ["x1_scale", i("w1_scale", np.array(ws1))], ["scale1"])
    g.node("Mul", ["acc1_float", "scale1"], ["conv1"])
    g.node("Add", ["conv1", i("b1", b1.reshape(1, 6, 1, 1))], ["conv1_bias"])
    g.node("Relu", ["conv1_bias"], ["relu1"])
    g.node("Flatten", ["relu1"], ["flat"])
    g.node("DynamicQuantizeLinear", ["flat"], ["x2", "x2_scale", "x2_zero_point"])
    g.node("MatMulInteger", ["x2", i("w2", q2), "x2_zero_point", i("w2_zero_point", np.int8(0))],
           ["acc2"])
    g.node("Cast", ["acc2"], ["acc2_float"], to=TensorProto.FLOAT)
    g.node("Mul", ["x2_scale", i("w2_scale", np.array(ws2))], ["scale2"])
    g.node("Mul", ["acc2_float", "scale2"], ["fc"])
    g.node("Add", ["fc", i("b2", b2)], ["output"])
    model = g.model("dynamic_convnet", [tensor("data", TensorProto.FLOAT, [1, 4, 8, 8])],
                    [tensor("output", TensorProto.FLOAT, [1, 10])])

    data = rng.normal(0, 1, (1, 4, 8, 8)).astype(np.float32)
    x1, x1s, x1z = dynamic_quantize(data)
    acc1 = conv(x1.astype(np.int64) - int(x1z), q1.astype(np.int64) - int(wz1)).astype(np.int32)
    conv1 = acc1.astype(np.float32) * np.float32(x1s * ws1)
    relu1 = np.maximum((conv1 + b1.reshape(1, 6, 1, 1)).astype(np.float32), 0)
    x2, x2s, x2z = dynamic_quantize(relu1.reshape(1, -1))
    acc2 = ((x2.astype(np.int64) - int(x2z)) @ q2.astype(np.int64)).astype(np.int32)
    out = (acc2.astype(np.float32) * np.float32(x2s * ws2) + b2).astype(np.float32)
    return model, data, [out]


MODELS = {"qdq_convnet": qdq_convnet, "qoperator_convnet": qoperator_convnet,
          "dynamic_convnet": dynamic_convnet}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    for seed, (name, make) in enumerate(sorted(MODELS.items())):
        model, data, goldens = make(np.random.default_rng(1000 + seed))
        dt.write_file(os.path.join(args.out_dir, name + ".tar.gz"),
                      dt.files_tar_gz([(name + ".onnx", model)]))
        np.save(os.path.join(args.out_dir, name + "_input.npy"), data)
        for k, golden in enumerate(goldens):
            suffix = "_golden.npy" if k == 0 else "_golden%d.npy" % k
            np.save(os.path.join(args.out_dir, name + suffix), golden.astype(np.float32))


if __name__ == "__main__":
    main()

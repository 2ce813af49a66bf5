"""Writes quantization_cases.inc: random cases for the Quantize, QuantizedMatMul and
QuantizedConv2D kernels with their expected outputs computed here by numpy, following
ONNX's operator definitions (opsets 10 and 13) independently of the C++ reference:

  QuantizeLinear    y = clip(rint(x / scale) + zero_point)        (float32 division)
  DequantizeLinear  y = (x - zero_point) * scale                  (float32)
  MatMulInteger     int32 numpy.matmul of (a - a_zp) and (b - b_zp)
  QLinearMatMul     clip(rint(acc * float32(float32(a_s * b_s) / y_s) + y_zp)), the
                    product in float64 as numpy promotes int32 * float32
  ConvInteger,      the same over a convolution written here with numpy (NCHW; the
  QLinearConv       test transposes to the kernels' NHWC)

Run by the //kernels:quantization_cases genrule with Debian's python3 (numpy):
  /usr/bin/python3 kernels/testdata/gen_quantization_cases.py > quantization_cases.inc
"""
import sys

import numpy as np

RNG = np.random.default_rng(20240601)
RANGES = {"u8": (0, 255), "s8": (-128, 127)}
ENUM = {"u8": "ElementType::kUInt8", "s8": "ElementType::kInt8", "s32": "ElementType::kInt32"}


def ints(a):
    return "{" + ", ".join(str(int(v)) for v in np.asarray(a).flatten()) + "}"


def floats(a):
    # Hexadecimal literals: every float32 reads back exactly.
    return "{" + ", ".join(float(v).hex() for v in np.asarray(a, np.float32).flatten()) + "}"


def rand_q(kind, shape):
    lo, hi = RANGES[kind]
    return RNG.integers(lo, hi + 1, size=shape).astype(np.int32)


def rand_scale(n, lo=1e-3, hi=0.05):
    return RNG.uniform(lo, hi, size=n).astype(np.float32)


def quantize(x, scale, zp, kind):
    lo, hi = RANGES[kind]
    ratio = (x / scale).astype(np.float32)
    return np.clip(np.rint(ratio).astype(np.float64) + zp, lo, hi).astype(np.int32)


def requantize(acc, multiplier, zp, kind):
    lo, hi = RANGES[kind]
    d = acc.astype(np.float64) * multiplier.astype(np.float64) + zp
    return np.clip(np.rint(d), lo, hi).astype(np.int32)


def multiplier(a_scale, b_scale, y_scale):
    return ((np.float32(a_scale) * b_scale.astype(np.float32)).astype(np.float32) /
            np.float32(y_scale)).astype(np.float32)


def emit_quantize():
    print("#ifdef QUANTIZE_CASES")
    # (direction, type, shape, axis or None)
    configs = [("q", "u8", (2, 3, 4, 5), None), ("q", "s8", (7, 9), None),
               ("q", "u8", (2, 3, 4, 5), 1), ("q", "s8", (3, 4, 5), 2), ("q", "s8", (6, 4), 0),
               ("d", "u8", (2, 3, 4, 5), None), ("d", "s8", (4, 6), 1), ("d", "u8", (5, 2, 3), 0),
               ("d", "s32", (3, 8), None)]
    for direction, kind, shape, axis in configs:
        channels = shape[axis] if axis is not None else 1
        outer = int(np.prod(shape[:axis])) if axis is not None else 1
        inner = int(np.prod(shape[axis + 1:])) if axis is not None else int(np.prod(shape))
        scale = rand_scale(channels, 0.01, 0.5)
        # Every other channel's scale a power of two, so that the halves below are exact
        # ties of x / scale.
        scale[::2] = (2.0 ** -RNG.integers(0, 4, size=scale[::2].size)).astype(np.float32)
        if kind == "s32":
            zp = np.zeros(channels, np.int32)
        else:
            zp = rand_q(kind, channels)
        bshape = [1] * len(shape)
        if axis is not None:
            bshape[axis] = channels
        s_b, zp_b = scale.reshape(bshape), zp.reshape(bshape)
        if direction == "q":
            # Values that reach past both ends of the range, and exact halves (ties).
            x = RNG.uniform(-80.0, 80.0, size=shape).astype(np.float32)
            flat = x.reshape(-1)
            ties = (RNG.integers(-60, 60, size=flat.size // 4) + np.float32(0.5))
            flat[: ties.size] = (ties * np.broadcast_to(s_b, shape).reshape(-1)[: ties.size])
            x = flat.reshape(shape).astype(np.float32)
            y = quantize(x, s_b, zp_b, kind)
            data_in, data_out = floats(x), ints(y)
        else:
            if kind == "s32":
                x = RNG.integers(-100000, 100000, size=shape).astype(np.int32)
            else:
                x = rand_q(kind, shape)
            y = ((x.astype(np.float32) - zp_b.astype(np.float32)) * s_b).astype(np.float32)
            data_in, data_out = ints(x), floats(y)
        print('{"%s_%s_%s_%s", QuantizeDirection::%s, %s, %d, %d, %d, %s, %s, %s, %s, %s},' % (
            "quantize" if direction == "q" else "dequantize", kind,
            "x".join(map(str, shape)), "tensor" if axis is None else "axis%d" % axis,
            "kQuantize" if direction == "q" else "kDequantize", ENUM[kind], outer, channels,
            inner, "true" if axis is not None else "false", floats(scale), ints(zp),
            data_in, data_out))
    print("#endif")


def emit_matmul():
    print("#ifdef MATMUL_CASES")
    # (a_shape, b_shape, a type, b type, output type, a_zp per row, b_zp per col,
    #  b_scale per col)
    configs = [((4, 3), (3, 2), "u8", "u8", "s32", False, False, False),
               ((5, 7), (7, 9), "s8", "s8", "s32", True, True, False),
               ((3, 17), (17, 70), "u8", "s8", "s32", False, True, False),
               ((2, 3, 5), (5, 4), "s8", "u8", "s32", False, False, False),
               ((2, 4), (4, 3), "u8", "u8", "u8", False, False, False),
               ((6, 33), (33, 65), "s8", "s8", "s8", False, True, True),
               ((2, 1, 3, 8), (4, 8, 5), "u8", "s8", "u8", False, True, True),
               ((1, 4, 16), (3, 1, 16, 2), "s8", "u8", "s8", False, False, True)]
    for a_shape, b_shape, at, bt, ot, a_row, b_col, bs_col in configs:
        a, b = rand_q(at, a_shape), rand_q(bt, b_shape)
        m, n = a_shape[-2], b_shape[-1]
        a_zp = rand_q(at, m if a_row else 1)
        b_zp = rand_q(bt, n if b_col else 1)
        a_d = a - (a_zp.reshape(m, 1) if a_row else a_zp[0])
        b_d = b - (b_zp.reshape(1, n) if b_col else b_zp[0])
        acc = np.matmul(a_d.astype(np.int64), b_d.astype(np.int64)).astype(np.int32)
        if ot == "s32":
            scales = ("{}", "{}", "{}", "{}")
            y = acc
        else:
            k = a_shape[-1]
            a_scale = rand_scale(1)
            b_scale = rand_scale(n if bs_col else 1)
            # An output scale that keeps most results inside the range.
            spread = float(np.std(acc)) or 1.0
            y_scale = np.float32(a_scale[0] * float(np.mean(b_scale)) * spread / 40.0)
            y_zp = rand_q(ot, 1)
            mult = multiplier(a_scale[0], b_scale, y_scale)
            y = requantize(acc, mult.reshape(1, -1) if bs_col else mult[0], y_zp[0], ot)
            scales = (floats(a_scale), floats(b_scale), floats([y_scale]), ints(y_zp))
        print('{{%s}, {%s}, {%s}, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s},' % (
            ", ".join(map(str, a_shape)), ", ".join(map(str, b_shape)),
            ", ".join(map(str, acc.shape)), ENUM[at], ENUM[bt], ENUM[ot],
            "true" if a_row else "false", "true" if b_col else "false",
            "true" if bs_col else "false", ints(a), ints(b), ints(a_zp), ints(b_zp),
            scales[0], scales[1], scales[2], scales[3], ints(y)))
    print("#endif")


def conv_nchw(x, w, stride, dilation, pads, groups):
    """x [N, C, H, W], w [O, C/groups, KH, KW] (int64, zero points already removed),
    pads [top, left, bottom, right]: the cross-correlation ONNX's Conv computes."""
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = np.zeros((n, c, h + pads[0] + pads[2], wd + pads[1] + pads[3]), np.int64)
    xp[:, :, pads[0]:pads[0] + h, pads[1]:pads[1] + wd] = x
    oh = (h + pads[0] + pads[2] - (kh - 1) * dilation[0] - 1) // stride[0] + 1
    ow = (wd + pads[1] + pads[3] - (kw - 1) * dilation[1] - 1) // stride[1] + 1
    y = np.zeros((n, o, oh, ow), np.int64)
    og = o // groups
    for oc in range(o):
        g = oc // og
        for ky in range(kh):
            for kx in range(kw):
                rows = xp[:, g * cg:(g + 1) * cg,
                          ky * dilation[0]: ky * dilation[0] + stride[0] * (oh - 1) + 1: stride[0],
                          kx * dilation[1]: kx * dilation[1] + stride[1] * (ow - 1) + 1: stride[1]]
                y[:, oc] += np.einsum("nchw,c->nhw", rows, w[oc, :, ky, kx])
    return y


def emit_conv():
    print("#ifdef CONV_CASES")
    # (x shape NCHW, O, kernel, stride, dilation, pads, groups, x type, w type, out type,
    #  w_zp per channel, w_scale per channel, bias)
    configs = [((1, 1, 3, 3), 1, (2, 2), (1, 1), (1, 1), (1, 1, 1, 1), 1, "u8", "u8", "s32",
                False, False, False),
               ((2, 6, 7, 8), 4, (3, 3), (2, 1), (1, 1), (1, 0, 2, 1), 2, "s8", "u8", "s32",
                True, False, False),
               ((1, 5, 9, 9), 7, (3, 2), (1, 2), (2, 1), (2, 1, 0, 1), 1, "u8", "s8", "s32",
                False, False, False),
               ((1, 3, 8, 8), 6, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), 1, "u8", "u8", "u8",
                False, False, True),
               ((2, 8, 6, 5), 8, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), 8, "s8", "s8", "s8",
                True, True, True),
               ((1, 16, 5, 5), 12, (1, 1), (1, 1), (1, 1), (0, 0, 0, 0), 4, "s8", "s8", "s8",
                False, True, False),
               ((1, 4, 10, 7), 5, (5, 3), (2, 2), (1, 2), (2, 2, 2, 2), 1, "u8", "s8", "u8",
                True, True, True)]
    for (xs, o, k, st, dl, pads, groups, xt, wt, ot, wzp_ch, ws_ch, has_bias) in configs:
        x = rand_q(xt, xs)
        w = rand_q(wt, (o, xs[1] // groups) + k)
        x_zp = rand_q(xt, 1)
        w_zp = rand_q(wt, o if wzp_ch else 1)
        w_d = w - (w_zp.reshape(o, 1, 1, 1) if wzp_ch else w_zp[0])
        acc = conv_nchw((x - x_zp[0]).astype(np.int64), w_d.astype(np.int64), st, dl, pads, groups)
        bias = RNG.integers(-5000, 5000, size=o).astype(np.int32) if has_bias else np.zeros(0, np.int32)
        if has_bias:
            acc = acc + bias.reshape(1, o, 1, 1)
        acc = acc.astype(np.int32)
        if ot == "s32":
            scales = ("{}", "{}", "{}", "{}")
            y = acc
        else:
            x_scale = rand_scale(1)
            w_scale = rand_scale(o if ws_ch else 1)
            spread = float(np.std(acc)) or 1.0
            y_scale = np.float32(x_scale[0] * float(np.mean(w_scale)) * spread / 40.0)
            y_zp = rand_q(ot, 1)
            mult = multiplier(x_scale[0], w_scale, y_scale)
            y = requantize(acc, mult.reshape(1, o, 1, 1) if ws_ch else mult[0], y_zp[0], ot)
            scales = (floats(x_scale), floats(w_scale), floats([y_scale]), ints(y_zp))
        print('{{%s}, %d, {%d, %d}, {%d, %d}, {%d, %d}, {%s}, %d, %s, %s, %s, %s, %s, %s, '
              '%s, %s, %s, %s, %s, %s, %s, %s, %s, %s},' % (
                  ", ".join(map(str, xs)), o, k[0], k[1], st[0], st[1], dl[0], dl[1],
                  ", ".join(map(str, pads)), groups, ENUM[xt], ENUM[wt], ENUM[ot],
                  "true" if wzp_ch else "false", "true" if ws_ch else "false",
                  "true" if has_bias else "false",
                  ints(x.transpose(0, 2, 3, 1)), ints(w), ints(x_zp), ints(w_zp), ints(bias),
                  scales[0], scales[1], scales[2], scales[3], ints(y.transpose(0, 2, 3, 1))))
    print("#endif")


def main():
    print("// Generated by kernels/testdata/gen_quantization_cases.py (numpy). Do not edit.")
    emit_quantize()
    emit_matmul()
    emit_conv()


if __name__ == "__main__":
    sys.exit(main())

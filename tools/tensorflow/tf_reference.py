"""TensorFlow's operator semantics in numpy (and PyTorch for the convolutions), the
reference the TensorFlow test cases' goldens come from. Nothing here runs TensorFlow or
neoc: each function is written from TensorFlow's documented and registered behaviour.

Layouts follow TensorFlow: activations NHWC unless a function takes `nchw`, conv
filters HWIO ([kh, kw, in, out]), depthwise filters [kh, kw, in, multiplier].
Arithmetic is float64; the goldens are rounded to float32 at the end.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F


def same_pads(size, k, s, d=1):
    """TensorFlow's SAME: the output is ceil(size / s) and the padding needed for it is
    split with the smaller half before, so an odd total pads one more at the end."""
    eff = (k - 1) * d + 1
    out = -(-size // s)
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def spatial_pads(padding, hw, ksize, strides, dilations=(1, 1), explicit=None):
    """((top, bottom), (left, right)) for padding b"SAME"/b"VALID"/b"EXPLICIT";
    `explicit` is the ((top, bottom), (left, right)) of explicit_paddings."""
    if padding == b"VALID":
        return (0, 0), (0, 0)
    if padding == b"EXPLICIT":
        return explicit
    return tuple(same_pads(hw[i], ksize[i], strides[i], dilations[i]) for i in range(2))


def to_nchw(x):
    return np.transpose(x, (0, 3, 1, 2))


def to_nhwc(x):
    return np.transpose(x, (0, 2, 3, 1))


def _torch(a):
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float64))


def conv2d(x, w, strides, pads, dilations=(1, 1), depthwise=False):
    """NHWC x, HWIO filter (depthwise: [kh, kw, in, mult], output channel c * mult + m)."""
    t = F.pad(_torch(to_nchw(x)), (pads[1][0], pads[1][1], pads[0][0], pads[0][1]))
    if depthwise:
        kh, kw, cin, mult = w.shape
        wt = _torch(np.transpose(w, (2, 3, 0, 1)).reshape(cin * mult, 1, kh, kw))
        groups = cin
    else:
        wt = _torch(np.transpose(w, (3, 2, 0, 1)))
        groups = 1
    y = F.conv2d(t, wt, stride=tuple(strides), dilation=tuple(dilations), groups=groups)
    return to_nhwc(y.numpy())


def conv2d_backprop_input(input_sizes, w, dy, strides, pads, dilations=(1, 1)):
    """Conv2DBackpropInput is by definition the gradient of Conv2D with respect to its
    input: autograd of the forward convolution gives it without a second formula."""
    x = torch.zeros(tuple(int(v) for v in (input_sizes[0], input_sizes[3], input_sizes[1],
                                           input_sizes[2])),
                    dtype=torch.float64, requires_grad=True)
    t = F.pad(x, (pads[1][0], pads[1][1], pads[0][0], pads[0][1]))
    y = F.conv2d(t, _torch(np.transpose(w, (3, 2, 0, 1))), stride=tuple(strides),
                 dilation=tuple(dilations))
    if tuple(y.shape) != (dy.shape[0], dy.shape[3], dy.shape[1], dy.shape[2]):
        raise ValueError("out_backprop %s does not fit conv output %s" % (dy.shape, tuple(y.shape)))
    y.backward(_torch(to_nchw(dy)))
    return to_nhwc(x.grad.numpy())


def pool(x, ksize, strides, pads, kind):
    """NHWC max or average pooling; the average divides by the window's elements inside
    the input only, as TensorFlow's AvgPool does for SAME."""
    n, h, w, c = x.shape
    (pt, pb), (pl, pr) = pads
    oh = (h + pt + pb - ksize[0]) // strides[0] + 1
    ow = (w + pl + pr - ksize[1]) // strides[1] + 1
    out = np.zeros((n, oh, ow, c))
    for i in range(oh):
        for j in range(ow):
            h0, w0 = i * strides[0] - pt, j * strides[1] - pl
            win = x[:, max(h0, 0):min(h0 + ksize[0], h), max(w0, 0):min(w0 + ksize[1], w), :]
            win = win.reshape(n, -1, c).astype(np.float64)
            out[:, i, j, :] = win.max(axis=1) if kind == "max" else win.mean(axis=1)
    return out


def _resize_scale(in_size, out_size, align_corners):
    # float32, as TensorFlow's CalculateResizeScale
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def resize_bilinear(x, size, align_corners=False, half_pixel_centers=False):
    n, h, w, c = x.shape

    def weights(in_size, out_size):
        scale = _resize_scale(in_size, out_size, align_corners)
        rows = []
        for o in range(out_size):
            if half_pixel_centers:
                src = (np.float32(o) + np.float32(0.5)) * scale - np.float32(0.5)
            else:
                src = np.float32(o) * scale
            lower = max(int(math.floor(src)), 0)
            upper = min(int(math.ceil(src)), in_size - 1)
            rows.append((lower, upper, float(src) - math.floor(float(src))))
        return rows

    out = np.zeros((n, size[0], size[1], c))
    xd = x.astype(np.float64)
    for i, (y0, y1, fy) in enumerate(weights(h, size[0])):
        for j, (x0, x1, fx) in enumerate(weights(w, size[1])):
            top = xd[:, y0, x0] + (xd[:, y0, x1] - xd[:, y0, x0]) * fx
            bottom = xd[:, y1, x0] + (xd[:, y1, x1] - xd[:, y1, x0]) * fx
            out[:, i, j] = top + (bottom - top) * fy
    return out


def resize_nearest(x, size, align_corners=False, half_pixel_centers=False):
    n, h, w, c = x.shape

    def index(in_size, out_size):
        scale = _resize_scale(in_size, out_size, align_corners)
        idx = []
        for o in range(out_size):
            if half_pixel_centers:
                src = (np.float32(o) + np.float32(0.5)) * scale
            else:
                src = np.float32(o) * scale
            # roundf: halves away from zero (all values here are >= 0)
            v = int(math.floor(float(src) + 0.5)) if align_corners else int(math.floor(src))
            v = min(v, in_size - 1)
            idx.append(max(v, 0) if half_pixel_centers else v)
        return idx

    return x[:, index(h, size[0])][:, :, index(w, size[1])]


def lrn(x, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5):
    """TensorFlow's LRN: over the last axis, sqr_sum[c] = sum of x^2 over channels
    c - r .. c + r (clipped), y = x / (bias + alpha * sqr_sum) ** beta. alpha is not
    divided by the window size (ONNX's and Caffe's LRN divide it)."""
    xd = x.astype(np.float64)
    c = x.shape[-1]
    out = np.empty_like(xd)
    for k in range(c):
        lo, hi = max(0, k - depth_radius), min(c, k + depth_radius + 1)
        s = (xd[..., lo:hi] ** 2).sum(axis=-1)
        out[..., k] = xd[..., k] / (bias + alpha * s) ** beta
    return out


def strided_slice(x, begin, end, strides, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0):
    """TensorFlow's masks map one to one onto numpy's basic indexing: ellipsis -> ...,
    new axis -> None, shrink -> the integer begin, masked begin/end -> an open slice
    end; clamping and negative strides/indices follow the same rules in both."""
    index = []
    for i in range(len(begin)):
        bit = 1 << i
        if ellipsis_mask & bit:
            index.append(Ellipsis)
        elif new_axis_mask & bit:
            index.append(None)
        elif shrink_axis_mask & bit:
            index.append(int(begin[i]))
        else:
            index.append(slice(None if begin_mask & bit else int(begin[i]),
                               None if end_mask & bit else int(end[i]),
                               int(strides[i])))
    return x[tuple(index)]


def batch_norm(x, scale, offset, mean, var, eps, nchw=False):
    shape = (1, -1, 1, 1) if nchw else (1, 1, 1, -1)
    r = lambda v: np.asarray(v, np.float64).reshape(shape)
    return (x - r(mean)) * r(scale) / np.sqrt(r(var) + eps) + r(offset)


def relu(x):
    return np.maximum(x, 0)


def relu6(x):
    return np.minimum(np.maximum(x, 0), 6)


def elu(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def selu(x):
    return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0)))


def leaky_relu(x, alpha=0.2):
    return np.where(x > 0, x, alpha * x)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x):
    """Over the last axis: TensorFlow's Softmax has no axis attribute."""
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def fused_activation(x, op, leakyrelu_alpha=0.2):
    return {"Relu": relu, "Relu6": relu6, "Elu": elu,
            "LeakyRelu": lambda v: leaky_relu(v, leakyrelu_alpha)}[op](x)

"""MXNet's operator semantics in numpy (float64) and PyTorch (convolutions), for the
goldens of tools/mxnet/make_cases.py. Nothing here runs MXNet or neoc.

Written from MXNet 1.9.1's definitions (src/operator/...; read, not copied). The facts
each function relies on are in its docstring; docs/mxnet-cases.md has the table.
"""

import math

import numpy as np

F64 = np.float64


def f64(a):
    return np.asarray(a, dtype=F64)


def _torch():
    import torch
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    return torch


# ----------------------------------------------------------------------------------
# Convolutions (NCHW, weights OIHW as MXNet stores them).

def convolution(x, w, b=None, stride=(1, 1), pad=(0, 0), dilate=(1, 1), num_group=1):
    """Convolution / Convolution_v1: weight [num_filter, C/num_group, kh, kw], bias
    [num_filter]; symmetric pad (pad_h, pad_w); out = (in + 2p - d(k-1) - 1) / s + 1."""
    torch = _torch()
    F = torch.nn.functional
    y = F.conv2d(torch.from_numpy(f64(x)), torch.from_numpy(f64(w)),
                 None if b is None else torch.from_numpy(f64(b)),
                 stride=tuple(stride), padding=tuple(pad), dilation=tuple(dilate),
                 groups=num_group)
    return y.numpy()


def deconv_pads(in_hw, kernel, stride, dilate, pad, adj, target_shape):
    """Deconvolution's InferPad: with a non-zero target_shape, per axis
    total = s * (in - 1) + d * (k - 1) + 1, p = total - target, adj = p % 2,
    pad = (p + 1) // 2 (pad and adj attributes are then ignored)."""
    if target_shape and any(t != 0 for t in target_shape):
        pads, adjs = [], []
        for i in range(2):
            total = stride[i] * (in_hw[i] - 1) + dilate[i] * (kernel[i] - 1) + 1
            p = total - target_shape[i]
            if p < 0:
                raise ValueError("too big target shape")
            adjs.append(p % 2)
            pads.append((p + 1) // 2)
        return tuple(pads), tuple(adjs)
    return tuple(pad), tuple(adj)


def deconvolution(x, w, b=None, stride=(1, 1), pad=(0, 0), adj=(0, 0), dilate=(1, 1),
                  num_group=1, target_shape=None):
    """Deconvolution: weight [C, num_filter/num_group, kh, kw] (PyTorch's
    conv_transpose2d layout); out = s(in-1) + d(k-1) + 1 - 2 pad + adj."""
    torch = _torch()
    F = torch.nn.functional
    pads, adjs = deconv_pads(x.shape[2:], w.shape[2:], stride, dilate, pad, adj, target_shape)
    y = F.conv_transpose2d(torch.from_numpy(f64(x)), torch.from_numpy(f64(w)),
                           None if b is None else torch.from_numpy(f64(b)),
                           stride=tuple(stride), padding=pads, output_padding=adjs,
                           groups=num_group, dilation=tuple(dilate))
    return y.numpy()


# ----------------------------------------------------------------------------------
# Pooling.

def pool_out_size(n, k, s, p, convention):
    if convention == "valid":
        return 1 + (n + 2 * p - k) // s
    if convention == "full":
        return 1 + int(math.ceil(float(n + 2 * p - k) / s))
    if convention == "same":
        return int(math.ceil(float(n + 2 * p) / s))
    raise ValueError(convention)


def pooling(x, kernel, pool_type="max", stride=(1, 1), pad=(0, 0), convention="valid",
            global_pool=False, count_include_pad=True):
    """Pooling (src/operator/nn/pool.h, CPU NCHW). global_pool: kernel = (H, W), pad 0,
    stride 1. Window rows [ph*s - p, ...): max over the part inside the input (padding
    never wins); sum likewise; avg divides by the window clipped to the PADDED input
    (min(start + k, H + p) - start) when count_include_pad (the default), else by the
    window clipped to the input."""
    x = f64(x)
    n, c, h, w = x.shape
    if global_pool:
        kernel, stride, pad = (h, w), (1, 1), (0, 0)
    oh = pool_out_size(h, kernel[0], stride[0], pad[0], convention)
    ow = pool_out_size(w, kernel[1], stride[1], pad[1], convention)
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            hs, ws = i * stride[0] - pad[0], j * stride[1] - pad[1]
            he, we = min(hs + kernel[0], h + pad[0]), min(ws + kernel[1], w + pad[1])
            size = (he - hs) * (we - ws)
            hs0, ws0, he0, we0 = max(hs, 0), max(ws, 0), min(he, h), min(we, w)
            win = x[:, :, hs0:he0, ws0:we0]
            if pool_type == "max":
                y[:, :, i, j] = win.max(axis=(2, 3))
            elif pool_type == "sum":
                y[:, :, i, j] = win.sum(axis=(2, 3))
            elif pool_type == "avg":
                if not count_include_pad:
                    size = (he0 - hs0) * (we0 - ws0)
                y[:, :, i, j] = win.sum(axis=(2, 3)) / size
            else:
                raise ValueError(pool_type)
    return y


def pooling_v1(x, kernel, pool_type="max", stride=(1, 1), pad=(0, 0), convention="valid",
               global_pool=False):
    """Pooling_v1 (src/operator/pooling_v1-inl.h, mshadow pool over pad(data)): the input
    is padded with ZEROS, which take part in max; each window is clipped to the padded
    input (the "full" convention's last window may be short); avg always divides by
    kernel_h * kernel_w (H * W for global_pool, whose pad is 0)."""
    x = f64(x)
    n, c, h, w = x.shape
    if global_pool:
        kernel, stride, pad = (h, w), (1, 1), (0, 0)
    oh = pool_out_size(h, kernel[0], stride[0], pad[0], convention)
    ow = pool_out_size(w, kernel[1], stride[1], pad[1], convention)
    xp = np.pad(x, ((0, 0), (0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    ph, pw = xp.shape[2:]
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            hs, ws = i * stride[0], j * stride[1]
            win = xp[:, :, hs:min(hs + kernel[0], ph), ws:min(ws + kernel[1], pw)]
            if pool_type == "max":
                y[:, :, i, j] = win.max(axis=(2, 3))
            elif pool_type == "sum":
                y[:, :, i, j] = win.sum(axis=(2, 3))
            else:
                y[:, :, i, j] = win.sum(axis=(2, 3)) / (kernel[0] * kernel[1])
    return y


# ----------------------------------------------------------------------------------
# Normalisation.

def batch_norm(x, gamma, beta, mean, var, eps=1e-3, fix_gamma=True, axis=1):
    """BatchNorm / BatchNorm_v1 at inference (moving statistics, whatever
    use_global_stats says): (x - mean) / sqrt(var + eps) * gamma + beta, gamma taken as 1
    when fix_gamma (the default); eps defaults to 1e-3 and is a float32 parameter."""
    x = f64(x)
    shape = [1] * x.ndim
    shape[axis] = -1
    g = np.ones_like(f64(gamma)) if fix_gamma else f64(gamma)
    eps = F64(np.float32(eps))
    return ((x - f64(mean).reshape(shape)) / np.sqrt(f64(var).reshape(shape) + eps)
            * g.reshape(shape) + f64(beta).reshape(shape))


def lrn(x, nsize, alpha=1e-4, beta=0.75, knorm=2.0):
    """LRN across channels: x / (knorm + alpha / nsize * sum(x^2 over c-nsize//2 ..
    c+nsize//2, clipped))^beta."""
    x = f64(x)
    c = x.shape[1]
    sq = x * x
    acc = np.zeros_like(x)
    half = nsize // 2
    for ch in range(c):
        lo, hi = max(0, ch - half), min(c, ch + half + 1)
        acc[:, ch] = sq[:, lo:hi].sum(axis=1)
    return x / (F64(np.float32(knorm)) + F64(np.float32(alpha)) / nsize * acc) ** F64(np.float32(beta))


# ----------------------------------------------------------------------------------
# Activations.

SELU_LAMBDA = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


def activation(x, act_type):
    """Activation: relu, sigmoid, tanh, softrelu log(1 + e^x), softsign x / (1 + |x|)."""
    x = f64(x)
    return {
        "relu": lambda: np.maximum(x, 0),
        "sigmoid": lambda: 1 / (1 + np.exp(-x)),
        "tanh": lambda: np.tanh(x),
        "softrelu": lambda: np.logaddexp(0, x),
        "softsign": lambda: x / (1 + np.abs(x)),
    }[act_type]()


def erf(x):
    return np.vectorize(math.erf)(x)


def leaky_relu(x, act_type="leaky", slope=0.25, lower_bound=0.125, upper_bound=0.334, gamma=None):
    """LeakyReLU: leaky x>0 ? x : slope x; prelu with gamma per channel (axis 1; one value
    broadcasts); elu slope (e^x - 1) below 0; rrelu at inference is leaky with slope
    (lower_bound + upper_bound) / 2; selu lambda (x or alpha (e^x - 1)); gelu
    0.5 x (1 + erf(x / sqrt 2))."""
    x = f64(x)
    s = F64(np.float32(slope))
    if act_type == "leaky":
        return np.where(x > 0, x, s * x)
    if act_type == "prelu":
        g = f64(gamma)
        if g.size > 1:
            g = g.reshape([1, -1] + [1] * (x.ndim - 2))
        return np.where(x > 0, x, g * x)
    if act_type == "elu":
        return np.where(x > 0, x, s * np.expm1(x))
    if act_type == "rrelu":
        m = (F64(np.float32(lower_bound)) + F64(np.float32(upper_bound))) / 2
        return np.where(x > 0, x, m * x)
    if act_type == "selu":
        return SELU_LAMBDA * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))
    if act_type == "gelu":
        return 0.5 * x * (1 + erf(x / math.sqrt(2)))
    raise ValueError(act_type)


def softmax(x, axis=-1, temperature=None):
    x = f64(x) / (1.0 if temperature is None else F64(temperature))
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis=-1, temperature=None):
    x = f64(x) / (1.0 if temperature is None else F64(temperature))
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def softmax_output(x, multi_output=False, preserve_shape=False):
    """SoftmaxOutput (alias Softmax) forward: multi_output -> softmax over axis 1;
    preserve_shape -> over the last axis; else over everything but axis 0 (data seen as
    [N, size / N]); the output keeps the input's shape. The label is not read."""
    x = f64(x)
    if multi_output:
        return softmax(x, axis=1)
    if preserve_shape:
        return softmax(x, axis=-1)
    return softmax(x.reshape(x.shape[0], -1), axis=1).reshape(x.shape)


def softmax_activation(x, mode="instance"):
    """SoftmaxActivation: instance -> over all but axis 0; channel -> over axis 1."""
    x = f64(x)
    if mode == "channel":
        return softmax(x, axis=1)
    return softmax(x.reshape(x.shape[0], -1), axis=1).reshape(x.shape)


# ----------------------------------------------------------------------------------
# Dense.

def fully_connected(x, w, b=None, flatten=True):
    """FullyConnected: weight [num_hidden, K]; flatten -> x seen as [N, prod(rest)];
    else over the last axis, leading axes kept."""
    x = f64(x)
    if flatten:
        x = x.reshape(x.shape[0], -1)
    y = x @ f64(w).T
    return y if b is None else y + f64(b)


# ----------------------------------------------------------------------------------
# Shapes.

def reshape_shape(dshape, shape, reverse=False):
    """MXNet's InferReshapeShape: 0 copies a dim, -1 infers one (at the index of the -1 in
    `shape`), -2 copies the rest, -3 merges two, -4 splits one into the next two values
    (one may be -1); `reverse` applies the rules from the right."""
    d = list(dshape)
    p = list(shape)
    if reverse:
        d, p = d[::-1], p[::-1]
    tmp, src, inf = [], 0, -1
    i = 0
    while i < len(p):
        v = p[i]
        if v == 0:
            tmp.append(d[src])
            src += 1
        elif v == -1:
            assert inf < 0
            inf = i
            tmp.append(1)
            src += 1
        elif v == -2:
            tmp += d[src:]
            src = len(d)
        elif v == -3:
            tmp.append(d[src] * d[src + 1])
            src += 2
        elif v == -4:
            d0 = d[src]
            src += 1
            d1, d2 = p[i + 1], p[i + 2]
            i += 2
            if d1 == -1:
                d1 = d0 // d2
            if d2 == -1:
                d2 = d0 // d1
            assert d1 * d2 == d0
            tmp += [d1, d2]
        else:
            tmp.append(v)
            src += 1
        i += 1
    if inf >= 0:
        tmp[inf] = int(np.prod(dshape)) // int(np.prod(tmp))
    if reverse:
        tmp = tmp[::-1]
    assert int(np.prod(tmp)) == int(np.prod(dshape)), (dshape, shape, tmp)
    return tuple(tmp)


def crop(x, out_hw, offset=(0, 0), center_crop=False):
    """Crop (NCHW): to out_hw = the reference input's (H, W) (num_args 2) or h_w;
    offset (y, x), or ((H - h) // 2, (W - w) // 2) with center_crop."""
    h, w = x.shape[2:]
    if center_crop:
        offset = ((h - out_hw[0]) // 2, (w - out_hw[1]) // 2)
    return f64(x)[:, :, offset[0]:offset[0] + out_hw[0], offset[1]:offset[1] + out_hw[1]]


def slice_like(x, like_shape, axes=()):
    """slice_like: the first like_shape[a] elements along each axis in axes (all axes
    when empty); negative axes count from the end."""
    axes = range(x.ndim) if not axes else [a % x.ndim for a in axes]
    idx = [slice(None)] * x.ndim
    for a in axes:
        idx[a] = slice(0, like_shape[a])
    return f64(x)[tuple(idx)]


def broadcast_to(x, shape):
    """broadcast_to: a 0 keeps the input's dimension."""
    shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
    return np.broadcast_to(f64(x), shape)


def upsampling_nearest(xs, scale, multi_input_mode="concat"):
    """UpSampling nearest: out H = in0 H * scale; input i is repeated by out H / its H;
    several inputs are concatenated on axis 1 or summed (multi_input_mode)."""
    oh = xs[0].shape[2] * scale
    ups = []
    for x in xs:
        s = oh // x.shape[2]
        ups.append(f64(x).repeat(s, axis=2).repeat(s, axis=3))
    if len(ups) == 1:
        return ups[0]
    if multi_input_mode == "sum":
        return sum(ups)
    return np.concatenate(ups, axis=1)


def split(x, num_outputs, axis=1, squeeze_axis=False):
    """SliceChannel / split: num_outputs equal parts along axis; squeeze_axis drops it
    (each part then has size 1 there)."""
    parts = np.split(f64(x), num_outputs, axis=axis)
    if squeeze_axis:
        parts = [np.squeeze(p, axis=axis) for p in parts]
    return parts


def _axes(ndim, axis, exclude):
    if axis is None:
        axes = tuple(range(ndim))
    else:
        axes = tuple(a % ndim for a in np.atleast_1d(axis))
    if exclude:
        axes = tuple(a for a in range(ndim) if a not in axes)
    return axes


def reduce(x, op, axis=None, keepdims=False, exclude=False):
    """sum/max/min (and *_axis): axis None or () is every axis (result shape (1,)
    without keepdims), exclude reduces the axes NOT listed."""
    if axis == ():
        axis = None
    axes = _axes(np.ndim(x), axis, exclude)
    fn = {"sum": np.sum, "max": np.max, "min": np.min}[op]
    r = fn(f64(x), axis=axes, keepdims=keepdims)
    return r.reshape(1) if np.ndim(r) == 0 else r  # MXNet 1.x has no 0-d arrays


def argmax(x, axis=None, keepdims=False):
    """argmax: float32 indices; axis None is the flattened input, shape (1,) (keepdims:
    all ones); MXNet 1.x has no 0-d arrays."""
    x = f64(x)
    if axis is None:
        r = np.argmax(x.reshape(-1))
        r = np.asarray(r).reshape([1] * x.ndim if keepdims else (1,))
    else:
        r = np.argmax(x, axis=axis)
        if keepdims:
            r = np.expand_dims(r, axis)
    return r.astype(np.float32)


def transpose(x, axes=()):
    return np.transpose(f64(x), None if not axes else axes)

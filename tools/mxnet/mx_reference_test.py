"""Checks mx_reference against PyTorch where MXNet's rule and PyTorch's coincide, and
against loops written independently where they do not (Pooling_v1's zero padding,
count_include_pad with the full convention, Deconvolution's target_shape)."""

import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mx_reference as ref  # noqa: E402

rng = np.random.default_rng(0)
x = rng.standard_normal((2, 3, 7, 8))
t = torch.from_numpy(x)


def close(a, b, what):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or not np.allclose(a, b, atol=1e-10, rtol=1e-10):
        raise SystemExit("FAIL %s: %s vs %s, max diff %s" % (what, a.shape, b.shape,
                         np.abs(a - b).max() if a.shape == b.shape else "-"))
    print("ok  ", what)


# Pooling: valid convention, max ignores padding, avg without/with the padding counted.
close(ref.pooling(x, (3, 3), "max", (2, 2), (1, 1)), F.max_pool2d(t, 3, 2, 1), "max pad 1")
close(ref.pooling(x, (3, 3), "avg", (2, 2), (1, 1), count_include_pad=False),
      F.avg_pool2d(t, 3, 2, 1, count_include_pad=False), "avg count_include_pad false")
close(ref.pooling(x, (3, 3), "avg", (2, 2), (1, 1)),
      F.avg_pool2d(t, 3, 2, 1, count_include_pad=True), "avg count_include_pad true")
close(ref.pooling(x, (2, 2), "max", (2, 2), (0, 0), "full"),
      F.max_pool2d(t, 2, 2, ceil_mode=True), "max full = ceil_mode")
close(ref.pooling(x, (1, 1), "avg", global_pool=True), x.mean(axis=(2, 3), keepdims=True), "global avg")
close(ref.pooling(x, (2, 2), "sum", (1, 1)), F.avg_pool2d(t, 2, 1) * 4, "sum")


# Loops for the rules PyTorch has no twin of.
def loop_pool(x, k, s, p, kind, full, v1, count_pad=True):
    n, c, h, w = x.shape
    out = [(1 + int(np.ceil((d + 2 * p - k) / s))) if full else (1 + (d + 2 * p - k) // s)
           for d in (h, w)]
    y = np.zeros((n, c) + tuple(out))
    for i in range(out[0]):
        for j in range(out[1]):
            vals, cnt_pad, cnt_in = [], 0, 0
            for u in range(i * s - p, i * s - p + k):
                for v in range(j * s - p, j * s - p + k):
                    inside = 0 <= u < h and 0 <= v < w
                    in_padded = -p <= u < h + p and -p <= v < w + p
                    if inside:
                        vals.append(x[:, :, u, v])
                        cnt_in += 1
                    elif in_padded and v1:
                        vals.append(np.zeros((n, c)))
                    if in_padded:
                        cnt_pad += 1
            st = np.stack(vals)
            if kind == "max":
                y[:, :, i, j] = st.max(axis=0)
            elif v1:
                y[:, :, i, j] = st.sum(axis=0) / (k * k)
            else:
                y[:, :, i, j] = st.sum(axis=0) / (cnt_pad if count_pad else cnt_in)
    return y


xn = x - 1.5  # mostly negative: the zero padding of Pooling_v1 shows in max
close(ref.pooling_v1(xn, (3, 3), "max", (2, 2), (1, 1)), loop_pool(xn, 3, 2, 1, "max", False, True),
      "Pooling_v1 max zero padding")
close(ref.pooling_v1(x, (3, 3), "avg", (2, 2), (1, 1), "full"), loop_pool(x, 3, 2, 1, "avg", True, True),
      "Pooling_v1 avg full / k*k")
close(ref.pooling(x, (3, 3), "avg", (2, 2), (1, 1), "full"), loop_pool(x, 3, 2, 1, "avg", True, False),
      "Pooling avg full count_include_pad")
close(ref.pooling(x, (3, 3), "avg", (2, 2), (1, 1), "full", count_include_pad=False),
      loop_pool(x, 3, 2, 1, "avg", True, False, False), "Pooling avg full count_include_pad false")


# Deconvolution with target_shape: a scatter loop, cropped by the pad MXNet derives.
def loop_deconv(x, w, s, pad, adj):
    n, c, h, wd = x.shape
    k = w.shape[2]
    full = np.zeros((n, w.shape[1], (h - 1) * s + k + adj[0], (wd - 1) * s + k + adj[1]))
    for i in range(h):
        for j in range(wd):
            full[:, :, i * s:i * s + k, j * s:j * s + k] += np.einsum("nc,cokl->nokl", x[:, :, i, j], w)
    return full[:, :, pad[0]:full.shape[2] - pad[0], pad[1]:full.shape[3] - pad[1]]


xd = rng.standard_normal((1, 4, 4, 5))
wd = rng.standard_normal((4, 3, 3, 3))
for target in ((8, 10), (7, 9)):
    pads, adjs = ref.deconv_pads((4, 5), (3, 3), (2, 2), (1, 1), (0, 0), (0, 0), target)
    got = ref.deconvolution(xd, wd, stride=(2, 2), target_shape=target)
    if got.shape[2:] != target:
        raise SystemExit("FAIL target_shape %s gives %s" % (target, got.shape))
    close(got, loop_deconv(xd, wd, 2, pads, adjs), "Deconvolution target_shape %s" % (target,))

# LRN (odd nsize) is PyTorch's local_response_norm.
# alpha exact in float32: mx_reference rounds LRN's float parameters to float32 as MXNet does
close(ref.lrn(x, 5, 0.03125, 0.75, 2.0), F.local_response_norm(t, 5, 0.03125, 0.75, 2.0), "LRN")
close(ref.softmax(x, 1), F.softmax(t, 1), "softmax")
close(ref.log_softmax(x, -1, 2.0), F.log_softmax(t / 2.0, -1), "log_softmax temperature")
close(ref.leaky_relu(x, "gelu"), F.gelu(t), "gelu")
close(ref.leaky_relu(x, "selu"), F.selu(t), "selu")
close(ref.activation(x, "softrelu"), F.softplus(t), "softrelu")
close(ref.activation(x, "softsign"), F.softsign(t), "softsign")
# reshape special values (MXNet's documented examples)
for d, s, rev, want in (((2, 3, 4), (4, 0, 2), False, (4, 3, 2)), ((2, 3, 4), (2, 0, 0), False, (2, 3, 4)),
                        ((2, 3, 4), (6, 1, -1), False, (6, 1, 4)), ((2, 3, 4), (3, -1, 8), False, (3, 1, 8)),
                        ((2, 3, 4), (-2,), False, (2, 3, 4)), ((2, 3, 4), (2, -2), False, (2, 3, 4)),
                        ((2, 3, 4), (-2, 1, 1), False, (2, 3, 4, 1, 1)), ((2, 3, 4, 5), (-3, -3), False, (6, 20)),
                        ((2, 3, 4), (0, -3), False, (2, 12)), ((2, 3, 4), (-3, -2), False, (6, 4)),
                        ((2, 3, 4), (-4, 1, 2, -2), False, (1, 2, 3, 4)),
                        ((2, 3, 4), (2, -4, -1, 3, -2), False, (2, 1, 3, 4)),
                        ((10, 5, 4), (-1, 0), False, (40, 5)), ((10, 5, 4), (-1, 0), True, (50, 4))):
    got = ref.reshape_shape(d, s, rev)
    if got != want:
        raise SystemExit("FAIL reshape %s %s reverse=%s: %s, want %s" % (d, s, rev, got, want))
print("ok   reshape: MXNet's documented examples")
print("all passed")

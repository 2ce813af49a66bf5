"""Random MultiBoxPrior and MultiBoxDetection cases with expected outputs from
tools/mxnet/multibox_reference.py (numpy, written from MXNet's definition), for
//kernels:multibox_mxnet_test, which runs the C++ reference kernels on the same inputs.

Usage: gen_multibox_cases.py <multibox_reference.py> <out.bin>

The cases are meant to reach every branch: scores drawn from a few values so that ties are
common (the sort's order for equal scores), boxes from real priors and from random
corners, thresholds at 0 and above 1 (no NMS), topk below and above the kept count,
force_suppress, one-class inputs, several batch items and anchor sets.

Binary layout, little-endian, int32 (i) and float32 (f):
  i prior_count, i detection_count
  prior:     i height, width, num_sizes, num_ratios, clip;
             f sizes[num_sizes], ratios[num_ratios], step_y, step_x, offset_y, offset_x;
             f expected[height * width * (num_sizes + num_ratios - 1) * 4]
  detection: i batch, classes, anchors, anchor_sets, clip, force_suppress, nms_topk;
             f threshold, nms_threshold, variances[4];
             f cls_prob[batch * classes * anchors], loc_pred[batch * anchors * 4],
               anchors[anchor_sets * anchors * 4], expected[batch * anchors * 6]
"""

import importlib.util
import struct
import sys

import numpy as np


def load_reference(path):
    spec = importlib.util.spec_from_file_location("multibox_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ints(*v):
    return struct.pack("<%di" % len(v), *v)


def floats(a):
    return np.asarray(a, dtype="<f4").tobytes()


def prior_case(rng):
    h, w = int(rng.integers(1, 6)), int(rng.integers(1, 6))
    sizes = rng.uniform(0.05, 1.2, int(rng.integers(1, 4))).astype(np.float32)
    ratios = rng.choice([1.0, 2.0, 0.5, 3.0, 1.0 / 3, 1.7], int(rng.integers(1, 4))).astype(np.float32)
    clip = int(rng.integers(0, 2))
    steps = (-1.0, -1.0) if rng.random() < 0.5 else tuple(rng.uniform(0.01, 0.5, 2).astype(np.float32))
    offsets = tuple(rng.choice([0.5, 0.0, 1.0, 0.25], 2).astype(np.float32))
    return h, w, sizes, ratios, clip, steps, offsets


def write_prior(ref, rng, out):
    h, w, sizes, ratios, clip, steps, offsets = prior_case(rng)
    anchors = ref.multibox_prior((1, 3, h, w), sizes, ratios, clip, steps, offsets)
    out += ints(h, w, len(sizes), len(ratios), clip)
    out += floats(sizes) + floats(ratios) + floats(steps) + floats(offsets)
    out += floats(anchors.reshape(-1))


def anchors_for(ref, rng, n_wanted):
    """An [n, 4] anchor set: a real prior when one fits, else random corners."""
    if rng.random() < 0.5:
        h, w, sizes, ratios, clip, steps, offsets = prior_case(rng)
        a = ref.multibox_prior((1, 1, h, w), sizes, ratios, clip, steps, offsets)[0]
        return a
    lo = rng.uniform(-0.1, 0.8, (n_wanted, 2))
    size = rng.uniform(0.02, 0.5, (n_wanted, 2))
    return np.concatenate([lo, lo + size], axis=1).astype(np.float32)


def scores(rng, b, c, n):
    kind = rng.integers(0, 3)
    if kind == 0:  # a few values: many ties, some at the threshold
        return rng.choice(np.float32([0.0, 0.01, 0.125, 0.25, 0.5, 0.75]), (b, c, n))
    if kind == 1:  # softmax over classes
        z = rng.normal(0, 2, (b, c, n))
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return rng.random((b, c, n), dtype=np.float32)


def write_detection(ref, rng, out):
    anchors = anchors_for(ref, rng, int(rng.integers(1, 40)))
    n = anchors.shape[0]
    b = int(rng.integers(1, 3))
    c = int(rng.choice([1, 2, 3, 4, 6])) if rng.random() < 0.95 else 1
    sets = int(rng.integers(1, 3))
    all_anchors = np.concatenate([anchors[None]] + [
        rng.uniform(0, 1, (1, n, 4)).astype(np.float32) for _ in range(sets - 1)])
    cls = scores(rng, b, c, n).astype(np.float32)
    loc = (rng.normal(0, 1, (b, n * 4)) * rng.choice([0.0, 0.5, 2.0])).astype(np.float32)
    clip = int(rng.integers(0, 2))
    force = int(rng.integers(0, 2))
    threshold = float(rng.choice([0.01, 0.0, 0.25, 0.5, 0.3]))
    nms = float(rng.choice([0.5, 0.5, 0.3, 0.7, 0.45, 1.0, 0.0, 1.5, -0.2]))
    topk = int(rng.choice([-1, -1, 0, 1, 3, n, n + 2, int(rng.integers(1, n + 1))]))
    variances = (0.1, 0.1, 0.2, 0.2) if rng.random() < 0.7 else tuple(rng.uniform(0.05, 0.5, 4))
    variances = np.float32(variances)
    expected = ref.multibox_detection(cls, loc, all_anchors, clip, threshold, 0, nms, force,
                                      variances, topk)
    out += ints(b, c, n, sets, clip, force, topk)
    out += floats([threshold, nms]) + floats(variances)
    out += floats(cls.reshape(-1)) + floats(loc.reshape(-1)) + floats(all_anchors.reshape(-1))
    out += floats(expected.reshape(-1))


def main():
    ref = load_reference(sys.argv[1])
    priors, detections = 100, 400
    out = bytearray(ints(priors, detections))
    for seed in range(priors):
        write_prior(ref, np.random.default_rng(seed), out)
    for seed in range(detections):
        write_detection(ref, np.random.default_rng(1000 + seed), out)
    with open(sys.argv[2], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()

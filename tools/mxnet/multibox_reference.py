"""MXNet's SSD post-processing operators in numpy: _contrib_MultiBoxPrior and
_contrib_MultiBoxDetection (aliases _npx_multibox_prior, _npx_multibox_detection).

Written from MXNet's definition of the CPU operators (src/operator/contrib/
multibox_prior{.cc,-inl.h} and multibox_detection{.cc,-inl.h}; identical in v1.9.1 and
on master), independently of neoc's C++ kernels, so the two can check each other. Nothing
here runs MXNet. Facts relied on (checked in MXNet's source):

MultiBoxPrior
  * Only the input's shape is read: H = shape[2], W = shape[3] (NCHW, ndim >= 4).
  * Output [1, H * W * (len(sizes) + len(ratios) - 1), 4] of (xmin, ymin, xmax, ymax),
    location-major (row, then column); per location first every size with ratios[0],
    then ratios[1:] with sizes[0].
  * steps = (step_y, step_x); if either is <= 0 both become (1/H, 1/W); offsets =
    (offset_y, offset_x). center = (index + offset) * step.
  * half width = size * H / W * sqrt(ratio) / 2, half height = size / sqrt(ratio) / 2
    (the H / W factor keeps boxes square in pixels on a non-square map).
  * clip clamps every coordinate to [0, 1] after all boxes are made.

MultiBoxDetection
  * Class 0 is always the background: the best class is searched over 1..C-1 only (first
    maximum wins: strict >, starting from score -1), whatever background_id says. MXNet
    declares background_id but its CPU operator never reads it; so does this function.
  * An anchor whose best score is below threshold (strictly) is dropped. Output class id
    is (class index - 1).
  * Only the first anchor set is read: anchors is [A, N, 4] (MXNet checks ndim 3,
    shape[1] == N, shape[2] == 4, not A) and the first N * 4 values are used.
  * Decoding (center form, variances (vx, vy, vw, vh)): x = px*vx*aw + ax,
    half w = exp(pw*vw) * aw / 2, likewise y/h; clip clamps to [0, 1].
  * The output starts as all -1. Kept anchors are packed to the front in anchor order.
  * If nothing is kept, or nms_threshold <= 0 or > 1, that packed, UNSORTED output is
    the result: no sort, no topk, no NMS.
  * Otherwise the kept rows are sorted by score descending with std::stable_sort, so
    equal scores keep anchor order.
  * nms_topk > 0 and < kept count: only the first nms_topk sorted rows take part; rows
    nms_topk..kept-1 get class id -1 but keep the other five values of the PACKED,
    pre-sort row at the same position (MXNet only writes their id).
  * Greedy NMS over the first nkeep rows: row j is suppressed by an earlier surviving row
    i when (force_suppress or same class) and IoU >= nms_threshold. Suppressed rows get
    class id -1 and keep score and box.
  * IoU = inter / (area_a + area_b - inter), 0 when that union is <= 0, the areas taken
    from the coordinates as they are (no max(0, .) on width or height).

Arithmetic: MXNet computes both operators in float32, one rounding per operation. The
results here must agree to the bit where a comparison depends on them (an IoU exactly at
nms_threshold, equal scores, a score at threshold), so every step is done in float32 in
MXNet's operation order: numpy's float32 + - * / and sqrt are correctly rounded, as is
IEEE hardware. The one exception is exp (glibc's expf is not guaranteed correctly
rounded; numpy's float32 exp differs from it too): it is taken in float64 and rounded,
so decoded coordinates may differ from MXNet's (and from the C++ kernel's std::exp) by
an ulp, which only matters for an IoU within an ulp of nms_threshold.
"""

import numpy as np

F32 = np.float32


def _steps(shape, steps):
    h, w = int(shape[2]), int(shape[3])
    step_y, step_x = F32(steps[0]), F32(steps[1])
    if step_y * step_x < 0:
        raise ValueError("MultiBoxPrior: give both steps or neither")
    if step_y <= 0 or step_x <= 0:
        step_y, step_x = F32(1) / F32(h), F32(1) / F32(w)
    return step_y, step_x


def multibox_prior(shape, sizes=(1.0,), ratios=(1.0,), clip=False, steps=(-1.0, -1.0),
                   offsets=(0.5, 0.5)):
    """Anchors [1, H*W*(len(sizes)+len(ratios)-1), 4] float32 for an input of `shape`."""
    if len(shape) < 4:
        raise ValueError("MultiBoxPrior: the input must be 4-D (NCHW)")
    if len(sizes) == 0 or len(ratios) == 0:
        raise ValueError("MultiBoxPrior: sizes and ratios must not be empty")
    if len(steps) != 2 or len(offsets) != 2:
        raise ValueError("MultiBoxPrior: steps and offsets take two values")
    h, w = int(shape[2]), int(shape[3])
    step_y, step_x = _steps(shape, steps)
    off_y, off_x = F32(offsets[0]), F32(offsets[1])
    fh, fw = F32(h), F32(w)
    # (size, sqrt(ratio)) per anchor of a location, in MXNet's order.
    shapes = [(F32(s), np.sqrt(F32(ratios[0]))) for s in sizes]
    shapes += [(F32(sizes[0]), np.sqrt(F32(r))) for r in ratios[1:]]
    half = [((size * fh / fw * root / F32(2)), (size / root / F32(2))) for size, root in shapes]
    out = np.empty((h * w * len(half), 4), dtype=F32)
    k = 0
    for r in range(h):
        cy = (F32(r) + off_y) * step_y
        for c in range(w):
            cx = (F32(c) + off_x) * step_x
            for hw, hh in half:
                out[k] = (cx - hw, cy - hh, cx + hw, cy + hh)
                k += 1
    if clip:
        out = np.where(out < 0, F32(0), np.where(out > 1, F32(1), out)).astype(F32)
    return out.reshape(1, -1, 4)


def _clamp01(v):
    # std::max(0, std::min(1, v)) in MXNet's argument order.
    return np.maximum(F32(0), np.minimum(F32(1), v)).astype(F32)


def decode_boxes(loc, anchors, clip, variances):
    """loc, anchors: [N, 4] float32 -> boxes [N, 4] float32 (corner form)."""
    vx, vy, vw, vh = (F32(v) for v in variances)
    al, at, ar, ab = (anchors[:, k] for k in range(4))
    aw = ar - al
    ah = ab - at
    ax = (al + ar) / F32(2)
    ay = (at + ab) / F32(2)
    px, py, pw, ph = (loc[:, k] for k in range(4))
    ox = px * vx * aw + ax
    oy = py * vy * ah + ay
    ew = np.exp((pw * vw).astype(np.float64)).astype(F32)
    eh = np.exp((ph * vh).astype(np.float64)).astype(F32)
    ow = ew * aw / F32(2)
    oh = eh * ah / F32(2)
    boxes = np.stack([ox - ow, oy - oh, ox + ow, oy + oh], axis=1).astype(F32)
    return _clamp01(boxes) if clip else boxes


def iou(a, b):
    """MXNet's overlap of two corner boxes, in float32."""
    w = max(F32(0), min(a[2], b[2]) - max(a[0], b[0]))
    h = max(F32(0), min(a[3], b[3]) - max(a[1], b[1]))
    inter = F32(w * h)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return F32(0) if union <= 0 else F32(inter / union)


def _detect_one(cls_prob, loc, anchors, clip, threshold, nms_threshold, force_suppress,
                variances, nms_topk):
    num_classes, n = cls_prob.shape
    out = np.full((n, 6), -1, dtype=F32)
    # Best non-background class, the first of equal maxima (strict >, from -1).
    score = np.full(n, F32(-1))
    cid = np.zeros(n, dtype=np.int64)
    for j in range(1, num_classes):
        better = cls_prob[j] > score
        score = np.where(better, cls_prob[j], score).astype(F32)
        cid = np.where(better, j, cid)
    cid = np.where((cid > 0) & (score < F32(threshold)), 0, cid)
    boxes = decode_boxes(loc, anchors, clip, variances)
    kept = np.nonzero(cid - 1 >= 0)[0]
    valid = len(kept)
    out[:valid, 0] = (cid[kept] - 1).astype(F32)
    out[:valid, 1] = score[kept]
    out[:valid, 2:] = boxes[kept]
    nms_t = F32(nms_threshold)
    if valid < 1 or nms_t <= 0 or nms_t > 1:
        return out
    packed = out.copy()
    order = sorted(range(valid), key=lambda i: -packed[i, 1])  # Python's sort is stable
    nkeep = valid
    if 0 < nms_topk < nkeep:
        nkeep = nms_topk
        out[nkeep:valid, 0] = -1  # the rest of those rows stay the packed, unsorted ones
    out[:nkeep] = packed[order[:nkeep]]
    for i in range(nkeep):
        if out[i, 0] < 0:
            continue
        for j in range(i + 1, nkeep):
            if out[j, 0] < 0:
                continue
            if force_suppress or out[i, 0] == out[j, 0]:
                if iou(out[i, 2:], out[j, 2:]) >= nms_t:
                    out[j, 0] = -1
    return out


def multibox_detection(cls_prob, loc_pred, anchors, clip=True, threshold=0.01,
                       background_id=0, nms_threshold=0.5, force_suppress=False,
                       variances=(0.1, 0.1, 0.2, 0.2), nms_topk=-1):
    """cls_prob [B, C, N], loc_pred [B, N*4], anchors [A, N, 4] -> [B, N, 6] float32 rows
    (class_id, score, xmin, ymin, xmax, ymax), -1 where no detection.

    background_id is accepted and ignored, as MXNet's CPU operator does (class 0 is the
    background)."""
    del background_id
    cls_prob = np.asarray(cls_prob, dtype=F32)
    loc_pred = np.asarray(loc_pred, dtype=F32)
    anchors = np.asarray(anchors, dtype=F32)
    if cls_prob.ndim != 3 or loc_pred.ndim != 2 or anchors.ndim != 3:
        raise ValueError("MultiBoxDetection: cls_prob 3-D, loc_pred 2-D, anchors 3-D")
    b, _, n = cls_prob.shape
    if anchors.shape[1] != n or anchors.shape[2] != 4 or loc_pred.shape != (b, n * 4):
        raise ValueError("MultiBoxDetection: anchor counts disagree")
    if len(variances) != 4:
        raise ValueError("MultiBoxDetection: variances take four values")
    first = anchors.reshape(-1)[: n * 4].reshape(n, 4)
    return np.stack([
        _detect_one(cls_prob[k], loc_pred[k].reshape(n, 4), first, bool(clip), threshold,
                    nms_threshold, bool(force_suppress), variances, int(nms_topk))
        for k in range(b)
    ]).astype(F32)

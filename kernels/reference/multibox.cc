// Reference MultiBoxPrior and MultiBoxDetection, defined by MXNet's CPU operators
// (src/operator/contrib/multibox_{prior,detection}.cc and -inl.h, identical in v1.9.1
// and on master). Facts relied on are stated where they are used. Every step is float32
// arithmetic in MXNet's order (x86-64 builds have no FMA to contract it), so equal scores
// and an IoU exactly at nms_threshold decide as in MXNet; std::exp(float) is expf, as
// MXNet's.
#include "kernels/reference/multibox.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace neo::kernels::reference {

namespace {

int AnchorsPerLocation(const MultiBoxPriorParams& p) { return p.num_sizes + p.num_ratios - 1; }

float Clamp01(float v) { return std::max(0.0f, std::min(1.0f, v)); }

}  // namespace

bool MultiBoxPriorValid(const MultiBoxPriorParams& p) {
  const bool shapes = p.num_sizes >= 1 && p.num_sizes <= MultiBoxPriorParams::kMaxShapes &&
                      p.num_ratios >= 1 && p.num_ratios <= MultiBoxPriorParams::kMaxShapes;
  // MXNet checks offsets in [0, 1] and steps of one sign (step_y * step_x >= 0).
  const bool offsets = p.offset_y >= 0.0f && p.offset_y <= 1.0f && p.offset_x >= 0.0f &&
                       p.offset_x <= 1.0f;
  return p.height >= 1 && p.width >= 1 && shapes && offsets && p.step_y * p.step_x >= 0.0f;
}

void MultiBoxPrior(const MultiBoxPriorParams& p, float* out) {
  // Either step <= 0 means both are the feature map's cell: 1 / height, 1 / width.
  float step_y = p.step_y, step_x = p.step_x;
  if (step_y <= 0.0f || step_x <= 0.0f) {
    step_y = 1.0f / static_cast<float>(p.height);
    step_x = 1.0f / static_cast<float>(p.width);
  }
  // Half extents per anchor of a location: sizes with ratios[0], then ratios[1..] with
  // sizes[0]. The height / width factor makes a ratio-1 box square in pixels.
  float half_w[2 * MultiBoxPriorParams::kMaxShapes], half_h[2 * MultiBoxPriorParams::kMaxShapes];
  const float h = static_cast<float>(p.height), w = static_cast<float>(p.width);
  int n = 0;
  for (int i = 0; i < p.num_sizes; ++i, ++n) {
    const float root = std::sqrt(p.ratios[0]);
    half_w[n] = p.sizes[i] * h / w * root / 2.0f;
    half_h[n] = p.sizes[i] / root / 2.0f;
  }
  for (int j = 1; j < p.num_ratios; ++j, ++n) {
    const float root = std::sqrt(p.ratios[j]);
    half_w[n] = p.sizes[0] * h / w * root / 2.0f;
    half_h[n] = p.sizes[0] / root / 2.0f;
  }
  float* o = out;
  for (int r = 0; r < p.height; ++r) {
    const float cy = (static_cast<float>(r) + p.offset_y) * step_y;
    for (int c = 0; c < p.width; ++c) {
      const float cx = (static_cast<float>(c) + p.offset_x) * step_x;
      for (int k = 0; k < n; ++k, o += 4) {
        o[0] = cx - half_w[k];
        o[1] = cy - half_h[k];
        o[2] = cx + half_w[k];
        o[3] = cy + half_h[k];
      }
    }
  }
  // MXNet clips after generating every box, to [0, 1].
  if (p.clip) {
    const size_t count = static_cast<size_t>(p.height) * p.width * AnchorsPerLocation(p) * 4;
    for (size_t i = 0; i < count; ++i) out[i] = Clamp01(out[i]);
  }
}

bool MultiBoxDetectionValid(const MultiBoxDetectionParams& p) {
  return p.batch >= 0 && p.num_classes >= 1 && p.num_anchors >= 1;
}

namespace {

// The scratch: the packed rows (anchor order), then the sort's order and merge buffer.
struct Scratch {
  float* packed;  // num_anchors * 6
  int32_t* order;  // num_anchors
  int32_t* merge;  // num_anchors
};

Scratch Carve(const MultiBoxDetectionParams& p, void* scratch) {
  const size_t n = static_cast<size_t>(p.num_anchors);
  float* packed = static_cast<float*>(scratch);
  int32_t* order = reinterpret_cast<int32_t*>(packed + n * 6);
  return {packed, order, order + n};
}

// Center-form decoding of one anchor, in MXNet's operation order: center = offset *
// variance * anchor extent + anchor center, half extent = exp(log-scale * variance) *
// anchor extent / 2; clip clamps each corner to [0, 1].
void Decode(const float* a, const float* loc, const MultiBoxDetectionParams& p, float* box) {
  const float aw = a[2] - a[0];
  const float ah = a[3] - a[1];
  const float ax = (a[0] + a[2]) / 2.0f;
  const float ay = (a[1] + a[3]) / 2.0f;
  const float ox = loc[0] * p.variances[0] * aw + ax;
  const float oy = loc[1] * p.variances[1] * ah + ay;
  const float ow = std::exp(loc[2] * p.variances[2]) * aw / 2.0f;
  const float oh = std::exp(loc[3] * p.variances[3]) * ah / 2.0f;
  box[0] = ox - ow;
  box[1] = oy - oh;
  box[2] = ox + ow;
  box[3] = oy + oh;
  if (p.clip) {
    for (int k = 0; k < 4; ++k) box[k] = Clamp01(box[k]);
  }
}

// MXNet's overlap: intersection over (area a + area b - intersection), 0 when that is
// <= 0; areas straight from the corners (no clamping of a negative width).
float Iou(const float* a, const float* b) {
  const float w = std::max(0.0f, std::min(a[2], b[2]) - std::max(a[0], b[0]));
  const float h = std::max(0.0f, std::min(a[3], b[3]) - std::max(a[1], b[1]));
  const float inter = w * h;
  const float uni = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return uni <= 0.0f ? 0.0f : inter / uni;
}

// Stable sort of order[0, n) by descending rows[i * 6 + 1]: MXNet uses std::stable_sort
// with "a before b iff a.score > b.score", so equal scores keep anchor order. A bottom-up
// merge sort on the caller's buffer, as std::stable_sort would allocate.
void StableSortByScore(const float* rows, int32_t* order, int32_t* tmp, int n) {
  for (int width = 1; width < n; width *= 2) {
    for (int lo = 0; lo < n; lo += 2 * width) {
      const int mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      int i = lo, j = mid, k = lo;
      // The right run goes first only when strictly better: ties keep the left's.
      while (i < mid && j < hi) {
        tmp[k++] = rows[order[j] * 6 + 1] > rows[order[i] * 6 + 1] ? order[j++] : order[i++];
      }
      while (i < mid) tmp[k++] = order[i++];
      while (j < hi) tmp[k++] = order[j++];
    }
    std::copy(tmp, tmp + n, order);
  }
}

void DetectOne(const MultiBoxDetectionParams& p, const float* cls, const float* loc,
               const float* anchors, float* out, const Scratch& s) {
  const int n = p.num_anchors;
  std::fill(out, out + static_cast<size_t>(n) * 6, -1.0f);  // MXNet starts from all -1
  // Per anchor: the best class among 1..C-1 (class 0 is the background whatever
  // background_id says: MXNet never reads it), the first of equal maxima (strict >,
  // starting from -1); kept when that score is not below threshold. Kept anchors are
  // packed to the front in anchor order.
  int valid = 0;
  for (int i = 0; i < n; ++i) {
    float score = -1.0f;
    int id = 0;
    for (int j = 1; j < p.num_classes; ++j) {
      const float v = cls[static_cast<size_t>(j) * n + i];
      if (v > score) {
        score = v;
        id = j;
      }
    }
    if (id == 0 || score < p.threshold) continue;
    float* row = out + static_cast<size_t>(valid) * 6;
    row[0] = static_cast<float>(id - 1);
    row[1] = score;
    Decode(anchors + static_cast<size_t>(i) * 4, loc + static_cast<size_t>(i) * 4, p, row + 2);
    ++valid;
  }
  // MXNet returns the packed rows unsorted when nothing was kept or nms_threshold is
  // outside (0, 1]: no sort, no topk, no NMS.
  if (valid < 1 || p.nms_threshold <= 0.0f || p.nms_threshold > 1.0f) return;
  std::copy(out, out + static_cast<size_t>(valid) * 6, s.packed);
  for (int i = 0; i < valid; ++i) s.order[i] = i;
  StableSortByScore(s.packed, s.order, s.merge, valid);
  int nkeep = valid;
  if (p.nms_topk > 0 && p.nms_topk < nkeep) {
    // Beyond topk MXNet only writes the class id: those rows keep the score and box of
    // the packed (unsorted) row at the same position.
    nkeep = p.nms_topk;
    for (int i = nkeep; i < valid; ++i) out[static_cast<size_t>(i) * 6] = -1.0f;
  }
  for (int i = 0; i < nkeep; ++i) {
    std::copy(s.packed + static_cast<size_t>(s.order[i]) * 6,
              s.packed + static_cast<size_t>(s.order[i]) * 6 + 6, out + static_cast<size_t>(i) * 6);
  }
  // Greedy NMS in score order: a surviving row suppresses every later one of its class
  // (any class with force_suppress) whose IoU is >= nms_threshold. A suppressed row keeps
  // its score and box; only its class id becomes -1.
  for (int i = 0; i < nkeep; ++i) {
    const float* a = out + static_cast<size_t>(i) * 6;
    if (a[0] < 0.0f) continue;
    for (int j = i + 1; j < nkeep; ++j) {
      float* b = out + static_cast<size_t>(j) * 6;
      if (b[0] < 0.0f) continue;
      if ((p.force_suppress || a[0] == b[0]) && Iou(a + 2, b + 2) >= p.nms_threshold) {
        b[0] = -1.0f;
      }
    }
  }
}

}  // namespace

size_t MultiBoxDetectionScratchBytes(const MultiBoxDetectionParams& p) {
  return static_cast<size_t>(p.num_anchors) * (6 * sizeof(float) + 2 * sizeof(int32_t));
}

void MultiBoxDetection(const MultiBoxDetectionParams& p, const float* cls_prob,
                       const float* loc_pred, const float* anchors, float* output,
                       void* scratch) {
  const Scratch s = Carve(p, scratch);
  const size_t n = static_cast<size_t>(p.num_anchors);
  // Every batch item reads the first anchor set (MXNet views anchors as [num_anchors, 4]).
  for (int b = 0; b < p.batch; ++b) {
    const size_t item = static_cast<size_t>(b);
    DetectOne(p, cls_prob + item * p.num_classes * n, loc_pred + item * n * 4, anchors,
              output + item * n * 6, s);
  }
}

}  // namespace neo::kernels::reference

// MultiBox: the anchor generation and detection post-processing of SSD-style detectors,
// with MXNet's semantics (_contrib_MultiBoxPrior, _contrib_MultiBoxDetection, CPU
// operators; v1.9.1 and master agree). Reference only. Both compute in float32, one
// rounding per operation in MXNet's order, so a score tie or an IoU exactly at the
// threshold decides as MXNet does. See kernels/reference/multibox.cc for the facts each
// step relies on, and tools/mxnet/multibox_reference.py for the independent numpy version
// the tests compare with.
#ifndef NEO_KERNELS_MULTIBOX_H_
#define NEO_KERNELS_MULTIBOX_H_

#include <string>
#include <vector>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// Anchors for an [N, C, height, width] input (only the shape matters): output float32
// [height * width * (num_sizes + num_ratios - 1), 4] rows (xmin, ymin, xmax, ymax),
// location-major; per location every size with ratios[0], then ratios[1..] with sizes[0].
struct MultiBoxPriorParams {
  static constexpr int kMaxShapes = 16;  // sizes and ratios each
  int height = 0;
  int width = 0;
  int num_sizes = 1;
  float sizes[kMaxShapes] = {1.0f};
  int num_ratios = 1;
  float ratios[kMaxShapes] = {1.0f};
  bool clip = false;  // clamp every coordinate to [0, 1]
  // MXNet's steps as given: either <= 0 means (1 / height, 1 / width), computed in float.
  float step_y = -1.0f;
  float step_x = -1.0f;
  float offset_y = 0.5f;
  float offset_x = 0.5f;
};

inline void VisitFields(const MultiBoxPriorParams& p, FieldVisitor& v) {
  v.Int("height", p.height);
  v.Int("width", p.width);
  v.Int("num_sizes", p.num_sizes);
  for (int i = 0; i < p.num_sizes; ++i) v.Float("sizes[" + std::to_string(i) + "]", p.sizes[i]);
  v.Int("num_ratios", p.num_ratios);
  for (int i = 0; i < p.num_ratios; ++i) v.Float("ratios[" + std::to_string(i) + "]", p.ratios[i]);
  v.Bool("clip", p.clip);
  v.Float("step_y", p.step_y);
  v.Float("step_x", p.step_x);
  v.Float("offset_y", p.offset_y);
  v.Float("offset_x", p.offset_x);
}

// cls_prob [batch, num_classes, num_anchors], loc_pred [batch, num_anchors * 4], anchors
// [A, num_anchors, 4] (only the first num_anchors rows are read, as MXNet does) ->
// float32 [batch, num_anchors, 6] rows (class_id, score, xmin, ymin, xmax, ymax); rows
// without a detection have class_id -1 (see the reference for what their other values
// are: MXNet leaves some of them set).
struct MultiBoxDetectionParams {
  int batch = 0;
  int num_classes = 0;  // including the background, which is always class 0
  int num_anchors = 0;
  bool clip = true;
  float threshold = 0.01f;
  float nms_threshold = 0.5f;  // outside (0, 1]: no sort, no topk, no NMS (MXNet's rule)
  bool force_suppress = false;
  float variances[4] = {0.1f, 0.1f, 0.2f, 0.2f};
  int nms_topk = -1;  // > 0: only the best nms_topk take part in NMS
};

inline void VisitFields(const MultiBoxDetectionParams& p, FieldVisitor& v) {
  v.Int("batch", p.batch);
  v.Int("num_classes", p.num_classes);
  v.Int("num_anchors", p.num_anchors);
  v.Bool("clip", p.clip);
  v.Float("threshold", p.threshold);
  v.Float("nms_threshold", p.nms_threshold);
  v.Bool("force_suppress", p.force_suppress);
  for (int i = 0; i < 4; ++i) v.Float("variances[" + std::to_string(i) + "]", p.variances[i]);
  v.Int("nms_topk", p.nms_topk);
}

// Reference only. Prior: height, width >= 1, 1..kMaxShapes sizes and ratios, offsets in
// [0, 1], steps both > 0 or both <= 0 (MXNet's checks). Detection: batch >= 0,
// num_classes >= 1, num_anchors >= 1.
bool MultiBoxPriorSupports(Backend backend, const MultiBoxPriorParams& p);
bool MultiBoxDetectionSupports(Backend backend, const MultiBoxDetectionParams& p);

class MultiBoxPrior : public Kernel {
 public:
  // `input` is not read (the anchors depend on the shape in `params` only); the compiler
  // folds this node to a constant, so generated code runs it only as a graph output.
  MultiBoxPrior(Context& context, const MultiBoxPriorParams& params, Backend backend,
                const void* input, void* output);
};

class MultiBoxDetection : public Kernel {
 public:
  // The scratch the detection needs (the packed rows and the sort's index arrays, about
  // 36 bytes per anchor) is allocated here, once; Run() allocates nothing.
  MultiBoxDetection(Context& context, const MultiBoxDetectionParams& params, Backend backend,
                    const void* cls_prob, const void* loc_pred, const void* anchors,
                    void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_MULTIBOX_H_

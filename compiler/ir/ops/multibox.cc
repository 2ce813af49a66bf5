// MultiBoxPrior(x) -> anchors and MultiBoxDetection(cls_prob, loc_pred, anchors) ->
// detections, with MXNet's semantics (kernels/multibox.h, kernels/reference/multibox.cc).
// MultiBoxPrior reads only x's shape, so it is shape_only: constant folding always
// evaluates it and the generated code holds the anchors as weights.
#include "compiler/ir/ops/multibox.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "kernels/multibox.h"
#include "kernels/reference/multibox.h"

namespace neo::ir {

namespace {

using kernels::Backend;

int64_t AnchorsPerLocation(const NodeContext& c) {
  return static_cast<int64_t>(c.Floats("sizes").size() + c.Floats("ratios").size()) - 1;
}

OutputType PriorShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  // MXNet: data of rank >= 4, height = dim 2, width = dim 3.
  if (x.size() < 4) c.Fail("x must be at least 4-D (N, C, H, W)");
  if (x[2] < 1 || x[3] < 1) c.Fail("x's height and width must be positive");
  if (c.Floats("sizes").empty() || c.Floats("ratios").empty()) {
    c.Fail("sizes and ratios must not be empty");
  }
  return {{1, x[2] * x[3] * AnchorsPerLocation(c), 4}, DType::kFloat32};
}

KernelCall PriorKernel(const NodeContext& c) {
  kernels::MultiBoxPriorParams p;
  const Shape& x = c.shape(0);
  p.height = c.ToInt(x[2]);
  p.width = c.ToInt(x[3]);
  const auto sizes = c.Floats("sizes"), ratios = c.Floats("ratios");
  if (sizes.size() > kernels::MultiBoxPriorParams::kMaxShapes ||
      ratios.size() > kernels::MultiBoxPriorParams::kMaxShapes) {
    c.NotImplemented("more than 16 sizes or ratios");
  }
  p.num_sizes = static_cast<int>(sizes.size());
  for (size_t i = 0; i < sizes.size(); ++i) p.sizes[i] = static_cast<float>(sizes[i]);
  p.num_ratios = static_cast<int>(ratios.size());
  for (size_t i = 0; i < ratios.size(); ++i) p.ratios[i] = static_cast<float>(ratios[i]);
  p.clip = c.Int("clip") != 0;
  const auto steps = c.Floats("steps"), offsets = c.Floats("offsets");
  p.step_y = static_cast<float>(steps[0]);
  p.step_x = static_cast<float>(steps[1]);
  p.offset_y = static_cast<float>(offsets[0]);
  p.offset_x = static_cast<float>(offsets[1]);
  if (!kernels::MultiBoxPriorSupports(Backend::kReference, p)) {
    c.Fail("steps must be both positive or both non-positive");
  }
  KernelCall k = MakeKernelCall("MultiBoxPrior", "kernels/multibox.h", "MultiBoxPriorParams", p,
                                kernels::MultiBoxPriorSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = "MultiBoxPrior " + ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::MultiBoxPrior(p, b.out<float>(0));
  };
  return k;
}

OutputType DetectionShape(const NodeContext& c) {
  c.ExpectRank(0, 3);
  c.ExpectRank(1, 2);
  c.ExpectRank(2, 3);
  const Shape &cls = c.shape(0), &loc = c.shape(1), &anchors = c.shape(2);
  // MXNet's checks; the anchors' first dimension is not one of them (only the first
  // anchor set is read).
  if (cls[1] < 1) c.Fail("cls_prob needs at least one class");
  if (anchors[1] != cls[2] || anchors[1] < 1) c.Fail("anchors and cls_prob disagree on the anchor count");
  if (anchors[2] != 4) c.Fail("anchors must be [A, N, 4]");
  if (loc[0] != cls[0] || loc[1] != cls[2] * 4) c.Fail("loc_pred must be [batch, 4 * anchors]");
  if (c.Floats("variances").size() != 4) c.Fail("variances take four values");
  return {{cls[0], cls[2], 6}, DType::kFloat32};
}

KernelCall DetectionKernel(const NodeContext& c) {
  c.RequireFloatInputs();
  kernels::MultiBoxDetectionParams p;
  p.batch = c.ToInt(c.shape(0)[0]);
  p.num_classes = c.ToInt(c.shape(0)[1]);
  p.num_anchors = c.ToInt(c.shape(0)[2]);
  p.clip = c.Int("clip") != 0;
  p.threshold = static_cast<float>(c.Float("threshold"));
  p.nms_threshold = static_cast<float>(c.Float("nms_threshold"));
  p.force_suppress = c.Int("force_suppress") != 0;
  const auto v = c.Floats("variances");
  for (int i = 0; i < 4; ++i) p.variances[i] = static_cast<float>(v[i]);
  // <= 0 means no limit; a limit beyond the anchor count is none either.
  const int64_t topk = c.Int("nms_topk");
  p.nms_topk = topk <= 0 ? -1 : static_cast<int>(std::min<int64_t>(topk, p.num_anchors));
  KernelCall k = MakeKernelCall("MultiBoxDetection", "kernels/multibox.h",
                                "MultiBoxDetectionParams", p, kernels::MultiBoxDetectionSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Input(2), Operand::Output(0)};
  k.summary = "MultiBoxDetection " + ShapeToString(c.output_shape()) +
              (p.force_suppress ? " force_suppress" : "");
  k.reference = [p](const ReferenceBuffers& b) {
    // Compile time: the scratch is an ordinary vector (the kernel class owns its own).
    std::vector<float> scratch((kernels::reference::MultiBoxDetectionScratchBytes(p) + 3) / 4);
    kernels::reference::MultiBoxDetection(p, b.in<float>(0), b.in<float>(1), b.in<float>(2),
                                          b.out<float>(0), scratch.data());
  };
  return k;
}

}  // namespace

std::vector<OpDef> MultiBoxOps() {
  OpDef prior;
  prior.name = op::kMultiBoxPrior;
  prior.doc = "MultiBoxPrior(x[N, C, H, W]) -> float32 [1, H * W * (len(sizes) + len(ratios) - "
              "1), 4]: MXNet's SSD anchors (xmin, ymin, xmax, ymax) from x's shape alone, per "
              "location every size with ratios[0] then ratios[1:] with sizes[0]; steps and "
              "offsets are (y, x), a step <= 0 meaning 1 / H, 1 / W; always a constant at "
              "compile time";
  prior.attrs = {FloatsAttr("sizes").Min(0).Default(std::vector<double>{1.0}),
                 FloatsAttr("ratios").Min(0).Default(std::vector<double>{1.0}),
                 IntAttr("clip").Min(0).Max(1).Default(int64_t{0}),
                 FloatsAttr("steps").Size(2).Default(std::vector<double>{-1.0, -1.0}),
                 FloatsAttr("offsets").Size(2).Min(0).Max(1).Default(std::vector<double>{0.5, 0.5})};
  prior.shape_only = true;
  prior.shape = PriorShape;
  prior.kernel = PriorKernel;

  OpDef det;
  det.name = op::kMultiBoxDetection;
  det.min_inputs = det.max_inputs = 3;
  det.doc = "MultiBoxDetection(cls_prob[B, C, N], loc_pred[B, N * 4], anchors[A, N, 4]) -> "
            "float32 [B, N, 6] rows (class_id, score, xmin, ymin, xmax, ymax): MXNet's SSD "
            "post-processing. Per anchor the best class of 1..C-1 (class 0 is the background; "
            "background_id is ignored, as by MXNet) if its score is >= threshold; boxes "
            "decoded with variances, clipped to [0, 1] with clip; rows sorted by score (stable: "
            "ties keep anchor order), the best nms_topk (> 0) kept, then greedy NMS at IoU >= "
            "nms_threshold within a class (any class with force_suppress). Rows without a "
            "detection have class_id -1 (suppressed ones keep score and box). Only the first "
            "anchor set is read. nms_threshold outside (0, 1]: the kept rows in anchor order, "
            "unsorted";
  det.attrs = {IntAttr("clip").Min(0).Max(1).Default(int64_t{1}),
               FloatAttr("threshold").Default(0.01),
               IntAttr("background_id").Default(int64_t{0}),
               FloatAttr("nms_threshold").Default(0.5),
               IntAttr("force_suppress").Min(0).Max(1).Default(int64_t{0}),
               FloatsAttr("variances").Size(4).Default(std::vector<double>{0.1, 0.1, 0.2, 0.2}),
               IntAttr("nms_topk").Default(int64_t{-1})};
  det.shape = DetectionShape;
  det.kernel = DetectionKernel;
  return {prior, det};
}

}  // namespace neo::ir

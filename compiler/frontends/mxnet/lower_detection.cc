// SSD's MXNet heads: _contrib_MultiBoxPrior (anchors from a feature map's shape; folded
// to a constant at compile time) and _contrib_MultiBoxDetection (decoding, score
// threshold and NMS at run time).
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

namespace {

std::vector<double> Floats(const NodeLowering& n, const std::string& name,
                           const std::vector<double>& fallback) {
  return n.attrs().Floats(name, fallback);
}

}  // namespace

void LowerMultiBoxPrior(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 4) {
    throw MalformedInputError("_contrib_MultiBoxPrior node '" + n.node().name +
                              "' takes a rank-4 input (NCHW), not " + ir::ShapeToString(x) + ".");
  }
  const std::vector<double> sizes = Floats(n, "sizes", {1.0});
  const std::vector<double> ratios = Floats(n, "ratios", {1.0});
  if (sizes.empty()) n.NotValid("sizes", "must have at least one value");
  if (ratios.empty()) n.NotValid("ratios", "must have at least one value");
  for (double s : sizes) {
    if (s <= 0) n.NotValid("sizes", "must be positive");
  }
  for (double r : ratios) {
    if (r <= 0) n.NotValid("ratios", "must be positive");
  }
  const std::vector<double> steps = Floats(n, "steps", {-1.0, -1.0});
  const std::vector<double> offsets = Floats(n, "offsets", {0.5, 0.5});
  if (steps.size() != 2) n.NotValid("steps", "must have 2 values");
  if (offsets.size() != 2) n.NotValid("offsets", "must have 2 values");
  ir::Attributes a;
  a.set("sizes", sizes);
  a.set("ratios", ratios);
  a.set("clip", int64_t{n.attrs().Bool("clip", false) ? 1 : 0});
  a.set("steps", steps);
  a.set("offsets", offsets);
  n.SetOutput(0, n.Emit(ir::op::kMultiBoxPrior, {n.input(0)}, a));
}

void LowerMultiBoxDetection(NodeLowering& n) {
  n.RequireInputs(3, 3);
  for (int i = 0; i < 3; ++i) {
    if (n.input_value(i).dtype != ir::DType::kFloat32) n.NotSupported("a non-float input");
  }
  const double nms = n.attrs().Float("nms_threshold", 0.5);
  const std::vector<double> variances = Floats(n, "variances", {0.1, 0.1, 0.2, 0.2});
  if (variances.size() != 4) n.NotValid("variances", "must have 4 values");
  ir::Attributes a;
  a.set("clip", int64_t{n.attrs().Bool("clip", true) ? 1 : 0});
  a.set("threshold", n.attrs().Float("threshold", 0.01));
  a.set("background_id", n.attrs().Int("background_id", 0));
  a.set("nms_threshold", nms);
  a.set("force_suppress", int64_t{n.attrs().Bool("force_suppress", false) ? 1 : 0});
  a.set("variances", variances);
  a.set("nms_topk", n.attrs().Int("nms_topk", -1));
  n.SetOutput(0, n.Emit(ir::op::kMultiBoxDetection, {n.input(0), n.input(1), n.input(2)}, a));
}

}  // namespace neo::mx_frontend

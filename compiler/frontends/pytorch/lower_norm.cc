// batch_norm in inference form -> BatchNorm (the passes fold it into the convolution
// before it, or into a per-channel Mul + Add).
#include <algorithm>
#include <vector>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

// batch_norm(x, weight?, bias?, running_mean?, running_var?, training, momentum, eps,
//            cudnn_enabled)
void LowerBatchNorm(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = n.Shape(x);
  if (n.Bool(5, "training")) n.NotSupported("training=True (batch statistics)");
  if (n.IsNone(3) || n.IsNone(4)) n.NotSupported("a BatchNorm without running statistics");
  if (xs.size() < 2 || xs.size() > 4) n.NotSupported("input of rank " + std::to_string(xs.size()));
  const int64_t c = xs[1];
  const std::vector<float> ones(static_cast<size_t>(c), 1.0f), zeros(static_cast<size_t>(c), 0.0f);
  const ir::ValueId scale = n.IsNone(1) ? n.FloatConstant("weight", {c}, ones) : n.Tensor(1);
  const ir::ValueId bias = n.IsNone(2) ? n.FloatConstant("bias", {c}, zeros) : n.Tensor(2);
  for (ir::ValueId v : {scale, bias, n.Tensor(3), n.Tensor(4)}) {
    if (n.Shape(v) != ir::Shape{c}) n.NotValid("weight", "must hold one value per channel");
  }
  // The IR's BatchNorm is spatial: [N, C] and [N, C, L] run as [N, C, 1, 1] / [N, C, 1, L].
  ir::Shape x4 = xs;
  if (xs.size() == 2) x4 = {xs[0], c, 1, 1};
  if (xs.size() == 3) x4 = {xs[0], c, 1, xs[2]};
  ir::Attributes a;
  a.set("epsilon", n.Float(7, "eps"));
  a.set("layout", std::string("NCHW"));
  const ir::ValueId y =
      n.Emit(ir::op::kBatchNorm, {n.Reshape(x, x4), scale, bias, n.Tensor(3), n.Tensor(4)}, a);
  n.SetOutput(0, n.Reshape(y, xs));
}

}  // namespace neo::pytorch_frontend

namespace neo::pytorch_frontend {

// layer_norm(x, normalized_shape, weight?, bias?, eps, cudnn_enable): over the last
// len(normalized_shape) dimensions, (x - mean) / sqrt(var + eps) * weight + bias with the
// biased variance: the IR's LayerNorm (weight and bias have the normalized shape).
void LowerLayerNorm(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = n.Shape(x);
  const std::vector<int64_t> normalized = n.Ints(1, "normalized_shape");
  if (normalized.empty() || normalized.size() > xs.size() ||
      !std::equal(normalized.begin(), normalized.end(), xs.end() - normalized.size())) {
    n.NotValid("normalized_shape", "must match the input's last dimensions");
  }
  const bool has_weight = !n.IsNone(2), has_bias = !n.IsNone(3);
  std::vector<ir::ValueId> inputs = {x};
  if (has_weight || has_bias) inputs.push_back(has_weight ? n.Tensor(2, x) : ir::kNoValue);
  if (has_bias) inputs.push_back(n.Tensor(3, x));
  ir::Attributes a;
  a.set("axis", static_cast<int64_t>(xs.size() - normalized.size()));
  a.set("epsilon", n.Float(4, "eps"));
  n.SetOutput(0, n.Emit(ir::op::kLayerNorm, inputs, a));
}

}  // namespace neo::pytorch_frontend

namespace neo::pytorch_frontend {

namespace {

// Normalises x [N, C, *] over groups of channels and their spatial extent (LayerNorm over
// the last axis of [N, groups, rest]), then applies the per-channel weight and bias.
ir::ValueId GroupStatistics(NodeLowering& n, ir::ValueId x, int64_t groups, double eps,
                            size_t weight_index, size_t bias_index) {
  const ir::Shape xs = n.Shape(x);
  if (xs.size() < 2) n.NotValid("input", "must have a channel dimension");
  const int64_t c = xs[1];
  if (groups <= 0 || c % groups != 0) n.NotValid("num_groups", "must divide the number of channels");
  const int64_t rest = ir::NumElements(xs) / (xs[0] * groups);
  ir::Attributes a;
  a.set("axis", int64_t{2});
  a.set("epsilon", eps);
  ir::ValueId y = n.Reshape(n.Emit(ir::op::kLayerNorm, {n.Reshape(x, {xs[0], groups, rest})}, a), xs);
  ir::Shape per_channel(xs.size() - 1, 1);
  per_channel[0] = c;
  if (weight_index < n.num_inputs() && !n.IsNone(weight_index)) {
    const ir::ValueId w = n.Tensor(weight_index, x);
    if (n.Shape(w) != ir::Shape{c}) n.NotValid("weight", "must hold one value per channel");
    y = n.Emit(ir::op::kMul, {y, n.Reshape(w, per_channel)});
  }
  if (bias_index < n.num_inputs() && !n.IsNone(bias_index)) {
    const ir::ValueId b = n.Tensor(bias_index, x);
    if (n.Shape(b) != ir::Shape{c}) n.NotValid("bias", "must hold one value per channel");
    y = n.Emit(ir::op::kAdd, {y, n.Reshape(b, per_channel)});
  }
  return y;
}

}  // namespace

// group_norm(x, num_groups, weight?, bias?, eps, cudnn_enabled)
void LowerGroupNorm(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  n.SetOutput(0, GroupStatistics(n, x, n.Int(1, "num_groups"), n.Float(4, "eps"), 2, 3));
}

// instance_norm(x, weight?, bias?, running_mean?, running_var?, use_input_stats,
//               momentum, eps, cudnn_enabled): each channel of each sample over its own
// spatial extent, or, with use_input_stats=False, the running statistics (batch_norm).
void LowerInstanceNorm(NodeLowering& n) {
  if (!n.Bool(5, "use_input_stats")) {
    if (n.IsNone(3) || n.IsNone(4)) n.NotValid("use_input_stats", "needs running statistics when False");
    LowerBatchNorm(n);
    return;
  }
  const ir::ValueId x = n.Tensor(0);
  if (n.Shape(x).size() < 3) n.NotValid("input", "must have a spatial dimension");
  n.SetOutput(0, GroupStatistics(n, x, n.Shape(x)[1], n.Float(7, "eps"), 1, 2));
}

}  // namespace neo::pytorch_frontend

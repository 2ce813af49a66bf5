// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, the losses exporters write when a
// model is exported with its criterion (evaluation graphs, knowledge distillation). Both
// are inference arithmetic over fixed shapes: pick each target's score with GatherElements,
// weight it, reduce. Targets equal to ignore_index may lie outside [0, C); they are
// replaced by 0 before any gather and masked out of the sum and of the mean's divisor.
#include <algorithm>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// input (of shape x) [N, C, d1...], target [N, d1...] (int), weight [C] or kNoValue -> the loss into `out`.
void EmitNll(NodeLowering& n, ir::ValueId input, const ir::Shape x, ir::ValueId target,
             ir::ValueId weight, ir::ValueId out) {
  const ir::Shape t = n.graph().value(target).shape;
  if (x.size() < 2 || t.size() + 1 != x.size() || t[0] != x[0] ||
      !std::equal(t.begin() + 1, t.end(), x.begin() + 2)) {
    n.NotValid("input 1", "(target) must have the input's shape without its class axis");
  }
  const ir::DType tt = n.graph().value(target).dtype;
  if (tt != ir::DType::kInt64 && tt != ir::DType::kInt32) {
    n.NotValid("input 1", std::string("(target) has type ") + ir::DTypeName(tt) + " where an integer type is expected");
  }
  const std::string reduction = n.StringAttr("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean") {
    n.NotValid("reduction", "must be none, sum or mean");
  }
  ir::ValueId index = EmitCast(n, target, ir::DType::kInt64, "target_int64");
  ir::ValueId keep = ir::kNoValue;  // bool [N, d...]: not ignored
  if (n.has_attr("ignore_index")) {
    const ir::ValueId ii = Int64Scalar(n, n.IntAttr("ignore_index"), "ignore_index");
    keep = EmitCompare(n, ir::op::kNotEqual, index, ii, "kept");
    index = EmitWhere(n, keep, index, Int64Scalar(n, 0, "zero_index"), "safe_target");
  }
  ir::Shape picked_shape = t;
  picked_shape.insert(picked_shape.begin() + 1, 1);
  const ir::ValueId gather_index = EmitReshape(n, index, picked_shape, "gather_index");
  const ir::ValueId picked_c = n.NewValue("picked");
  n.Emit(ir::op::kGatherElements, {input, gather_index}, {picked_c}).attrs.set("axis", int64_t{1});
  const ir::ValueId picked = EmitReshape(n, picked_c, t, "picked_flat");
  // w: each element's weight, 0 where ignored; kNoValue when every weight is 1.
  ir::ValueId w = ir::kNoValue;
  if (weight != ir::kNoValue) {
    w = n.NewValue("target_weight");
    n.Emit(ir::op::kGather, {weight, index}, {w}).attrs.set("axis", int64_t{0});
  }
  if (keep != ir::kNoValue) {
    const ir::ValueId mask = EmitCast(n, keep, ir::DType::kFloat32, "kept_float");
    w = w == ir::kNoValue ? mask : EmitBinary(n, ir::op::kMul, w, mask, "kept_weight");
  }
  ir::ValueId loss = EmitUnary(n, ir::op::kNeg, picked, "negated");
  if (w != ir::kNoValue) loss = EmitBinary(n, ir::op::kMul, loss, w, "weighted");
  std::vector<int64_t> all(t.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
  auto reduce_into = [&](const char* kind) {
    ir::Node& r = n.Emit(ir::op::kReduce, {loss}, {out});
    r.attrs.set("kind", std::string(kind));
    r.attrs.set("axes", all);
    r.attrs.set("keepdims", int64_t{0});
  };
  if (reduction == "none") {
    n.Emit(ir::op::kIdentity, {loss}, {out});
  } else if (reduction == "sum") {
    reduce_into("sum");
  } else if (w == ir::kNoValue) {
    reduce_into("mean");
  } else {
    // ONNX divides by the summed weights of the counted elements, not by their number.
    const ir::ValueId sum = EmitReduce(n, "sum", loss, all, false, "loss_sum");
    const ir::ValueId total = EmitReduce(n, "sum", w, all, false, "weight_sum");
    n.Emit(ir::op::kDiv, {sum, total}, {out});
  }
}

void RequireFloat(NodeLowering& n, int i, const char* what) {
  const ir::DType t = n.input_value(i).dtype;
  if (t != ir::DType::kFloat32) n.NotSupported(std::string(what) + " of type " + ir::DTypeName(t));
}

}  // namespace

void LowerNegativeLogLikelihoodLoss(NodeLowering& n) {
  RequireFloat(n, 0, "input");
  if (n.has_input(2)) RequireFloat(n, 2, "weight");
  EmitNll(n, n.input(0), n.input_shape(0), n.input(1), n.has_input(2) ? n.input(2) : ir::kNoValue, n.output(0));
}

void LowerSoftmaxCrossEntropyLoss(NodeLowering& n) {
  RequireFloat(n, 0, "scores");
  if (n.has_input(2)) RequireFloat(n, 2, "weights");
  const bool want_log_prob = n.num_outputs() > 1 && !n.node().output(1).empty();
  const ir::ValueId log_prob = want_log_prob ? n.output(1) : n.NewValue("log_prob");
  n.Emit(ir::op::kLogSoftmax, {n.input(0)}, {log_prob}).attrs.set("axis", int64_t{1});
  EmitNll(n, log_prob, n.input_shape(0), n.input(1), n.has_input(2) ? n.input(2) : ir::kNoValue, n.output(0));
}

}  // namespace neo::onnx_frontend

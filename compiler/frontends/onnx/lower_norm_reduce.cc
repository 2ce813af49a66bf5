// The normalizations whose statistics run over arbitrary axes, as reductions and
// broadcasting element-wise operators (the LayerNorm kernel only takes trailing axes):
//   MeanVarianceNormalization(X) = (X - E[X]) / (sqrt(E[(X - E[X])^2]) + 1e-9) over `axes`
//     (default [0, 2, 3]: per channel across the batch and the image);
//   LpNormalization(X) = X / ||X||_p along `axis`, p = 1 or 2.
// Beyond Neo's list; both are rare in exported models, so plain IR operators serve.
#include <set>
#include <string>
#include <vector>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

void RequireFloatInput(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
}

}  // namespace

void LowerMeanVarianceNormalization(NodeLowering& n) {
  RequireFloatInput(n);
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  std::set<int64_t> unique;
  for (int64_t a : n.IntsAttr("axes", {0, 2, 3})) {
    if (!unique.insert(NormalizeAxis(n, "axes", a, rank)).second) {
      n.NotValid("axes", "repeats an axis");
    }
  }
  const std::vector<int64_t> axes(unique.begin(), unique.end());
  // ONNX's function body takes the variance as E[X^2] - E[X]^2; the mean of squared
  // deviations is the same number without the cancellation.
  const ir::ValueId x = n.input(0);
  const ir::ValueId centred = EmitBinary(n, ir::op::kSub, x, EmitReduce(n, "mean", x, axes, true, "mean"),
                                     "centred");
  const ir::ValueId squares = EmitBinary(n, ir::op::kMul, centred, centred, "squares");
  const ir::ValueId stddev = n.NewValue("stddev");
  n.Emit(ir::op::kSqrt, {EmitReduce(n, "mean", squares, axes, true, "variance")}, {stddev});
  // The epsilon is added to the standard deviation, as ONNX does (1e-9 in float32).
  const ir::ValueId divisor =
      EmitBinary(n, ir::op::kAdd, stddev, FloatScalar(n, 1e-9f, "epsilon"), "divisor");
  n.Emit(ir::op::kDiv, {centred, divisor}, {n.output(0)});
}

void LowerLpNormalization(NodeLowering& n) {
  RequireFloatInput(n);
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", -1), rank);
  const int64_t p = n.IntAttr("p", 2);
  if (p != 1 && p != 2) n.NotValid("p", "must be 1 or 2");
  const ir::ValueId x = n.input(0);
  ir::ValueId norm;
  if (p == 1) {
    const ir::ValueId magnitudes = n.NewValue("magnitudes");
    n.Emit(ir::op::kAbs, {x}, {magnitudes});
    norm = EmitReduce(n, "sum", magnitudes, {axis}, true, "norm");
  } else {
    const ir::ValueId squares = EmitBinary(n, ir::op::kMul, x, x, "squares");
    norm = n.NewValue("norm");
    n.Emit(ir::op::kSqrt, {EmitReduce(n, "sum", squares, {axis}, true, "sum_of_squares")}, {norm});
  }
  // A vector of zeros stays zeros (as onnxruntime does) rather than 0 / 0: where the norm
  // is 0, 1 is added to it. Exact elsewhere, and only on the reduced tensor.
  const ir::ValueId zero = n.NewValue("norm_is_zero", ir::DType::kBool);
  n.Emit(ir::op::kEqual, {norm, FloatScalar(n, 0.0f, "zero")}, {zero});
  const ir::ValueId one_if_zero = n.NewValue("one_if_zero");
  n.Emit(ir::op::kCast, {zero}, {one_if_zero}).attrs.set("to", std::string("float32"));
  const ir::ValueId divisor = EmitBinary(n, ir::op::kAdd, norm, one_if_zero, "divisor");
  n.Emit(ir::op::kDiv, {x, divisor}, {n.output(0)});
}

}  // namespace neo::onnx_frontend

// softmax, log_softmax and the inference forms of MXNet's training heads: SoftmaxOutput
// (and its old name Softmax), SoftmaxActivation, and the regression outputs. A head's
// label input is never read.
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

namespace {

ir::ValueId SoftmaxOver(NodeLowering& n, ir::ValueId x, int64_t axis, bool log) {
  ir::Attributes a;
  a.set("axis", axis);
  return n.Emit(log ? ir::op::kLogSoftmax : ir::op::kSoftmax, {x}, a);
}

// Softmax over everything but the batch axis, in the input's shape.
ir::ValueId SoftmaxPerInstance(NodeLowering& n, ir::ValueId x) {
  const ir::Shape s = n.graph().value(x).shape;
  if (s.size() == 2) return SoftmaxOver(n, x, 1, false);
  const ir::ValueId flat = n.Reshape(x, {s[0], ir::NumElements(s) / s[0]});
  return n.Reshape(SoftmaxOver(n, flat, 1, false), s);
}

void RequireFloat(const NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) n.NotSupported("a non-float input");
}

}  // namespace

void LowerSoftmax(NodeLowering& n) {
  n.RequireInputs(1, 1);
  RequireFloat(n);
  if (n.attrs().Bool("use_length", false)) n.NotSupported("use_length");
  const int64_t rank = n.input_rank(0);
  if (rank == 0) n.NotSupported("a scalar input");
  const int64_t axis = NormalizeAxis(n, "axis", n.attrs().Int("axis", -1), rank);
  ir::ValueId x = n.input(0);
  if (n.attrs().has("temperature") && !n.attrs().is_none("temperature")) {
    const double temperature = n.attrs().Float("temperature");
    if (temperature <= 0) n.NotValid("temperature", "must be positive");
    if (temperature != 1.0) {
      x = n.Emit(ir::op::kDiv,
                 {x, n.FloatConstant({}, {static_cast<float>(temperature)}, "temperature")});
    }
  }
  const std::string dtype = n.attrs().String("dtype", "None");
  if (dtype != "None" && IrDTypeOf(n, "dtype", dtype) != ir::DType::kFloat32) {
    n.NotSupported("dtype " + dtype);
  }
  n.SetOutput(0, SoftmaxOver(n, x, axis, n.op() == "log_softmax"));
}

void LowerSoftmaxOutput(NodeLowering& n) {
  n.RequireInputs(1, 2);
  RequireFloat(n);
  const ir::Shape s = n.input_shape(0);
  if (s.empty()) n.NotSupported("a scalar input");
  // multi_output: one distribution per position over axis 1 ([N, C, ...]);
  // preserve_shape: over the last axis; otherwise over everything but the batch axis.
  if (n.attrs().Bool("multi_output", false)) {
    if (s.size() < 2) n.NotSupported("multi_output on a rank-1 input");
    n.SetOutput(0, SoftmaxOver(n, n.input(0), 1, false));
  } else if (n.attrs().Bool("preserve_shape", false)) {
    n.SetOutput(0, SoftmaxOver(n, n.input(0), static_cast<int64_t>(s.size()) - 1, false));
  } else if (s.size() == 1) {
    n.SetOutput(0, SoftmaxOver(n, n.input(0), 0, false));
  } else {
    n.SetOutput(0, SoftmaxPerInstance(n, n.input(0)));
  }
}

void LowerSoftmaxActivation(NodeLowering& n) {
  n.RequireInputs(1, 1);
  RequireFloat(n);
  const ir::Shape s = n.input_shape(0);
  const std::string mode = n.attrs().Choice("mode", {"instance", "channel"}, "instance");
  if (s.size() < 2) n.NotSupported("an input of rank " + std::to_string(s.size()));
  n.SetOutput(0, mode == "channel" ? SoftmaxOver(n, n.input(0), 1, false)
                                   : SoftmaxPerInstance(n, n.input(0)));
}

void LowerRegressionOutput(NodeLowering& n) {
  n.RequireInputs(1, 2);
  RequireFloat(n);
  if (n.op() == "LogisticRegressionOutput") {
    n.SetOutput(0, n.EmitLike(ir::op::kSigmoid, {n.input(0)}));
    return;
  }
  n.SetOutput(0, n.input(0));
}

}  // namespace neo::mx_frontend

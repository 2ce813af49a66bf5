// Softmax and LogSoftmax. Before opset 13 ONNX coerces the input to 2-D at `axis`
// (default 1); from 13 it normalises over the one axis (default -1).
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void LowerSoftmax(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  const char* ir_op = n.op_type() == "Softmax" ? ir::op::kSoftmax : ir::op::kLogSoftmax;
  const bool coerce_2d = n.opset() < 13;
  const int64_t axis =
      NormalizeAxis(n, "axis", n.IntAttr("axis", coerce_2d ? 1 : -1), std::max<int64_t>(rank, 1));
  if (!coerce_2d || axis == rank - 1) {
    n.Emit(ir_op, {n.input(0)}, {n.output(0)}).attrs.set("axis", axis);
    return;
  }
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) (i < axis ? outer : inner) *= x[i];
  ir::ValueId flat = n.NewValue("coerced_2d");
  n.Emit(ir::op::kReshape, {n.input(0)}, {flat}).attrs.set("shape", std::vector<int64_t>{outer, inner});
  ir::ValueId y = n.NewValue("softmax_2d");
  n.Emit(ir_op, {flat}, {y}).attrs.set("axis", int64_t{1});
  n.Emit(ir::op::kReshape, {y}, {n.output(0)}).attrs.set("shape", x);
}

}  // namespace neo::onnx_frontend

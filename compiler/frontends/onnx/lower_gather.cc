// Gather -> Gather along one axis; constant indices are range-checked at compile time
// (negative ones count from the end, as ONNX allows from opset 11).
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void LowerGather(NodeLowering& n) {
  const ir::Shape data = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(data.size());
  if (rank == 0) n.NotValid("data", "cannot be a scalar");
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", 0), rank);
  const ir::Value indices = n.input_value(1);
  if (indices.dtype != ir::DType::kInt64 && indices.dtype != ir::DType::kInt32) {
    n.NotSupported(std::string("indices of type ") + ir::DTypeName(indices.dtype));
  }
  if (indices.is_constant()) {
    const int64_t dim = data[axis];
    for (int64_t i : n.ConstantInts(1, "indices")) {
      if (i < -dim || i >= dim) {
        n.NotValid("indices", "must lie in [" + std::to_string(-dim) + ", " +
                                  std::to_string(dim) + ")");
      }
    }
  }
  n.Emit(ir::op::kGather, {n.input(0), n.input(1)}, {n.output(0)}).attrs.set("axis", axis);
  n.graph().value(n.output(0)).dtype = n.input_value(0).dtype;
}

}  // namespace neo::onnx_frontend

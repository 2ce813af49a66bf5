// TopK: the IR's TopK gives the indices (sorted, ties by lower index, which also meets
// sorted=0's "any order"); the values are gathered with them.
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void LowerTopK(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  const ir::Shape x = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank == 0) n.NotValid("input", "must have rank 1 or more");
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", -1), rank);
  int64_t k;
  if (n.opset() < 10) {
    k = n.IntAttr("k");
  } else {
    const std::vector<int64_t> ks = n.ConstantInts(1, "K");
    if (ks.size() != 1) n.NotValid("K", "must hold one value");
    k = ks[0];
  }
  if (k < 1) n.NotSupported("K below 1 (a zero-size output)");
  if (k > x[static_cast<size_t>(axis)]) n.NotValid("K", "exceeds the size of the axis");
  const int64_t largest = n.IntAttr("largest", 1);
  if (largest != 0 && largest != 1) n.NotValid("largest", "must be 0 or 1");
  const bool want_indices = n.num_outputs() > 1 && !n.node().output(1).empty();
  const ir::ValueId indices = want_indices ? n.output(1) : n.NewValue("indices", ir::DType::kInt64);
  n.graph().value(indices).dtype = ir::DType::kInt64;
  ir::Node& top = n.Emit(ir::op::kTopK, {n.input(0)}, {indices});
  top.attrs.set("axis", axis);
  top.attrs.set("k", k);
  top.attrs.set("largest", largest);
  if (!n.node().output(0).empty()) {
    n.Emit(ir::op::kGatherElements, {n.input(0), indices}, {n.output(0)}).attrs.set("axis", axis);
  }
}

}  // namespace neo::onnx_frontend

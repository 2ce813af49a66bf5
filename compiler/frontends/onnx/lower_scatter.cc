// GatherElements, GatherND, ScatterND, ScatterElements and the deprecated Scatter (opsets
// 9-10, ScatterElements under its old name): one IR node each.
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

void RequireIndexType(NodeLowering& n, int i) {
  const ir::DType t = n.input_value(i).dtype;
  if (t != ir::DType::kInt64 && t != ir::DType::kInt32) {
    n.NotSupported(std::string("indices of type ") + ir::DTypeName(t));
  }
}

void RequireUpdatesType(NodeLowering& n) {
  if (n.input_value(2).dtype != n.input_value(0).dtype) {
    n.NotValid("updates", std::string("has type ") + ir::DTypeName(n.input_value(2).dtype) +
                              ", unlike data (" + ir::DTypeName(n.input_value(0).dtype) + ")");
  }
}

// `reduction` arrived in opset 16 (none, add, mul) and grew max/min in 18.
std::string Reduction(NodeLowering& n) {
  const std::string r = n.StringAttr("reduction", "none");
  if (r != "none" && r != "add" && r != "mul" && r != "max" && r != "min") {
    n.NotValid("reduction", "must be none, add, mul, max or min");
  }
  return r;
}

int64_t Axis(NodeLowering& n) {
  return NormalizeAxis(n, "axis", n.IntAttr("axis", 0), static_cast<int64_t>(n.input_shape(0).size()));
}

void SetOutputDType(NodeLowering& n) { n.graph().value(n.output(0)).dtype = n.input_value(0).dtype; }

}  // namespace

void LowerGatherElements(NodeLowering& n) {
  RequireIndexType(n, 1);
  const int64_t axis = Axis(n);
  n.Emit(ir::op::kGatherElements, {n.input(0), n.input(1)}, {n.output(0)}).attrs.set("axis", axis);
  SetOutputDType(n);
}

void LowerGatherND(NodeLowering& n) {
  RequireIndexType(n, 1);
  if (n.input_value(1).dtype != ir::DType::kInt64) n.NotValid("indices", "must be int64");
  const int64_t batch_dims = n.IntAttr("batch_dims", 0);
  if (batch_dims < 0) n.NotValid("batch_dims", "must not be negative");
  n.Emit(ir::op::kGatherND, {n.input(0), n.input(1)}, {n.output(0)}).attrs.set("batch_dims", batch_dims);
  SetOutputDType(n);
}

void LowerScatterND(NodeLowering& n) {
  RequireIndexType(n, 1);
  RequireUpdatesType(n);
  ir::Node& node = n.Emit(ir::op::kScatterND, {n.input(0), n.input(1), n.input(2)}, {n.output(0)});
  node.attrs.set("reduction", Reduction(n));
  SetOutputDType(n);
}

void LowerScatterElements(NodeLowering& n) {
  RequireIndexType(n, 1);
  RequireUpdatesType(n);
  const int64_t axis = Axis(n);
  ir::Node& node = n.Emit(ir::op::kScatterElements, {n.input(0), n.input(1), n.input(2)}, {n.output(0)});
  node.attrs.set("axis", axis);
  node.attrs.set("reduction", Reduction(n));
  SetOutputDType(n);
}

}  // namespace neo::onnx_frontend

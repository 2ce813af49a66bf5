// CumSum as a log-step scan (Hillis-Steele): after step s every element holds the sum of
// the 2^s elements ending at it, so ceil(log2 n) shifted additions give the prefix sums.
// A shift is one Pad whose negative end crops what the positive begin pushed out; the
// same code serves floats and integers, and exclusive sums are the inclusive ones
// shifted once more.
#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// x moved `by` places along `axis` (towards the end, or the start when reverse), zeros in.
ir::ValueId Shifted(NodeLowering& n, ir::ValueId x, int64_t rank, int64_t axis, int64_t by,
                    bool reverse, const std::string& suffix) {
  std::vector<int64_t> pads(static_cast<size_t>(2 * rank), 0);
  pads[static_cast<size_t>(axis + (reverse ? rank : 0))] = by;
  pads[static_cast<size_t>(axis + (reverse ? 0 : rank))] = -by;
  const ir::ValueId y = n.NewValue(suffix, n.graph().value(x).dtype);
  n.Emit(ir::op::kPad, {x}, {y}).attrs.set("pads", pads);
  return y;
}

}  // namespace

void LowerCumSum(NodeLowering& n) {
  const ir::DType t = n.input_value(0).dtype;
  if (t != ir::DType::kFloat32 && t != ir::DType::kInt64 && t != ir::DType::kInt32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(t));
  }
  const ir::Shape x = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (rank == 0) n.NotValid("x", "must have rank 1 or more");
  const std::vector<int64_t> axis_value = n.ConstantInts(1, "axis");
  if (axis_value.size() != 1) n.NotValid("axis", "must hold one value");
  const int64_t axis = NormalizeAxis(n, "axis", axis_value[0], rank);
  const bool exclusive = n.IntAttr("exclusive", 0) != 0;
  const bool reverse = n.IntAttr("reverse", 0) != 0;
  const int64_t length = x[static_cast<size_t>(axis)];
  ir::ValueId sum = n.input(0);
  int step = 0;
  for (int64_t by = 1; by < length; by *= 2, ++step) {
    const std::string s = std::to_string(step);
    sum = EmitBinary(n, ir::op::kAdd, sum, Shifted(n, sum, rank, axis, by, reverse, "shift" + s),
                     "partial" + s);
  }
  if (exclusive) sum = Shifted(n, sum, rank, axis, 1, reverse, "exclusive");
  n.graph().value(n.output(0)).dtype = t;
  n.Emit(ir::op::kIdentity, {sum}, {n.output(0)});
}

}  // namespace neo::onnx_frontend

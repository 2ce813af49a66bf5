// MatMul and _FusedMatMul. With constant weights (every frozen model's dense layers) a
// MatMul is the IR's FullyConnected, whose weights are [N, K]; otherwise BatchMatMul.
#include "compiler/frontends/tensorflow/emit_util.h"
#include "compiler/frontends/tensorflow/operator_table.h"

namespace neo::tf_frontend {
namespace {

ir::ValueId EmitMatMul(NodeLowering& n, ir::ValueId bias) {
  if (n.input_rank(0) != 2 || n.input_rank(1) != 2) n.NotValid("a", "and b must be matrices");
  ir::ValueId a = n.input(0), b = n.input(1);
  if (n.BoolAttr("transpose_a", false)) a = n.Transpose(a, {1, 0});
  const bool transpose_b = n.BoolAttr("transpose_b", false);
  if (n.input_value(1).is_constant()) {
    const ir::ValueId w = transpose_b ? b : n.Transpose(b, {1, 0});
    std::vector<ir::ValueId> in = {a, w};
    if (bias != ir::kNoValue) in.push_back(bias);
    return n.Emit("FullyConnected", in);
  }
  if (transpose_b) b = n.Transpose(b, {1, 0});
  ir::ValueId y = n.Emit("BatchMatMul", {a, b});
  return bias == ir::kNoValue ? y : n.Emit("Add", {y, bias});
}

}  // namespace

void LowerMatMul(NodeLowering& n) {
  n.RequireInputs(2, 2);
  n.SetOutput(0, EmitMatMul(n, ir::kNoValue));
}

void LowerFusedMatMul(NodeLowering& n) {
  const std::vector<std::string> ops = n.StringsAttr("fused_ops");
  const bool bias_first = !ops.empty() && ops[0] == "BiasAdd" && n.num_inputs() >= 3 &&
                          n.input_rank(2) == 1;
  const ir::ValueId y = EmitMatMul(n, bias_first ? n.input(2) : ir::kNoValue);
  n.SetOutput(0, ApplyFusedOps(n, y, 2, false, ops, bias_first));
}

}  // namespace neo::tf_frontend

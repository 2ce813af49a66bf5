// ReduceMax/Mean/Min/Prod/Sum -> Reduce, ArgMax/ArgMin -> ArgReduce.
// Opset nuances: ReduceSum takes `axes` as an input from opset 13 (with
// noop_with_empty_axes); the other reductions keep the attribute through opset 17.
// ArgMax/ArgMin gained select_last_index in opset 12.
#include <algorithm>
#include <set>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

const char* ReduceKind(const std::string& op_type) {
  if (op_type == "ReduceMax") return "max";
  if (op_type == "ReduceMean") return "mean";
  if (op_type == "ReduceMin") return "min";
  if (op_type == "ReduceProd") return "prod";
  return "sum";
}

// Float, int32 and int64 data reduce; other dtypes are not compiled.
void RequireNumeric(NodeLowering& n) {
  ir::DType t = n.input_value(0).dtype;
  if (t != ir::DType::kFloat32 && t != ir::DType::kInt64 && t != ir::DType::kInt32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(t));
  }
}

}  // namespace

void LowerReduce(NodeLowering& n) {
  RequireNumeric(n);
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  const bool axes_as_input = n.op_type() == "ReduceSum" && n.opset() >= 13;
  std::vector<int64_t> axes;
  if (axes_as_input) {
    if (n.has_input(1)) axes = n.ConstantInts(1, "axes");
  } else {
    axes = n.IntsAttr("axes", {});
  }
  const int64_t keepdims = n.IntAttr("keepdims", 1);
  if (keepdims != 0 && keepdims != 1) n.NotValid("keepdims", "must be 0 or 1");
  const int64_t noop = axes_as_input ? n.IntAttr("noop_with_empty_axes", 0) : 0;
  if (noop != 0 && noop != 1) n.NotValid("noop_with_empty_axes", "must be 0 or 1");
  std::set<int64_t> unique;
  for (int64_t a : axes) {
    if (!unique.insert(NormalizeAxis(n, "axes", a, rank)).second) {
      n.NotValid("axes", "repeats an axis");
    }
  }
  // Empty axes reduce everything, unless noop_with_empty_axes makes the op an identity.
  if (axes.empty() && !noop) {
    for (int64_t a = 0; a < rank; ++a) unique.insert(a);
  }
  ir::Node& node = n.Emit(ir::op::kReduce, {n.input(0)}, {n.output(0)});
  node.attrs.set("kind", std::string(ReduceKind(n.op_type())));
  node.attrs.set("axes", std::vector<int64_t>(unique.begin(), unique.end()));
  node.attrs.set("keepdims", keepdims);
  n.graph().value(n.output(0)).dtype = n.input_value(0).dtype;
}

void LowerArgReduce(NodeLowering& n) {
  RequireNumeric(n);
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", 0), rank);
  const int64_t keepdims = n.IntAttr("keepdims", 1);
  if (keepdims != 0 && keepdims != 1) n.NotValid("keepdims", "must be 0 or 1");
  const int64_t last = n.opset() >= 12 ? n.IntAttr("select_last_index", 0) : 0;
  if (last != 0 && last != 1) n.NotValid("select_last_index", "must be 0 or 1");
  ir::Node& node = n.Emit(ir::op::kArgReduce, {n.input(0)}, {n.output(0)});
  node.attrs.set("kind", std::string(n.op_type() == "ArgMax" ? "max" : "min"));
  node.attrs.set("axis", axis);
  node.attrs.set("keepdims", keepdims);
  node.attrs.set("select_last_index", last);
  n.graph().value(n.output(0)).dtype = ir::DType::kInt64;
}

}  // namespace neo::onnx_frontend

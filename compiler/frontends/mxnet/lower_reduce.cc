// Reductions: sum/max/min (and their *_axis names, mean, prod) with MXNet's axis,
// keepdims and exclude; argmax/argmin, whose indices MXNet returns as float32.
#include <set>

#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

void LowerReduce(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const int64_t rank = n.input_rank(0);
  std::string kind = n.op();
  if (kind.size() > 5 && kind.compare(kind.size() - 5, 5, "_axis") == 0) kind.resize(kind.size() - 5);
  if (n.input_value(0).dtype != ir::DType::kFloat32) n.NotSupported("a non-float input");
  // axis absent, "None" or "()": every axis.
  std::set<int64_t> axes;
  const auto given = n.attrs().OptionalInts("axis");
  if (given && !given->empty()) {
    for (int64_t a : *given) {
      if (!axes.insert(NormalizeAxis(n, "axis", a, rank)).second) {
        n.NotValid("axis", "names a dimension twice");
      }
    }
  } else {
    for (int64_t i = 0; i < rank; ++i) axes.insert(i);
  }
  if (n.attrs().Bool("exclude", false) && given && !given->empty()) {
    std::set<int64_t> rest;
    for (int64_t i = 0; i < rank; ++i) {
      if (!axes.count(i)) rest.insert(i);
    }
    axes = rest;
  }
  const bool keepdims = n.attrs().Bool("keepdims", false);
  ir::Attributes a;
  a.set("kind", kind);
  a.set("axes", std::vector<int64_t>(axes.begin(), axes.end()));
  a.set("keepdims", int64_t{keepdims ? 1 : 0});
  n.SetOutput(0, n.EmitLike(ir::op::kReduce, {n.input(0)}, a));
}

void LowerArgReduce(NodeLowering& n) {
  n.RequireInputs(1, 1);
  if (n.input_value(0).dtype != ir::DType::kFloat32) n.NotSupported("a non-float input");
  const bool keepdims = n.attrs().Bool("keepdims", false);
  ir::ValueId x = n.input(0);
  int64_t axis = 0;
  const auto given = n.attrs().OptionalInt("axis");
  if (given) {
    axis = NormalizeAxis(n, "axis", *given, n.input_rank(0));
  } else {
    // No axis: the index into the flattened input.
    x = n.Reshape(x, {n.input_value(0).num_elements()});
  }
  ir::Attributes a;
  a.set("kind", std::string(n.op() == "argmax" ? "max" : "min"));
  a.set("axis", axis);
  // Without an axis MXNet gives shape [1] (keepdims: a 1 per input dimension).
  a.set("keepdims", int64_t{keepdims || !given ? 1 : 0});
  const ir::ValueId index = n.Emit(ir::op::kArgReduce, {x}, a, ir::DType::kInt64);
  ir::Attributes c;
  c.set("to", std::string("float32"));
  ir::ValueId y = n.Emit(ir::op::kCast, {index}, c, ir::DType::kFloat32);
  if (!given && keepdims && n.input_rank(0) != 1) {
    y = n.Reshape(y, ir::Shape(static_cast<size_t>(n.input_rank(0)), 1));
  }
  n.SetOutput(0, y);
}

}  // namespace neo::mx_frontend

// The reductions ONNX defines from others: ReduceL1 (sum of |x|), ReduceL2 (sqrt of the
// sum of squares), ReduceSumSquare, ReduceLogSum (log of the sum) and ReduceLogSumExp
// (shifted by the maximum, so large inputs do not overflow); and Size, a constant once
// the shapes are known. Through opset 17 all take `axes` as an attribute.
#include <algorithm>
#include <set>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

struct Reduction {
  std::vector<int64_t> axes;  // normalised, sorted
  int64_t keepdims;
};

Reduction Axes(NodeLowering& n) {
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  Reduction r;
  r.keepdims = n.IntAttr("keepdims", 1);
  if (r.keepdims != 0 && r.keepdims != 1) n.NotValid("keepdims", "must be 0 or 1");
  std::set<int64_t> unique;
  for (int64_t a : n.IntsAttr("axes", {})) {
    if (!unique.insert(NormalizeAxis(n, "axes", a, rank)).second) n.NotValid("axes", "repeats an axis");
  }
  if (unique.empty()) {
    for (int64_t a = 0; a < rank; ++a) unique.insert(a);
  }
  r.axes.assign(unique.begin(), unique.end());
  return r;
}

void Reduce(NodeLowering& n, const char* kind, ir::ValueId x, const Reduction& r, ir::ValueId out) {
  ir::Node& node = n.Emit(ir::op::kReduce, {x}, {out});
  node.attrs.set("kind", std::string(kind));
  node.attrs.set("axes", r.axes);
  node.attrs.set("keepdims", r.keepdims);
}

}  // namespace

void LowerReduceMath(NodeLowering& n) {
  const ir::DType t = n.input_value(0).dtype;
  const std::string& op = n.op_type();
  const bool float_only = op == "ReduceLogSum" || op == "ReduceLogSumExp" || op == "ReduceL2";
  if (t != ir::DType::kFloat32 && (float_only || (t != ir::DType::kInt64 && t != ir::DType::kInt32))) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(t));
  }
  const Reduction r = Axes(n);
  const ir::ValueId x = n.input(0), out = n.output(0);
  n.graph().value(out).dtype = t;
  if (op == "ReduceL1") {
    Reduce(n, "sum", EmitUnary(n, ir::op::kAbs, x, "abs"), r, out);
  } else if (op == "ReduceSumSquare") {
    Reduce(n, "sum", EmitBinary(n, ir::op::kMul, x, x, "square"), r, out);
  } else if (op == "ReduceL2") {
    const ir::ValueId sum = n.NewValue("sum_square");
    Reduce(n, "sum", EmitBinary(n, ir::op::kMul, x, x, "square"), r, sum);
    n.Emit(ir::op::kSqrt, {sum}, {out});
  } else if (op == "ReduceLogSum") {
    const ir::ValueId sum = n.NewValue("sum");
    Reduce(n, "sum", x, r, sum);
    n.Emit(ir::op::kLog, {sum}, {out});
  } else {  // ReduceLogSumExp: m + log(sum(exp(x - m))), m the maximum (kept dims)
    Reduction kept = r;
    kept.keepdims = 1;
    const ir::ValueId m = n.NewValue("max");
    Reduce(n, "max", x, kept, m);
    const ir::ValueId shifted = EmitUnary(n, ir::op::kExp, EmitBinary(n, ir::op::kSub, x, m, "shifted"), "exp");
    const ir::ValueId sum = n.NewValue("sum");
    Reduce(n, "sum", shifted, kept, sum);
    const ir::ValueId lse = EmitBinary(n, ir::op::kAdd, EmitUnary(n, ir::op::kLog, sum, "log"), m, "lse");
    if (r.keepdims) {
      n.Emit(ir::op::kIdentity, {lse}, {out});
    } else {
      ir::Shape shape;
      const ir::Shape& in = n.input_shape(0);
      for (size_t d = 0; d < in.size(); ++d) {
        if (std::find(r.axes.begin(), r.axes.end(), static_cast<int64_t>(d)) == r.axes.end()) shape.push_back(in[d]);
      }
      n.Emit(ir::op::kReshape, {lse}, {out}).attrs.set("shape", shape);
    }
  }
}

// Size(x): the number of elements, an int64 scalar.
void LowerSize(NodeLowering& n) {
  const int64_t count = ir::NumElements(n.input_shape(0));
  n.Alias(0, n.graph().AddInt64Constant(n.graph().UniqueName(n.node().output(0)), {}, {count}));
}

// CastLike(x, like): Cast to like's type.
void LowerCastLike(NodeLowering& n) {
  const ir::DType to = n.input_value(1).dtype;
  n.Emit(ir::op::kCast, {n.input(0)}, {n.output(0)}).attrs.set("to", std::string(ir::DTypeName(to)));
  n.graph().value(n.output(0)).dtype = to;
}

// Trilu(x, k?) with `upper`: x where the element's column minus row is >= k (upper) or
// <= k (lower) over the last two dimensions, else 0. A constant k makes the mask a
// constant; a k computed at run time compares a constant (column - row) table with it.
void LowerTrilu(NodeLowering& n) {
  const ir::Shape& xs = n.input_shape(0);
  if (xs.size() < 2) n.NotValid("input", "must have at least two dimensions");
  const int64_t upper = n.IntAttr("upper", 1);
  const int64_t rows = xs[xs.size() - 2], cols = xs.back();
  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0);
  const ir::DType t = n.input_value(0).dtype;
  ir::ValueId mask;
  const bool constant_k = !n.has_input(1) || n.input_value(1).is_constant();
  if (constant_k) {
    int64_t k = 0;
    if (n.has_input(1)) {
      const std::vector<int64_t> ks = n.ConstantInts(1, "k");
      if (ks.size() != 1) n.NotValid("k", "must hold one value");
      k = ks[0];
    }
    std::vector<uint8_t> keep(static_cast<size_t>(rows * cols));
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) keep[static_cast<size_t>(i * cols + j)] = upper ? j - i >= k : j - i <= k;
    }
    mask = g.AddConstant(g.UniqueName(base + "_mask"), ir::DType::kBool, {rows, cols}, keep);
  } else {
    if (n.input_value(1).dtype != ir::DType::kInt64) n.NotValid("k", "must be int64");
    if (ir::NumElements(n.input_shape(1)) != 1) n.NotValid("k", "must hold one value");
    std::vector<int64_t> offset(static_cast<size_t>(rows * cols));
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) offset[static_cast<size_t>(i * cols + j)] = j - i;
    }
    const ir::ValueId diagonal = g.AddInt64Constant(g.UniqueName(base + "_column_minus_row"), {rows, cols}, offset);
    ir::ValueId k = n.input(1);
    if (!n.input_shape(1).empty()) {
      const ir::ValueId scalar = n.NewValue("k", ir::DType::kInt64);
      n.Emit(ir::op::kReshape, {k}, {scalar}).attrs.set("shape", std::vector<int64_t>{});
      k = scalar;
    }
    mask = n.NewValue("mask", ir::DType::kBool);
    n.Emit(upper ? ir::op::kGreaterEqual : ir::op::kLessEqual, {diagonal, k}, {mask});
  }
  const ir::ValueId zero = g.AddConstant(g.UniqueName(base + "_zero"), t, {},
                                         std::vector<uint8_t>(ir::DTypeSize(t), 0));
  n.Emit(ir::op::kWhere, {mask, n.input(0), zero}, {n.output(0)});
  g.value(n.output(0)).dtype = t;
}

}  // namespace neo::onnx_frontend

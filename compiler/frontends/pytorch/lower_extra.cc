// More of the spec's PyTorch/ONNX column as PyTorch spells it: prelu (PRelu), max/min
// in their three forms (Maximum/Minimum, Reduce, Reduce + ArgReduce), prod (Reduce),
// index_select (Gather), threshold (ThresholdedRelu), square, expand_as, and the
// *_like factories, which are constants once the shape is known.
#include <cmath>

#include <ATen/Functions.h>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"

namespace neo::pytorch_frontend {

// prelu(x, weight[C] or [1]): the slope broadcasts over channel dimension 1.
void LowerPrelu(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  ir::ValueId w = n.Tensor(1, x);
  const ir::Shape xs = n.Shape(x), ws = n.Shape(w);
  const int64_t c = ir::NumElements(ws);
  if (c != 1) {
    if (xs.size() < 2 || xs[1] != c) n.NotValid("weight", "must hold one slope or one per channel");
    ir::Shape slope(xs.size() - 1, 1);
    slope[0] = c;
    w = n.Reshape(w, slope);
  }
  n.SetOutput(0, n.Emit(ir::op::kPRelu, {x, w}));
}

namespace {

ir::ValueId ReduceAll(NodeLowering& n, ir::ValueId x, const std::string& kind) {
  std::vector<int64_t> axes;
  for (size_t d = 0; d < n.Shape(x).size(); ++d) axes.push_back(static_cast<int64_t>(d));
  ir::Attributes a;
  a.set("kind", kind);
  a.set("axes", axes);
  a.set("keepdims", int64_t{0});
  return n.Emit(ir::op::kReduce, {x}, a, n.graph().value(x).dtype);
}

// max(x) / max(x, other) / max(x, dim, keepdim) -> (values, indices)
void MaxMin(NodeLowering& n, bool max) {
  const ir::ValueId x = n.Tensor(0);
  if (n.num_inputs() == 1) {
    n.SetOutput(0, ReduceAll(n, x, max ? "max" : "min"));
    return;
  }
  if (n.IsTensor(1)) {
    n.SetOutput(0, n.Emit(max ? ir::op::kMaximum : ir::op::kMinimum, {x, n.Tensor(1, x)}));
    return;
  }
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), rank);
  const bool keepdim = n.num_inputs() > 2 && n.Bool(2, "keepdim");
  ir::Attributes r;
  r.set("kind", std::string(max ? "max" : "min"));
  r.set("axes", std::vector<int64_t>{dim});
  r.set("keepdims", static_cast<int64_t>(keepdim));
  n.SetOutput(0, n.Emit(ir::op::kReduce, {x}, r, n.graph().value(x).dtype));
  if (n.node()->outputs().size() > 1 && n.OutputUsed(1)) {
    ir::Attributes a;
    a.set("kind", std::string(max ? "max" : "min"));
    a.set("axis", dim);
    a.set("keepdims", static_cast<int64_t>(keepdim));
    a.set("select_last_index", int64_t{0});
    n.SetOutput(1, n.Emit(ir::op::kArgReduce, {x}, a, ir::DType::kInt64));
  }
}

}  // namespace

void LowerMax(NodeLowering& n) { MaxMin(n, true); }
void LowerMin(NodeLowering& n) { MaxMin(n, false); }

// prod(x, dtype=None) / prod(x, dim, keepdim=False, dtype=None)
void LowerProd(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  if (n.num_inputs() <= 2) {
    n.SetOutput(0, ReduceAll(n, x, "prod"));
    return;
  }
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  ir::Attributes a;
  a.set("kind", std::string("prod"));
  a.set("axes", std::vector<int64_t>{NormalizeDim(n, "dim", n.Int(1, "dim"), rank)});
  a.set("keepdims", static_cast<int64_t>(n.Bool(2, "keepdim")));
  n.SetOutput(0, n.Emit(ir::op::kReduce, {x}, a, n.graph().value(x).dtype));
}

// index_select(x, dim, index[int64])
void LowerIndexSelect(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  const ir::ValueId index = n.Tensor(2);
  const ir::DType t = n.graph().value(index).dtype;
  if (t != ir::DType::kInt64 && t != ir::DType::kInt32) n.NotValid("index", "must hold integers");
  ir::Attributes a;
  a.set("axis", NormalizeDim(n, "dim", n.Int(1, "dim"), rank));
  n.SetOutput(0, n.Emit(ir::op::kGather, {x, index}, a, n.graph().value(x).dtype));
}

// threshold(x, threshold, value): x where x > threshold, else value (0 only).
void LowerThreshold(NodeLowering& n) {
  if (n.Float(2, "value") != 0.0) n.NotSupported("value other than 0");
  ir::Attributes a;
  a.set("alpha", n.Float(1, "threshold"));
  n.SetOutput(0, n.Emit(ir::op::kThresholdedRelu, {n.Tensor(0)}, a));
}

void LowerSquare(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  n.SetOutput(0, n.Emit(ir::op::kMul, {x, x}, {}, n.graph().value(x).dtype));
}

// expand_as(x, other)
void LowerExpandAs(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape target = n.InputShape(1);
  if (n.Shape(x) == target) {
    n.SetOutput(0, x);
    return;
  }
  ir::Graph& g = n.graph();
  const ir::ValueId y = g.AddValue(n.node()->output(0)->debugName(), g.value(x).dtype);
  g.value(y).shape = target;
  g.value(y).has_shape = true;
  ir::Node& node = g.AddNode(ir::op::kBroadcast, {x}, {y});
  node.name = g.value(y).name;
  node.source_op = n.op();
  ir::InferNodeShape(g, g.nodes().size() - 1);
  n.SetOutput(0, y);
}

// zeros_like / ones_like / full_like(x, [fill,] dtype, ...): constants of x's shape.
void LowerLike(NodeLowering& n) {
  const ir::Shape s = n.InputShape(0);
  const std::string op = n.op();
  double fill = op == "aten::ones_like" ? 1.0 : 0.0;
  if (op == "aten::full_like") fill = n.Float(1, "fill_value");
  const auto& args = n.node()->schema().arguments();
  at::ScalarType type = at::kFloat;
  for (size_t i = 1; i < n.num_inputs() && i < args.size(); ++i) {
    if (args[i].name() == "dtype" && !n.IsNone(i)) type = static_cast<at::ScalarType>(n.Int(i, "dtype"));
  }
  if (type == at::kFloat && n.graph().value(n.Tensor(0)).dtype == ir::DType::kInt64) type = at::kLong;
  n.SetOutput(0, Slot::Constant(at::full(s, fill, at::TensorOptions().dtype(type))));
}

}  // namespace neo::pytorch_frontend

namespace neo::pytorch_frontend {

// norm(x, p=2, dim=None, keepdim=False) and linalg_vector_norm(x, ord=2, dim=None,
// keepdim=False): the vector p-norm over `dim` (every dimension when absent); p is 1, 2
// or +-inf (F.normalize's and the spectral helpers' cases).
void LowerNorm(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  if (n.graph().value(x).dtype != ir::DType::kFloat32) n.NotSupported("input that is not float32");
  const int64_t rank = static_cast<int64_t>(n.Shape(x).size());
  double p = 2.0;
  if (n.num_inputs() > 1 && !n.IsNone(1)) p = n.Float(1, "p");
  std::vector<int64_t> axes;
  if (n.num_inputs() > 2 && !n.IsNone(2) && !n.input(2).constant.isString()) {
    for (int64_t d : n.Ints(2, "dim")) axes.push_back(NormalizeDim(n, "dim", d, rank));
  }
  if (axes.empty()) {
    for (int64_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  const bool keepdim = n.num_inputs() > 3 && n.input(3).constant.isBool() && n.Bool(3, "keepdim");
  ir::Attributes a;
  a.set("axes", axes);
  a.set("keepdims", static_cast<int64_t>(keepdim));
  const ir::ValueId magnitude = n.Emit(ir::op::kAbs, {x});
  if (p == 1.0) {
    a.set("kind", std::string("sum"));
    n.SetOutput(0, n.Emit(ir::op::kReduce, {magnitude}, a));
  } else if (p == 2.0) {
    a.set("kind", std::string("sum"));
    n.SetOutput(0, n.Emit(ir::op::kSqrt, {n.Emit(ir::op::kReduce, {n.Emit(ir::op::kMul, {x, x})}, a)}));
  } else if (std::isinf(p)) {
    a.set("kind", std::string(p > 0 ? "max" : "min"));
    n.SetOutput(0, n.Emit(ir::op::kReduce, {magnitude}, a));
  } else {
    n.NotSupported("p = " + std::to_string(p) + " (only 1, 2 and infinity)");
  }
}

}  // namespace neo::pytorch_frontend

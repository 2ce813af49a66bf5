// topk, sort, argsort and cumsum. The IR's TopK gives indices (ties by lower index, so
// sort is stable) and the values are gathered with them; cumsum is a log-step scan
// (Hillis-Steele: ceil(log2 n) additions of the running sums shifted by 1, 2, 4, ...),
// exact for integers, whose shifts are Pads cropping as much as they add.
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

// Indices of the k extreme values of x along dim, and the values; sets outputs 0 and 1.
void TopKOutputs(NodeLowering& n, int64_t dim_arg, int64_t k, bool largest, int values_output,
                 int indices_output) {
  const ir::ValueId x = n.Tensor(0);
  if (n.graph().value(x).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.graph().value(x).dtype));
  }
  const ir::Shape s = n.Shape(x);
  if (s.empty()) n.NotSupported("a 0-d input");
  const int64_t dim = NormalizeDim(n, "dim", dim_arg, static_cast<int64_t>(s.size()));
  if (k < 1) n.NotSupported("k below 1 (a zero-size output)");
  if (k > s[static_cast<size_t>(dim)]) n.NotValid("k", "exceeds the size of the dimension");
  ir::Attributes a;
  a.set("axis", dim);
  a.set("k", k);
  a.set("largest", int64_t{largest ? 1 : 0});
  const ir::ValueId indices = n.Emit(ir::op::kTopK, {x}, a, ir::DType::kInt64);
  if (values_output >= 0) {
    ir::Attributes g;
    g.set("axis", dim);
    n.SetOutput(static_cast<size_t>(values_output), n.Emit(ir::op::kGatherElements, {x, indices}, g));
  }
  if (indices_output >= 0) n.SetOutput(static_cast<size_t>(indices_output), indices);
}

}  // namespace

// topk(self, k, dim=-1, largest=True, sorted=True) -> (values, indices)
void LowerTopk(NodeLowering& n) {
  TopKOutputs(n, n.Int(2, "dim"), n.Int(1, "k"), n.Bool(3, "largest"), 0, 1);
}

// sort(self, dim=-1, descending=False) -> (values, indices); sort(self, stable, dim,
// descending) has the flag first.
void LowerSort(NodeLowering& n) {
  const size_t first = n.num_inputs() == 4 ? 2 : 1;
  const int64_t dim = n.Int(first, "dim");
  const ir::Shape s = n.InputShape(0);
  const int64_t rank = static_cast<int64_t>(s.size());
  const int64_t size = rank == 0 ? 1 : s[static_cast<size_t>(NormalizeDim(n, "dim", dim, rank))];
  TopKOutputs(n, dim, size, n.Bool(first + 1, "descending"), 0, 1);
}

// argsort(self, dim=-1, descending=False)
void LowerArgsort(NodeLowering& n) {
  const int64_t dim = n.Int(1, "dim");
  const ir::Shape s = n.InputShape(0);
  const int64_t rank = static_cast<int64_t>(s.size());
  const int64_t size = rank == 0 ? 1 : s[static_cast<size_t>(NormalizeDim(n, "dim", dim, rank))];
  TopKOutputs(n, dim, size, n.Bool(2, "descending"), -1, 0);
}

// cumsum(self, dim, dtype=None)
void LowerCumsum(NodeLowering& n) {
  ir::ValueId x = n.Tensor(0);
  const ir::Shape s = n.Shape(x);
  const int64_t rank = static_cast<int64_t>(s.size());
  if (rank == 0) {
    n.SetOutput(0, x);
    return;
  }
  const int64_t dim = NormalizeDim(n, "dim", n.Int(1, "dim"), rank);
  ir::DType t = n.graph().value(x).dtype;
  // Integer and bool inputs sum in int64, as PyTorch promotes them.
  if (t == ir::DType::kBool || t == ir::DType::kUInt8 || t == ir::DType::kInt8 || t == ir::DType::kInt32) {
    ir::Attributes c;
    c.set("to", std::string("int64"));
    x = n.Emit(ir::op::kCast, {x}, c, ir::DType::kInt64);
    t = ir::DType::kInt64;
  }
  if (n.num_inputs() > 2 && !n.IsNone(2)) n.NotSupported("the dtype argument");
  ir::ValueId sum = x;
  for (int64_t by = 1; by < s[static_cast<size_t>(dim)]; by *= 2) {
    std::vector<int64_t> pads(static_cast<size_t>(2 * rank), 0);
    pads[static_cast<size_t>(dim)] = by;
    pads[static_cast<size_t>(rank + dim)] = -by;
    ir::Attributes p;
    p.set("pads", pads);
    p.set("mode", std::string("constant"));
    p.set("value", 0.0);
    const ir::ValueId shifted = n.Emit(ir::op::kPad, {sum}, p, t);
    sum = n.Emit(ir::op::kAdd, {sum, shifted}, {}, t);
  }
  n.SetOutput(0, sum);
}

}  // namespace neo::pytorch_frontend

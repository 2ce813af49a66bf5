// Comparisons, logic and masks: the operators behind attention masks as traces record
// them (eq/ne/lt/le/gt/ge, logical_*, bitwise_not, masked_fill, where, triu/tril) and the
// index arithmetic around them (remainder, fmod). Comparisons yield bool tensors; a
// number operand takes the tensor operand's type, as in PyTorch's promotion.
#include <ATen/Functions.h>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

ir::DType TypeOf(NodeLowering& n, ir::ValueId v) { return n.graph().value(v).dtype; }

// The operand deciding the type of number operands: the first tensor, preferring float
// when the two tensors differ (x.float() == ids).
ir::ValueId Like(NodeLowering& n, size_t a, size_t b) {
  if (!n.IsTensor(a)) return n.Tensor(b);
  if (!n.IsTensor(b)) return n.Tensor(a);
  const ir::ValueId va = n.Tensor(a), vb = n.Tensor(b);
  if (TypeOf(n, va) != TypeOf(n, vb) && TypeOf(n, vb) == ir::DType::kFloat32) return vb;
  return va;
}

// Operand i converted to `dtype` when it is not already.
ir::ValueId As(NodeLowering& n, ir::ValueId v, ir::DType dtype) {
  if (TypeOf(n, v) == dtype) return v;
  ir::Attributes a;
  a.set("to", std::string(ir::DTypeName(dtype)));
  return n.Emit(ir::op::kCast, {v}, a, dtype);
}

ir::ValueId BoolConstant(NodeLowering& n, const std::string& name, const ir::Shape& shape,
                         const std::vector<bool>& values) {
  return n.graph().AddConstant(n.graph().UniqueName(name), ir::DType::kBool, shape,
                               std::vector<uint8_t>(values.begin(), values.end()));
}

// A bool view of a tensor: itself, or x != 0.
ir::ValueId Truth(NodeLowering& n, ir::ValueId v) {
  if (TypeOf(n, v) == ir::DType::kBool) return v;
  const ir::DType t = TypeOf(n, v);
  const ir::ValueId zero = t == ir::DType::kInt64
                               ? n.graph().AddInt64Constant(n.graph().UniqueName("zero"), {}, {0})
                               : n.FloatConstant("zero", {}, {0.0f});
  return n.Emit(ir::op::kNotEqual, {As(n, v, t == ir::DType::kInt64 ? t : ir::DType::kFloat32), zero}, {},
                ir::DType::kBool);
}

ir::ValueId Not(NodeLowering& n, ir::ValueId b) {
  return n.Emit(ir::op::kLogicalXor, {b, BoolConstant(n, "true", {}, {true})}, {}, ir::DType::kBool);
}

void Compare(NodeLowering& n, const char* ir_op) {
  const ir::ValueId like = Like(n, 0, 1);
  ir::ValueId a = n.Tensor(0, like), b = n.Tensor(1, like);
  const ir::DType t = TypeOf(n, like);
  a = As(n, a, t);
  b = As(n, b, t);
  n.SetOutput(0, n.Emit(ir_op, {a, b}, {}, ir::DType::kBool));
}

void Logical(NodeLowering& n, const char* ir_op) {
  const ir::ValueId a = Truth(n, n.Tensor(0)), b = Truth(n, n.Tensor(1));
  n.SetOutput(0, n.Emit(ir_op, {a, b}, {}, ir::DType::kBool));
}

void Mod(NodeLowering& n, const char* ir_op) {
  const ir::ValueId like = Like(n, 0, 1);
  const ir::DType t = TypeOf(n, like);
  const ir::ValueId a = As(n, n.Tensor(0, like), t), b = As(n, n.Tensor(1, like), t);
  n.SetOutput(0, n.Emit(ir_op, {a, b}, {}, t));
}

// triu/tril(x, diagonal): x where the element's column minus row is >= diagonal (triu)
// or <= diagonal (tril), else 0, over the last two dimensions.
void Triangle(NodeLowering& n, bool upper) {
  const ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = n.Shape(x);
  if (xs.size() < 2) n.NotValid("input", "must have at least two dimensions");
  const int64_t k = n.num_inputs() > 1 ? n.Int(1, "diagonal") : 0;
  const int64_t rows = xs[xs.size() - 2], cols = xs.back();
  std::vector<bool> keep(static_cast<size_t>(rows * cols));
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < cols; ++j) keep[static_cast<size_t>(i * cols + j)] = upper ? j - i >= k : j - i <= k;
  }
  const ir::ValueId mask = BoolConstant(n, upper ? "triu_mask" : "tril_mask", {rows, cols}, keep);
  const ir::ValueId zero = TypeOf(n, x) == ir::DType::kInt64
                               ? n.graph().AddInt64Constant(n.graph().UniqueName("zero"), {}, {0})
                               : n.FloatConstant("zero", {}, {0.0f});
  if (TypeOf(n, x) != ir::DType::kFloat32 && TypeOf(n, x) != ir::DType::kInt64) {
    n.NotSupported("input of that type");
  }
  n.SetOutput(0, n.Emit(ir::op::kWhere, {mask, x, zero}, {}, TypeOf(n, x)));
}

}  // namespace

void LowerEq(NodeLowering& n) { Compare(n, ir::op::kEqual); }
void LowerNe(NodeLowering& n) { Compare(n, ir::op::kNotEqual); }
void LowerLt(NodeLowering& n) { Compare(n, ir::op::kLess); }
void LowerLe(NodeLowering& n) { Compare(n, ir::op::kLessEqual); }
void LowerGt(NodeLowering& n) { Compare(n, ir::op::kGreater); }
void LowerGe(NodeLowering& n) { Compare(n, ir::op::kGreaterEqual); }
void LowerLogicalAnd(NodeLowering& n) { Logical(n, ir::op::kLogicalAnd); }
void LowerLogicalOr(NodeLowering& n) { Logical(n, ir::op::kLogicalOr); }
void LowerLogicalXor(NodeLowering& n) { Logical(n, ir::op::kLogicalXor); }
void LowerLogicalNot(NodeLowering& n) { n.SetOutput(0, Not(n, Truth(n, n.Tensor(0)))); }

// bitwise_not: logical not on bool masks (~padding), -x - 1 on integers.
void LowerBitwiseNot(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  if (TypeOf(n, x) == ir::DType::kBool) {
    n.SetOutput(0, Not(n, x));
    return;
  }
  if (TypeOf(n, x) != ir::DType::kInt64) n.NotSupported("input that is not bool or int64");
  const ir::ValueId minus_one = n.graph().AddInt64Constant(n.graph().UniqueName("minus_one"), {}, {-1});
  n.SetOutput(0, n.Emit(ir::op::kSub, {minus_one, x}, {}, ir::DType::kInt64));
}

// remainder: the sign of the divisor (Python's %); fmod: the sign of the dividend.
void LowerRemainder(NodeLowering& n) { Mod(n, ir::op::kFloorMod); }
void LowerFmod(NodeLowering& n) { Mod(n, ir::op::kTruncateMod); }

// masked_fill(x, mask, value): value where mask, else x.
void LowerMaskedFill(NodeLowering& n) {
  const ir::ValueId x = n.Tensor(0);
  const ir::ValueId mask = Truth(n, n.Tensor(1));
  const ir::ValueId value = As(n, n.Tensor(2, x), TypeOf(n, x));
  n.SetOutput(0, n.Emit(ir::op::kWhere, {mask, x == value ? x : value, x}, {}, TypeOf(n, x)));
}

// where(condition, x, y); where(condition) alone (nonzero) is data-dependent.
void LowerWhere(NodeLowering& n) {
  if (n.num_inputs() < 3) n.NotSupported("where(condition) (its output's shape depends on the data)");
  const ir::ValueId like = Like(n, 1, 2);
  const ir::DType t = TypeOf(n, like);
  const ir::ValueId a = As(n, n.Tensor(1, like), t), b = As(n, n.Tensor(2, like), t);
  n.SetOutput(0, n.Emit(ir::op::kWhere, {Truth(n, n.Tensor(0)), a, b}, {}, t));
}

void LowerTriu(NodeLowering& n) { Triangle(n, true); }
void LowerTril(NodeLowering& n) { Triangle(n, false); }

}  // namespace neo::pytorch_frontend

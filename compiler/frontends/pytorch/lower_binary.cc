// Element-wise binary operators with broadcasting: add/sub/rsub (with alpha), mul, div,
// pow, maximum/minimum. A number operand becomes a scalar constant of the tensor's type.
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

// The operand `i`, times alpha when alpha (input `alpha_index`) is not 1.
ir::ValueId Scaled(NodeLowering& n, size_t i, size_t alpha_index, ir::ValueId like) {
  const ir::ValueId v = n.Tensor(i, like);
  if (alpha_index >= n.num_inputs()) return v;
  const double alpha = n.Float(alpha_index, "alpha");
  if (alpha == 1.0) return v;
  return n.Emit(ir::op::kMul, {v, n.Tensor(alpha_index, v)}, {}, n.graph().value(v).dtype);
}

// The first operand that is a tensor decides the type numbers take.
ir::ValueId Like(NodeLowering& n) {
  if (n.IsTensor(0)) return n.Tensor(0);
  return n.Tensor(1);
}

void Binary(NodeLowering& n, const char* ir_op) {
  const ir::ValueId like = Like(n);
  const ir::ValueId a = n.Tensor(0, like), b = n.Tensor(1, like);
  n.SetOutput(0, n.Emit(ir_op, {a, b}, {}, n.graph().value(like).dtype));
}

}  // namespace

// add(self, other, alpha=1) = self + alpha * other
void LowerAdd(NodeLowering& n) {
  const ir::ValueId like = Like(n);
  const ir::ValueId a = n.Tensor(0, like), b = Scaled(n, 1, 2, like);
  n.SetOutput(0, n.Emit(ir::op::kAdd, {a, b}, {}, n.graph().value(like).dtype));
}

// sub(self, other, alpha=1) = self - alpha * other
void LowerSub(NodeLowering& n) {
  const ir::ValueId like = Like(n);
  const ir::ValueId a = n.Tensor(0, like), b = Scaled(n, 1, 2, like);
  n.SetOutput(0, n.Emit(ir::op::kSub, {a, b}, {}, n.graph().value(like).dtype));
}

// rsub(self, other, alpha=1) = other - alpha * self
void LowerRsub(NodeLowering& n) {
  const ir::ValueId like = Like(n);
  const ir::ValueId a = Scaled(n, 0, 2, like), b = n.Tensor(1, like);
  n.SetOutput(0, n.Emit(ir::op::kSub, {b, a}, {}, n.graph().value(like).dtype));
}

void LowerMul(NodeLowering& n) { Binary(n, ir::op::kMul); }
void LowerPow(NodeLowering& n) { Binary(n, ir::op::kPow); }
void LowerMaximum(NodeLowering& n) { Binary(n, ir::op::kMaximum); }
void LowerMinimum(NodeLowering& n) { Binary(n, ir::op::kMinimum); }

// div(self, other, rounding_mode=None); "floor" rounds the quotient down.
void LowerDiv(NodeLowering& n) {
  std::string mode;
  if (n.num_inputs() > 2 && !n.IsNone(2)) mode = n.String(2, "rounding_mode");
  if (!mode.empty() && mode != "floor") n.NotSupported("rounding_mode='" + mode + "'");
  const ir::ValueId like = Like(n);
  if (n.graph().value(like).dtype != ir::DType::kFloat32) {
    n.NotSupported("division of integer tensors");
  }
  ir::ValueId q = n.Emit(ir::op::kDiv, {n.Tensor(0, like), n.Tensor(1, like)});
  if (mode == "floor") q = n.Emit(ir::op::kFloor, {q});
  n.SetOutput(0, q);
}

// floor_divide(self, other) on float tensors.
void LowerFloorDivide(NodeLowering& n) {
  const ir::ValueId like = Like(n);
  if (n.graph().value(like).dtype != ir::DType::kFloat32) {
    n.NotSupported("division of integer tensors");
  }
  const ir::ValueId q = n.Emit(ir::op::kDiv, {n.Tensor(0, like), n.Tensor(1, like)});
  n.SetOutput(0, n.Emit(ir::op::kFloor, {q}));
}

}  // namespace neo::pytorch_frontend

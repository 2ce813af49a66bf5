// Binary: which backend runs which element-wise binary operator (pure; see conv2d.cc).
#include <algorithm>
#include <limits>

#include "kernels/binary.h"
#include "kernels/capabilities/rules.h"
#include "kernels/reference/elementwise.h"

namespace neo::kernels {
namespace {

// XNNPACK_MAX_TENSOR_DIMS in XNNPACK 2022-02 (xnnpack.h); binary.cc checks it matches.
constexpr int kXnnpackMaxRank = 6;
// Our own limit for oneDNN's binary (its descriptors go to 12 dimensions).
constexpr int kOnednnMaxRank = 6;

// The output shape must be exactly numpy's broadcast of the two operand shapes (a library
// that derives it itself would otherwise write a different number of elements).
bool Broadcastable(const BinaryParams& p) {
  const Dims& o = p.output_shape;
  if (p.a_shape.rank > o.rank || p.b_shape.rank > o.rank) return false;
  if (o.rank != std::max(p.a_shape.rank, p.b_shape.rank)) return false;
  for (int i = 0; i < o.rank; ++i) {
    const int ia = i - (o.rank - p.a_shape.rank), ib = i - (o.rank - p.b_shape.rank);
    const int64_t da = ia >= 0 ? p.a_shape[ia] : 1, db = ib >= 0 ? p.b_shape[ib] : 1;
    if (da != db && da != 1 && db != 1) return false;
    if (o[i] != (da == 1 ? db : da)) return false;
  }
  return true;
}

// PRelu the way XNNPACK has it: `a` at the output shape, slopes one per innermost channel
// (at least one: xnn_create_prelu_nc_f32 wants non-zero channels).
bool PerChannelPRelu(const BinaryParams& p) {
  const Dims& o = p.output_shape;
  if (o.rank < 1 || p.a_shape.rank != o.rank || o[o.rank - 1] < 1) return false;
  for (int i = 0; i < o.rank; ++i)
    if (p.a_shape[i] != o[i]) return false;
  if (p.b_shape.num_elements() != o[o.rank - 1]) return false;
  for (int i = 0; i + 1 < p.b_shape.rank; ++i)
    if (p.b_shape[i] != 1) return false;
  return p.b_shape.rank == 0 ? o[o.rank - 1] == 1 : p.b_shape[p.b_shape.rank - 1] == o[o.rank - 1];
}

bool NoClamp(const BinaryParams& p) {
  return p.output_min == -std::numeric_limits<float>::infinity() &&
         p.output_max == std::numeric_limits<float>::infinity();
}

// XNNPACK's nd operators: add/sub/mul/div with a clamp (non-NaN, min < max), max/min
// without one, up to 6 dimensions; no pow. PRelu packs its slopes, so `b` must be a
// constant, one slope per innermost channel, and unclamped.
bool Xnnpack(const BinaryParams& p) {
  switch (p.op) {
    case BinaryOp::kPRelu: return p.b_constant && NoClamp(p) && PerChannelPRelu(p);
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
      return p.output_shape.rank <= kXnnpackMaxRank && p.output_min < p.output_max;
    case BinaryOp::kMaximum:
    case BinaryOp::kMinimum: return p.output_shape.rank <= kXnnpackMaxRank && NoClamp(p);
    default: return false;
  }
}

// oneDNN 2.6.3 binary (add/sub/mul/div/max/min; no pow or PRelu): its descriptor wants
// src1 broadcast against src0 = dst, so `a` must have the output shape, or `b` for an
// operator that commutes (swapped). The reference implementation takes any such
// descriptor and clamp post-op; we ask for a non-empty clamp range, a non-empty tensor
// and at most 6 dimensions.
bool Onednn(const BinaryParams& p) {
  switch (p.op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMaximum:
    case BinaryOp::kMinimum: break;
    default: return false;
  }
  return p.output_shape.rank <= kOnednnMaxRank && p.output_shape.num_elements() != 0 &&
         p.output_min < p.output_max &&
         capabilities::OnednnBinaryOperandOrder(p) != capabilities::OnednnBinaryOrder::kNone;
}

}  // namespace

bool BinarySupports(Backend backend, const BinaryParams& p) {
  if (!Broadcastable(p)) return false;
  // Comparisons: the reference loops, any element type, no clamp.
  if (IsComparison(p.op)) return backend == Backend::kReference && NoClamp(p);
  // Logic: the reference loops, on bool operands.
  if (IsLogical(p.op)) {
    return backend == Backend::kReference && NoClamp(p) && p.type == ElementType::kBool;
  }
  // Integer tensors: the reference loops only (the libraries here are float-only or, for
  // oneDNN, differ in overflow behaviour).
  if (p.type != ElementType::kFloat32) {
    return backend == Backend::kReference && reference::IsIntegerElementType(p.type);
  }
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return Xnnpack(p);
    case Backend::kOnednn: return Onednn(p);
    default: return false;
  }
}

}  // namespace neo::kernels

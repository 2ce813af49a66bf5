// Unary: which backend runs which element-wise unary operator (pure; see conv2d.cc).
#include <cmath>

#include "kernels/reference/elementwise.h"
#include "kernels/unary.h"

namespace neo::kernels {
namespace {

// XNNPACK 2022-02's unary operators (one row of `size` channels, size > 0): clamp with
// non-NaN bounds and alpha < beta (relu is clamp(0, inf)), sigmoid, abs, negate,
// square root, floor, ceiling, hardswish; elu with a normal, positive alpha; leaky relu
// with a finite slope. It has no tanh, exp, log, reciprocal or the rest.
bool Xnnpack(const UnaryParams& p) {
  if (p.size == 0) return false;
  switch (p.op) {
    case UnaryOp::kClamp: return p.alpha < p.beta;
    case UnaryOp::kRelu:
    case UnaryOp::kSigmoid:
    case UnaryOp::kAbs:
    case UnaryOp::kNeg:
    case UnaryOp::kSqrt:
    case UnaryOp::kFloor:
    case UnaryOp::kCeil:
    case UnaryOp::kHardSwish: return true;
    case UnaryOp::kElu: return p.alpha > 0.0f && std::isnormal(p.alpha);
    case UnaryOp::kLeakyRelu: return std::isfinite(p.alpha);
    default: return false;
  }
}

// oneDNN 2.6.3 eltwise_forward over a non-empty [size] tensor: the operators with one
// algorithm (clip, relu, logistic, tanh, exp, log, abs, linear for neg, sqrt, pow for
// reciprocal, elu, relu with a slope for leaky relu, soft_relu for softplus, hardswish, gelu_erf for gelu),
// which its
// reference implementation runs for any alpha and beta except that eltwise_clip needs
// beta >= alpha (math::is_eltwise_ok; never a NaN bound).
bool Onednn(const UnaryParams& p) {
  if (p.size == 0) return false;
  switch (p.op) {
    case UnaryOp::kClamp: return p.beta >= p.alpha;
    case UnaryOp::kRelu:
    case UnaryOp::kSigmoid:
    case UnaryOp::kTanh:
    case UnaryOp::kExp:
    case UnaryOp::kLog:
    case UnaryOp::kAbs:
    case UnaryOp::kNeg:
    case UnaryOp::kSqrt:
    case UnaryOp::kReciprocal:
    case UnaryOp::kElu:
    case UnaryOp::kLeakyRelu:
    case UnaryOp::kSoftplus:
    case UnaryOp::kHardSwish:
    case UnaryOp::kGelu: return true;
    // Floor, ceil, selu, hard sigmoid, softsign, thresholded relu: no single algorithm.
    default: return false;
  }
}

}  // namespace

bool UnarySupports(Backend backend, const UnaryParams& p) {
  if (p.type != ElementType::kFloat32) {
    return backend == Backend::kReference && p.op == UnaryOp::kClamp &&
           reference::IsIntegerElementType(p.type);
  }
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return Xnnpack(p);
    case Backend::kOnednn: return Onednn(p);
    default: return false;
  }
}

}  // namespace neo::kernels

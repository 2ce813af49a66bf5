// Element-wise binary operators with numpy broadcasting, for float32 and the integer
// types: one broadcasting walk, the element type deciding the arithmetic.
#include <algorithm>
#include <cmath>

#include "kernels/reference/elementwise.h"
#include "kernels/reference/elementwise_math.h"
#include "kernels/reference/index_walk.h"

namespace neo::kernels::reference {

namespace {

// out[n] = clamp(op(a, b)) over the output, a and b read through their broadcast strides.
template <typename T, typename Op>
void BroadcastLoop(const BinaryParams& p, const void* a_data, const void* b_data,
                   void* output_data, T lo, T hi, Op op) {
  const T* a = static_cast<const T*>(a_data);
  const T* b = static_cast<const T*>(b_data);
  T* output = static_cast<T*>(output_data);
  int64_t strides[2][Dims::kMaxRank];
  BroadcastStrides(p.a_shape, p.output_shape, strides[0]);
  BroadcastStrides(p.b_shape, p.output_shape, strides[1]);
  ForEachOffset(p.output_shape, strides, [&](int64_t n, const int64_t* offset) {
    output[n] = elementwise_math::Clamp(op(a[offset[0]], b[offset[1]]), lo, hi);
  });
}

// Comparisons and logic: T operands, a bool (uint8 0/1) output.
template <typename T>
void PredicateLoop(const BinaryParams& p, const void* a_data, const void* b_data, void* output_data) {
  const T* a = static_cast<const T*>(a_data);
  const T* b = static_cast<const T*>(b_data);
  uint8_t* output = static_cast<uint8_t*>(output_data);
  int64_t strides[2][Dims::kMaxRank];
  BroadcastStrides(p.a_shape, p.output_shape, strides[0]);
  BroadcastStrides(p.b_shape, p.output_shape, strides[1]);
  ForEachOffset(p.output_shape, strides, [&](int64_t n, const int64_t* offset) {
    const T x = a[offset[0]], y = b[offset[1]];
    bool r = false;
    switch (p.op) {
      case BinaryOp::kEqual: r = x == y; break;
      case BinaryOp::kNotEqual: r = x != y; break;
      case BinaryOp::kLess: r = x < y; break;
      case BinaryOp::kLessEqual: r = x <= y; break;
      case BinaryOp::kGreater: r = x > y; break;
      case BinaryOp::kGreaterEqual: r = x >= y; break;
      case BinaryOp::kLogicalAnd: r = x != 0 && y != 0; break;
      case BinaryOp::kLogicalOr: r = x != 0 || y != 0; break;
      case BinaryOp::kLogicalXor: r = (x != 0) != (y != 0); break;
      default: break;
    }
    output[n] = r ? 1 : 0;
  });
}

template <typename T>
void IntegerLoop(const BinaryParams& p, const void* a, const void* b, void* output) {
  BroadcastLoop<T>(p, a, b, output, elementwise_math::LowerBound<T>(p.output_min),
                   elementwise_math::UpperBound<T>(p.output_max),
                   [&](T x, T y) { return elementwise_math::IntegerScalar<T>(p.op, x, y); });
}

}  // namespace

float BinaryScalar(BinaryOp op, float a, float b) {
  switch (op) {
    case BinaryOp::kAdd: return a + b;
    case BinaryOp::kSub: return a - b;
    case BinaryOp::kMul: return a * b;
    case BinaryOp::kDiv: return a / b;
    case BinaryOp::kPow: return std::pow(a, b);
    case BinaryOp::kMaximum: return std::max(a, b);
    case BinaryOp::kMinimum: return std::min(a, b);
    case BinaryOp::kPRelu: return a < 0.0f ? a * b : a;
    case BinaryOp::kFloorMod: return elementwise_math::FloatRemainder(a, b, true);
    case BinaryOp::kTruncateMod: return elementwise_math::FloatRemainder(a, b, false);
    case BinaryOp::kEqual: return a == b;
    case BinaryOp::kNotEqual: return a != b;
    case BinaryOp::kLess: return a < b;
    case BinaryOp::kLessEqual: return a <= b;
    case BinaryOp::kGreater: return a > b;
    case BinaryOp::kGreaterEqual: return a >= b;
    case BinaryOp::kLogicalAnd: return a != 0.0f && b != 0.0f;
    case BinaryOp::kLogicalOr: return a != 0.0f || b != 0.0f;
    case BinaryOp::kLogicalXor: return (a != 0.0f) != (b != 0.0f);
  }
  return 0.0f;
}

void Binary(const BinaryParams& p, const void* a, const void* b, void* output) {
  if (HasBoolOutput(p.op)) {
    switch (p.type) {
      case ElementType::kFloat32: return PredicateLoop<float>(p, a, b, output);
      case ElementType::kInt8: return PredicateLoop<int8_t>(p, a, b, output);
      case ElementType::kBool:
      case ElementType::kUInt8: return PredicateLoop<uint8_t>(p, a, b, output);
      case ElementType::kInt32: return PredicateLoop<int32_t>(p, a, b, output);
      case ElementType::kInt64: return PredicateLoop<int64_t>(p, a, b, output);
      default: return;
    }
  }
  switch (p.type) {
    case ElementType::kFloat32:
      return BroadcastLoop<float>(p, a, b, output, p.output_min, p.output_max,
                                  [&](float x, float y) { return BinaryScalar(p.op, x, y); });
    case ElementType::kInt8: return IntegerLoop<int8_t>(p, a, b, output);
    case ElementType::kUInt8: return IntegerLoop<uint8_t>(p, a, b, output);
    case ElementType::kInt32: return IntegerLoop<int32_t>(p, a, b, output);
    case ElementType::kInt64: return IntegerLoop<int64_t>(p, a, b, output);
    default: return;  // BinarySupports refuses bool
  }
}

bool IsIntegerElementType(ElementType t) {
  return t == ElementType::kInt8 || t == ElementType::kUInt8 || t == ElementType::kInt32 ||
         t == ElementType::kInt64;
}

}  // namespace neo::kernels::reference

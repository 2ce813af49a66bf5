// Binary operators and Clamp on integer tensors, with numpy's (and so ONNX's reference)
// semantics: fixed-width arithmetic wraps around, division truncates toward zero.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/reference/elementwise.h"

namespace neo::kernels::reference {
namespace {

// Arithmetic in uint64 never overflows in the C++ sense; narrowing back keeps the low
// bits, which is two's-complement wraparound for the signed types too.
template <typename T>
T Wrap(uint64_t v) {
  return static_cast<T>(v);
}

template <typename T>
T Divide(T a, T b) {
  // A zero divisor would trap (SIGFPE); numpy gives 0 with a warning, and so do we.
  if (b == 0) return 0;
  // The one signed quotient that overflows, min / -1, wraps back to min as in numpy.
  if (std::is_signed<T>::value && b == static_cast<T>(-1)) return Wrap<T>(0 - static_cast<uint64_t>(a));
  return static_cast<T>(a / b);  // C++ truncates toward zero, like numpy's C loops
}

// Converts a double result (from std::pow) the way Cast does: truncation toward zero;
// NaN and out-of-range values give 0 (undefined in ONNX).
template <typename T>
T FromDouble(double v) {
  if (!(v > static_cast<double>(std::numeric_limits<T>::lowest()) - 1.0) ||
      !(v < static_cast<double>(std::numeric_limits<T>::max()) + 1.0)) {
    return 0;
  }
  return static_cast<T>(std::trunc(v));
}

template <typename T>
T Power(T base, T exponent) {
  // A negative exponent has a fractional result for |base| > 1: through double, truncated.
  if (exponent < 0) return FromDouble<T>(std::pow(static_cast<double>(base), static_cast<double>(exponent)));
  // Otherwise exactly, by squaring, wrapping like numpy's integer power.
  uint64_t result = 1, square = static_cast<uint64_t>(static_cast<int64_t>(base));
  for (uint64_t e = static_cast<uint64_t>(exponent); e != 0; e >>= 1) {
    if (e & 1) result *= square;
    square *= square;
  }
  return Wrap<T>(result);
}

template <typename T>
T Scalar(BinaryOp op, T a, T b) {
  const uint64_t ua = static_cast<uint64_t>(static_cast<int64_t>(a));
  const uint64_t ub = static_cast<uint64_t>(static_cast<int64_t>(b));
  switch (op) {
    case BinaryOp::kAdd: return Wrap<T>(ua + ub);
    case BinaryOp::kSub: return Wrap<T>(ua - ub);
    case BinaryOp::kMul: return Wrap<T>(ua * ub);
    case BinaryOp::kDiv: return Divide(a, b);
    case BinaryOp::kPow: return Power(a, b);
    case BinaryOp::kMaximum: return a < b ? b : a;
    case BinaryOp::kMinimum: return b < a ? b : a;
    case BinaryOp::kPRelu: return a < 0 ? Wrap<T>(ua * ub) : a;
  }
  return 0;
}

// A float bound as the nearest value of T inside it: x >= 2.5 is x >= 3 for integers.
template <typename T>
T LowerBound(float v) {
  const double c = std::ceil(static_cast<double>(v));
  if (std::isnan(c) || c <= static_cast<double>(std::numeric_limits<T>::lowest())) {
    return std::numeric_limits<T>::lowest();
  }
  if (c >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(c);
}

template <typename T>
T UpperBound(float v) {
  const double f = std::floor(static_cast<double>(v));
  if (std::isnan(f) || f >= static_cast<double>(std::numeric_limits<T>::max())) {
    return std::numeric_limits<T>::max();
  }
  if (f <= static_cast<double>(std::numeric_limits<T>::lowest())) return std::numeric_limits<T>::lowest();
  return static_cast<T>(f);
}

template <typename T>
T Clamp(T x, T lo, T hi) {
  return x < lo ? lo : (hi < x ? hi : x);
}

template <typename T>
void BinaryLoop(const BinaryParams& p, const T* a, const T* b, T* output) {
  const int rank = p.output_shape.rank;
  // Element strides of a and b in output coordinates: 0 along broadcast dimensions.
  int64_t a_stride[Dims::kMaxRank] = {}, b_stride[Dims::kMaxRank] = {};
  int64_t sa = 1, sb = 1;
  for (int i = rank - 1; i >= 0; --i) {
    const int ia = i - (rank - p.a_shape.rank), ib = i - (rank - p.b_shape.rank);
    const int64_t da = ia >= 0 ? p.a_shape[ia] : 1, db = ib >= 0 ? p.b_shape[ib] : 1;
    a_stride[i] = da == 1 ? 0 : sa;
    b_stride[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  const T lo = LowerBound<T>(p.output_min), hi = UpperBound<T>(p.output_max);
  const int64_t total = p.output_shape.num_elements();
  int64_t index[Dims::kMaxRank] = {};
  int64_t ao = 0, bo = 0;
  for (int64_t e = 0; e < total; ++e) {
    output[e] = Clamp(Scalar<T>(p.op, a[ao], b[bo]), lo, hi);
    for (int i = rank - 1; i >= 0; --i) {
      ao += a_stride[i];
      bo += b_stride[i];
      if (++index[i] < p.output_shape[i]) break;
      ao -= a_stride[i] * index[i];
      bo -= b_stride[i] * index[i];
      index[i] = 0;
    }
  }
}

template <typename T>
void ClampLoop(const UnaryParams& p, const T* input, T* output) {
  const T lo = LowerBound<T>(p.alpha), hi = UpperBound<T>(p.beta);
  for (size_t i = 0; i < p.size; ++i) output[i] = Clamp(input[i], lo, hi);
}

}  // namespace

bool IsIntegerElementType(ElementType t) {
  return t == ElementType::kInt8 || t == ElementType::kUInt8 || t == ElementType::kInt32 ||
         t == ElementType::kInt64;
}

void IntegerBinary(const BinaryParams& p, const void* a, const void* b, void* output) {
  switch (p.type) {
    case ElementType::kInt8:
      return BinaryLoop(p, static_cast<const int8_t*>(a), static_cast<const int8_t*>(b), static_cast<int8_t*>(output));
    case ElementType::kUInt8:
      return BinaryLoop(p, static_cast<const uint8_t*>(a), static_cast<const uint8_t*>(b), static_cast<uint8_t*>(output));
    case ElementType::kInt32:
      return BinaryLoop(p, static_cast<const int32_t*>(a), static_cast<const int32_t*>(b), static_cast<int32_t*>(output));
    case ElementType::kInt64:
      return BinaryLoop(p, static_cast<const int64_t*>(a), static_cast<const int64_t*>(b), static_cast<int64_t*>(output));
    default: return;  // BinarySupports refuses the rest
  }
}

void IntegerUnary(const UnaryParams& p, const void* input, void* output) {
  switch (p.type) {
    case ElementType::kInt8:
      return ClampLoop(p, static_cast<const int8_t*>(input), static_cast<int8_t*>(output));
    case ElementType::kUInt8:
      return ClampLoop(p, static_cast<const uint8_t*>(input), static_cast<uint8_t*>(output));
    case ElementType::kInt32:
      return ClampLoop(p, static_cast<const int32_t*>(input), static_cast<int32_t*>(output));
    case ElementType::kInt64:
      return ClampLoop(p, static_cast<const int64_t*>(input), static_cast<int64_t*>(output));
    default: return;
  }
}

}  // namespace neo::kernels::reference

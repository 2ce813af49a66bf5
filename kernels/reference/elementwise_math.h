// Element arithmetic the binary and unary reference kernels share: numpy's (and so
// ONNX's reference) semantics for the integer element types (fixed-width arithmetic wraps
// around, division truncates toward zero, float bounds round inward) and the clamp.
#ifndef NEO_KERNELS_REFERENCE_ELEMENTWISE_MATH_H_
#define NEO_KERNELS_REFERENCE_ELEMENTWISE_MATH_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "kernels/binary.h"

namespace neo::kernels::reference::elementwise_math {

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

// Remainders by the sign rule of kernels/binary.h. b == -1 is special-cased because
// min % -1 overflows in C++ (the remainder is 0 anyway).
template <typename T>
T Remainder(T a, T b, bool floor) {
  if (b == 0) return 0;
  if (std::is_signed<T>::value && b == static_cast<T>(-1)) return 0;
  T r = static_cast<T>(a % b);
  if (floor && r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
  return r;
}

inline float FloatRemainder(float a, float b, bool floor) {
  float r = std::fmod(a, b);
  if (floor && r != 0.0f && ((r < 0.0f) != (b < 0.0f))) r += b;
  return r;
}

template <typename T>
T IntegerScalar(BinaryOp op, T a, T b) {
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
    case BinaryOp::kFloorMod: return Remainder(a, b, true);
    case BinaryOp::kTruncateMod: return Remainder(a, b, false);
    default: return 0;  // comparisons and logic write bool (binary.cc's PredicateLoop)
  }
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

}  // namespace neo::kernels::reference::elementwise_math

#endif  // NEO_KERNELS_REFERENCE_ELEMENTWISE_MATH_H_

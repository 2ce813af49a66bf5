// The arithmetic ONNX's quantization operators share, written once for the reference
// kernels: rounding halves to even, saturation to an 8-bit range, and the float
// requantization of an int32 accumulator that QLinearConv and QLinearMatMul define.
#ifndef NEO_KERNELS_REFERENCE_QUANTIZATION_MATH_H_
#define NEO_KERNELS_REFERENCE_QUANTIZATION_MATH_H_

#include <cmath>
#include <cstdint>

#include "kernels/model.h"

namespace neo::kernels::reference {

// numpy.rint / numpy.round: to the nearest integer, halves to the even neighbour.
// Written out (rather than std::nearbyint) so that it never depends on the floating-point
// environment's rounding mode.
inline double RoundHalfToEven(double v) {
  const double r = std::round(v);  // halves away from zero
  if (std::fabs(v - std::trunc(v)) == 0.5) return 2.0 * std::round(v / 2.0);
  return r;
}

// The range of an 8-bit quantized type (kUInt8: [0, 255], kInt8: [-128, 127]); int32
// for anything else.
struct QuantRange {
  int32_t lo, hi;
};
inline QuantRange RangeOf(ElementType t) {
  switch (t) {
    case ElementType::kUInt8: return {0, 255};
    case ElementType::kInt8: return {-128, 127};
    default: return {INT32_MIN, INT32_MAX};
  }
}

// `v` (already an integer, or NaN, or infinite) clamped to [lo, hi]; NaN gives lo.
inline int32_t Saturate(double v, QuantRange r) {
  if (!(v >= r.lo)) return r.lo;
  if (v > r.hi) return r.hi;
  return static_cast<int32_t>(v);
}

// Element i of an integer tensor of type t (uint8, int8 or int32) as int32.
inline int32_t LoadInt(const void* data, ElementType t, int64_t i) {
  switch (t) {
    case ElementType::kUInt8: return static_cast<const uint8_t*>(data)[i];
    case ElementType::kInt8: return static_cast<const int8_t*>(data)[i];
    default: return static_cast<const int32_t*>(data)[i];
  }
}

inline void StoreInt(int32_t v, void* data, ElementType t, int64_t i) {
  switch (t) {
    case ElementType::kUInt8: static_cast<uint8_t*>(data)[i] = static_cast<uint8_t>(v); break;
    case ElementType::kInt8: static_cast<int8_t*>(data)[i] = static_cast<int8_t>(v); break;
    default: static_cast<int32_t*>(data)[i] = v; break;
  }
}

// The multiplier QLinearConv/QLinearMatMul apply: (input_scale * weight_scale) /
// output_scale in float32, two roundings, in that order (as ONNX's reference evaluates
// `x_scale * w_scale / y_scale` on float32 arrays).
inline float RequantizationMultiplier(float input_scale, float weight_scale, float output_scale) {
  const float product = input_scale * weight_scale;
  return product / output_scale;
}

// ONNX's reference requantization: the int32 accumulator times the float32 multiplier in
// double (numpy promotes int32 * float32 to float64, where the product of a 31-bit and a
// 24-bit integer part is exact), plus the zero point, rounded half to even, saturated.
inline int32_t Requantize(int32_t acc, float multiplier, int32_t zero_point, QuantRange r) {
  const double scaled = static_cast<double>(acc) * static_cast<double>(multiplier);
  return Saturate(RoundHalfToEven(scaled + zero_point), r);
}

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_QUANTIZATION_MATH_H_

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

// The requantization int8 libraries compute (XNNPACK's "fp32" kernels on x86 and ARM):
// the accumulator converted to float32, times the multiplier in float32, rounded half to
// even, then the zero point added, saturated. It differs from Requantize where the
// float32 product lands on the other side of (or exactly on) a half-integer than the
// exact one, and where a tie is broken before rather than after adding an odd zero point.
inline int32_t RequantizeInFloat32(int32_t acc, float multiplier, int32_t zero_point,
                                   QuantRange r) {
  const float scaled = static_cast<float>(acc) * multiplier;
  return Saturate(RoundHalfToEven(scaled) + zero_point, r);
}

// Where RequantizeInFloat32 with `library_multiplier` can differ from Requantize with
// `multiplier`, at this zero point and 8-bit range, over every int32 accumulator. Both
// are non-decreasing in the accumulator, so they are compared by the least accumulator
// reaching each output value v above r.lo (a search over int32 started where the exact
// product crosses v - 1/2): where those differ, the accumulators between the two give
// v - 1 from one function and v (or more) from the other. Marks in suspect[u - r.lo]
// (r.hi - r.lo + 1 entries, when not null) every output u of RequantizeInFloat32 that
// may be wrong: v - 1 and v for each such level (if the two differ at an accumulator,
// the float32 result is one of these; see quantized_conv.cc). Returns the number of such
// levels: 0 is a proof, not a sample, that the two agree everywhere. Both multipliers
// must be positive and finite (else every level counts).
int Float32RequantizationMismatches(float library_multiplier, float multiplier,
                                    int32_t zero_point, QuantRange r, bool* suspect);

inline bool Float32RequantizationMatches(float library_multiplier, float multiplier,
                                         int32_t zero_point, QuantRange r) {
  return Float32RequantizationMismatches(library_multiplier, multiplier, zero_point, r,
                                         nullptr) == 0;
}

// The float32 multiplier, among `multiplier` and the floats within kMaxMultiplierUlps of
// it, with which RequantizeInFloat32 differs from Requantize(multiplier) at the fewest
// levels (the nearest on ties; `multiplier` itself when it is exact). Where the float32
// product of some accumulator rounds across a half-integer, a neighbouring multiplier
// often moves it back without moving another one across: measured on random multipliers
// in [5e-4, 0.01], 80% are exact as they are, 92% with one ulp's freedom.
inline constexpr int kMaxMultiplierUlps = 2;
float Float32RequantizationMultiplier(float multiplier, int32_t zero_point, QuantRange r);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_QUANTIZATION_MATH_H_

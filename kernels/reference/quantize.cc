// QuantizeLinear and DequantizeLinear as ONNX's reference computes them, in float32:
//   quantize:   q = x / scale (one float32 division), rounded half to even, plus the
//               zero point as an integer, clipped to the type's range;
//   dequantize: (float(x) - float(zero_point)) * scale, two float32 operations (the
//               subtraction is exact for 8-bit types; an int32 x rounds to float first,
//               as numpy's astype(float32) does).
#include "kernels/reference/quantize.h"

#include "kernels/reference/quantization_math.h"

namespace neo::kernels::reference {

bool QuantizeValid(const QuantizeParams& p) {
  const ElementType t = p.quantized_type;
  const bool type_ok = t == ElementType::kUInt8 || t == ElementType::kInt8 ||
                       (t == ElementType::kInt32 && p.direction == QuantizeDirection::kDequantize);
  return type_ok && p.outer >= 0 && p.channels >= 1 && p.inner >= 0;
}

void Quantize(const QuantizeParams& p, const void* input, const float* scale,
              const void* zero_point, void* output) {
  const QuantRange range = RangeOf(p.quantized_type);
  for (int64_t o = 0; o < p.outer; ++o) {
    for (int64_t c = 0; c < p.channels; ++c) {
      const int64_t q = p.per_axis ? c : 0;
      const float s = scale[q];
      const int32_t zp = LoadInt(zero_point, p.quantized_type, q);
      const int64_t base = (o * p.channels + c) * p.inner;
      if (p.direction == QuantizeDirection::kQuantize) {
        const float* x = static_cast<const float*>(input) + base;
        for (int64_t i = 0; i < p.inner; ++i) {
          const float ratio = x[i] / s;
          // The rounded ratio plus the zero point in double: exact for every ratio the
          // range can hold, and beyond it the sum saturates like the integer one would.
          const double v = RoundHalfToEven(ratio) + zp;
          StoreInt(Saturate(v, range), output, p.quantized_type, base + i);
        }
      } else {
        float* y = static_cast<float*>(output) + base;
        const float zp_f = static_cast<float>(zp);
        for (int64_t i = 0; i < p.inner; ++i) {
          const float xf = static_cast<float>(LoadInt(input, p.quantized_type, base + i));
          y[i] = (xf - zp_f) * s;
        }
      }
    }
  }
}

}  // namespace neo::kernels::reference

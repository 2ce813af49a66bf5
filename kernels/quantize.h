// QuantizeLinear and DequantizeLinear (ONNX opsets 10 and 13): between float32 and 8-bit
// integers through a scale and a zero point, per tensor or per slice along one axis.
//   quantize:   y = saturate(round_half_to_even(x / scale) + zero_point)
//   dequantize: y = (x - zero_point) * scale
// Both divide and multiply in float32 exactly as ONNX's reference does (x / scale, not
// x * (1 / scale), which rounds differently for some x). NaN quantizes to the type's
// minimum, as the reference's int32 conversion of NaN (x86's "integer indefinite")
// followed by its clip gives.
#ifndef NEO_KERNELS_QUANTIZE_H_
#define NEO_KERNELS_QUANTIZE_H_

#include <cstdint>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/model.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class QuantizeDirection { kQuantize, kDequantize };

inline const char* EnumeratorName(QuantizeDirection d) {
  return d == QuantizeDirection::kQuantize ? "kQuantize" : "kDequantize";
}

// The tensor is viewed as [outer, channels, inner]. Per axis, scale and zero point hold
// `channels` elements and element (o, c, i) uses entry c; per tensor (channels == 1 is
// the usual way to say so) they hold one element each.
struct QuantizeParams {
  QuantizeDirection direction = QuantizeDirection::kQuantize;
  // The integer side's type (and the zero point's): kUInt8 or kInt8; DequantizeLinear
  // also takes kInt32 (a bias quantized with zero point 0).
  ElementType quantized_type = ElementType::kUInt8;
  int64_t outer = 0, channels = 1, inner = 0;
  bool per_axis = false;
};

inline void VisitFields(const QuantizeParams& p, FieldVisitor& v) {
  v.Enum("direction", "neo::kernels::QuantizeDirection", EnumeratorName(p.direction));
  VisitElementType("quantized_type", p.quantized_type, v);
  v.Int("outer", p.outer);
  v.Int("channels", p.channels);
  v.Int("inner", p.inner);
  v.Bool("per_axis", p.per_axis);
}

// Reference only: XNNPACK 2022-02's convert_nc_f32_qu8/qs8 multiply by the reciprocal of
// the scale (not ONNX's division) and take the scale when the operator is created (here
// it may be computed, as DynamicQuantizeLinear's is); oneDNN's reorder with output scales
// multiplies too. Valid: non-negative sizes, the types above.
bool QuantizeSupports(Backend backend, const QuantizeParams& p);

class Quantize : public Kernel {
 public:
  // `input` and `output` are float32 and quantized_type elements (the other way round
  // for kDequantize); `scale` float32 and `zero_point` quantized_type, one element or
  // `channels`. All are read at Run(): scale and zero point may be computed tensors.
  Quantize(Context& context, const QuantizeParams& params, Backend backend, const void* input,
           const float* scale, const void* zero_point, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_QUANTIZE_H_

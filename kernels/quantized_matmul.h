// Integer matrix products of 8-bit tensors with zero points (ONNX MatMulInteger and
// QLinearMatMul, opset 10): numpy.matmul of (a - a_zero_point) and (b - b_zero_point)
// in int32, with broadcast batch dimensions,
//   MatMulInteger: the int32 products themselves;
//   QLinearMatMul: each product requantized as ONNX's reference does it,
//     y = saturate(round_half_to_even(acc * ((a_scale * b_scale) / y_scale) + y_zero_point))
//     with the multiplier rounded to float32 and the product taken in double
//     (reference/quantization_math.h).
#ifndef NEO_KERNELS_QUANTIZED_MATMUL_H_
#define NEO_KERNELS_QUANTIZED_MATMUL_H_

#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/model.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// a [..., M, K] times b [..., K, N] = output [..., M, N], the batch dimensions broadcast
// as in BatchMatMulParams.
struct QuantizedMatMulParams {
  Dims a_shape;
  Dims b_shape;
  Dims output_shape;
  ElementType a_type = ElementType::kUInt8;  // kUInt8 or kInt8, and a_zero_point's
  ElementType b_type = ElementType::kUInt8;  // kUInt8 or kInt8, and b_zero_point's
  // kInt32: MatMulInteger's products. kUInt8 / kInt8: QLinearMatMul's requantized
  // output (and y_zero_point's type).
  ElementType output_type = ElementType::kInt32;
  // a_zero_point holds M elements, one per row of a (MatMulInteger); else one.
  bool a_zero_point_per_row = false;
  // b_zero_point / b_scale hold N elements, one per column of b; else one.
  bool b_zero_point_per_column = false;
  bool b_scale_per_column = false;
  // As QuantizedConv2DParams' (set by the compiler from constants, checked again by the
  // constructor): b, the scales and the zero points are constants; b's zero points are 0.
  bool static_quantization = false;
  bool symmetric_weights = false;
};

inline void VisitFields(const QuantizedMatMulParams& p, FieldVisitor& v) {
  v.Shape("a_shape", p.a_shape);
  v.Shape("b_shape", p.b_shape);
  v.Shape("output_shape", p.output_shape);
  VisitElementType("a_type", p.a_type, v);
  VisitElementType("b_type", p.b_type, v);
  VisitElementType("output_type", p.output_type, v);
  v.Bool("a_zero_point_per_row", p.a_zero_point_per_row);
  v.Bool("b_zero_point_per_column", p.b_zero_point_per_column);
  v.Bool("b_scale_per_column", p.b_scale_per_column);
  v.Bool("static_quantization", p.static_quantization);
  v.Bool("symmetric_weights", p.symmetric_weights);
}

inline bool Requantizes(const QuantizedMatMulParams& p) {
  return p.output_type != ElementType::kInt32;
}

// Reference: consistent shapes, 8-bit operand types, an int32 or 8-bit output.
// XNNPACK: QLinearMatMul of int8 a, b and y with b a constant matrix (rank 2) of zero
// point 0, run as QuantizedConv2D's XNNPACK 1x1 convolution over the rows of a (the
// same proven requantization and reference corrections: bit-exact). MatMulInteger has
// no XNNPACK 2022-02 operator (nothing there outputs int32), and its fully_connected
// qu8/qs8 requantize in fixed point on ARM. oneDNN 2.6.3's int8 matmul adds the output
// zero point in float before rounding: not used.
bool QuantizedMatMulSupports(Backend backend, const QuantizedMatMulParams& p);

// Whether every b zero point is 0 (null: none, so 0).
bool QuantizedMatMulSymmetricWeights(const QuantizedMatMulParams& p, const void* b_zero_point);

class QuantizedMatMul : public Kernel {
 public:
  // a, b: a_type / b_type elements. a_zero_point, b_zero_point: their types, null for
  // zero. For a requantizing product a_scale, b_scale, y_scale (float32) and
  // y_zero_point (output_type) are required; MatMulInteger passes null. Everything is
  // read at Run() and must stay valid as long as the kernel.
  QuantizedMatMul(Context& context, const QuantizedMatMulParams& params, Backend backend,
                  const void* a, const void* a_zero_point, const void* b,
                  const void* b_zero_point, const float* a_scale, const float* b_scale,
                  const float* y_scale, const void* y_zero_point, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_QUANTIZED_MATMUL_H_

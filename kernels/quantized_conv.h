// Integer 2-D convolution of 8-bit NHWC activations with 8-bit OIHW weights and zero
// points (ONNX ConvInteger and QLinearConv, opset 10), optionally grouped:
//   acc = bias[oc] + sum over the window of (x - x_zero_point) * (w - w_zero_point[oc])
// in int32, where padding contributes nothing (it stands for x_zero_point), then
//   ConvInteger: acc itself (int32);
//   QLinearConv: saturate(round_half_to_even(acc * ((x_scale * w_scale[oc]) / y_scale)
//                + y_zero_point)), the multiplier in float32 and the product in double,
//                as ONNX's reference computes it (reference/quantization_math.h).
#ifndef NEO_KERNELS_QUANTIZED_CONV_H_
#define NEO_KERNELS_QUANTIZED_CONV_H_

#include <cstdint>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/model.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

struct QuantizedConv2DParams {
  int batch;
  int input_height, input_width, input_channels;
  int output_height, output_width, output_channels;
  int kernel_height, kernel_width;
  int stride_height, stride_width;
  int dilation_height, dilation_width;
  int pad_top, pad_left, pad_bottom, pad_right;
  int groups;
  ElementType input_type = ElementType::kUInt8;   // kUInt8 or kInt8 (and x_zero_point's)
  ElementType weight_type = ElementType::kUInt8;  // kUInt8 or kInt8 (and w_zero_point's)
  // kInt32: ConvInteger. kUInt8 / kInt8: QLinearConv (and y_zero_point's type).
  ElementType output_type = ElementType::kInt32;
  // w_zero_point / w_scale hold output_channels elements; else one.
  bool weight_zero_point_per_channel = false;
  bool weight_scale_per_channel = false;
  bool has_bias = false;  // int32, output_channels elements (QLinearConv's B)
  // What the compiler established from constant operands, for a library that takes the
  // quantization when its operator is created (XNNPACK). The constructor checks them
  // again on the data it is given and refuses a backend they do not hold for.
  //   static_quantization: weights, bias, scales and zero points are constants (readable
  //     when the kernel is constructed);
  //   symmetric_weights: every weight zero point is 0.
  bool static_quantization = false;
  bool symmetric_weights = false;
};

inline void VisitFields(const QuantizedConv2DParams& p, FieldVisitor& v) {
  v.Int("batch", p.batch);
  v.Int("input_height", p.input_height);
  v.Int("input_width", p.input_width);
  v.Int("input_channels", p.input_channels);
  v.Int("output_height", p.output_height);
  v.Int("output_width", p.output_width);
  v.Int("output_channels", p.output_channels);
  v.Int("kernel_height", p.kernel_height);
  v.Int("kernel_width", p.kernel_width);
  v.Int("stride_height", p.stride_height);
  v.Int("stride_width", p.stride_width);
  v.Int("dilation_height", p.dilation_height);
  v.Int("dilation_width", p.dilation_width);
  v.Int("pad_top", p.pad_top);
  v.Int("pad_left", p.pad_left);
  v.Int("pad_bottom", p.pad_bottom);
  v.Int("pad_right", p.pad_right);
  v.Int("groups", p.groups);
  VisitElementType("input_type", p.input_type, v);
  VisitElementType("weight_type", p.weight_type, v);
  VisitElementType("output_type", p.output_type, v);
  v.Bool("weight_zero_point_per_channel", p.weight_zero_point_per_channel);
  v.Bool("weight_scale_per_channel", p.weight_scale_per_channel);
  v.Bool("has_bias", p.has_bias);
  v.Bool("static_quantization", p.static_quantization);
  v.Bool("symmetric_weights", p.symmetric_weights);
}

inline bool Requantizes(const QuantizedConv2DParams& p) {
  return p.output_type != ElementType::kInt32;
}

// Reference: every consistent geometry (the output size Conv2D's formula gives) with
// 8-bit inputs and weights and an int32 or 8-bit output.
// XNNPACK (convolution2d_nhwc_qc8: int8 input with a zero point, int8 weights with zero
// point 0 and a float32 multiplier per output channel, int32 bias, int8 output): int8
// throughout, static quantization, symmetric weights. Its float32 requantization
// (reference::RequantizeInFloat32, the same on x86 and ARM) is not ONNX's: per output
// channel the kernel picks the multiplier (ONNX's or one within a couple of ulps) whose
// disagreements with ONNX, proven over every accumulator, are fewest, and after XNNPACK
// has run recomputes with the reference the outputs those can affect (the two output
// values around each disagreeing level, about 1% of such a channel's outputs each):
// bit-exact. Not used: XNNPACK's qu8/qs8 operators (on ARM they requantize in fixed
// point, rndnu), and oneDNN 2.6.3's int8 convolution (the output zero point is added in
// float before rounding; weights take no zero point).
bool QuantizedConv2DSupports(Backend backend, const QuantizedConv2DParams& p);

// Whether every weight zero point is 0 (null: none, so 0), as the flag says.
bool QuantizedConv2DSymmetricWeights(const QuantizedConv2DParams& p, const void* w_zero_point);

class QuantizedConv2D : public Kernel {
 public:
  // input: NHWC input_type elements; weights: OIHW ([O, I / groups, kh, kw]) weight_type;
  // x_zero_point / w_zero_point: their types (null: zero); bias: int32 or null. For a
  // requantizing convolution x_scale, w_scale, y_scale (float32) and y_zero_point
  // (output_type) are required, else null. Everything is read at Run() and must stay
  // valid as long as the kernel (x_zero_point may be computed, as ONNX Runtime's dynamic
  // quantization computes it).
  QuantizedConv2D(Context& context, const QuantizedConv2DParams& params, Backend backend,
                  const void* input, const void* x_zero_point, const void* weights,
                  const void* w_zero_point, const float* x_scale, const float* w_scale,
                  const float* y_scale, const void* y_zero_point, const void* bias,
                  void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_QUANTIZED_CONV_H_

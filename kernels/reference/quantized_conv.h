// Reference integer convolution (see kernels/quantized_conv.h).
#ifndef NEO_KERNELS_REFERENCE_QUANTIZED_CONV_H_
#define NEO_KERNELS_REFERENCE_QUANTIZED_CONV_H_

#include "kernels/quantized_conv.h"

namespace neo::kernels::reference {

bool QuantizedConv2DValid(const QuantizedConv2DParams& p);

void QuantizedConv2D(const QuantizedConv2DParams& p, const void* input,
                     const void* x_zero_point, const void* weights, const void* w_zero_point,
                     const float* x_scale, const float* w_scale, const float* y_scale,
                     const void* y_zero_point, const int32_t* bias, void* output);

// The int32 accumulator of one output element (NHWC position n, oy, ox, channel oc):
// the bias (when p.has_bias) plus the window's products. How a library backend's output
// is corrected where its arithmetic cannot be proven to match ONNX's.
int32_t QuantizedConv2DAccumulator(const QuantizedConv2DParams& p, const void* input,
                                   const void* x_zero_point, const void* weights,
                                   const void* w_zero_point, const int32_t* bias, int n, int oy,
                                   int ox, int oc);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_QUANTIZED_CONV_H_

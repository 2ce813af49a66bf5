// QuantizedConv2D: which backend runs which integer convolution (pure; see conv2d.cc).
#include "kernels/quantized_conv.h"
#include "kernels/reference/quantization_math.h"
#include "kernels/reference/quantized_conv.h"

namespace neo::kernels {

namespace {

// XNNPACK 2022-02's convolution2d_nhwc_qc8. Its create checks the scales (the kernel
// passes input and output scale 1 and a positive normal multiplier per channel, below
// 256) and output_min < output_max (the full int8 range); setup wants a non-empty batch
// and image, which validity gives. It takes every consistent geometry: groups,
// depthwise, dilation, asymmetric padding (padded with the input zero point, as ONNX
// pads). What it cannot take is data: weights with zero points, or quantization
// parameters unknown when it is created.
bool Xnnpack(const QuantizedConv2DParams& p) {
  return p.input_type == ElementType::kInt8 && p.weight_type == ElementType::kInt8 &&
         p.output_type == ElementType::kInt8 && p.static_quantization && p.symmetric_weights;
}

}  // namespace

bool QuantizedConv2DSupports(Backend backend, const QuantizedConv2DParams& p) {
  if (!reference::QuantizedConv2DValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return Xnnpack(p);
    default: return false;
  }
}

bool QuantizedConv2DSymmetricWeights(const QuantizedConv2DParams& p, const void* w_zero_point) {
  if (!w_zero_point) return true;
  const int n = p.weight_zero_point_per_channel ? p.output_channels : 1;
  for (int c = 0; c < n; ++c) {
    if (reference::LoadInt(w_zero_point, p.weight_type, c) != 0) return false;
  }
  return true;
}

}  // namespace neo::kernels

// 2-D transposed convolution (ONNX ConvTranspose) with groups, dilation, asymmetric pads,
// output padding, optional bias and a fused clamp. Activations NHWC (after the layout
// pass) or NCHW; weights as ONNX stores them, [C, O / groups, KH, KW].
#ifndef NEO_KERNELS_CONV_TRANSPOSE_H_
#define NEO_KERNELS_CONV_TRANSPOSE_H_

#include <limits>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// output_height = (input_height - 1) * stride_height + (kernel_height - 1) *
//   dilation_height + 1 - pad_top - pad_bottom + output_padding_height (same for width).
struct ConvTranspose2DParams {
  int batch;
  int input_height, input_width, input_channels;
  int output_height, output_width, output_channels;
  int kernel_height, kernel_width;
  int stride_height, stride_width;
  int dilation_height = 1, dilation_width = 1;
  int pad_top, pad_left, pad_bottom, pad_right;
  int output_padding_height = 0, output_padding_width = 0;
  int groups = 1;
  bool nhwc = true;
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
};

inline void VisitFields(const ConvTranspose2DParams& p, FieldVisitor& v) {
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
  v.Int("output_padding_height", p.output_padding_height);
  v.Int("output_padding_width", p.output_padding_width);
  v.Int("groups", p.groups);
  v.Bool("nhwc", p.nhwc);
  v.Float("output_min", p.output_min);
  v.Float("output_max", p.output_max);
}

// Reference: every consistent geometry. oneDNN (deconvolution_forward; weights reordered
// once): non-empty tensors, non-negative pads, and end pads minus output padding above
// -stride (what oneDNN 2.6 creates a primitive for).
bool ConvTranspose2DSupports(Backend backend, const ConvTranspose2DParams& p);

class ConvTranspose2D : public Kernel {
 public:
  ConvTranspose2D(Context& context, const ConvTranspose2DParams& params, Backend backend,
                  const float* filter, const float* bias, const float* input, float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_CONV_TRANSPOSE_H_

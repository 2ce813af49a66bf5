// 2-D convolution over NHWC activations, optionally grouped or depthwise, with an
// optional bias, a fused activation (kernels/activation.h) and a fused clamp (Relu, Relu6).
#ifndef NEO_KERNELS_CONV2D_H_
#define NEO_KERNELS_CONV2D_H_

#include <limits>
#include <memory>

#include "kernels/activation.h"
#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

struct Conv2DParams {
  int batch;
  int input_height, input_width, input_channels;
  int output_height, output_width, output_channels;
  int kernel_height, kernel_width;
  int stride_height, stride_width;
  int dilation_height, dilation_width;
  int pad_top, pad_left, pad_bottom, pad_right;
  int groups;
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
  // Applied before the clamp; alpha and beta are HardSigmoid's.
  Activation activation = Activation::kNone;
  float activation_alpha = 0.0f;
  float activation_beta = 0.0f;
  // The output buffer already holds a tensor of the output's shape (a residual branch),
  // which the convolution adds to its result before the activation and clamp: the output
  // is read, then overwritten. Not for XNNPACK.
  bool accumulate = false;
  // The input's channels are multiplied by a per-channel factor computed at run time
  // (squeeze-excitation's gate) before the convolution. The kernel scales its weights
  // instead, on every Run(): cheaper than a pass over the activations when the weights
  // are small beside them. Ungrouped, batch 1, reference and oneDNN's direct algorithm.
  bool scaled_input = false;
  // A 1x1 expansion runs first, inside the kernel (an inverted residual block's first
  // layer, compiler/passes/expansion_fusion.h): the input then has expand_input_channels
  // channels, which [input_channels, expand_input_channels] weights and a bias turn into
  // the convolution's input_channels, with expand_activation (none, Swish or hard-swish)
  // and a clamp to [expand_min, expand_max]. 0: no expansion. Only for depthwise
  // convolutions (groups == input_channels == output_channels) without accumulate or
  // scaled_input, on the reference and oneDNN backends; the expanded tensor never leaves
  // the kernel (conv2d_expand_depthwise.h keeps a few rows of it in L2).
  int expand_input_channels = 0;
  float expand_min = -std::numeric_limits<float>::infinity();
  float expand_max = std::numeric_limits<float>::infinity();
  Activation expand_activation = Activation::kNone;
};

// The expansion as a convolution of its own: 1x1, from expand_input_channels to
// input_channels, at the input's size.
inline Conv2DParams ExpansionOf(const Conv2DParams& p) {
  Conv2DParams e{};
  e.batch = p.batch;
  e.input_height = e.output_height = p.input_height;
  e.input_width = e.output_width = p.input_width;
  e.input_channels = p.expand_input_channels;
  e.output_channels = p.input_channels;
  e.kernel_height = e.kernel_width = 1;
  e.stride_height = e.stride_width = e.dilation_height = e.dilation_width = 1;
  e.groups = 1;
  e.output_min = p.expand_min;
  e.output_max = p.expand_max;
  e.activation = p.expand_activation;
  return e;
}

inline void VisitFields(const Conv2DParams& p, FieldVisitor& v) {
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
  v.Float("output_min", p.output_min);
  v.Float("output_max", p.output_max);
  VisitActivation(p.activation, p.activation_alpha, p.activation_beta, v);
  if (p.accumulate) v.Bool("accumulate", true);  // listed only when set
  if (p.scaled_input) v.Bool("scaled_input", true);
  if (p.expand_input_channels > 0) {  // listed only when set
    v.Int("expand_input_channels", p.expand_input_channels);
    v.Float("expand_min", p.expand_min);
    v.Float("expand_max", p.expand_max);
    if (p.expand_activation != Activation::kNone) {
      v.Enum("expand_activation", "neo::kernels::Activation", EnumeratorName(p.expand_activation));
    }
  }
}

// Whether `backend` can run this convolution: a function of the parameters alone
// (kernels/capabilities), the same on every CPU. Reference runs every consistent
// geometry; Winograd runs 3x3, stride-1, undilated, ungrouped convolutions with paddings
// of at most 1, no activation and no clamp but Relu, which is what oneDNN's AVX-512 Winograd kernels
// take. A Conv2D constructed for Winograd on a CPU without them runs oneDNN's direct
// algorithm, so generated code stays portable.
bool Conv2DSupports(Backend backend, const Conv2DParams& p);

// Whether Conv2D's Winograd backend runs our own F(4x4, 3x3) (kernels/conv2d_winograd.h)
// on this layer where the CPU has AVX-512, rather than oneDNN's: 3x3, stride 1,
// undilated, ungrouped, paddings of at most 2, multiples of 16 channels in and out, no
// activation function (a clamp is fine), and at least 16 tiles of 4x4 outputs over the
// batch. Below that each transformed weight (four times the direct algorithm's size)
// serves too few tiles: at 7x7 the 36 transformed 512x512 matrices (38 MB) would each
// serve four. A function of the parameters alone. (On several threads the backend also
// leaves to oneDNN the layers whose transformed weights exceed 512 KB per tile,
// kernels/conv2d_winograd.h.)
bool Conv2DWinogradF4Applies(const Conv2DParams& p);

class Conv2D : public Kernel {
 public:
  // `filter` is OIHW ([output_channels, input_channels / groups, kh, kw]); `bias` has
  // output_channels elements or is null. Weights are copied/packed here; `input` and
  // `output` are NHWC buffers that stay where they are for the object's lifetime.
  Conv2D(Context& context, const Conv2DParams& params, Backend backend, const float* filter,
         const float* bias, const float* input, float* output);
  // For params.scaled_input: `input_scale` holds input_channels floats that the caller
  // writes before each Run() (it stays where it is, like `input`); the result is the
  // convolution of input[.., c] * input_scale[c].
  Conv2D(Context& context, const Conv2DParams& params, Backend backend, const float* filter,
         const float* bias, const float* input_scale, const float* input, float* output);
  // For params.expand_input_channels > 0: `expand_filter` is [input_channels,
  // expand_input_channels] (OIHW of the 1x1 layer), `expand_bias` input_channels floats or
  // null; `input` has expand_input_channels channels.
  Conv2D(Context& context, const Conv2DParams& params, Backend backend, const float* expand_filter,
         const float* expand_bias, const float* filter, const float* bias, const float* input,
         float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_CONV2D_H_

// Conv2D: which backend runs which convolution. Every rule here is a property of the
// parameters alone; oneDNN 2.6.3's and XNNPACK's conditions were read from their sources
// and are checked against the libraries by //kernels:capabilities_agreement_test.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "kernels/capabilities/rules.h"
#include "kernels/conv2d.h"

namespace neo::kernels {
namespace {

// The output size the padding, kernel, dilation and stride imply (floor division).
int OutputSize(int in, int pad_a, int pad_b, int kernel, int dilation, int stride) {
  const int effective = (kernel - 1) * dilation + 1;
  return (in + pad_a + pad_b - effective) / stride + 1;
}

// An expansion (Conv2DParams::expand_input_channels) only before a depthwise convolution
// that neither accumulates nor scales its input, with an activation the fused kernel has.
bool ExpansionConsistent(const Conv2DParams& p) {
  if (p.expand_input_channels == 0) return true;
  return p.expand_input_channels > 0 && p.groups == p.input_channels &&
         p.output_channels == p.input_channels && !p.accumulate && !p.scaled_input &&
         (p.expand_activation == Activation::kNone || p.expand_activation == Activation::kSwish ||
          p.expand_activation == Activation::kHardSwish) &&
         !(p.expand_min > p.expand_max);
}

// What the reference computes: a geometry whose output size is the formula's; a scaled
// input only ungrouped and for one image (one scale per input channel).
bool Consistent(const Conv2DParams& p) {
  return p.batch >= 1 && p.output_height >= 1 && p.output_width >= 1 && p.groups >= 1 &&
         p.input_channels % p.groups == 0 &&
         p.output_channels % p.groups == 0 && p.stride_height >= 1 && p.stride_width >= 1 &&
         p.dilation_height >= 1 && p.dilation_width >= 1 &&
         p.output_height == OutputSize(p.input_height, p.pad_top, p.pad_bottom,
                                       p.kernel_height, p.dilation_height, p.stride_height) &&
         p.output_width == OutputSize(p.input_width, p.pad_left, p.pad_right, p.kernel_width,
                                      p.dilation_width, p.stride_width) &&
         (!p.scaled_input || (p.groups == 1 && p.batch == 1)) && ExpansionConsistent(p);
}

// XNNPACK 2022-02's convolution2d_nhwc_f32 packs bias and clamp into the operator: it
// needs a clamp with min < max (no NaN), non-empty channel groups, and (at setup) a
// non-empty image. It cannot add the convolution to what the output holds (accumulate),
// and its packed weights cannot be rescaled per run (scaled_input).
bool Xnnpack(const Conv2DParams& p) {
  return !p.accumulate && !p.scaled_input && p.output_min < p.output_max && p.input_channels >= 1 && p.output_channels >= 1 &&
         p.input_height >= 1 && p.input_width >= 1;
}

// oneDNN's convolution_forward (direct), fp32 inference, NHWC activations, weights in
// format `any`: conv_desc_init wants non-negative dimensions, a non-empty filter,
// non-negative left paddings and right paddings above -stride (the output size is the
// same formula); the reference implementation (ref:any) then takes any such descriptor
// and any eltwise post-op, so only the clamp's post-op itself can still be refused.
bool OnednnDirect(const Conv2DParams& p) {
  return p.input_height >= 0 && p.input_width >= 0 && p.input_channels >= 1 &&
         p.output_channels >= 1 && p.kernel_height >= 1 && p.kernel_width >= 1 &&
         p.pad_top >= 0 && p.pad_left >= 0 && p.pad_bottom + p.stride_height > 0 &&
         p.pad_right + p.stride_width > 0 &&
         capabilities::OnednnClampAccepted(p.output_min, p.output_max);
}

// oneDNN's Winograd convolution for fp32 has two AVX-512 implementations,
// jit_avx512_core_f32_wino_conv_2x3 and _4x3; nothing runs convolution_winograd on a CPU
// without avx512_core (the runtime then runs the direct algorithm instead). On an
// AVX-512 CPU the 4x3 kernel takes every 3x3, stride-1, undilated, ungrouped convolution
// whose four paddings are at most 1 (channels are padded to 16) and whose post-ops are
// none or one relu; the 2x3 kernel takes a subset (symmetric padding, and cache- and
// thread-count-dependent sizes), so it decides which of the two runs, never whether one
// does. That makes the capability the same on every AVX-512 CPU and thread count.
bool OnednnWinograd(const Conv2DParams& p) {
  const auto clamp = capabilities::OnednnClampKind(p.output_min, p.output_max);
  return OnednnDirect(p) && p.kernel_height == 3 && p.kernel_width == 3 &&
         p.stride_height == 1 && p.stride_width == 1 && p.dilation_height == 1 &&
         p.dilation_width == 1 && p.groups == 1 && p.pad_top <= 1 && p.pad_left <= 1 &&
         p.pad_bottom <= 1 && p.pad_right <= 1 && p.activation == Activation::kNone &&
         !p.scaled_input &&  // our run-time weight scaling writes the direct layout only
         clamp != capabilities::OnednnClamp::kClip;
}

}  // namespace

bool Conv2DWinogradF4Applies(const Conv2DParams& p) {
  constexpr int kTile = 4, kMinTiles = 16;
  const int64_t tiles = int64_t{p.batch} * ((p.output_height + kTile - 1) / kTile) *
                        ((p.output_width + kTile - 1) / kTile);
  return Consistent(p) && p.kernel_height == 3 && p.kernel_width == 3 &&
         p.stride_height == 1 && p.stride_width == 1 && p.dilation_height == 1 &&
         p.dilation_width == 1 && p.groups == 1 &&
         std::min({p.pad_top, p.pad_left, p.pad_bottom, p.pad_right}) >= 0 &&
         std::max({p.pad_top, p.pad_left, p.pad_bottom, p.pad_right}) <= 2 &&
         p.input_channels % 16 == 0 && p.output_channels % 16 == 0 &&
         p.activation == Activation::kNone && !p.scaled_input && tiles >= kMinTiles;
}

bool Conv2DSupports(Backend backend, const Conv2DParams& p) {
  if (!Consistent(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    // An expansion runs in our own kernel or, on CPUs without AVX-512, as oneDNN's 1x1
    // convolution before the depthwise one: its clamp must be one oneDNN takes.
    case Backend::kXnnpack: return Xnnpack(p) && p.expand_input_channels == 0;
    case Backend::kOnednn:
      return OnednnDirect(p) && (p.expand_input_channels == 0 ||
                                 capabilities::OnednnClampAccepted(p.expand_min, p.expand_max));
    case Backend::kOnednnWinograd: return OnednnWinograd(p) && p.expand_input_channels == 0;
  }
  return false;
}

}  // namespace neo::kernels

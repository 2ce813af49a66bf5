// Pooling2D and GlobalPooling: which backend runs which pooling (pure; see conv2d.cc).
#include <cstdint>

#include "kernels/capabilities/rules.h"
#include "kernels/pooling.h"

namespace neo::kernels {
namespace {

using capabilities::OnednnAverage;

bool PositiveWindow(const Pooling2DParams& p) {
  return p.kernel_height >= 1 && p.kernel_width >= 1 && p.stride_height >= 1 &&
         p.stride_width >= 1 && p.dilation_height >= 1 && p.dilation_width >= 1;
}

// XNNPACK 2022-02 (xnn_create_max_pooling2d_nhwc_f32 / average_pooling2d): non-NaN
// bounds with min < max, a window of more than one element ("1x1 pooling is
// meaningless"), non-zero stride, dilation and channels; its setup wants a non-empty
// input, and its indirection buffer assumes the (dilated) window fits in the padded
// input (a larger one made setup write outside the buffer; the compiler never asks for
// one). On top of that the result must be pooling.h's: the same output size and no
// all-padding window, and for averages the same divisor; average pooling has no dilation.
bool Xnnpack(const Pooling2DParams& p) {
  const bool is_max = p.kind == PoolingKind::kMax;
  if (!(p.output_min < p.output_max) || !PositiveWindow(p) || p.channels < 1) return false;
  if (!is_max && (p.dilation_height != 1 || p.dilation_width != 1)) return false;
  if (static_cast<int64_t>(p.kernel_height) * p.kernel_width == 1) return false;
  if (p.input_height + p.pad_top + p.pad_bottom < (p.kernel_height - 1) * p.dilation_height + 1 ||
      p.input_width + p.pad_left + p.pad_right < (p.kernel_width - 1) * p.dilation_width + 1) {
    return false;
  }
  if (!capabilities::PoolingWindowsTouchInput(p, is_max ? p.dilation_height : 1,
                                              is_max ? p.dilation_width : 1)) {
    return false;
  }
  return is_max || capabilities::XnnpackAverageDivisorMatches(p);
}

// oneDNN 2.6.3 pooling_v2 (forward inference, NHWC, clamp post-op): the reference
// implementation takes every descriptor pooling_desc_init accepts, which is our
// geometry (non-negative pads, the floor output size) plus, for
// pooling_avg_exclude_padding only, every padding below the window size (at the top and
// left that follows from every window touching the input). We add what makes its result
// pooling.h's: no all-padding window, an average whose divisor matches one of its two
// rules, and a clamp with min < max.
bool Onednn(const Pooling2DParams& p) {
  const bool is_max = p.kind == PoolingKind::kMax;
  if (!(p.output_min < p.output_max) || p.batch < 1 || p.channels < 1) return false;
  if (!PositiveWindow(p) || p.pad_top < 0 || p.pad_left < 0 || p.pad_bottom < 0 ||
      p.pad_right < 0 || p.output_height < 1 || p.output_width < 1) {
    return false;
  }
  if (!is_max && (p.dilation_height != 1 || p.dilation_width != 1)) return false;
  if (!capabilities::PoolingWindowsTouchInput(p, is_max ? p.dilation_height : 1,
                                              is_max ? p.dilation_width : 1)) {
    return false;
  }
  if (is_max) return true;
  switch (capabilities::OnednnAverageDivisor(p)) {
    case OnednnAverage::kNone: return false;
    case OnednnAverage::kIncludePadding: return true;
    case OnednnAverage::kExcludePadding:
      return p.pad_top < p.kernel_height && p.pad_bottom < p.kernel_height &&
             p.pad_left < p.kernel_width && p.pad_right < p.kernel_width;
  }
  return false;
}

}  // namespace

bool Pooling2DSupports(Backend backend, const Pooling2DParams& p) {
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return Xnnpack(p);
    case Backend::kOnednn: return Onednn(p);
    default: return false;
  }
}

bool GlobalPoolingSupports(Backend backend, const GlobalPoolingParams& p) {
  switch (backend) {
    case Backend::kReference: return true;
    // XNNPACK (2022-02) has a global average pooling but no global max; its create wants
    // non-zero channels.
    case Backend::kXnnpack:
      return p.kind == PoolingKind::kAverage && p.pixels >= 1 && p.channels >= 1;
    // A pooling whose window is the whole image ([batch, 1, pixels, channels]), max or
    // average (exclude_padding; there is no padding), which oneDNN always takes.
    case Backend::kOnednn: return p.pixels >= 1 && p.batch >= 1 && p.channels >= 1;
    default: return false;
  }
}

}  // namespace neo::kernels

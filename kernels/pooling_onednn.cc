// Activations stay NHWC. oneDNN's average pooling has two divisor rules: the whole
// window (pooling_avg_include_padding) or the window's pixels inside the input
// (pooling_avg_exclude_padding). pooling.h's rule (counted_pad_* margins) is neither in
// general, so a configuration is accepted only where one of them gives pooling.h's
// divisor at every output position.
#include "kernels/pooling_onednn.h"

#include <algorithm>
#include <optional>

#include "kernels/context_internal.h"
#include "kernels/onednn_op.h"
#include "kernels/reference/pooling.h"

namespace neo::kernels::internal {
namespace {

using dnnl::algorithm;
using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;

int Overlap(int begin, int end, int lo, int hi) {
  return std::max(0, std::min(end, hi) - std::max(begin, lo));
}

// oneDNN derives the output size by floor division over the padded input, and a window
// that sees no input pixel would give it an undefined max (or a 0/0 average) where
// pooling.h defines -inf (clamped) and 0.
bool Geometry(const Pooling2DParams& p, int dh, int dw) {
  if (p.kernel_height < 1 || p.kernel_width < 1 || p.stride_height < 1 ||
      p.stride_width < 1 || dh < 1 || dw < 1 || p.pad_top < 0 || p.pad_left < 0 ||
      p.pad_bottom < 0 || p.pad_right < 0 || p.output_height < 1 || p.output_width < 1) {
    return false;
  }
  const int eh = (p.kernel_height - 1) * dh + 1, ew = (p.kernel_width - 1) * dw + 1;
  if (p.output_height != (p.input_height + p.pad_top + p.pad_bottom - eh) / p.stride_height + 1 ||
      p.output_width != (p.input_width + p.pad_left + p.pad_right - ew) / p.stride_width + 1) {
    return false;
  }
  for (int oy = 0; oy < p.output_height; ++oy) {
    const int y0 = oy * p.stride_height - p.pad_top;
    if (Overlap(y0, y0 + eh, 0, p.input_height) == 0) return false;
  }
  for (int ox = 0; ox < p.output_width; ++ox) {
    const int x0 = ox * p.stride_width - p.pad_left;
    if (Overlap(x0, x0 + ew, 0, p.input_width) == 0) return false;
  }
  return true;
}

// The average algorithm whose divisor equals reference::AveragePoolingDivisor at every
// output, if either does.
std::optional<algorithm> AverageAlgorithm(const Pooling2DParams& p) {
  bool include = true, exclude = true;
  for (int oy = 0; oy < p.output_height && (include || exclude); ++oy) {
    for (int ox = 0; ox < p.output_width; ++ox) {
      const int y0 = oy * p.stride_height - p.pad_top, x0 = ox * p.stride_width - p.pad_left;
      const int want = reference::AveragePoolingDivisor(p, oy, ox);
      include = include && want == p.kernel_height * p.kernel_width;
      exclude = exclude && want == Overlap(y0, y0 + p.kernel_height, 0, p.input_height) *
                                       Overlap(x0, x0 + p.kernel_width, 0, p.input_width);
    }
  }
  // Both agree when no window touches padding; exclude is then the plain average.
  if (exclude) return algorithm::pooling_avg_exclude_padding;
  if (include) return algorithm::pooling_avg_include_padding;
  return std::nullopt;
}

std::optional<dnnl::pooling_v2_forward::primitive_desc> PoolPd(const dnnl::engine& engine,
                                                               const Pooling2DParams& p) {
  const bool is_max = p.kind == PoolingKind::kMax;
  const int dh = is_max ? p.dilation_height : 1, dw = is_max ? p.dilation_width : 1;
  if (!(p.output_min < p.output_max) || p.batch < 1 || p.channels < 1) return std::nullopt;
  if (!is_max && (p.dilation_height != 1 || p.dilation_width != 1)) return std::nullopt;
  if (!Geometry(p, dh, dw)) return std::nullopt;
  const auto alg = is_max ? std::optional<algorithm>(algorithm::pooling_max)
                          : AverageAlgorithm(p);
  if (!alg) return std::nullopt;
  try {
    const memory::desc src({p.batch, p.channels, p.input_height, p.input_width}, dt::f32,
                           tag::nhwc);
    const memory::desc dst({p.batch, p.channels, p.output_height, p.output_width}, dt::f32,
                           tag::nhwc);
    dnnl::pooling_v2_forward::desc desc(
        dnnl::prop_kind::forward_inference, *alg, src, dst, {p.stride_height, p.stride_width},
        {p.kernel_height, p.kernel_width}, {dh - 1, dw - 1}, {p.pad_top, p.pad_left},
        {p.pad_bottom, p.pad_right});
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    attr.set_post_ops(ClampPostOps(p.output_min, p.output_max));
    return dnnl::pooling_v2_forward::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;  // no implementation (e.g. a post-op it cannot fuse)
  }
}

std::unique_ptr<Op> MakePooling(Context& context,
                                const dnnl::pooling_v2_forward::primitive_desc& pd,
                                const float* input, float* output) {
  OnednnArgs args = {
      {DNNL_ARG_SRC, Wrap(context, pd.src_desc(), input)},
      {DNNL_ARG_DST, Wrap(context, pd.dst_desc(), output)},
      {DNNL_ARG_SCRATCHPAD, memory(pd.scratchpad_desc(), context.impl().engine)},
  };
  return std::make_unique<OnednnOp>(context, dnnl::pooling_v2_forward(pd), std::move(args));
}

// [batch, pixels, channels] as an NHWC image of height 1, pooled by a window as wide as
// the image: exactly one output pixel, whose divisor is `pixels` either way.
Pooling2DParams AsWindowed(const GlobalPoolingParams& g) {
  Pooling2DParams p;
  p.kind = g.kind;
  p.batch = g.batch;
  p.channels = g.channels;
  p.input_height = p.output_height = p.output_width = 1;
  p.input_width = g.pixels;
  p.kernel_height = 1;
  p.kernel_width = g.pixels;
  p.stride_height = p.stride_width = 1;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 0;
  return p;
}

}  // namespace

bool OnednnPooling2DSupports(const Pooling2DParams& p) {
  return PoolPd(SharedEngine(), p).has_value();
}

std::unique_ptr<Op> MakeOnednnPooling2D(Context& context, const Pooling2DParams& p,
                                        const float* input, float* output) {
  context.BeginRun();  // the primitive is sized for the context's thread count
  auto pd = PoolPd(context.impl().engine, p);
  if (!pd) Unsupported("Pooling2D", "onednn");
  return MakePooling(context, *pd, input, output);
}

bool OnednnGlobalPoolingSupports(const GlobalPoolingParams& p) {
  return p.pixels >= 1 && PoolPd(SharedEngine(), AsWindowed(p)).has_value();
}

std::unique_ptr<Op> MakeOnednnGlobalPooling(Context& context, const GlobalPoolingParams& p,
                                            const float* input, float* output) {
  context.BeginRun();
  auto pd = p.pixels >= 1 ? PoolPd(context.impl().engine, AsWindowed(p)) : std::nullopt;
  if (!pd) Unsupported("GlobalPooling", "onednn");
  return MakePooling(context, *pd, input, output);
}

}  // namespace neo::kernels::internal

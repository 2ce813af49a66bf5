// Activations stay NHWC. oneDNN's average pooling has two divisor rules: the whole
// window (pooling_avg_include_padding) or the window's pixels inside the input
// (pooling_avg_exclude_padding). pooling.h's rule (counted_pad_* margins) is neither in
// general, so a configuration is accepted only where one of them gives pooling.h's
// divisor at every output position.
#include "kernels/pooling_onednn.h"

#include <algorithm>
#include <optional>

#include "kernels/capabilities/rules.h"
#include "kernels/context_internal.h"
#include "kernels/onednn_op.h"

namespace neo::kernels::internal {
namespace {

using dnnl::algorithm;
using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;

std::optional<dnnl::pooling_v2_forward::primitive_desc> PoolPd(const dnnl::engine& engine,
                                                               const Pooling2DParams& p) {
  const bool is_max = p.kind == PoolingKind::kMax;
  const int dh = is_max ? p.dilation_height : 1, dw = is_max ? p.dilation_width : 1;
  if (!(p.output_min < p.output_max) || p.batch < 1 || p.channels < 1) return std::nullopt;
  if (!is_max && (p.dilation_height != 1 || p.dilation_width != 1)) return std::nullopt;
  if (p.kernel_height < 1 || p.kernel_width < 1 || p.stride_height < 1 ||
      p.stride_width < 1 || dh < 1 || dw < 1 || p.pad_top < 0 || p.pad_left < 0 ||
      p.pad_bottom < 0 || p.pad_right < 0 || p.output_height < 1 || p.output_width < 1 ||
      !capabilities::PoolingWindowsTouchInput(p, dh, dw)) {
    return std::nullopt;
  }
  std::optional<algorithm> alg;
  if (is_max) {
    alg = algorithm::pooling_max;
  } else {
    switch (capabilities::OnednnAverageDivisor(p)) {
      case capabilities::OnednnAverage::kExcludePadding:
        alg = algorithm::pooling_avg_exclude_padding;
        break;
      case capabilities::OnednnAverage::kIncludePadding:
        alg = algorithm::pooling_avg_include_padding;
        break;
      case capabilities::OnednnAverage::kNone: return std::nullopt;
    }
  }
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

std::optional<dnnl::pooling_v2_forward::primitive_desc> OnednnPooling2DPd(
    const dnnl::engine& engine, const Pooling2DParams& p) {
  return PoolPd(engine, p);
}

std::optional<dnnl::pooling_v2_forward::primitive_desc> OnednnGlobalPoolingPd(
    const dnnl::engine& engine, const GlobalPoolingParams& p) {
  if (p.pixels < 1) return std::nullopt;
  return PoolPd(engine, AsWindowed(p));
}

std::unique_ptr<Op> MakeOnednnPooling2D(Context& context, const Pooling2DParams& p,
                                        const float* input, float* output) {
  context.BeginRun();  // the primitive is sized for the context's thread count
  auto pd = PoolPd(context.impl().engine, p);
  if (!pd) Unsupported("Pooling2D", "onednn");
  return MakePooling(context, *pd, input, output);
}

std::unique_ptr<Op> MakeOnednnGlobalPooling(Context& context, const GlobalPoolingParams& p,
                                            const float* input, float* output) {
  context.BeginRun();
  auto pd = OnednnGlobalPoolingPd(context.impl().engine, p);
  if (!pd) Unsupported("GlobalPooling", "onednn");
  return MakePooling(context, *pd, input, output);
}

}  // namespace neo::kernels::internal

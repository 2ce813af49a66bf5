// LayerNorm's backends. oneDNN's layer_normalization_forward normalizes over the last
// dimension of its data tensor, so the [outer, inner] view is described as a plain 2-D
// tensor; in forward_inference the statistics are temporaries in the (user-owned)
// scratchpad, and scale and shift are separate [inner] vectors (use_scale, use_shift),
// wrapped in place rather than packed: they may be activations.
#include "kernels/layer_norm.h"

#include <optional>

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/onednn_op.h"
#include "kernels/reference/layer_norm.h"
#include "kernels/tensor_ops_onednn.h"

namespace neo::kernels {

namespace internal {

std::optional<dnnl::layer_normalization_forward::primitive_desc> OnednnLayerNormPd(
    const dnnl::engine& engine, const LayerNormParams& p) {
  if (p.outer < 1 || p.inner < 1) return std::nullopt;
  try {
    const dnnl::memory::desc data = PlainDesc({p.outer, p.inner});
    auto flags = dnnl::normalization_flags::none;
    if (p.has_scale) flags |= dnnl::normalization_flags::use_scale;
    if (p.has_bias) flags |= dnnl::normalization_flags::use_shift;
    dnnl::layer_normalization_forward::desc desc(dnnl::prop_kind::forward_inference, data,
                                                 p.epsilon, flags);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return dnnl::layer_normalization_forward::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

}  // namespace internal

LayerNorm::LayerNorm(Context& context, const LayerNormParams& params, Backend backend,
                     const float* input, const float* scale, const float* bias,
                     float* output) {
  if (!LayerNormSupports(backend, params)) {
    internal::Unsupported("LayerNorm", BackendName(backend));
  }
  if (backend == Backend::kOnednn) {
    context.BeginRun();
    auto pd = internal::OnednnLayerNormPd(context.impl().engine, params);
    if (!pd) internal::Unsupported("LayerNorm", "onednn");
    const dnnl::memory::desc vector = internal::PlainDesc({params.inner});
    internal::OnednnArgs args = {
        {DNNL_ARG_SRC, internal::Wrap(context, pd->src_desc(), input)},
        {DNNL_ARG_DST, internal::Wrap(context, pd->dst_desc(), output)},
        {DNNL_ARG_SCRATCHPAD, dnnl::memory(pd->scratchpad_desc(), context.impl().engine)},
    };
    if (params.has_scale) args.push_back({DNNL_ARG_SCALE, internal::Wrap(context, vector, scale)});
    if (params.has_bias) args.push_back({DNNL_ARG_SHIFT, internal::Wrap(context, vector, bias)});
    op_ = std::make_unique<internal::OnednnOp>(context, dnnl::layer_normalization_forward(*pd),
                                               std::move(args));
    return;
  }
  op_ = internal::MakeOp([params, input, scale, bias, output] {
    reference::LayerNorm(params, input, scale, bias, output);
  });
}

}  // namespace neo::kernels

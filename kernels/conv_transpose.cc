// oneDNN runs a transposed convolution as deconvolution_forward: activations stay in the
// caller's layout (NHWC or NCHW), the ONNX weights [C, O/g, KH, KW] are described to it
// with explicit strides as (g)oihw and reordered once into its preferred layout. Output
// padding becomes extra right/bottom padding taken off (padding_r = pad - output_padding).
#include "kernels/conv_transpose.h"

#include <cstring>
#include <optional>

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/onednn_op.h"
#include "kernels/reference/conv_transpose.h"
#include "kernels/tensor_ops_onednn.h"

namespace neo::kernels {

namespace {

using dnnl::memory;
using dt = memory::data_type;
using tag = memory::format_tag;

memory::desc UserWeights(const ConvTranspose2DParams& p) {
  const memory::dim G = p.groups, og = p.output_channels / G, cg = p.input_channels / G;
  const memory::dim kh = p.kernel_height, kw = p.kernel_width;
  if (G == 1) {
    return memory::desc({og, cg, kh, kw}, dt::f32, memory::dims{kh * kw, og * kh * kw, kw, 1});
  }
  return memory::desc({G, og, cg, kh, kw}, dt::f32,
                      memory::dims{cg * og * kh * kw, kh * kw, og * kh * kw, kw, 1});
}

}  // namespace

namespace internal {

std::optional<dnnl::deconvolution_forward::primitive_desc> OnednnConvTranspose2DPd(
    const dnnl::engine& engine, const ConvTranspose2DParams& p) {
  if (p.pad_top < 0 || p.pad_left < 0 || p.pad_bottom < 0 || p.pad_right < 0 ||
      p.batch < 1 || p.input_height < 1 || p.input_width < 1 || p.output_height < 1 ||
      p.output_width < 1) {
    return std::nullopt;
  }
  try {
    const tag layout = p.nhwc ? tag::nhwc : tag::nchw;
    const memory::desc src({p.batch, p.input_channels, p.input_height, p.input_width},
                           dt::f32, layout);
    const memory::desc dst({p.batch, p.output_channels, p.output_height, p.output_width},
                           dt::f32, layout);
    const memory::desc bias({p.output_channels}, dt::f32, tag::x);
    const memory::desc weights(UserWeights(p).dims(), dt::f32, tag::any);
    dnnl::deconvolution_forward::desc desc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct, src,
        weights, bias, dst, {p.stride_height, p.stride_width},
        {p.dilation_height - 1, p.dilation_width - 1}, {p.pad_top, p.pad_left},
        {p.pad_bottom - p.output_padding_height, p.pad_right - p.output_padding_width});
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    attr.set_post_ops(ClampPostOps(p.output_min, p.output_max));
    return dnnl::deconvolution_forward::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

}  // namespace internal

ConvTranspose2D::ConvTranspose2D(Context& context, const ConvTranspose2DParams& params,
                                 Backend backend, const float* filter, const float* bias,
                                 const float* input, float* output) {
  if (!ConvTranspose2DSupports(backend, params)) {
    internal::Unsupported("ConvTranspose2D", BackendName(backend));
  }
  if (backend == Backend::kOnednn) {
    context.BeginRun();
    auto pd = internal::OnednnConvTranspose2DPd(context.impl().engine, params);
    if (!pd) internal::Unsupported("ConvTranspose2D", "onednn");
    auto& engine = context.impl().engine;
    memory packed = internal::ReorderedCopy(context, UserWeights(params), filter,
                                            pd->weights_desc());
    memory bias_memory(pd->bias_desc(), engine);  // owns zeros when there is no bias
    if (bias) {
      bias_memory = internal::Wrap(context, pd->bias_desc(), bias);
    } else {
      std::memset(bias_memory.get_data_handle(), 0, sizeof(float) * params.output_channels);
    }
    internal::OnednnArgs args = {
        {DNNL_ARG_SRC, internal::Wrap(context, pd->src_desc(), input)},
        {DNNL_ARG_WEIGHTS, packed},
        {DNNL_ARG_BIAS, bias_memory},
        {DNNL_ARG_DST, internal::Wrap(context, pd->dst_desc(), output)},
        {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), engine)},
    };
    op_ = std::make_unique<internal::OnednnOp>(context, dnnl::deconvolution_forward(*pd),
                                               std::move(args));
    return;
  }
  op_ = internal::MakeOp([params, filter, bias, input, output] {
    reference::ConvTranspose2D(params, filter, bias, input, output);
  });
}




}  // namespace neo::kernels

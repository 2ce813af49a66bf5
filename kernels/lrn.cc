// oneDNN's across-channel LRN divides alpha by the window size as ONNX does
// (dst = src * (k + alpha / n * sum)^-beta); the tensor is described as 4-D
// [outer, channels, 1, inner] in plain layout, which covers NHWC (inner == 1) and NCHW.
#include "kernels/lrn.h"

#include <optional>

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/onednn_op.h"
#include "kernels/reference/lrn.h"
#include "kernels/tensor_ops_onednn.h"

namespace neo::kernels {

namespace {

using dnnl::memory;


}  // namespace

namespace internal {

std::optional<dnnl::lrn_forward::primitive_desc> OnednnLrnPd(const dnnl::engine& engine,
                                                            const LrnParams& p) {
  if (p.outer < 1 || p.channels < 1 || p.inner < 1 || p.size % 2 == 0) return std::nullopt;
  try {
    const memory::desc data = PlainDesc({p.outer, p.channels, 1, p.inner});
    dnnl::lrn_forward::desc desc(dnnl::prop_kind::forward_inference,
                                 dnnl::algorithm::lrn_across_channels, data, p.size, p.alpha,
                                 p.beta, p.bias);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return dnnl::lrn_forward::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

}  // namespace internal

Lrn::Lrn(Context& context, const LrnParams& params, Backend backend, const float* input,
         float* output) {
  if (!LrnSupports(backend, params)) internal::Unsupported("LRN", BackendName(backend));
  if (backend == Backend::kOnednn) {
    context.BeginRun();
    auto pd = internal::OnednnLrnPd(context.impl().engine, params);
    if (!pd) internal::Unsupported("LRN", "onednn");
    internal::OnednnArgs args = {
        {DNNL_ARG_SRC, internal::Wrap(context, pd->src_desc(), input)},
        {DNNL_ARG_DST, internal::Wrap(context, pd->dst_desc(), output)},
        {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
    };
    // forward_inference needs no workspace.
    op_ = std::make_unique<internal::OnednnOp>(context, dnnl::lrn_forward(*pd), std::move(args));
    return;
  }
  op_ = internal::MakeOp([params, input, output] { reference::Lrn(params, input, output); });
}



}  // namespace neo::kernels

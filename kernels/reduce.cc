// Reduce runs on oneDNN's reduction primitive or the reference loops; ArgReduce and TopK
// on the reference loops (oneDNN 2.6 has no arg-reduction).
#include "kernels/reduce.h"

#include <cstring>
#include <optional>

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/onednn_op.h"
#include "kernels/reference/reduce.h"
#include "kernels/tensor_ops_onednn.h"

namespace neo::kernels {

namespace {

using dnnl::memory;


}  // namespace

namespace internal {

std::optional<dnnl::reduction::primitive_desc> OnednnReducePd(const dnnl::engine& engine,
                                                             const ReduceParams& p) {
  const int r = p.input_shape.rank;
  if (r < 1 || r > 6 || p.axes.rank < 1 || p.input_shape.num_elements() == 0) {
    return std::nullopt;
  }
  memory::dims src(p.input_shape.d, p.input_shape.d + r), dst = src;
  for (int i = 0; i < p.axes.rank; ++i) dst[p.axes[i]] = 1;
  if (src == dst) return std::nullopt;  // reducing only size-1 axes: a copy
  dnnl::algorithm alg = dnnl::algorithm::reduction_sum;
  switch (p.kind) {
    case ReduceKind::kSum: alg = dnnl::algorithm::reduction_sum; break;
    case ReduceKind::kMean: alg = dnnl::algorithm::reduction_mean; break;
    case ReduceKind::kMax: alg = dnnl::algorithm::reduction_max; break;
    case ReduceKind::kMin: alg = dnnl::algorithm::reduction_min; break;
    case ReduceKind::kProd: alg = dnnl::algorithm::reduction_mul; break;
  }
  try {
    dnnl::reduction::desc desc(alg, PlainDesc(src), PlainDesc(dst), 0.f, 0.f);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return dnnl::reduction::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

}  // namespace internal

Reduce::Reduce(Context& context, const ReduceParams& params, Backend backend,
               const float* input, float* output) {
  if (!ReduceSupports(backend, params)) internal::Unsupported("Reduce", BackendName(backend));
  if (backend == Backend::kOnednn) {
    context.BeginRun();  // the primitive is sized for the context's thread count
    auto pd = internal::OnednnReducePd(context.impl().engine, params);
    if (!pd) internal::Unsupported("Reduce", "onednn");
    internal::OnednnArgs args = {
        {DNNL_ARG_SRC, internal::Wrap(context, pd->src_desc(), input)},
        {DNNL_ARG_DST, internal::Wrap(context, pd->dst_desc(), output)},
        {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
    };
    op_ = std::make_unique<internal::OnednnOp>(context, dnnl::reduction(*pd), std::move(args));
    return;
  }
  op_ = internal::MakeOp([params, input, output] { reference::Reduce(params, input, output); });
}



ArgReduce::ArgReduce(Context&, const ArgReduceParams& params, Backend backend,
                     const float* input, void* output) {
  if (!ArgReduceSupports(backend, params)) {
    internal::Unsupported("ArgReduce", BackendName(backend));
  }
  auto* out = static_cast<int64_t*>(output);
  op_ = internal::MakeOp([params, input, out] { reference::ArgReduce(params, input, out); });
}

TopK::TopK(Context&, const TopKParams& params, Backend backend, const float* input,
           void* indices) {
  if (!TopKSupports(backend, params)) internal::Unsupported("TopK", BackendName(backend));
  auto* index_out = static_cast<int64_t*>(indices);
  op_ = internal::MakeOp(
      [params, input, index_out] { reference::TopK(params, input, index_out); });
}

}  // namespace neo::kernels


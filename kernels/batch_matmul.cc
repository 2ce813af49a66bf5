// oneDNN's matmul broadcasts batch dimensions of size 1 itself; both operands are
// described at the output's rank (leading 1s) as it requires.
#include "kernels/batch_matmul.h"

#include <optional>

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/onednn_op.h"
#include "kernels/reference/batch_matmul.h"
#include "kernels/tensor_ops_onednn.h"

namespace neo::kernels {

namespace {

using dnnl::memory;

memory::dims AtRank(const Dims& d, int rank) {
  memory::dims out(rank - d.rank, 1);
  out.insert(out.end(), d.d, d.d + d.rank);
  return out;
}


}  // namespace

namespace internal {

std::optional<dnnl::matmul::primitive_desc> OnednnBatchMatMulPd(const dnnl::engine& engine,
                                                               const BatchMatMulParams& p) {
  const int r = p.output_shape.rank;
  if (r > 12 || p.output_shape.num_elements() == 0 || p.a_shape.num_elements() == 0 ||
      p.b_shape.num_elements() == 0) {
    return std::nullopt;
  }
  try {
    dnnl::matmul::desc desc(PlainDesc(AtRank(p.a_shape, r)),
                            PlainDesc(AtRank(p.b_shape, r)),
                            PlainDesc(AtRank(p.output_shape, r)));
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return dnnl::matmul::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

}  // namespace internal

BatchMatMul::BatchMatMul(Context& context, const BatchMatMulParams& params, Backend backend,
                         const float* a, const float* b, float* output) {
  if (!BatchMatMulSupports(backend, params)) {
    internal::Unsupported("BatchMatMul", BackendName(backend));
  }
  if (backend == Backend::kOnednn) {
    context.BeginRun();
    auto pd = internal::OnednnBatchMatMulPd(context.impl().engine, params);
    if (!pd) internal::Unsupported("BatchMatMul", "onednn");
    internal::OnednnArgs args = {
        {DNNL_ARG_SRC, internal::Wrap(context, pd->src_desc(), a)},
        {DNNL_ARG_WEIGHTS, internal::Wrap(context, pd->weights_desc(), b)},
        {DNNL_ARG_DST, internal::Wrap(context, pd->dst_desc(), output)},
        {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
    };
    op_ = std::make_unique<internal::OnednnOp>(context, dnnl::matmul(*pd), std::move(args));
    return;
  }
  op_ = internal::MakeOp(
      [params, a, b, output] { reference::BatchMatMul(params, a, b, output); });
}



}  // namespace neo::kernels

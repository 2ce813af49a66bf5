// oneDNN broadcasts only its second source (src1 dims equal src0's or 1; dst = src0's
// shape). So `a` must already have the output shape, or, for a commutative operator,
// `b` must (the operands are then swapped). Operands broadcasting on both sides and
// pow/PRelu are declined.
#include "kernels/binary_onednn.h"

#include <algorithm>
#include <optional>
#include <string>

#include "kernels/capabilities/rules.h"
#include "kernels/context_internal.h"
#include "kernels/onednn_op.h"

namespace neo::kernels::internal {
namespace {

using dnnl::algorithm;
using dnnl::memory;

constexpr int kMaxRank = 6;

std::optional<algorithm> Algorithm(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd: return algorithm::binary_add;
    case BinaryOp::kSub: return algorithm::binary_sub;
    case BinaryOp::kMul: return algorithm::binary_mul;
    case BinaryOp::kDiv: return algorithm::binary_div;
    case BinaryOp::kMaximum: return algorithm::binary_max;
    case BinaryOp::kMinimum: return algorithm::binary_min;
    default: return std::nullopt;  // pow, PRelu
  }
}

// `shape` with leading 1s up to the output's rank (a rank-0 output becomes [1]).
memory::dims Aligned(const Dims& shape, int rank) {
  memory::dims dims(std::max(rank, 1), 1);
  for (int i = 0; i < shape.rank; ++i) dims[dims.size() - shape.rank + i] = shape[i];
  return dims;
}

}  // namespace

std::optional<OnednnBinaryPlan> MakeOnednnBinaryPlan(const dnnl::engine& engine,
                                                     const BinaryParams& p) {
  const auto alg = Algorithm(p.op);
  const int rank = p.output_shape.rank;
  if (!alg || rank > kMaxRank || p.output_shape.num_elements() == 0) return std::nullopt;
  if (!(p.output_min < p.output_max)) return std::nullopt;
  const auto order = capabilities::OnednnBinaryOperandOrder(p);
  if (order == capabilities::OnednnBinaryOrder::kNone) return std::nullopt;
  const bool swap = order == capabilities::OnednnBinaryOrder::kSwapped;
  const memory::dims out = Aligned(p.output_shape, rank), a = Aligned(p.a_shape, rank),
                     b = Aligned(p.b_shape, rank);
  try {
    dnnl::binary::desc desc(*alg, PlainDesc(swap ? b : a), PlainDesc(swap ? a : b),
                            PlainDesc(out));
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    attr.set_post_ops(ClampPostOps(p.output_min, p.output_max));
    dnnl::binary::primitive_desc pd(desc, attr, engine);
#if defined(__x86_64__)
    // Its reference implementation is slower than ours: never take it (the capability's
    // JitBroadcast rule says which broadcasts avoid it; the agreement test checks it here).
    // AArch64 builds have no JIT binary at all; there codegen prefers XNNPACK anyway.
    if (std::string(pd.impl_info_str()).rfind("ref", 0) == 0) return std::nullopt;
#endif
    return OnednnBinaryPlan{swap, std::move(pd)};
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

std::unique_ptr<Op> MakeOnednnBinary(Context& context, const BinaryParams& p, const float* a,
                                     const float* b, float* output) {
  context.BeginRun();  // the primitive is sized for the context's thread count
  auto plan = MakeOnednnBinaryPlan(context.impl().engine, p);
  if (!plan) Unsupported("Binary", "onednn");
  const auto& pd = plan->pd;
  OnednnArgs args = {
      {DNNL_ARG_SRC_0, Wrap(context, pd.src_desc(0), plan->swap ? b : a)},
      {DNNL_ARG_SRC_1, Wrap(context, pd.src_desc(1), plan->swap ? a : b)},
      {DNNL_ARG_DST, Wrap(context, pd.dst_desc(), output)},
      {DNNL_ARG_SCRATCHPAD, memory(pd.scratchpad_desc(), context.impl().engine)},
  };
  return std::make_unique<OnednnOp>(context, dnnl::binary(pd), std::move(args));
}

}  // namespace neo::kernels::internal

#include "kernels/eltwise_onednn.h"

#include <optional>

#include "kernels/context_internal.h"
#include "kernels/onednn_op.h"

namespace neo::kernels::internal {
namespace {

using dnnl::algorithm;
using dnnl::memory;

struct Eltwise {
  algorithm alg;
  float alpha, beta;
};

// oneDNN 2.6.3's eltwise algorithms, in its own alpha/beta terms.
std::optional<Eltwise> Map(const UnaryParams& p) {
  switch (p.op) {
    case UnaryOp::kClamp: return Eltwise{algorithm::eltwise_clip, p.alpha, p.beta};
    case UnaryOp::kRelu: return Eltwise{algorithm::eltwise_relu, 0.0f, 0.0f};
    case UnaryOp::kSigmoid: return Eltwise{algorithm::eltwise_logistic, 0.0f, 0.0f};
    case UnaryOp::kTanh: return Eltwise{algorithm::eltwise_tanh, 0.0f, 0.0f};
    case UnaryOp::kExp: return Eltwise{algorithm::eltwise_exp, 0.0f, 0.0f};
    case UnaryOp::kLog: return Eltwise{algorithm::eltwise_log, 0.0f, 0.0f};
    case UnaryOp::kAbs: return Eltwise{algorithm::eltwise_abs, 0.0f, 0.0f};
    case UnaryOp::kNeg: return Eltwise{algorithm::eltwise_linear, -1.0f, 0.0f};  // -1 * x + 0
    case UnaryOp::kSqrt: return Eltwise{algorithm::eltwise_sqrt, 0.0f, 0.0f};
    case UnaryOp::kReciprocal: return Eltwise{algorithm::eltwise_pow, 1.0f, -1.0f};  // x^-1
    case UnaryOp::kElu: return Eltwise{algorithm::eltwise_elu, p.alpha, 0.0f};
    case UnaryOp::kLeakyRelu: return Eltwise{algorithm::eltwise_relu, p.alpha, 0.0f};
    case UnaryOp::kSoftplus: return Eltwise{algorithm::eltwise_soft_relu, 0.0f, 0.0f};
    // oneDNN 2.6's hardswish is x * relu6(x + 3) / 6 and takes no alpha or beta.
    case UnaryOp::kHardSwish: return Eltwise{algorithm::eltwise_hardswish, 0.0f, 0.0f};
    // The erf form (eltwise_gelu_tanh is the tanh approximation).
    case UnaryOp::kGelu: return Eltwise{algorithm::eltwise_gelu_erf, 0.0f, 0.0f};
    // Floor, ceil, selu, hard sigmoid, softsign, thresholded relu: no single algorithm.
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<dnnl::eltwise_forward::primitive_desc> OnednnUnaryPd(const dnnl::engine& engine,
                                                                   const UnaryParams& p) {
  const auto e = Map(p);
  if (!e || p.size == 0) return std::nullopt;
  try {
    const memory::desc md({static_cast<memory::dim>(p.size)}, memory::data_type::f32,
                          memory::format_tag::x);
    dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, e->alg, md, e->alpha,
                                     e->beta);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return dnnl::eltwise_forward::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

namespace {

memory::desc SoftmaxDesc(const SoftmaxParams& p) {
  return memory::desc({p.outer, p.axis, p.inner}, memory::data_type::f32,
                      memory::format_tag::abc);
}

// Softmax and log-softmax have separate primitive kinds in oneDNN 2.6.
template <typename Primitive>
std::optional<typename Primitive::primitive_desc> SoftmaxPd(const dnnl::engine& engine,
                                                            const SoftmaxParams& p) {
  try {
    typename Primitive::desc desc(dnnl::prop_kind::forward_inference, SoftmaxDesc(p), 1);
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return typename Primitive::primitive_desc(desc, attr, engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

template <typename Primitive>
std::unique_ptr<Op> MakeSoftmax(Context& context, const SoftmaxParams& p, const float* input,
                                float* output) {
  auto pd = SoftmaxPd<Primitive>(context.impl().engine, p);
  if (!pd) Unsupported("Softmax", "onednn");
  OnednnArgs args = {
      {DNNL_ARG_SRC, Wrap(context, pd->src_desc(), input)},
      {DNNL_ARG_DST, Wrap(context, pd->dst_desc(), output)},
      {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
  };
  return std::make_unique<OnednnOp>(context, Primitive(*pd), std::move(args));
}

}  // namespace

std::optional<dnnl::softmax_forward::primitive_desc> OnednnSoftmaxPd(
    const dnnl::engine& engine, const SoftmaxParams& p) {
  return SoftmaxPd<dnnl::softmax_forward>(engine, p);
}

std::optional<dnnl::logsoftmax_forward::primitive_desc> OnednnLogSoftmaxPd(
    const dnnl::engine& engine, const SoftmaxParams& p) {
  return SoftmaxPd<dnnl::logsoftmax_forward>(engine, p);
}

std::unique_ptr<Op> MakeOnednnUnary(Context& context, const UnaryParams& p, const float* input,
                                    float* output) {
  context.BeginRun();
  auto pd = OnednnUnaryPd(context.impl().engine, p);
  if (!pd) Unsupported("Unary", "onednn");
  OnednnArgs args = {
      {DNNL_ARG_SRC, Wrap(context, pd->src_desc(), input)},
      {DNNL_ARG_DST, Wrap(context, pd->dst_desc(), output)},
      {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
  };
  return std::make_unique<OnednnOp>(context, dnnl::eltwise_forward(*pd), std::move(args));
}

std::unique_ptr<Op> MakeOnednnSoftmax(Context& context, const SoftmaxParams& p,
                                      const float* input, float* output) {
  context.BeginRun();
  return p.log ? MakeSoftmax<dnnl::logsoftmax_forward>(context, p, input, output)
               : MakeSoftmax<dnnl::softmax_forward>(context, p, input, output);
}

}  // namespace neo::kernels::internal

#include "kernels/onednn_op.h"

#include <cmath>
#include <string>

#include "kernels/context_internal.h"

namespace neo::kernels::internal {

OnednnOp::OnednnOp(Context& context, dnnl::primitive primitive, OnednnArgs args)
    : OnednnOp(context, {{std::move(primitive), std::move(args)}}) {}

OnednnOp::OnednnOp(Context& context,
                   std::vector<std::pair<dnnl::primitive, OnednnArgs>> steps)
    : stream_(context.impl().stream.get()) {
  for (auto& [primitive, args] : steps) {
    // A reorder names the op only when it is all there is (a Transpose).
    if (primitive.get_kind() != dnnl::primitive::kind::reorder || implementation_.empty()) {
      const_dnnl_primitive_desc_t pd = nullptr;
      if (dnnl_primitive_get_primitive_desc(primitive.get(), &pd) == dnnl_success) {
        const char* info = nullptr;
        dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &info);
        if (info) implementation_ = info;
      }
    }
    Step step{std::move(primitive), {}, {}};
    for (auto& [arg, memory] : args) {
      step.args.push_back({arg, memory.get()});
      step.memories.push_back(std::move(memory));
    }
    steps_.push_back(std::move(step));
  }
}

void OnednnOp::Run() {
  for (Step& step : steps_) {
    const dnnl_status_t status = dnnl_primitive_execute(
        step.primitive.get(), stream_, static_cast<int>(step.args.size()), step.args.data());
    if (status != dnnl_success) {
      LibraryFailure("dnnl_primitive_execute (status " + std::to_string(status) + ")");
    }
  }
  // CPU streams run in order on the calling thread; wait only returns errors.
  dnnl_stream_wait(stream_);
}

dnnl::post_ops ClampPostOps(float lo, float hi) {
  dnnl::post_ops ops;
  if (lo == 0.0f && std::isinf(hi) && hi > 0) {
    ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_relu, 0.0f, 0.0f);
  } else if (!(std::isinf(lo) && lo < 0 && std::isinf(hi) && hi > 0)) {
    ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_clip, lo, hi);
  }
  return ops;
}

dnnl::post_ops ActivationPostOps(Activation activation, float alpha, float beta, float lo,
                                 float hi) {
  dnnl::post_ops ops;
  using dnnl::algorithm;
  switch (activation) {
    case Activation::kNone: break;
    case Activation::kSigmoid: ops.append_eltwise(1.0f, algorithm::eltwise_logistic, 0, 0); break;
    case Activation::kSwish: ops.append_eltwise(1.0f, algorithm::eltwise_swish, 1.0f, 0); break;
    case Activation::kHardSwish: ops.append_eltwise(1.0f, algorithm::eltwise_hardswish, 0, 0); break;
    case Activation::kHardSigmoid:
      // oneDNN 2.6 has no hard sigmoid: alpha * x + beta, then clipped to [0, 1].
      ops.append_eltwise(1.0f, algorithm::eltwise_linear, alpha, beta);
      ops.append_eltwise(1.0f, algorithm::eltwise_clip, 0.0f, 1.0f);
      break;
  }
  const dnnl::post_ops clamp = ClampPostOps(lo, hi);
  for (int i = 0; i < clamp.len(); ++i) {
    float scale, a, b;
    algorithm alg;
    clamp.get_params_eltwise(i, scale, alg, a, b);
    ops.append_eltwise(scale, alg, a, b);
  }
  return ops;
}

dnnl::memory ReorderedCopy(Context& context, const dnnl::memory::desc& user_desc,
                           const float* data, const dnnl::memory::desc& desc) {
  auto& impl = context.impl();
  dnnl::memory user(user_desc, impl.engine, const_cast<float*>(data));
  dnnl::memory packed(desc, impl.engine);
  dnnl::reorder(user, packed).execute(impl.stream, user, packed);
  impl.stream.wait();
  return packed;
}

dnnl::memory::desc PlainDesc(const dnnl::memory::dims& dims, dnnl::memory::data_type type) {
  dnnl::memory::dims strides(dims.size());
  dnnl::memory::dim stride = 1;
  for (size_t i = dims.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= dims[i];
  }
  return dnnl::memory::desc(dims, type, strides);
}

dnnl::memory Wrap(Context& context, const dnnl::memory::desc& desc, const float* data) {
  return dnnl::memory(desc, context.impl().engine, const_cast<float*>(data));
}

}  // namespace neo::kernels::internal

// Activations stay NHWC (the layout the compiler plans); weights are described with
// format `any` so oneDNN picks its preferred blocked layout (brgconv on AVX-512) and are
// reordered into it once, here. The scratchpad is user-managed and allocated here too, so
// executing the primitive allocates nothing of ours.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/context_internal.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/onednn_op.h"
#include "kernels/parallel_rows.h"
#include "kernels/reference/conv2d.h"
#include "kernels/swish.h"

namespace neo::kernels::internal {
namespace {

using dnnl::memory;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

struct ConvDescs {
  memory::desc src, user_weights, any_weights, bias, dst;
};

ConvDescs Describe(const Conv2DParams& p) {
  ConvDescs d;
  d.src = memory::desc({p.batch, p.input_channels, p.input_height, p.input_width}, dt::f32,
                       tag::nhwc);
  d.dst = memory::desc({p.batch, p.output_channels, p.output_height, p.output_width},
                       dt::f32, tag::nhwc);
  d.bias = memory::desc({p.output_channels}, dt::f32, tag::x);
  if (p.groups == 1) {
    memory::dims w = {p.output_channels, p.input_channels, p.kernel_height, p.kernel_width};
    d.user_weights = memory::desc(w, dt::f32, tag::oihw);
    d.any_weights = memory::desc(w, dt::f32, tag::any);
  } else {
    // OIHW with O split as [groups, O / groups] is exactly goihw.
    memory::dims w = {p.groups, p.output_channels / p.groups, p.input_channels / p.groups,
                      p.kernel_height, p.kernel_width};
    d.user_weights = memory::desc(w, dt::f32, tag::goihw);
    d.any_weights = memory::desc(w, dt::f32, tag::any);
  }
  return d;
}

template <typename Params>
dnnl::primitive_attr Attributes(const Params& p) {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  const dnnl::post_ops activation = ActivationPostOps(
      p.activation, p.activation_alpha, p.activation_beta, p.output_min, p.output_max);
  if constexpr (std::is_same_v<Params, Conv2DParams>) {
    if (p.accumulate) {
      // A sum post-op first: the destination's contents are added before the activation.
      // It keeps oneDNN's brgconv kernels, where a binary add of a separate tensor made
      // it fall back to older ones (1x1 64->256 at 56x56: 583 against 513 us).
      dnnl::post_ops ops;
      ops.append_sum(1.0f);
      for (int i = 0; i < activation.len(); ++i) {
        float scale, alpha, beta;
        dnnl::algorithm alg;
        activation.get_params_eltwise(i, scale, alg, alpha, beta);
        ops.append_eltwise(scale, alg, alpha, beta);
      }
      attr.set_post_ops(ops);
      return attr;
    }
  }
  attr.set_post_ops(activation);
  return attr;
}

// Whether the convolution leaves its Swish to SwishInPlace (swish.h says why): only a
// Swish with no clamp after it, which is how exporters write SiLU, and on several threads
// only for outputs of at least 2^17 floats per thread. Below that our pass's own fork and
// join cost more than it saves over the post-op, which runs inside the convolution's
// parallel region (AMD Zen 5, 2 threads: 14x14x672 10% slower, 28x28x240 4% slower,
// 56x56x144 and larger 3-14% faster; on one thread every size gained, 4-31%).
int64_t OutputElements(const Conv2DParams& p) {
  return int64_t{p.batch} * p.output_height * p.output_width * p.output_channels;
}

bool SwishAfterwards(const Conv2DParams& p, int threads) {
  return p.activation == Activation::kSwish && std::isinf(p.output_min) && p.output_min < 0 &&
         std::isinf(p.output_max) && p.output_max > 0 &&
         (threads == 1 || OutputElements(p) >= threads * (int64_t{1} << 17)) &&
         FastSwishAvailable();
}

// A oneDNN convolution without post-ops, then Swish over its output, split over the
// model's threads in blocks of 4096 floats (16 KB: each block stays in L1).
class ConvThenSwish final : public Op {
 public:
  ConvThenSwish(Context& context, std::unique_ptr<Op> conv, float* output, int64_t n)
      : conv_(std::move(conv)),
        output_(output),
        n_(n),
        threads_(RowThreads::AfterOnednn(context, n)),
        implementation_(std::string(conv_->implementation()) + "+swish") {}
  void Run() override {
    conv_->Run();
    threads_.Run((n_ + kBlock - 1) / kBlock, [this](int64_t begin, int64_t end) {
      const int64_t first = begin * kBlock, last = std::min(n_, end * kBlock);
      SwishInPlace(output_ + first, static_cast<size_t>(last - first));
    });
  }
  const char* implementation() const override { return implementation_.c_str(); }

 private:
  static constexpr int64_t kBlock = 4096;
  std::unique_ptr<Op> conv_;
  float* output_;
  int64_t n_;
  RowThreads threads_;
  std::string implementation_;
};

// For a scaled input: the weights times this run's per-channel factors, into the plain
// copy that the op's first step reorders into oneDNN's layout. On the calling thread:
// it only runs where the weights are small beside the activations (compiler's rule).
class ScaleWeightsFirst final : public Op {
 public:
  ScaleWeightsFirst(const Conv2DParams& p, std::unique_ptr<Op> conv, const float* filter,
                    const float* scale, float* scaled)
      : p_(p),
        conv_(std::move(conv)),
        filter_(filter, filter + static_cast<size_t>(p.output_channels) * p.input_channels *
                                     p.kernel_height * p.kernel_width),
        scale_(scale),
        scaled_(scaled),
        implementation_(std::string(conv_->implementation()) + "+scaled_weights") {}
  void Run() override {
    reference::ScaleFilterInputChannels(p_, filter_.data(), scale_, scaled_);
    conv_->Run();
  }
  const char* implementation() const override { return implementation_.c_str(); }

 private:
  Conv2DParams p_;
  std::unique_ptr<Op> conv_;
  std::vector<float> filter_;  // unscaled, OIHW
  const float* scale_;
  float* scaled_;
  std::string implementation_;
};

}  // namespace

// Winograd on this oneDNN only runs blocked (nChw16c) activations, so for it the
// activation layout is left to oneDNN and Run() reorders from and to NHWC around it.
std::optional<dnnl::convolution_forward::primitive_desc> OnednnConv2DPd(
    const dnnl::engine& engine, const Conv2DParams& p, bool winograd) {
  if (p.groups < 1 || p.input_channels % p.groups || p.output_channels % p.groups) {
    return std::nullopt;
  }
  try {
    ConvDescs d = Describe(p);
    if (winograd) {
      d.src = memory::desc(d.src.dims(), dt::f32, tag::any);
      d.dst = memory::desc(d.dst.dims(), dt::f32, tag::any);
    }
    dnnl::convolution_forward::desc desc(
        dnnl::prop_kind::forward_inference,
        winograd ? dnnl::algorithm::convolution_winograd : dnnl::algorithm::convolution_direct,
        d.src, d.any_weights, d.bias, d.dst, {p.stride_height, p.stride_width},
        {p.dilation_height - 1, p.dilation_width - 1}, {p.pad_top, p.pad_left},
        {p.pad_bottom, p.pad_right});
    return dnnl::convolution_forward::primitive_desc(desc, Attributes(p),
                                                     engine);
  } catch (const dnnl::error&) {
    return std::nullopt;  // oneDNN has no implementation for this configuration
  }
}

std::unique_ptr<Op> MakeOnednnConv2D(Context& context, const Conv2DParams& p, bool winograd,
                                     const float* filter, const float* bias,
                                     const float* input, float* output,
                                     const float* input_scale) {
  if (SwishAfterwards(p, context.num_threads())) {
    Conv2DParams plain = p;
    plain.activation = Activation::kNone;
    return std::make_unique<ConvThenSwish>(
        context,
        MakeOnednnConv2D(context, plain, winograd, filter, bias, input, output, input_scale),
        output, OutputElements(p));
  }
  if (input_scale != nullptr) winograd = false;  // the scaling writes the direct layout
  context.BeginRun();  // the primitive is sized for the context's thread count
  auto pd = winograd ? OnednnConv2DPd(context.impl().engine, p, /*winograd=*/true)
                     : std::nullopt;
  if (!pd) pd = OnednnConv2DPd(context.impl().engine, p, /*winograd=*/false);
  if (!pd) Unsupported("Conv2D", winograd ? "onednn_winograd" : "onednn");
  const ConvDescs d = Describe(p);
  auto& engine = context.impl().engine;
  memory user_src = Wrap(context, d.src, input), user_dst = Wrap(context, d.dst, output);
  memory weights = ReorderedCopy(context, d.user_weights, filter, pd->weights_desc());
  // Activations in oneDNN's chosen layout: the caller's buffers when that is NHWC,
  // otherwise buffers of our own that reorders fill and drain.
  const bool reorder_src = pd->src_desc() != d.src, reorder_dst = pd->dst_desc() != d.dst;
  memory src = reorder_src ? memory(pd->src_desc(), engine) : user_src;
  memory dst = reorder_dst ? memory(pd->dst_desc(), engine) : user_dst;
  OnednnArgs args = {
      {DNNL_ARG_SRC, src},
      {DNNL_ARG_WEIGHTS, weights},
      {DNNL_ARG_DST, dst},
      {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
  };
  if (bias != nullptr) {
    args.push_back({DNNL_ARG_BIAS, ReorderedCopy(context, d.bias, bias, pd->bias_desc())});
  } else {
    // The descriptor promised a bias; zeros make it a no-op.
    memory zeros(pd->bias_desc(), context.impl().engine);
    std::fill_n(static_cast<float*>(zeros.get_data_handle()), p.output_channels, 0.0f);
    args.push_back({DNNL_ARG_BIAS, zeros});
  }
  std::vector<std::pair<dnnl::primitive, OnednnArgs>> steps;
  memory scaled_weights;
  if (input_scale != nullptr) {  // each Run() repacks the scaled copy into `weights`
    scaled_weights = memory(d.user_weights, engine);
    steps.push_back({dnnl::reorder(scaled_weights, weights),
                     {{DNNL_ARG_FROM, scaled_weights}, {DNNL_ARG_TO, weights}}});
  }
  if (reorder_src) {
    steps.push_back({dnnl::reorder(user_src, src),
                     {{DNNL_ARG_FROM, user_src}, {DNNL_ARG_TO, src}}});
  }
  if (reorder_dst && p.accumulate) {  // the sum post-op reads what dst holds
    steps.push_back({dnnl::reorder(user_dst, dst),
                     {{DNNL_ARG_FROM, user_dst}, {DNNL_ARG_TO, dst}}});
  }
  steps.push_back({dnnl::convolution_forward(*pd), std::move(args)});
  if (reorder_dst) {
    steps.push_back({dnnl::reorder(dst, user_dst),
                     {{DNNL_ARG_FROM, dst}, {DNNL_ARG_TO, user_dst}}});
  }
  auto op = std::make_unique<OnednnOp>(context, std::move(steps));
  if (input_scale == nullptr) return op;
  return std::make_unique<ScaleWeightsFirst>(
      p, std::move(op), filter, input_scale, static_cast<float*>(scaled_weights.get_data_handle()));
}

std::optional<dnnl::inner_product_forward::primitive_desc> OnednnFullyConnectedPd(
    const dnnl::engine& engine, const FullyConnectedParams& p) {
  try {
    dnnl::inner_product_forward::desc desc(
        dnnl::prop_kind::forward_inference,
        memory::desc({p.batch, p.input_channels}, dt::f32, tag::nc),
        memory::desc({p.output_channels, p.input_channels}, dt::f32, tag::any),
        memory::desc({p.output_channels}, dt::f32, tag::x),
        memory::desc({p.batch, p.output_channels}, dt::f32, tag::nc));
    return dnnl::inner_product_forward::primitive_desc(
        desc, Attributes(p), engine);
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

std::unique_ptr<Op> MakeOnednnFullyConnected(Context& context, const FullyConnectedParams& p,
                                             const float* filter, const float* bias,
                                             const float* input, float* output) {
  context.BeginRun();
  auto pd = OnednnFullyConnectedPd(context.impl().engine, p);
  if (!pd) Unsupported("FullyConnected", "onednn");
  const memory::desc user_weights({p.output_channels, p.input_channels}, dt::f32, tag::oi);
  OnednnArgs args = {
      {DNNL_ARG_SRC, Wrap(context, pd->src_desc(), input)},
      {DNNL_ARG_WEIGHTS, ReorderedCopy(context, user_weights, filter, pd->weights_desc())},
      {DNNL_ARG_DST, Wrap(context, pd->dst_desc(), output)},
      {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
  };
  memory bias_memory(pd->bias_desc(), context.impl().engine);
  auto* b = static_cast<float*>(bias_memory.get_data_handle());
  for (int n = 0; n < p.output_channels; ++n) b[n] = bias ? bias[n] : 0.0f;
  args.push_back({DNNL_ARG_BIAS, bias_memory});
  return std::make_unique<OnednnOp>(context, dnnl::inner_product_forward(*pd),
                                    std::move(args));
}

}  // namespace neo::kernels::internal

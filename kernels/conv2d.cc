#include "kernels/conv2d.h"

#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "kernels/context_internal.h"
#include "kernels/conv2d_expand_depthwise.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/conv2d_pointwise.h"
#include "kernels/conv2d_small_groups.h"
#include "kernels/conv2d_winograd.h"
#include "kernels/fully_connected_gemv.h"
#include "kernels/internal.h"
#include "kernels/reference/conv2d.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace {

std::unique_ptr<internal::Op> MakeXnnpack(Context& context, const Conv2DParams& p,
                                          const float* filter, const float* bias,
                                          const float* input, float* output) {
  // XNNPACK wants [groups, O / groups, kh, kw, I / groups]: OIHW with I moved last.
  const int gi = p.input_channels / p.groups;
  const int khw = p.kernel_height * p.kernel_width;
  std::vector<float> ohwi(static_cast<size_t>(p.output_channels) * khw * gi);
  for (int o = 0; o < p.output_channels; ++o)
    for (int i = 0; i < gi; ++i)
      for (int k = 0; k < khw; ++k)
        ohwi[(static_cast<size_t>(o) * khw + k) * gi + i] =
            filter[(static_cast<size_t>(o) * gi + i) * khw + k];
  const auto [lo, hi] = internal::XnnpackClamp(p);
  xnn_operator_t op = nullptr;
  internal::XnnCheck(
      xnn_create_convolution2d_nhwc_f32(
          p.pad_top, p.pad_right, p.pad_bottom, p.pad_left, p.kernel_height, p.kernel_width,
          p.stride_height, p.stride_width, p.dilation_height, p.dilation_width, p.groups, gi,
          p.output_channels / p.groups, p.input_channels, p.output_channels, ohwi.data(), bias, lo,
          hi, /*flags=*/0, &op),
      "xnn_create_convolution2d_nhwc_f32");
  auto result = std::make_unique<internal::XnnpackOp>(context, op);
  internal::XnnCheck(xnn_setup_convolution2d_nhwc_f32(op, p.batch, p.input_height, p.input_width,
                                                      input, output, context.impl().threadpool),
                     "xnn_setup_convolution2d_nhwc_f32");
  const size_t n =
      static_cast<size_t>(p.batch) * p.output_height * p.output_width * p.output_channels;
  return internal::WithActivationAfter(std::move(result), p, output, n);
}

}  // namespace

Conv2D::Conv2D(Context& context, const Conv2DParams& params, Backend backend, const float* filter,
               const float* bias, const float* input, float* output)
    : Conv2D(context, params, backend, filter, bias, /*input_scale=*/nullptr, input, output) {}

Conv2D::Conv2D(Context& context, const Conv2DParams& params, Backend backend, const float* filter,
               const float* bias, const float* input_scale, const float* input, float* output) {
  if (!Conv2DSupports(backend, params)) internal::Unsupported("Conv2D", BackendName(backend));
  if (params.expand_input_channels != 0) {
    throw std::invalid_argument("Conv2D: an expansion comes with its weights");
  }
  if (params.scaled_input != (input_scale != nullptr)) {
    throw std::invalid_argument("Conv2D: an input scale is given exactly when scaled_input");
  }
  switch (backend) {
    case Backend::kReference: {
      // The reference reads weights at Run() time, so it keeps its own copy (and, for a
      // scaled input, a second one that each Run() rescales).
      const size_t filter_size = static_cast<size_t>(params.output_channels) *
                                 (params.input_channels / params.groups) * params.kernel_height *
                                 params.kernel_width;
      std::vector<float> w(filter, filter + filter_size);
      std::vector<float> b;
      if (bias) b.assign(bias, bias + params.output_channels);
      if (input_scale != nullptr) {
        std::vector<float> scaled(w.size());
        op_ = internal::MakeOp([params, w = std::move(w), scaled = std::move(scaled),
                                b = std::move(b), input_scale, input, output]() mutable {
          reference::ScaleFilterInputChannels(params, w.data(), input_scale, scaled.data());
          reference::Conv2D(params, scaled.data(), b.empty() ? nullptr : b.data(), input, output);
        });
        break;
      }
      op_ = internal::MakeOp([params, w = std::move(w), b = std::move(b), input, output] {
        reference::Conv2D(params, w.data(), b.empty() ? nullptr : b.data(), input, output);
      });
      break;
    }
    case Backend::kXnnpack:
      op_ = MakeXnnpack(context, params, filter, bias, input, output);
      break;
    case Backend::kOnednn:
    case Backend::kOnednnWinograd: {
      // oneDNN has Winograd kernels for AVX-512 only: on other CPUs the same generated
      // code runs its direct convolution rather than failing (MakeOnednnConv2D falls
      // back). Conv2DSupports has already refused what Winograd cannot compute at all.
      const bool winograd = backend == Backend::kOnednnWinograd;
      if (winograd && input_scale == nullptr) {
        // Our own F(4x4, 3x3) on NHWC where the CPU has AVX-512 (conv2d_winograd.h).
        op_ = internal::MakeWinogradF4Conv(context, params, filter, bias, input, output);
        if (op_) break;
      }
      if (!winograd) {
        // One pixel per image (squeeze-excitation): a matrix-vector product that streams
        // its weights (fully_connected_gemv.h).
        op_ = internal::MakeGemvConv(context, params, filter, bias, input, output);
        if (op_) break;
        // Our own 1x1 products, which fetch their weights ahead (conv2d_pointwise.h).
        op_ =
            internal::MakePointwiseConv(context, params, filter, bias, input, output, input_scale);
        if (op_) break;
      }
      if (!winograd) {
        // Our own loop where oneDNN's grouped kernels are slowest (conv2d_small_groups.h).
        op_ = internal::MakeSmallGroupConv(context, params, filter, bias, input, output);
        if (op_) break;
      }
      op_ = internal::MakeOnednnConv2D(context, params, winograd, filter, bias, input, output,
                                       input_scale);
      break;
    }
  }
}

Conv2D::Conv2D(Context& context, const Conv2DParams& params, Backend backend,
               const float* expand_filter, const float* expand_bias, const float* filter,
               const float* bias, const float* input, float* output) {
  if (!Conv2DSupports(backend, params)) internal::Unsupported("Conv2D", BackendName(backend));
  if (params.expand_input_channels <= 0) {
    throw std::invalid_argument("Conv2D: expansion weights without an expansion");
  }
  const Conv2DParams expand = ExpansionOf(params);
  Conv2DParams depthwise = params;
  depthwise.expand_input_channels = 0;
  depthwise.expand_min = -std::numeric_limits<float>::infinity();
  depthwise.expand_max = std::numeric_limits<float>::infinity();
  depthwise.expand_activation = Activation::kNone;
  if (backend == Backend::kOnednn) {
    // Both layers in one pass, the expanded rows kept in L2 (conv2d_expand_depthwise.h).
    op_ = internal::MakeExpandDepthwise(context, expand, expand_filter, expand_bias, depthwise,
                                        filter, bias, input, output);
    if (op_) return;
  }
  // Elsewhere the two layers one after the other, through a buffer of the kernel's own.
  struct Apart {
    std::vector<float> expanded;
    std::unique_ptr<Conv2D> first, second;
  };
  auto apart = std::make_shared<Apart>();
  apart->expanded.resize(static_cast<size_t>(expand.batch) * expand.output_height *
                         expand.output_width * expand.output_channels);
  apart->first = std::make_unique<Conv2D>(context, expand, backend, expand_filter, expand_bias,
                                          input, apart->expanded.data());
  apart->second = std::make_unique<Conv2D>(context, depthwise, backend, filter, bias,
                                           apart->expanded.data(), output);
  op_ = internal::MakeOp([apart] {
    apart->first->Run();
    apart->second->Run();
  });
}

}  // namespace neo::kernels

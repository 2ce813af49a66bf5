#include "kernels/fully_connected.h"

#include <limits>
#include <vector>

#include "kernels/context_internal.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/internal.h"
#include "kernels/reference/conv2d.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace {

std::unique_ptr<internal::Op> MakeXnnpack(Context& context, const FullyConnectedParams& p,
                                          const float* filter, const float* bias,
                                          const float* input, float* output) {
  // With an activation, XNNPACK's clamp would come first: ours runs after it instead.
  const bool act = p.activation != Activation::kNone;
  const float inf = std::numeric_limits<float>::infinity();
  xnn_operator_t op = nullptr;
  // XNNPACK packs the [n, k] filter and the bias into its own buffer here.
  internal::XnnCheck(xnn_create_fully_connected_nc_f32(
                         p.input_channels, p.output_channels, p.input_channels,
                         p.output_channels, filter, bias, act ? -inf : p.output_min,
                         act ? inf : p.output_max,
                         /*flags=*/0, &op),
                     "xnn_create_fully_connected_nc_f32");
  auto result = std::make_unique<internal::XnnpackOp>(context, op);
  internal::XnnCheck(
      xnn_setup_fully_connected_nc_f32(op, p.batch, input, output, context.impl().threadpool),
      "xnn_setup_fully_connected_nc_f32");
  if (!act) return result;
  return internal::WithActivation(std::move(result), p.activation, p.activation_alpha,
                                  p.activation_beta, p.output_min, p.output_max, output,
                                  static_cast<size_t>(p.batch) * p.output_channels);
}

}  // namespace

FullyConnected::FullyConnected(Context& context, const FullyConnectedParams& params,
                               Backend backend, const float* filter, const float* bias,
                               const float* input, float* output) {
  if (!FullyConnectedSupports(backend, params)) {
    internal::Unsupported("FullyConnected", BackendName(backend));
  }
  switch (backend) {
    case Backend::kReference: {
      std::vector<float> w(filter,
                           filter + static_cast<size_t>(params.output_channels) *
                                        params.input_channels);
      std::vector<float> b;
      if (bias) b.assign(bias, bias + params.output_channels);
      op_ = internal::MakeOp([params, w = std::move(w), b = std::move(b), input, output] {
        reference::FullyConnected(params, w.data(), b.empty() ? nullptr : b.data(), input,
                                  output);
      });
      break;
    }
    case Backend::kXnnpack:
      op_ = MakeXnnpack(context, params, filter, bias, input, output);
      break;
    case Backend::kOnednn:
      op_ =
          internal::MakeOnednnFullyConnected(context, params, filter, bias, input, output);
      break;
    case Backend::kOnednnWinograd:
      break;  // rejected above
  }
}



}  // namespace neo::kernels

#include "kernels/fully_connected.h"

#include <limits>
#include <vector>

#include "kernels/context_internal.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/fully_connected_gemv.h"
#include "kernels/internal.h"
#include "kernels/reference/conv2d.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace {

std::unique_ptr<internal::Op> MakeXnnpack(Context& context, const FullyConnectedParams& p,
                                          const float* filter, const float* bias,
                                          const float* input, float* output) {
  const auto [lo, hi] = internal::XnnpackClamp(p);
  xnn_operator_t op = nullptr;
  // XNNPACK packs the [n, k] filter and the bias into its own buffer here.
  internal::XnnCheck(
      xnn_create_fully_connected_nc_f32(p.input_channels, p.output_channels, p.input_channels,
                                        p.output_channels, filter, bias, lo, hi, /*flags=*/0, &op),
      "xnn_create_fully_connected_nc_f32");
  auto result = std::make_unique<internal::XnnpackOp>(context, op);
  internal::XnnCheck(
      xnn_setup_fully_connected_nc_f32(op, p.batch, input, output, context.impl().threadpool),
      "xnn_setup_fully_connected_nc_f32");
  return internal::WithActivationAfter(std::move(result), p, output,
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
      std::vector<float> w(
          filter, filter + static_cast<size_t>(params.output_channels) * params.input_channels);
      std::vector<float> b;
      if (bias) b.assign(bias, bias + params.output_channels);
      op_ = internal::MakeOp([params, w = std::move(w), b = std::move(b), input, output] {
        reference::FullyConnected(params, w.data(), b.empty() ? nullptr : b.data(), input, output);
      });
      break;
    }
    case Backend::kXnnpack:
      op_ = MakeXnnpack(context, params, filter, bias, input, output);
      break;
    case Backend::kOnednn:
      // Our own matrix-vector product, which streams its weights (fully_connected_gemv.h).
      op_ = internal::MakeGemvFullyConnected(context, params, filter, bias, input, output);
      if (op_) break;
      op_ = internal::MakeOnednnFullyConnected(context, params, filter, bias, input, output);
      break;
    case Backend::kOnednnWinograd:
      break;  // rejected above
  }
}

}  // namespace neo::kernels

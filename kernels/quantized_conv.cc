// QuantizedConv2D's backends: the reference loops.
#include "kernels/quantized_conv.h"

#include "kernels/internal.h"
#include "kernels/reference/quantized_conv.h"

namespace neo::kernels {

QuantizedConv2D::QuantizedConv2D(Context&, const QuantizedConv2DParams& params,
                                 Backend backend, const void* input, const void* x_zero_point,
                                 const void* weights, const void* w_zero_point,
                                 const float* x_scale, const float* w_scale,
                                 const float* y_scale, const void* y_zero_point,
                                 const void* bias, void* output) {
  if (!QuantizedConv2DSupports(backend, params)) {
    internal::Unsupported("QuantizedConv2D", BackendName(backend));
  }
  op_ = internal::MakeOp([=] {
    reference::QuantizedConv2D(params, input, x_zero_point, weights, w_zero_point, x_scale,
                               w_scale, y_scale, y_zero_point,
                               static_cast<const int32_t*>(bias), output);
  });
}

}  // namespace neo::kernels

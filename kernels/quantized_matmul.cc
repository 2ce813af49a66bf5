// QuantizedMatMul: the reference loops only (see QuantizedMatMulSupports for why).
#include "kernels/quantized_matmul.h"

#include "kernels/internal.h"
#include "kernels/reference/quantized_matmul.h"

namespace neo::kernels {

QuantizedMatMul::QuantizedMatMul(Context&, const QuantizedMatMulParams& params, Backend backend,
                                 const void* a, const void* a_zero_point, const void* b,
                                 const void* b_zero_point, const float* a_scale,
                                 const float* b_scale, const float* y_scale,
                                 const void* y_zero_point, void* output) {
  if (!QuantizedMatMulSupports(backend, params)) {
    internal::Unsupported("QuantizedMatMul", BackendName(backend));
  }
  op_ = internal::MakeOp([=] {
    reference::QuantizedMatMul(params, a, a_zero_point, b, b_zero_point, a_scale, b_scale,
                               y_scale, y_zero_point, output);
  });
}

}  // namespace neo::kernels

// Quantize: the reference loops only (see QuantizeSupports for why no library runs it).
#include "kernels/quantize.h"

#include "kernels/internal.h"
#include "kernels/reference/quantize.h"

namespace neo::kernels {

Quantize::Quantize(Context&, const QuantizeParams& params, Backend backend, const void* input,
                   const float* scale, const void* zero_point, void* output) {
  if (!QuantizeSupports(backend, params)) internal::Unsupported("Quantize", BackendName(backend));
  op_ = internal::MakeOp([params, input, scale, zero_point, output] {
    reference::Quantize(params, input, scale, zero_point, output);
  });
}

}  // namespace neo::kernels

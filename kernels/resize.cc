#include "kernels/resize.h"

#include "kernels/internal.h"
#include "kernels/reference/resize.h"

namespace neo::kernels {

Resize::Resize(Context&, const ResizeParams& params, Backend backend, const void* input,
               void* output) {
  if (!ResizeSupports(backend, params)) internal::Unsupported("Resize", BackendName(backend));
  op_ = internal::MakeOp([params, input, output] { reference::Resize(params, input, output); });
}



}  // namespace neo::kernels

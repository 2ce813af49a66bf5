#include "kernels/resize.h"

#include "kernels/internal.h"
#include "kernels/reference/resize.h"

namespace neo::kernels {

Resize::Resize(Context&, const ResizeParams& params, Backend backend, const void* input,
               void* output) {
  if (!ResizeSupports(backend, params)) internal::Unsupported("Resize", BackendName(backend));
  // The sampling plan is made here, once: Run() only reads it.
  op_ = internal::MakeOp([params, plan = reference::MakeResizePlan(params), input, output] {
    reference::Resize(params, plan, input, output);
  });
}

}  // namespace neo::kernels

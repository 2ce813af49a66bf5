#include "kernels/slice.h"

#include "kernels/internal.h"
#include "kernels/reference/slice.h"

namespace neo::kernels {

Slice::Slice(Context&, const SliceParams& params, Backend backend, const void* input,
             void* output) {
  if (!SliceSupports(backend, params)) internal::Unsupported("Slice", BackendName(backend));
  op_ = internal::MakeOp([params, input, output] { reference::Slice(params, input, output); });
}



}  // namespace neo::kernels

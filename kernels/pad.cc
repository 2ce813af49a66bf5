#include "kernels/pad.h"

#include "kernels/internal.h"
#include "kernels/reference/pad.h"

namespace neo::kernels {

Pad::Pad(Context&, const PadParams& params, Backend backend, const void* input,
         void* output) {
  if (!PadSupports(backend, params)) internal::Unsupported("Pad", BackendName(backend));
  op_ = internal::MakeOp([params, input, output] { reference::Pad(params, input, output); });
}



}  // namespace neo::kernels

#include "kernels/cast.h"

#include "kernels/internal.h"
#include "kernels/reference/cast.h"

namespace neo::kernels {

Cast::Cast(Context&, const CastParams& params, Backend backend, const void* input,
           void* output) {
  if (!CastSupports(backend, params)) internal::Unsupported("Cast", BackendName(backend));
  op_ = internal::MakeOp([params, input, output] {
    reference::CastElements(params.from, params.to, input, output, params.count);
  });
}



}  // namespace neo::kernels

#include "kernels/broadcast.h"

#include "kernels/internal.h"
#include "kernels/reference/broadcast.h"

namespace neo::kernels {

Broadcast::Broadcast(Context&, const BroadcastParams& params, Backend backend,
                     const void* input, void* output) {
  if (!BroadcastSupports(backend, params)) {
    internal::Unsupported("Broadcast", BackendName(backend));
  }
  op_ = internal::MakeOp(
      [params, input, output] { reference::Broadcast(params, input, output); });
}



}  // namespace neo::kernels

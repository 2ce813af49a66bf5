#include "kernels/gather.h"

#include "kernels/internal.h"
#include "kernels/reference/gather.h"

namespace neo::kernels {

Gather::Gather(Context&, const GatherParams& params, Backend backend, const void* data,
               const void* indices, void* output) {
  if (!GatherSupports(backend, params)) internal::Unsupported("Gather", BackendName(backend));
  op_ = internal::MakeOp([params, data, indices, output] {
    reference::Gather(params, data, indices, output);
  });
}


GatherElements::GatherElements(Context&, const GatherElementsParams& params, Backend backend,
                               const void* data, const void* indices, void* output) {
  if (!GatherElementsSupports(backend, params)) {
    internal::Unsupported("GatherElements", BackendName(backend));
  }
  op_ = internal::MakeOp([params, data, indices, output] {
    reference::GatherElements(params, data, indices, output);
  });
}

GatherND::GatherND(Context&, const GatherNDParams& params, Backend backend, const void* data,
                   const void* indices, void* output) {
  if (!GatherNDSupports(backend, params)) internal::Unsupported("GatherND", BackendName(backend));
  op_ = internal::MakeOp([params, data, indices, output] {
    reference::GatherND(params, data, indices, output);
  });
}

}  // namespace neo::kernels

#include "kernels/scatter.h"

#include "kernels/internal.h"
#include "kernels/reference/scatter.h"

namespace neo::kernels {

ScatterND::ScatterND(Context&, const ScatterNDParams& params, Backend backend, const void* data,
                     const void* indices, const void* updates, void* output) {
  if (!ScatterNDSupports(backend, params)) internal::Unsupported("ScatterND", BackendName(backend));
  op_ = internal::MakeOp([params, data, indices, updates, output] {
    reference::ScatterND(params, data, indices, updates, output);
  });
}

ScatterElements::ScatterElements(Context&, const ScatterElementsParams& params, Backend backend,
                                 const void* data, const void* indices, const void* updates,
                                 void* output) {
  if (!ScatterElementsSupports(backend, params)) {
    internal::Unsupported("ScatterElements", BackendName(backend));
  }
  op_ = internal::MakeOp([params, data, indices, updates, output] {
    reference::ScatterElements(params, data, indices, updates, output);
  });
}

}  // namespace neo::kernels

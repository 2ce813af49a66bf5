#include "kernels/where.h"

#include "kernels/internal.h"
#include "kernels/reference/where.h"

namespace neo::kernels {

Where::Where(Context&, const WhereParams& params, Backend backend, const void* condition,
             const void* x, const void* y, void* output) {
  if (!WhereSupports(backend, params)) internal::Unsupported("Where", BackendName(backend));
  op_ = internal::MakeOp([params, condition, x, y, output] {
    reference::Where(params, condition, x, y, output);
  });
}

}  // namespace neo::kernels

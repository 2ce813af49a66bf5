#include "kernels/softmax.h"

#include "kernels/context_internal.h"
#include "kernels/eltwise_onednn.h"
#include "kernels/internal.h"
#include "kernels/reference/elementwise.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {

Softmax::Softmax(Context& context, const SoftmaxParams& params, Backend backend,
                 const float* input, float* output) {
  if (!SoftmaxSupports(backend, params)) internal::Unsupported("Softmax", BackendName(backend));
  if (backend == Backend::kReference) {
    op_ = internal::MakeOp(
        [params, input, output] { reference::Softmax(params, input, output); });
    return;
  }
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnSoftmax(context, params, input, output);
    return;
  }
  xnn_operator_t op = nullptr;
  internal::XnnCheck(xnn_create_softmax_nc_f32(params.axis, params.axis, params.axis, 0, &op),
                     "xnn_create_softmax_nc_f32");
  auto xnn = std::make_unique<internal::XnnpackOp>(context, op);
  internal::XnnCheck(xnn_setup_softmax_nc_f32(op, params.outer, input, output,
                                              context.impl().threadpool),
                     "xnn_setup_softmax_nc_f32");
  op_ = std::move(xnn);
}



}  // namespace neo::kernels

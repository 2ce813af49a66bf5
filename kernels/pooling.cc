#include "kernels/pooling.h"

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/pooling_onednn.h"
#include "kernels/reference/pooling.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace internal {

xnn_status CreateXnnpackPooling2D(const Pooling2DParams& p, xnn_operator_t* op) {
  if (p.kind == PoolingKind::kMax) {
    return xnn_create_max_pooling2d_nhwc_f32(
        p.pad_top, p.pad_right, p.pad_bottom, p.pad_left, p.kernel_height, p.kernel_width,
        p.stride_height, p.stride_width, p.dilation_height, p.dilation_width, p.channels,
        p.channels, p.channels, p.output_min, p.output_max, 0, op);
  }
  return xnn_create_average_pooling2d_nhwc_f32(
      p.pad_top, p.pad_right, p.pad_bottom, p.pad_left, p.kernel_height, p.kernel_width,
      p.stride_height, p.stride_width, p.channels, p.channels, p.channels, p.output_min,
      p.output_max, 0, op);
}

}  // namespace internal

Pooling2D::Pooling2D(Context& context, const Pooling2DParams& params, Backend backend,
                     const float* input, float* output) {
  if (!Pooling2DSupports(backend, params)) {
    internal::Unsupported("Pooling2D", BackendName(backend));
  }
  if (backend == Backend::kReference) {
    op_ = internal::MakeOp(
        [params, input, output] { reference::Pooling2D(params, input, output); });
    return;
  }
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnPooling2D(context, params, input, output);
    return;
  }
  xnn_operator_t op = nullptr;
  internal::XnnCheck(internal::CreateXnnpackPooling2D(params, &op),
                     "xnn_create_*_pooling2d_nhwc_f32");
  auto xnn = std::make_unique<internal::XnnpackOp>(context, op);
  const pthreadpool_t pool = context.impl().threadpool;
  internal::XnnCheck(
      params.kind == PoolingKind::kMax
          ? xnn_setup_max_pooling2d_nhwc_f32(op, params.batch, params.input_height,
                                             params.input_width, input, output, pool)
          : xnn_setup_average_pooling2d_nhwc_f32(op, params.batch, params.input_height,
                                                 params.input_width, input, output, pool),
      "xnn_setup_*_pooling2d_nhwc_f32");
  op_ = std::move(xnn);
}



GlobalPooling::GlobalPooling(Context& context, const GlobalPoolingParams& params,
                             Backend backend, const float* input, float* output) {
  if (!GlobalPoolingSupports(backend, params)) {
    internal::Unsupported("GlobalPooling", BackendName(backend));
  }
  if (backend == Backend::kReference) {
    op_ = internal::MakeOp(
        [params, input, output] { reference::GlobalPooling(params, input, output); });
    return;
  }
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnGlobalPooling(context, params, input, output);
    return;
  }
  xnn_operator_t op = nullptr;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  internal::XnnCheck(xnn_create_global_average_pooling_nwc_f32(
                         params.channels, params.channels, params.channels, -kInf, kInf, 0, &op),
                     "xnn_create_global_average_pooling_nwc_f32");
  auto xnn = std::make_unique<internal::XnnpackOp>(context, op);
  internal::XnnCheck(xnn_setup_global_average_pooling_nwc_f32(op, params.batch, params.pixels,
                                                              input, output,
                                                              context.impl().threadpool),
                     "xnn_setup_global_average_pooling_nwc_f32");
  op_ = std::move(xnn);
}



}  // namespace neo::kernels

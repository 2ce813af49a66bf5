#include "kernels/unary.h"

#include <limits>

#include "kernels/context_internal.h"
#include "kernels/eltwise_onednn.h"
#include "kernels/internal.h"
#include "kernels/reference/elementwise.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace internal {

// The whole tensor is one row of `size` channels: XNNPACK then treats it as a single
// contiguous vector and splits it across the thread pool.
xnn_status CreateXnnpackUnary(const UnaryParams& p, xnn_operator_t* op) {
  const size_t c = p.size;
  constexpr float kInf = std::numeric_limits<float>::infinity();
  switch (p.op) {
    case UnaryOp::kClamp: return xnn_create_clamp_nc_f32(c, c, c, p.alpha, p.beta, 0, op);
    case UnaryOp::kRelu: return xnn_create_clamp_nc_f32(c, c, c, 0.0f, kInf, 0, op);
    case UnaryOp::kSigmoid: return xnn_create_sigmoid_nc_f32(c, c, c, 0, op);
    case UnaryOp::kAbs: return xnn_create_abs_nc_f32(c, c, c, 0, op);
    case UnaryOp::kNeg: return xnn_create_negate_nc_f32(c, c, c, 0, op);
    case UnaryOp::kSqrt: return xnn_create_square_root_nc_f32(c, c, c, 0, op);
    case UnaryOp::kFloor: return xnn_create_floor_nc_f32(c, c, c, 0, op);
    case UnaryOp::kCeil: return xnn_create_ceiling_nc_f32(c, c, c, 0, op);
    case UnaryOp::kElu: return xnn_create_elu_nc_f32(c, c, c, p.alpha, 0, op);
    case UnaryOp::kLeakyRelu: return xnn_create_leaky_relu_nc_f32(c, c, c, p.alpha, 0, op);
    case UnaryOp::kHardSwish: return xnn_create_hardswish_nc_f32(c, c, c, 0, op);
    default: return xnn_status_unsupported_parameter;  // no such XNNPACK operator (2022-02)
  }
}

}  // namespace internal

namespace {

xnn_status SetupXnnpack(const UnaryParams& p, xnn_operator_t op, const float* in, float* out,
                        pthreadpool_t pool) {
  switch (p.op) {
    case UnaryOp::kClamp:
    case UnaryOp::kRelu: return xnn_setup_clamp_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kSigmoid: return xnn_setup_sigmoid_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kAbs: return xnn_setup_abs_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kNeg: return xnn_setup_negate_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kSqrt: return xnn_setup_square_root_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kFloor: return xnn_setup_floor_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kCeil: return xnn_setup_ceiling_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kElu: return xnn_setup_elu_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kLeakyRelu: return xnn_setup_leaky_relu_nc_f32(op, 1, in, out, pool);
    case UnaryOp::kHardSwish: return xnn_setup_hardswish_nc_f32(op, 1, in, out, pool);
    default: return xnn_status_unsupported_parameter;
  }
}

}  // namespace

Unary::Unary(Context& context, const UnaryParams& params, Backend backend, const void* input_data,
             void* output_data) {
  if (!UnarySupports(backend, params)) internal::Unsupported("Unary", BackendName(backend));
  // Integer tensors only ever get the reference (UnarySupports).
  if (backend == Backend::kReference) {
    op_ = internal::MakeOp([params, input_data, output_data] {
      reference::Unary(params, input_data, output_data);
    });
    return;
  }
  const float* input = static_cast<const float*>(input_data);
  float* output = static_cast<float*>(output_data);
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnUnary(context, params, input, output);
    return;
  }
  xnn_operator_t op = nullptr;
  internal::XnnCheck(internal::CreateXnnpackUnary(params, &op), "xnn_create_*_nc_f32");
  auto xnn = std::make_unique<internal::XnnpackOp>(context, op);
  internal::XnnCheck(SetupXnnpack(params, op, input, output, context.impl().threadpool),
                     "xnn_setup_*_nc_f32");
  op_ = std::move(xnn);
}



}  // namespace neo::kernels

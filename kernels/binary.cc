#include "kernels/binary.h"

#include <algorithm>

#include "kernels/binary_onednn.h"
#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/reference/elementwise.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace {

// BinarySupports (kernels/capabilities/binary.cc) states XNNPACK's rank limit as 6.
static_assert(XNN_MAX_TENSOR_DIMS == 6, "XNNPACK's rank limit changed: update capabilities");

using CreateFn = xnn_status (*)(float, float, uint32_t, xnn_operator_t*);
using SetupFn = xnn_status (*)(xnn_operator_t, size_t, const size_t*, size_t, const size_t*,
                               const float*, const float*, float*, pthreadpool_t);

// XNNPACK's broadcasting binary operators; pow has none.
bool XnnpackNd(BinaryOp op, CreateFn* create, SetupFn* setup) {
  switch (op) {
    case BinaryOp::kAdd: *create = xnn_create_add_nd_f32; *setup = xnn_setup_add_nd_f32; return true;
    case BinaryOp::kSub: *create = xnn_create_subtract_nd_f32; *setup = xnn_setup_subtract_nd_f32; return true;
    case BinaryOp::kMul: *create = xnn_create_multiply_nd_f32; *setup = xnn_setup_multiply_nd_f32; return true;
    case BinaryOp::kDiv: *create = xnn_create_divide_nd_f32; *setup = xnn_setup_divide_nd_f32; return true;
    // Maximum and minimum take no clamp (BinarySupports requires none).
    case BinaryOp::kMaximum:
      *create = [](float, float, uint32_t flags, xnn_operator_t* op) {
        return xnn_create_maximum_nd_f32(flags, op);
      };
      *setup = xnn_setup_maximum_nd_f32;
      return true;
    case BinaryOp::kMinimum:
      *create = [](float, float, uint32_t flags, xnn_operator_t* op) {
        return xnn_create_minimum_nd_f32(flags, op);
      };
      *setup = xnn_setup_minimum_nd_f32;
      return true;
    default: return false;
  }
}

std::unique_ptr<internal::Op> MakeXnnpack(Context& context, const BinaryParams& p,
                                          const float* a, const float* b, float* output) {
  const pthreadpool_t pool = context.impl().threadpool;
  xnn_operator_t op = nullptr;
  if (p.op == BinaryOp::kPRelu) {
    const size_t channels = p.output_shape[p.output_shape.rank - 1];
    internal::XnnCheck(xnn_create_prelu_nc_f32(channels, channels, channels, b, 0, &op),
                       "xnn_create_prelu_nc_f32");
    auto result = std::make_unique<internal::XnnpackOp>(context, op);
    internal::XnnCheck(xnn_setup_prelu_nc_f32(op, p.output_shape.num_elements() / channels, a,
                                              output, pool),
                       "xnn_setup_prelu_nc_f32");
    return result;
  }
  CreateFn create = nullptr;
  SetupFn setup = nullptr;
  XnnpackNd(p.op, &create, &setup);
  internal::XnnCheck(create(p.output_min, p.output_max, 0, &op), "xnn_create_*_nd_f32");
  auto result = std::make_unique<internal::XnnpackOp>(context, op);
  size_t a_shape[Dims::kMaxRank], b_shape[Dims::kMaxRank];
  for (int i = 0; i < p.a_shape.rank; ++i) a_shape[i] = p.a_shape[i];
  for (int i = 0; i < p.b_shape.rank; ++i) b_shape[i] = p.b_shape[i];
  internal::XnnCheck(
      setup(op, p.a_shape.rank, a_shape, p.b_shape.rank, b_shape, a, b, output, pool),
      "xnn_setup_*_nd_f32");
  return result;
}

}  // namespace

Binary::Binary(Context& context, const BinaryParams& params, Backend backend, const void* a_data,
               const void* b_data, void* output_data) {
  if (!BinarySupports(backend, params)) internal::Unsupported("Binary", BackendName(backend));
  // Integer tensors only ever get the reference (BinarySupports).
  if (backend == Backend::kReference) {
    op_ = internal::MakeOp([params, a_data, b_data, output_data] {
      reference::Binary(params, a_data, b_data, output_data);
    });
    return;
  }
  const float* a = static_cast<const float*>(a_data);
  const float* b = static_cast<const float*>(b_data);
  float* output = static_cast<float*>(output_data);
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnBinary(context, params, a, b, output);
  } else {
    op_ = MakeXnnpack(context, params, a, b, output);
  }
}



}  // namespace neo::kernels

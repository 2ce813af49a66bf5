#include "kernels/binary.h"

#include <algorithm>

#include "kernels/binary_onednn.h"
#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/reference/elementwise.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace {

// The output shape must be exactly numpy's broadcast of the two operand shapes (a library
// that derives it itself would otherwise write a different number of elements).
bool Broadcastable(const BinaryParams& p) {
  const Dims& o = p.output_shape;
  if (p.a_shape.rank > o.rank || p.b_shape.rank > o.rank) return false;
  if (o.rank != std::max(p.a_shape.rank, p.b_shape.rank)) return false;
  for (int i = 0; i < o.rank; ++i) {
    const int ia = i - (o.rank - p.a_shape.rank), ib = i - (o.rank - p.b_shape.rank);
    const int64_t da = ia >= 0 ? p.a_shape[ia] : 1, db = ib >= 0 ? p.b_shape[ib] : 1;
    if (da != db && da != 1 && db != 1) return false;
    if (o[i] != (da == 1 ? db : da)) return false;
  }
  return true;
}

// PRelu the way XNNPACK has it: `a` at the output shape, slopes one per innermost channel.
bool PerChannelPRelu(const BinaryParams& p) {
  const Dims& o = p.output_shape;
  if (o.rank < 1 || p.a_shape.rank != o.rank) return false;
  for (int i = 0; i < o.rank; ++i)
    if (p.a_shape[i] != o[i]) return false;
  if (p.b_shape.num_elements() != o[o.rank - 1]) return false;
  for (int i = 0; i + 1 < p.b_shape.rank; ++i)
    if (p.b_shape[i] != 1) return false;
  return p.b_shape.rank == 0 ? o[o.rank - 1] == 1 : p.b_shape[p.b_shape.rank - 1] == o[o.rank - 1];
}

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
    // Maximum and minimum take no clamp (XnnpackSupports requires none).
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

constexpr bool NoClamp(const BinaryParams& p) {
  return p.output_min == -std::numeric_limits<float>::infinity() &&
         p.output_max == std::numeric_limits<float>::infinity();
}

bool XnnpackSupports(const BinaryParams& p) {
  if (p.op == BinaryOp::kPRelu) return p.b_constant && NoClamp(p) && PerChannelPRelu(p);
  CreateFn create = nullptr;
  SetupFn setup = nullptr;
  const bool clamps = p.op != BinaryOp::kMaximum && p.op != BinaryOp::kMinimum;
  return XnnpackNd(p.op, &create, &setup) && p.output_shape.rank <= XNN_MAX_TENSOR_DIMS &&
         (clamps ? p.output_min < p.output_max : NoClamp(p));
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

bool BinarySupports(Backend backend, const BinaryParams& p) {
  if (!Broadcastable(p)) return false;
  // Integer tensors: the reference loops only (the libraries here are float-only or, for
  // oneDNN, differ in overflow behaviour).
  if (p.type != ElementType::kFloat32) {
    return backend == Backend::kReference && reference::IsIntegerElementType(p.type);
  }
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return XnnpackSupports(p);
    case Backend::kOnednn: return internal::OnednnBinarySupports(p);
    default: return false;
  }
}

struct Binary::Impl {
  std::unique_ptr<internal::Op> op;
};

Binary::Binary(Context& context, const BinaryParams& params, Backend backend, const void* a_data,
               const void* b_data, void* output_data)
    : impl_(std::make_unique<Impl>()) {
  if (!BinarySupports(backend, params)) internal::Unsupported("Binary", BackendName(backend));
  // Integer tensors only ever get the reference (BinarySupports).
  if (backend == Backend::kReference) {
    impl_->op = internal::MakeOp([params, a_data, b_data, output_data] {
      reference::Binary(params, a_data, b_data, output_data);
    });
    return;
  }
  const float* a = static_cast<const float*>(a_data);
  const float* b = static_cast<const float*>(b_data);
  float* output = static_cast<float*>(output_data);
  if (backend == Backend::kOnednn) {
    impl_->op = internal::MakeOnednnBinary(context, params, a, b, output);
  } else {
    impl_->op = MakeXnnpack(context, params, a, b, output);
  }
}

Binary::~Binary() = default;

void Binary::Run() { impl_->op->Run(); }

}  // namespace neo::kernels

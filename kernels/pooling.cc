#include "kernels/pooling.h"

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/pooling_onednn.h"
#include "kernels/reference/pooling.h"
#include "kernels/xnnpack_op.h"

namespace neo::kernels {
namespace {

int Overlap(int begin, int end, int lo, int hi) {
  return std::max(0, std::min(end, hi) - std::max(begin, lo));
}

// XNNPACK derives the output size itself, by floor division, and every window must see
// at least one input pixel (it never produces an "empty" max or average).
bool XnnpackGeometry(const Pooling2DParams& p, int dh, int dw) {
  const int eh = (p.kernel_height - 1) * dh + 1, ew = (p.kernel_width - 1) * dw + 1;
  if (p.output_height != (p.input_height + p.pad_top + p.pad_bottom - eh) / p.stride_height + 1 ||
      p.output_width != (p.input_width + p.pad_left + p.pad_right - ew) / p.stride_width + 1) {
    return false;
  }
  for (int oy = 0; oy < p.output_height; ++oy) {
    const int y0 = oy * p.stride_height - p.pad_top;
    if (Overlap(y0, y0 + eh, 0, p.input_height) == 0) return false;
  }
  for (int ox = 0; ox < p.output_width; ++ox) {
    const int x0 = ox * p.stride_width - p.pad_left;
    if (Overlap(x0, x0 + ew, 0, p.input_width) == 0) return false;
  }
  return true;
}

// XNNPACK averages over the whole window when the operator has no padding, and over the
// window's pixels inside the input when it has any. Only where that divisor equals the
// one pooling.h asks for, at every output position, can XNNPACK run the node.
bool XnnpackDivisorMatches(const Pooling2DParams& p) {
  const bool padded = p.pad_top || p.pad_left || p.pad_bottom || p.pad_right;
  for (int oy = 0; oy < p.output_height; ++oy) {
    for (int ox = 0; ox < p.output_width; ++ox) {
      const int y0 = oy * p.stride_height - p.pad_top, x0 = ox * p.stride_width - p.pad_left;
      const int xnn = padded ? Overlap(y0, y0 + p.kernel_height, 0, p.input_height) *
                                   Overlap(x0, x0 + p.kernel_width, 0, p.input_width)
                             : p.kernel_height * p.kernel_width;
      if (xnn != reference::AveragePoolingDivisor(p, oy, ox)) return false;
    }
  }
  return true;
}

xnn_status CreateXnnpack(const Pooling2DParams& p, xnn_operator_t* op) {
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

bool XnnpackSupports(const Pooling2DParams& p) {
  const bool is_max = p.kind == PoolingKind::kMax;
  if (!(p.output_min < p.output_max)) return false;
  if (!XnnpackGeometry(p, is_max ? p.dilation_height : 1, is_max ? p.dilation_width : 1)) {
    return false;
  }
  if (!is_max && (p.dilation_height != 1 || p.dilation_width != 1)) return false;
  if (!is_max && !XnnpackDivisorMatches(p)) return false;
  // Whatever else XNNPACK refuses (a 1x1 window, ...) it says when asked to create it.
  internal::EnsureXnnpackInitialized();
  xnn_operator_t op = nullptr;
  if (CreateXnnpack(p, &op) != xnn_status_success) return false;
  xnn_delete_operator(op);
  return true;
}

}  // namespace

bool Pooling2DSupports(Backend backend, const Pooling2DParams& p) {
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kXnnpack: return XnnpackSupports(p);
    case Backend::kOnednn: return internal::OnednnPooling2DSupports(p);
    default: return false;
  }
}

struct Pooling2D::Impl {
  std::unique_ptr<internal::Op> op;
};

Pooling2D::Pooling2D(Context& context, const Pooling2DParams& params, Backend backend,
                     const float* input, float* output)
    : impl_(std::make_unique<Impl>()) {
  if (!Pooling2DSupports(backend, params)) {
    internal::Unsupported("Pooling2D", BackendName(backend));
  }
  if (backend == Backend::kReference) {
    impl_->op = internal::MakeOp(
        [params, input, output] { reference::Pooling2D(params, input, output); });
    return;
  }
  if (backend == Backend::kOnednn) {
    impl_->op = internal::MakeOnednnPooling2D(context, params, input, output);
    return;
  }
  xnn_operator_t op = nullptr;
  internal::XnnCheck(CreateXnnpack(params, &op), "xnn_create_*_pooling2d_nhwc_f32");
  auto xnn = std::make_unique<internal::XnnpackOp>(context, op);
  const pthreadpool_t pool = context.impl().threadpool;
  internal::XnnCheck(
      params.kind == PoolingKind::kMax
          ? xnn_setup_max_pooling2d_nhwc_f32(op, params.batch, params.input_height,
                                             params.input_width, input, output, pool)
          : xnn_setup_average_pooling2d_nhwc_f32(op, params.batch, params.input_height,
                                                 params.input_width, input, output, pool),
      "xnn_setup_*_pooling2d_nhwc_f32");
  impl_->op = std::move(xnn);
}

Pooling2D::~Pooling2D() = default;

void Pooling2D::Run() { impl_->op->Run(); }

bool GlobalPoolingSupports(Backend backend, const GlobalPoolingParams& p) {
  switch (backend) {
    case Backend::kReference: return true;
    // XNNPACK (2022-02) has a global average pooling but no global max.
    case Backend::kXnnpack: return p.kind == PoolingKind::kAverage && p.pixels >= 1;
    case Backend::kOnednn: return internal::OnednnGlobalPoolingSupports(p);
    default: return false;
  }
}

struct GlobalPooling::Impl {
  std::unique_ptr<internal::Op> op;
};

GlobalPooling::GlobalPooling(Context& context, const GlobalPoolingParams& params,
                             Backend backend, const float* input, float* output)
    : impl_(std::make_unique<Impl>()) {
  if (!GlobalPoolingSupports(backend, params)) {
    internal::Unsupported("GlobalPooling", BackendName(backend));
  }
  if (backend == Backend::kReference) {
    impl_->op = internal::MakeOp(
        [params, input, output] { reference::GlobalPooling(params, input, output); });
    return;
  }
  if (backend == Backend::kOnednn) {
    impl_->op = internal::MakeOnednnGlobalPooling(context, params, input, output);
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
  impl_->op = std::move(xnn);
}

GlobalPooling::~GlobalPooling() = default;

void GlobalPooling::Run() { impl_->op->Run(); }

}  // namespace neo::kernels

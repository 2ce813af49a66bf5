#include "kernels/pooling.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "kernels/context_internal.h"
#include "kernels/internal.h"
#include "kernels/parallel_rows.h"
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

// Global pooling with our own loop, for what the reference backend runs. oneDNN 2.6's global
// average pooling over NHWC read 18 GB/s (56x56x144: 0.10 ms on AMD Zen 5, one thread;
// EfficientNet-B0's sixteen squeeze-excitation poolings took 0.53 ms, ONNX Runtime's 0.21). Here
// each work item is a block of up to kGlobalPoolPixels pixels of one image, read front to back
// (whole rows of channels: reading blocks of channels down the image instead ran at a third of the
// speed), four rows per step so that each partial sum waits on one addition per four rows. A
// block's partial sums go to scratch; the blocks are then combined in order, so the result does not
// depend on the thread count, and float rounding stays near that of sums of kGlobalPoolPixels
// values. GCC's 16-byte vector type is an SSE register on any x86-64 and a NEON one on AArch64.
typedef float PoolFloats4 __attribute__((vector_size(16)));
constexpr int kGlobalPoolPixels = 256;

template <bool kMax>
inline PoolFloats4 PoolCombine(PoolFloats4 a, PoolFloats4 b) {
  if constexpr (kMax) {
    return b > a ? b : a;  // std::max(a, b) lane by lane: a NaN in b is passed over
  } else {
    return a + b;
  }
}

template <bool kMax>
inline float PoolCombine(float a, float b) {
  return kMax ? std::max(a, b) : a + b;
}

inline PoolFloats4 LoadFloats4(const float* p) {
  PoolFloats4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// part[c] = the sum (or max) of rows x[i * channels + c], i < rows.
template <bool kMax>
void PoolPixelBlock(const float* x, int rows, int channels, float* part) {
  const float start = kMax ? -std::numeric_limits<float>::infinity() : 0.0f;
  const int vectors = channels / 4;
  for (int v = 0; v < vectors; ++v) {
    const PoolFloats4 init = PoolFloats4{} + start;
    std::memcpy(part + 4 * v, &init, sizeof init);
  }
  for (int c = 4 * vectors; c < channels; ++c) part[c] = start;
  int i = 0;
  for (; i + 4 <= rows; i += 4) {
    const float* row = x + static_cast<int64_t>(i) * channels;
    for (int v = 0; v < vectors; ++v) {
      const float* at = row + 4 * v;
      const PoolFloats4 four = PoolCombine<kMax>(
          PoolCombine<kMax>(LoadFloats4(at), LoadFloats4(at + channels)),
          PoolCombine<kMax>(LoadFloats4(at + 2 * channels), LoadFloats4(at + 3 * channels)));
      const PoolFloats4 sum = PoolCombine<kMax>(LoadFloats4(part + 4 * v), four);
      std::memcpy(part + 4 * v, &sum, sizeof sum);
    }
    for (int c = 4 * vectors; c < channels; ++c) {
      part[c] = PoolCombine<kMax>(
          part[c],
          PoolCombine<kMax>(PoolCombine<kMax>(row[c], row[channels + c]),
                            PoolCombine<kMax>(row[2 * channels + c], row[3 * channels + c])));
    }
  }
  for (; i < rows; ++i) {
    const float* row = x + static_cast<int64_t>(i) * channels;
    for (int c = 0; c < channels; ++c) part[c] = PoolCombine<kMax>(part[c], row[c]);
  }
}

class GlobalPoolLoop final : public Op {
 public:
  GlobalPoolLoop(Context& context, const GlobalPoolingParams& p, const float* input, float* output)
      : p_(p),
        input_(input),
        output_(output),
        blocks_((p.pixels + kGlobalPoolPixels - 1) / kGlobalPoolPixels),
        scratch_(static_cast<size_t>(p.batch) * blocks_ * p.channels),
        threads_(context, int64_t{p.batch} * p.pixels * p.channels) {}

  void Run() override {
    if (p_.kind == PoolingKind::kMax) {
      RunKind<true>();
    } else {
      RunKind<false>();
    }
  }

 private:
  template <bool kMax>
  void RunKind() {
    const int64_t c = p_.channels;
    threads_.Run(int64_t{p_.batch} * blocks_, [this, c](int64_t begin, int64_t end) {
      for (int64_t item = begin; item < end; ++item) {
        const int64_t n = item / blocks_, first = item % blocks_ * kGlobalPoolPixels;
        const int rows = static_cast<int>(std::min<int64_t>(kGlobalPoolPixels, p_.pixels - first));
        PoolPixelBlock<kMax>(input_ + (n * p_.pixels + first) * c, rows, p_.channels,
                             scratch_.data() + item * c);
      }
    });
    for (int64_t n = 0; n < p_.batch; ++n) {
      float* out = output_ + n * c;
      const float* part = scratch_.data() + n * blocks_ * c;
      std::copy(part, part + c, out);
      for (int64_t b = 1; b < blocks_; ++b) {
        for (int64_t k = 0; k < c; ++k) out[k] = PoolCombine<kMax>(out[k], part[b * c + k]);
      }
      if constexpr (!kMax) {
        for (int64_t k = 0; k < c; ++k) out[k] /= static_cast<float>(p_.pixels);
      }
    }
  }

  GlobalPoolingParams p_;
  const float* input_;
  float* output_;
  int64_t blocks_;
  std::vector<float> scratch_;
  RowThreads threads_;
};

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
    op_ = std::make_unique<internal::GlobalPoolLoop>(context, params, input, output);
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

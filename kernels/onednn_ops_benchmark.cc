// The non-convolution operators of a oneDNN model on each backend, 1 and 2 threads: the
// input transpose NCHW -> NHWC, ResNet's max pool, a residual Add, and the transformers'
// layer normalizations (ConvNeXt-T's first stage, ViT-B/16's tokens). The label is the
// implementation oneDNN picked (a "ref:" one would be slow).
// Run: bazel run -c opt //kernels:onednn_ops_benchmark
#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kernels/binary.h"
#include "kernels/binary_onednn.h"
#include "kernels/channel_affine.h"
#include "kernels/conv2d.h"
#include "kernels/data_movement.h"
#include "kernels/data_movement_onednn.h"
#include "kernels/layer_norm.h"
#include "kernels/pooling.h"
#include "kernels/pooling_onednn.h"

namespace neo::kernels {
namespace {

// Times `make(context)`'s Run(); `label` names what runs. oneDNN ops get the context of
// a model whose threads are OpenMP's (no pthreadpool workers besides them).
template <typename Make>
void Time(benchmark::State& state, Backend backend, int threads, Make make,
          const char* label) {
  Context context(threads, /*xnnpack_on_calling_thread=*/backend == Backend::kOnednn);
  auto op = make(context);
  state.SetLabel(label);
  for (auto _ : state) {
    context.BeginRun();
    op->Run();
  }
}

void BM_Transpose(benchmark::State& state, Backend backend, int threads) {
  const TransposeParams p{{1, 3, 224, 224}, {0, 2, 3, 1}};
  std::vector<float> in(3 * 224 * 224, 1.0f), out(in.size());
  std::string label = BackendName(backend);
  if (backend == Backend::kOnednn) {
    Context c(threads);
    label = internal::MakeOnednnTranspose(c, p, in.data(), out.data())->implementation();
  }
  Time(state, backend, threads, [&](Context& c) {
    return std::make_unique<Transpose>(c, p, backend, in.data(), out.data());
  }, label.c_str());
}

Pooling2DParams MaxPool() {
  Pooling2DParams p;
  p.kind = PoolingKind::kMax;
  p.batch = 1;
  p.channels = 64;
  p.input_height = p.input_width = 112;
  p.output_height = p.output_width = 56;
  p.kernel_height = p.kernel_width = 3;
  p.stride_height = p.stride_width = 2;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
  return p;
}

void BM_MaxPool(benchmark::State& state, Backend backend, int threads) {
  const Pooling2DParams p = MaxPool();
  std::vector<float> in(112 * 112 * 64, 1.0f), out(56 * 56 * 64);
  std::string label = BackendName(backend);
  if (backend == Backend::kOnednn) {
    Context c(threads);
    label = internal::MakeOnednnPooling2D(c, p, in.data(), out.data())->implementation();
  }
  Time(state, backend, threads, [&](Context& c) {
    return std::make_unique<Pooling2D>(c, p, backend, in.data(), out.data());
  }, label.c_str());
}

void BM_Add(benchmark::State& state, Backend backend, int threads) {
  BinaryParams p;
  p.op = BinaryOp::kAdd;
  p.a_shape = p.b_shape = p.output_shape = {1, 56, 56, 64};
  p.output_min = 0.0f;  // ResNet's residual Add + Relu
  std::vector<float> a(56 * 56 * 64, 1.0f), b(a.size(), 2.0f), out(a.size());
  std::string label = BackendName(backend);
  if (backend == Backend::kOnednn) {
    Context c(threads);
    label = internal::MakeOnednnBinary(c, p, a.data(), b.data(), out.data())->implementation();
  }
  Time(state, backend, threads, [&](Context& c) {
    return std::make_unique<Binary>(c, p, backend, a.data(), b.data(), out.data());
  }, label.c_str());
}

// Broadcast patterns of the decomposed LayerNorm (x - mean over channels: [1,56,56,16]
// minus [1,56,56,1]), a per-channel scale, a scalar and Swin's attention mask
// ([1,64,2,49,49] plus [1,64,1,49,49]): which ones oneDNN runs in a JIT kernel. Its
// reference implementation took 2.07 ms and 14.6 ms on the per-pixel and Swin cases
// (XNNPACK: 13 us and 39 us; AMD Zen 5, 1 thread), so BinarySupports now declines them.
void BM_BroadcastSub(benchmark::State& state, Backend backend, int threads, int pattern) {
  BinaryParams p;
  p.op = pattern == 3 ? BinaryOp::kAdd : BinaryOp::kSub;
  p.a_shape = p.output_shape = {1, 56, 56, 16};
  switch (pattern) {
    case 0: p.b_shape = {1, 56, 56, 1}; break;
    case 1: p.b_shape = {1, 1, 1, 16}; break;
    case 2: p.b_shape = {1, 1, 1, 1}; break;
    default:
      p.a_shape = p.output_shape = {1, 64, 2, 49, 49};
      p.b_shape = {1, 64, 1, 49, 49};
  }
  std::vector<float> a(p.output_shape.num_elements(), 1.0f), b(p.b_shape.num_elements(), 2.0f),
      out(a.size());
  if (!BinarySupports(backend, p)) {
    state.SkipWithError("declined (oneDNN would run its reference implementation)");
    return;
  }
  std::string label = BackendName(backend);
  if (backend == Backend::kOnednn) {
    Context c(threads);
    label = internal::MakeOnednnBinary(c, p, a.data(), b.data(), out.data())->implementation();
  }
  Time(state, backend, threads, [&](Context& c) {
    return std::make_unique<Binary>(c, p, backend, a.data(), b.data(), out.data());
  }, label.c_str());
}

// rows x inner: 3136 x 96 (ConvNeXt-T, 56x56 pixels of 96 channels), 197 x 768 (ViT-B/16).
void BM_LayerNorm(benchmark::State& state, Backend backend, int threads, int rows, int inner) {
  const LayerNormParams p{rows, inner, 1e-6f, true, true};
  std::vector<float> in(static_cast<size_t>(rows) * inner), out(in.size()), scale(inner, 1.5f),
      bias(inner, 0.5f);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i % 13) * 0.1f;
  std::string label = BackendName(backend);
  if (backend == Backend::kOnednn) {
    Context c(threads);
    label = LayerNorm(c, p, backend, in.data(), scale.data(), bias.data(), out.data())
                .implementation();
  }
  Time(state, backend, threads, [&](Context& c) {
    return std::make_unique<LayerNorm>(c, p, backend, in.data(), scale.data(), bias.data(),
                                       out.data());
  }, label.c_str());
}

// Global average pooling over EfficientNet-B0's squeeze-excitation inputs (112x112x32,
// 56x56x144) and ResNet-50's last feature map (7x7x2048).
void BM_GlobalAverage(benchmark::State& state, Backend backend, int threads, int pixels,
                      int channels) {
  const GlobalPoolingParams p{PoolingKind::kAverage, 1, pixels, channels};
  std::vector<float> in(static_cast<size_t>(pixels) * channels, 1.0f), out(channels);
  Time(state, backend, threads, [&](Context& c) {
    return std::make_unique<GlobalPooling>(c, p, backend, in.data(), out.data());
  }, BackendName(backend));
}

// Squeeze-excitation's gate: x[1,112,112,32] times a per-channel gate computed at run time
// (EfficientNet-B0's first block), as a broadcasting Binary Mul or as a ChannelAffine
// with a zero shift.
void BM_GateMul(benchmark::State& state, Backend backend, int threads, bool affine) {
  std::vector<float> x(112 * 112 * 32, 1.5f), gate(32, 0.5f), zero(32, 0.0f), out(x.size());
  if (affine) {
    ChannelAffineParams p;
    p.input_shapes = {{1, 112, 112, 32}};
    Time(state, backend, threads, [&](Context& c) {
      return std::make_unique<ChannelAffine>(c, p, backend, gate.data(), zero.data(),
                                             std::vector<const void*>{x.data()}, out.data());
    }, "channel_affine");
    return;
  }
  BinaryParams p;
  p.op = BinaryOp::kMul;
  p.a_shape = p.output_shape = {1, 112, 112, 32};
  p.b_shape = {1, 1, 1, 32};
  Time(state, backend, threads, [&](Context& c) {
    return std::make_unique<Binary>(c, p, backend, x.data(), gate.data(), out.data());
  }, BackendName(backend));
}

// The situation this backend exists for: a model whose convolutions run on oneDNN
// (Context(threads, /*xnnpack_on_calling_thread=*/true)), a 1x1 convolution then the
// residual Add, the Add on XNNPACK (calling thread, while OpenMP's idle worker spins) or
// on oneDNN (OpenMP's team).
void BM_ConvThenAdd(benchmark::State& state, Backend add_backend, int threads) {
  Conv2DParams c;
  c.batch = 1;
  c.input_height = c.input_width = c.output_height = c.output_width = 56;
  c.input_channels = c.output_channels = 64;
  c.kernel_height = c.kernel_width = c.stride_height = c.stride_width = 1;
  c.dilation_height = c.dilation_width = 1;
  c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = 0;
  c.groups = 1;
  BinaryParams p;
  p.op = BinaryOp::kAdd;
  p.a_shape = p.b_shape = p.output_shape = {1, 56, 56, 64};
  p.output_min = 0.0f;
  std::vector<float> filter(64 * 64, 0.01f), bias(64, 0.1f), x(56 * 56 * 64, 1.0f),
      y(x.size()), out(x.size());
  Context context(threads, /*xnnpack_on_calling_thread=*/true);
  Conv2D conv(context, c, Backend::kOnednn, filter.data(), bias.data(), x.data(), y.data());
  Binary add(context, p, add_backend, y.data(), x.data(), out.data());
  state.SetLabel(BackendName(add_backend));
  for (auto _ : state) {
    context.BeginRun();
    conv.Run();
    add.Run();
  }
}

// Other configurations, mainly to show which implementation oneDNN picks for them.
void BM_Variant(benchmark::State& state, int variant) {
  Pooling2DParams p = MaxPool();
  std::vector<float> in(112 * 112 * 64, 1.0f), out(112 * 112 * 64);
  Context c(2, /*xnnpack_on_calling_thread=*/true);
  std::unique_ptr<internal::Op> op;
  if (variant == 0) {  // max pool + Relu6
    p.output_min = 0.0f;
    p.output_max = 6.0f;
    op = internal::MakeOnednnPooling2D(c, p, in.data(), out.data());
  } else if (variant == 1 || variant == 2) {  // average, pads not counted / counted
    p.kind = PoolingKind::kAverage;
    p.count_include_pad = variant == 2;
    p.counted_pad_top = p.counted_pad_left = p.counted_pad_bottom = p.counted_pad_right = 1;
    op = internal::MakeOnednnPooling2D(c, p, in.data(), out.data());
  } else if (variant == 3) {  // global average 7x7x2048
    op = internal::MakeOnednnGlobalPooling(c, {PoolingKind::kAverage, 1, 49, 2048}, in.data(),
                                           out.data());
  } else {  // per-channel multiply, then Relu
    BinaryParams b;
    b.op = BinaryOp::kMul;
    b.a_shape = b.output_shape = {1, 56, 56, 64};
    b.b_shape = {64};
    b.output_min = 0.0f;
    op = internal::MakeOnednnBinary(c, b, in.data(), in.data(), out.data());
  }
  state.SetLabel(op->implementation());
  for (auto _ : state) {
    c.BeginRun();
    op->Run();
  }
}

BENCHMARK_CAPTURE(BM_Variant, maxpool_relu6_2t, 0);
BENCHMARK_CAPTURE(BM_Variant, avgpool_exclude_2t, 1);
BENCHMARK_CAPTURE(BM_Variant, avgpool_include_2t, 2);
BENCHMARK_CAPTURE(BM_Variant, global_avg_2048_2t, 3);
BENCHMARK_CAPTURE(BM_Variant, mul_per_channel_relu_2t, 4);

BENCHMARK_CAPTURE(BM_GlobalAverage, se112_reference_1t, Backend::kReference, 1, 12544, 32);
BENCHMARK_CAPTURE(BM_GlobalAverage, se112_xnnpack_1t, Backend::kXnnpack, 1, 12544, 32);
BENCHMARK_CAPTURE(BM_GlobalAverage, se112_onednn_1t, Backend::kOnednn, 1, 12544, 32);
BENCHMARK_CAPTURE(BM_GlobalAverage, se112_onednn_2t, Backend::kOnednn, 2, 12544, 32);
BENCHMARK_CAPTURE(BM_GlobalAverage, se56_reference_1t, Backend::kReference, 1, 3136, 144);
BENCHMARK_CAPTURE(BM_GlobalAverage, se56_xnnpack_1t, Backend::kXnnpack, 1, 3136, 144);
BENCHMARK_CAPTURE(BM_GlobalAverage, se56_onednn_1t, Backend::kOnednn, 1, 3136, 144);
BENCHMARK_CAPTURE(BM_GlobalAverage, se56_onednn_2t, Backend::kOnednn, 2, 3136, 144);
BENCHMARK_CAPTURE(BM_GlobalAverage, resnet7_xnnpack_1t, Backend::kXnnpack, 1, 49, 2048);
BENCHMARK_CAPTURE(BM_GlobalAverage, resnet7_onednn_1t, Backend::kOnednn, 1, 49, 2048);
BENCHMARK_CAPTURE(BM_GateMul, binary_onednn_1t, Backend::kOnednn, 1, false);
BENCHMARK_CAPTURE(BM_GateMul, binary_onednn_2t, Backend::kOnednn, 2, false);
BENCHMARK_CAPTURE(BM_GateMul, binary_xnnpack_1t, Backend::kXnnpack, 1, false);
BENCHMARK_CAPTURE(BM_GateMul, channel_affine_1t, Backend::kReference, 1, true);
BENCHMARK_CAPTURE(BM_GateMul, channel_affine_2t, Backend::kReference, 2, true);
BENCHMARK_CAPTURE(BM_ConvThenAdd, add_xnnpack_1t, Backend::kXnnpack, 1);
BENCHMARK_CAPTURE(BM_ConvThenAdd, add_xnnpack_2t, Backend::kXnnpack, 2);
BENCHMARK_CAPTURE(BM_ConvThenAdd, add_onednn_1t, Backend::kOnednn, 1);
BENCHMARK_CAPTURE(BM_ConvThenAdd, add_onednn_2t, Backend::kOnednn, 2);
BENCHMARK_CAPTURE(BM_Transpose, reference_1t, Backend::kReference, 1);
BENCHMARK_CAPTURE(BM_Transpose, onednn_1t, Backend::kOnednn, 1);
BENCHMARK_CAPTURE(BM_Transpose, onednn_2t, Backend::kOnednn, 2);
BENCHMARK_CAPTURE(BM_MaxPool, reference_1t, Backend::kReference, 1);
BENCHMARK_CAPTURE(BM_MaxPool, xnnpack_1t, Backend::kXnnpack, 1);
BENCHMARK_CAPTURE(BM_MaxPool, xnnpack_2t, Backend::kXnnpack, 2);
BENCHMARK_CAPTURE(BM_MaxPool, onednn_1t, Backend::kOnednn, 1);
BENCHMARK_CAPTURE(BM_MaxPool, onednn_2t, Backend::kOnednn, 2);
BENCHMARK_CAPTURE(BM_BroadcastSub, per_pixel_xnnpack_1t, Backend::kXnnpack, 1, 0);
BENCHMARK_CAPTURE(BM_BroadcastSub, per_pixel_onednn_1t, Backend::kOnednn, 1, 0);
BENCHMARK_CAPTURE(BM_BroadcastSub, per_channel_xnnpack_1t, Backend::kXnnpack, 1, 1);
BENCHMARK_CAPTURE(BM_BroadcastSub, per_channel_onednn_1t, Backend::kOnednn, 1, 1);
BENCHMARK_CAPTURE(BM_BroadcastSub, scalar_xnnpack_1t, Backend::kXnnpack, 1, 2);
BENCHMARK_CAPTURE(BM_BroadcastSub, scalar_onednn_1t, Backend::kOnednn, 1, 2);
BENCHMARK_CAPTURE(BM_BroadcastSub, swin_mask_xnnpack_1t, Backend::kXnnpack, 1, 3);
BENCHMARK_CAPTURE(BM_BroadcastSub, swin_mask_onednn_1t, Backend::kOnednn, 1, 3);
BENCHMARK_CAPTURE(BM_Add, reference_1t, Backend::kReference, 1);
BENCHMARK_CAPTURE(BM_Add, xnnpack_1t, Backend::kXnnpack, 1);
BENCHMARK_CAPTURE(BM_Add, xnnpack_2t, Backend::kXnnpack, 2);
BENCHMARK_CAPTURE(BM_Add, onednn_1t, Backend::kOnednn, 1);
BENCHMARK_CAPTURE(BM_Add, onednn_2t, Backend::kOnednn, 2);
BENCHMARK_CAPTURE(BM_LayerNorm, convnext_reference_1t, Backend::kReference, 1, 3136, 96);
BENCHMARK_CAPTURE(BM_LayerNorm, convnext_onednn_1t, Backend::kOnednn, 1, 3136, 96);
BENCHMARK_CAPTURE(BM_LayerNorm, convnext_onednn_2t, Backend::kOnednn, 2, 3136, 96);
BENCHMARK_CAPTURE(BM_LayerNorm, vit_reference_1t, Backend::kReference, 1, 197, 768);
BENCHMARK_CAPTURE(BM_LayerNorm, vit_onednn_1t, Backend::kOnednn, 1, 197, 768);
BENCHMARK_CAPTURE(BM_LayerNorm, vit_onednn_2t, Backend::kOnednn, 2, 197, 768);

}  // namespace
}  // namespace neo::kernels

BENCHMARK_MAIN();

// Run() must not allocate: generated models promise it. This binary interposes malloc
// and friends (shared libraries such as oneDNN, libgomp and XNNPACK resolve to these
// too) and counts calls while a chain of kernels runs.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "kernels/binary.h"
#include "kernels/conv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/layer_norm.h"
#include "kernels/pooling.h"
#include "kernels/quantize.h"
#include "kernels/quantized_conv.h"
#include "kernels/quantized_matmul.h"
#include "kernels/resize.h"

// AddressSanitizer and ThreadSanitizer bring their own malloc, which these would replace
// (and crash). Under them nothing is counted, and the chains run for the sanitizer's
// checks only.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NEO_COUNTS_ALLOCATIONS 0
#else
#define NEO_COUNTS_ALLOCATIONS 1
#endif

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
}

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
void Count() {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1);
}
}  // namespace

#if NEO_COUNTS_ALLOCATIONS
extern "C" {
void* malloc(size_t n) {
  Count();
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t s) {
  Count();
  return __libc_calloc(n, s);
}
void* realloc(void* p, size_t n) {
  Count();
  return __libc_realloc(p, n);
}
void* memalign(size_t a, size_t n) {
  Count();
  return __libc_memalign(a, n);
}
void* aligned_alloc(size_t a, size_t n) {
  Count();
  return __libc_memalign(a, n);
}
int posix_memalign(void** out, size_t a, size_t n) {
  Count();
  *out = __libc_memalign(a, n);
  return *out ? 0 : 12;  // ENOMEM
}
}
#endif
// operator new in libstdc++ calls malloc, so it is counted through it.

namespace neo::kernels {
namespace {

struct Backends {
  Backend conv, fc, pool, binary;
};

// conv 3x3 (16 -> 16, 14x14) -> max pool 2x2 -> fc (7*7*16 -> 10) -> add bias vector.
// Returns the number of allocations in each of `runs` runs after a first one.
std::vector<long> AllocationsPerRun(const Backends& b, int threads, int runs) {
  Context context(threads);
  Conv2DParams cp{1, 14, 14, 16, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.0f};
  Pooling2DParams pp{PoolingKind::kMax, 1, 16, 14, 14, 7, 7, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0};
  FullyConnectedParams fp{1, 7 * 7 * 16, 10};
  BinaryParams bp{BinaryOp::kAdd, {1, 10}, {10}, {1, 10}};
  std::vector<float> in(14 * 14 * 16, 0.5f), w(16 * 16 * 9, 0.01f), conv_out(14 * 14 * 16),
      pool_out(7 * 7 * 16), fw(10 * 7 * 7 * 16, 0.02f), fc_out(10), bias(10, 1.0f), out(10);
  // One bias per output channel: the convolution's used to share the 10-element `bias`
  // and read 6 floats past it (AddressSanitizer), which made the chain's output inf now
  // and then.
  std::vector<float> conv_bias(16, 1.0f);
  Conv2D conv(context, cp, b.conv, w.data(), conv_bias.data(), in.data(), conv_out.data());
  Pooling2D pool(context, pp, b.pool, conv_out.data(), pool_out.data());
  FullyConnected fc(context, fp, b.fc, fw.data(), nullptr, pool_out.data(), fc_out.data());
  Binary add(context, bp, b.binary, fc_out.data(), bias.data(), out.data());
  auto run = [&] {
    context.BeginRun();
    conv.Run();
    pool.Run();
    fc.Run();
    add.Run();
  };
  run();  // the first run may start the libraries' worker threads
  std::vector<long> counts;
  counts.reserve(runs);
  for (int i = 0; i < runs; ++i) {
    allocations = 0;
    counting = true;
    run();
    counting = false;
    counts.push_back(allocations.load());
  }
  EXPECT_NEAR(out[0], out[9], 1e-3);  // sanity: the chain computed something uniform
  return counts;
}

const std::vector<long> kNone(5, 0);

TEST(NoAllocationTest, CountingWorks) {
  if (!NEO_COUNTS_ALLOCATIONS) GTEST_SKIP() << "a sanitizer owns malloc: nothing is counted";
  counting = true;
  allocations = 0;
  void* p = malloc(16);
  std::vector<int>* v = new std::vector<int>(3);
  counting = false;
  delete v;
  free(p);
  EXPECT_GE(allocations.load(), 3);
}

TEST(NoAllocationTest, XnnpackChain) {
  const Backends b{Backend::kXnnpack, Backend::kXnnpack, Backend::kXnnpack, Backend::kXnnpack};
  EXPECT_EQ(AllocationsPerRun(b, 1, 5), kNone);
  EXPECT_EQ(AllocationsPerRun(b, 2, 5), kNone);
}

TEST(NoAllocationTest, ReferenceChain) {
  const Backends b{Backend::kReference, Backend::kReference, Backend::kReference,
                   Backend::kReference};
  EXPECT_EQ(AllocationsPerRun(b, 1, 5), kNone);
}

// Resize works out its sampling at construction; running it (bicubic here, the widest
// taps) reads that plan only.
TEST(NoAllocationTest, ResizeRun) {
  Context context(1);
  ResizeParams p;
  p.mode = ResizeMode::kCubic;
  p.input_shape = {1, 3, 8, 8};
  p.output_shape = {1, 3, 13, 16};
  p.scales[0] = p.scales[1] = 1.0;
  p.scales[2] = 13.0 / 8.0;
  p.scales[3] = 2.0;
  std::vector<float> in(3 * 8 * 8, 1.0f), out(3 * 13 * 16);
  Resize resize(context, p, Backend::kReference, in.data(), out.data());
  std::vector<long> counts;
  for (int i = 0; i < 5; ++i) {
    allocations = 0;
    counting = true;
    resize.Run();
    counting = false;
    counts.push_back(allocations.load());
  }
  EXPECT_EQ(counts, kNone);
  EXPECT_NEAR(out[0], 1.0f, 1e-6f);
}

// oneDNN 2.6.3 is the exception, and not one our code can remove: inside
// dnnl_primitive_execute it copies the (prebuilt) argument array into an
// std::unordered_map and builds an execution context, about 7 small new/delete pairs per
// primitive. What we check is that this stays small and constant (nothing grows or is
// kept), and that everything around it allocates nothing.
//
// On aarch64 oneDNN 2.6.3 runs these primitives on its gemm and reference code (no JIT
// below 512-bit SVE), about 21 pairs per primitive; the compiler gives those targets'
// convolutions to XNNPACK (compiler/codegen/backend_choice.h), so this is a fallback's.
#if defined(__aarch64__)
constexpr long kOnednnAllocationsPerPrimitive = 25;
#else
constexpr long kOnednnAllocationsPerPrimitive = 10;
#endif
void ExpectOnlyOnednnInternals(const std::vector<long>& counts, int primitives) {
  std::printf("allocations per run inside oneDNN (%d primitives): %ld\n", primitives, counts[0]);
  for (long c : counts) {
    EXPECT_EQ(c, counts[0]);
    EXPECT_LE(c, kOnednnAllocationsPerPrimitive * primitives);
  }
}

TEST(NoAllocationTest, OnednnChain) {
  const Backends b{Backend::kOnednn, Backend::kOnednn, Backend::kXnnpack, Backend::kXnnpack};
  ExpectOnlyOnednnInternals(AllocationsPerRun(b, 1, 5), 2);
  ExpectOnlyOnednnInternals(AllocationsPerRun(b, 2, 5), 2);
}

TEST(NoAllocationTest, OnednnWinogradChain) {
  // Winograd runs three primitives: reorder in, convolution, reorder out.
  const Backends b{Backend::kOnednnWinograd, Backend::kOnednn, Backend::kXnnpack,
                   Backend::kXnnpack};
  ExpectOnlyOnednnInternals(AllocationsPerRun(b, 1, 5), 4);
  ExpectOnlyOnednnInternals(AllocationsPerRun(b, 2, 5), 4);
}

// A transformer block's normalization (197 tokens of 768, scale and bias) on its own.
std::vector<long> LayerNormAllocationsPerRun(Backend backend, int threads, int runs) {
  Context context(threads);
  const LayerNormParams p{197, 768, 1e-6f, true, true};
  std::vector<float> in(197 * 768), out(197 * 768), scale(768, 2.0f), bias(768, 1.0f);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i % 7);
  LayerNorm norm(context, p, backend, in.data(), scale.data(), bias.data(), out.data());
  context.BeginRun();
  norm.Run();
  std::vector<long> counts;
  counts.reserve(runs);
  for (int i = 0; i < runs; ++i) {
    allocations = 0;
    counting = true;
    context.BeginRun();
    norm.Run();
    counting = false;
    counts.push_back(allocations.load());
  }
  return counts;
}

TEST(NoAllocationTest, LayerNorm) {
  EXPECT_EQ(LayerNormAllocationsPerRun(Backend::kReference, 1, 5), kNone);
  ExpectOnlyOnednnInternals(LayerNormAllocationsPerRun(Backend::kOnednn, 1, 5), 1);
  ExpectOnlyOnednnInternals(LayerNormAllocationsPerRun(Backend::kOnednn, 2, 5), 1);
}

// A statically quantized block as ONNX Runtime writes it in its QOperator form:
// QuantizeLinear -> QLinearConv (3x3, 16 -> 16, per-channel int8 weights, bias) ->
// QLinearMatMul -> DequantizeLinear, plus a ConvInteger and a MatMulInteger (dynamic
// quantization's int32 products). Their loops keep every accumulator on the stack.
// XNNPACK's qc8 convolution with the reference's corrections (per-channel scales as
// calibration gives them, so some channels are checked): nothing allocated per run.
TEST(NoAllocationTest, QuantizedConvOnXnnpack) {
  for (int threads : {1, 2}) {
    Context context(threads);
    QuantizedConv2DParams p{1, 14, 14, 32, 14, 14, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    p.input_type = p.weight_type = p.output_type = ElementType::kInt8;
    p.weight_scale_per_channel = p.has_bias = true;
    p.static_quantization = p.symmetric_weights = true;
    std::vector<int8_t> in(14 * 14 * 32), w(32 * 32 * 9), out(14 * 14 * 32);
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int8_t>(i * 37);
    for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int8_t>(i * 11 + 1);
    std::vector<float> w_scale(32);
    for (size_t i = 0; i < w_scale.size(); ++i) w_scale[i] = 0.002f + 0.0007f * i;
    std::vector<int32_t> bias(32, 77);
    const float x_scale = 0.02f, y_scale = 20.0f;
    const int8_t x_zp = 3, y_zp = -7;
    QuantizedConv2D conv(context, p, Backend::kXnnpack, in.data(), &x_zp, w.data(), nullptr,
                         &x_scale, w_scale.data(), &y_scale, &y_zp, bias.data(), out.data());
    EXPECT_STRNE(conv.implementation(), "xnnpack") << "no channel needs checks: weak test";
    context.BeginRun();
    conv.Run();
    std::vector<long> counts;
    for (int i = 0; i < 5; ++i) {
      allocations = 0;
      counting = true;
      context.BeginRun();
      conv.Run();
      counting = false;
      counts.push_back(allocations.load());
    }
    EXPECT_EQ(counts, kNone) << threads << " threads";
  }
}

// QLinearMatMul on XNNPACK (a 1x1 qc8 convolution over the rows) with corrections.
TEST(NoAllocationTest, QuantizedMatMulOnXnnpack) {
  Context context(2);
  QuantizedMatMulParams p;
  p.a_shape = {49, 256};
  p.b_shape = {256, 64};
  p.output_shape = {49, 64};
  p.a_type = p.b_type = p.output_type = ElementType::kInt8;
  p.b_scale_per_column = true;
  p.static_quantization = p.symmetric_weights = true;
  std::vector<int8_t> a(49 * 256), b(256 * 64), y(49 * 64);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<int8_t>(i * 29);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<int8_t>(i * 13 + 3);
  std::vector<float> b_scale(64);
  for (size_t i = 0; i < b_scale.size(); ++i) b_scale[i] = 0.003f + 0.0005f * i;
  const float a_scale = 0.02f, y_scale = 30.0f;
  const int8_t a_zp = -3, y_zp = 5;
  QuantizedMatMul mm(context, p, Backend::kXnnpack, a.data(), &a_zp, b.data(), nullptr, &a_scale,
                     b_scale.data(), &y_scale, &y_zp, y.data());
  EXPECT_STRNE(mm.implementation(), "xnnpack") << "no column needs checks: weak test";
  context.BeginRun();
  mm.Run();
  std::vector<long> counts;
  for (int i = 0; i < 5; ++i) {
    allocations = 0;
    counting = true;
    context.BeginRun();
    mm.Run();
    counting = false;
    counts.push_back(allocations.load());
  }
  EXPECT_EQ(counts, kNone);
}

TEST(NoAllocationTest, QuantizedChain) {
  Context context(1);
  QuantizeParams qp;
  qp.quantized_type = ElementType::kInt8;
  qp.outer = 1;
  qp.inner = 14 * 14 * 16;
  QuantizedConv2DParams cp{1, 14, 14, 16, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  cp.input_type = cp.weight_type = cp.output_type = ElementType::kInt8;
  cp.weight_scale_per_channel = cp.has_bias = true;
  QuantizedConv2DParams ip = cp;
  ip.output_type = ElementType::kInt32;
  ip.has_bias = false;
  QuantizedMatMulParams mp;
  mp.a_shape = {196, 16};
  mp.b_shape = {16, 70};
  mp.output_shape = {196, 70};
  mp.a_type = mp.b_type = mp.output_type = ElementType::kInt8;
  QuantizedMatMulParams ap = mp;
  ap.output_type = ElementType::kInt32;
  QuantizeParams dp = qp;
  dp.direction = QuantizeDirection::kDequantize;
  dp.inner = 196 * 70;
  std::vector<float> in(14 * 14 * 16, 0.25f), scale(16, 0.01f), out(196 * 70);
  std::vector<int8_t> q(in.size()), w(16 * 16 * 9, 3), conv_out(in.size()), b(16 * 70, -2),
      mm_out(196 * 70), zp(1, 1);
  std::vector<int32_t> bias(16, 5), acc(in.size()), mm_acc(196 * 70);
  Quantize quantize(context, qp, Backend::kReference, in.data(), scale.data(), zp.data(), q.data());
  QuantizedConv2D conv(context, cp, Backend::kReference, q.data(), zp.data(), w.data(),
                       nullptr, scale.data(), scale.data(), scale.data(), zp.data(),
                       bias.data(), conv_out.data());
  QuantizedConv2D conv_integer(context, ip, Backend::kReference, q.data(), zp.data(), w.data(),
                               zp.data(), nullptr, nullptr, nullptr, nullptr, nullptr,
                               acc.data());
  QuantizedMatMul matmul(context, mp, Backend::kReference, conv_out.data(), zp.data(), b.data(),
                         nullptr, scale.data(), scale.data(), scale.data(), zp.data(),
                         mm_out.data());
  QuantizedMatMul matmul_integer(context, ap, Backend::kReference, conv_out.data(), zp.data(),
                                 b.data(), zp.data(), nullptr, nullptr, nullptr, nullptr,
                                 mm_acc.data());
  Quantize dequantize(context, dp, Backend::kReference, mm_out.data(), scale.data(), zp.data(),
                      out.data());
  auto run = [&] {
    context.BeginRun();
    quantize.Run();
    conv.Run();
    conv_integer.Run();
    matmul.Run();
    matmul_integer.Run();
    dequantize.Run();
  };
  run();
  std::vector<long> counts;
  for (int i = 0; i < 5; ++i) {
    allocations = 0;
    counting = true;
    run();
    counting = false;
    counts.push_back(allocations.load());
  }
  EXPECT_EQ(counts, kNone);
}

}  // namespace
}  // namespace neo::kernels

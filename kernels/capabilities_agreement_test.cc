// Keeps the capability functions (kernels/capabilities: pure functions of backend and
// params) honest against the libraries they describe. For every family it sweeps the
// parameter sets the compiler asked about for the models the build compiles
// (testdata/model_kernel_params.inc), the edge cases of the kernel tests, grids over the
// conditions the rules name, and random sets from a fixed seed, and for every backend:
//
//   - where a library decides (oneDNN's primitive descriptors, XNNPACK's pooling and
//     unary operators), the pure answer must equal the library's, asked exactly the way
//     the runtime asks it (the runtime's own descriptor builders): today's answer;
//   - where the pure answer is yes, the kernel object must really construct (for sets of
//     bounded size), and Winograd must really run Winograd.
//
// The same binary runs a second time with ONEDNN_MAX_CPU_ISA=AVX2
// (:capabilities_agreement_avx2_test). There oneDNN has no Winograd kernels: every other
// answer must still agree, and a Conv2D built for Winograd must construct and run the
// direct algorithm.
#include <dnnl.h>
#include <gtest/gtest.h>
#include <xnnpack.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/batch_matmul.h"
#include "kernels/binary.h"
#include "kernels/binary_onednn.h"
#include "kernels/capabilities/rules.h"
#include "kernels/context.h"
#include "kernels/context_internal.h"
#include "kernels/conv2d.h"
#include "kernels/conv2d_onednn.h"
#include "kernels/conv_transpose.h"
#include "kernels/cpu_features.h"
#include "kernels/data_movement.h"
#include "kernels/data_movement_onednn.h"
#include "kernels/eltwise_onednn.h"
#include "kernels/fully_connected.h"
#include "kernels/layer_norm.h"
#include "kernels/lrn.h"
#include "kernels/pooling.h"
#include "kernels/pooling_onednn.h"
#include "kernels/quantized_conv.h"
#include "kernels/quantized_matmul.h"
#include "kernels/reduce.h"
#include "kernels/softmax.h"
#include "kernels/tensor_ops_onednn.h"
#include "kernels/unary.h"
#include "kernels/xnnpack_op.h"

// Other families' parameter types the generated list names (reference-only ones).
#include "kernels/broadcast.h"
#include "kernels/cast.h"
#include "kernels/gather.h"
#include "kernels/pad.h"
#include "kernels/resize.h"
#include "kernels/slice.h"

namespace neo::kernels {
namespace {

template <typename P>
struct Labeled {
  std::string origin;
  P params;
};

#include "kernels/testdata/model_kernel_params.inc"

constexpr float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();

// Fused clamps as the compiler writes them, and the ones a library might refuse.
const std::vector<std::pair<float, float>>& Clamps() {
  static const std::vector<std::pair<float, float>> clamps = {
      {-kInf, kInf}, {0.0f, kInf},  {0.0f, 6.0f}, {-1.0f, 1.0f},  {-0.0f, kInf},
      {1.0f, 1.0f},  {2.0f, 1.0f},  {kNaN, kInf}, {-kInf, kNaN},  {0.0f, kNaN},
      {-kInf, -kInf}, {kInf, kInf}, {-kInf, 3.0f}, {-2.0f, kInf},
  };
  return clamps;
}

// ---------------------------------------------------------------------------------------
// The answers oneDNN and XNNPACK give here (what the Supports functions answered before
// they became pure): validity as the reference defines it, then the runtime's own
// descriptor builders.

const dnnl::engine& Engine() { return internal::SharedEngine(); }

// Whether oneDNN dispatches to avx512_core here (after ONEDNN_MAX_CPU_ISA).
bool OnednnHasAvx512Core() {
  const unsigned isa = static_cast<unsigned>(dnnl_get_effective_cpu_isa());
  return (isa & dnnl_cpu_isa_avx512_core) == dnnl_cpu_isa_avx512_core;
}

// For each family and backend other than the reference: none where no library is asked
// (XNNPACK families whose capability is plain parameter checks the runtime passes through:
// those are checked by construction only), false where the backend has no such kernel,
// otherwise the library's answer.

std::optional<bool> Library(Backend b, const Conv2DParams& p) {
  if (b == Backend::kXnnpack) return std::nullopt;
  if (!Conv2DSupports(Backend::kReference, p)) return false;
  return internal::OnednnConv2DPd(Engine(), p, b == Backend::kOnednnWinograd).has_value();
}

std::optional<bool> Library(Backend b, const FullyConnectedParams& p) {
  if (b == Backend::kXnnpack) return std::nullopt;
  if (b != Backend::kOnednn || !FullyConnectedSupports(Backend::kReference, p)) return false;
  return internal::OnednnFullyConnectedPd(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const Pooling2DParams& p) {
  if (b == Backend::kOnednn) return internal::OnednnPooling2DPd(Engine(), p).has_value();
  if (b != Backend::kXnnpack) return false;
  const bool is_max = p.kind == PoolingKind::kMax;
  // Not a question XNNPACK can be asked: where the window is larger than the padded
  // input, its create succeeds but setup writes outside the indirection buffer
  // (xnn_indirection_init_maxpool2d with dilation; it crashed this test). The compiler
  // never asks (the frontends refuse such a kernel).
  if (p.input_height + p.pad_top + p.pad_bottom < (p.kernel_height - 1) * p.dilation_height + 1 ||
      p.input_width + p.pad_left + p.pad_right < (p.kernel_width - 1) * p.dilation_width + 1) {
    return false;
  }
  // pooling.h's semantics (XNNPACK derives its own output size and divisor), then
  // XNNPACK's own parameter checks.
  if (!is_max && (p.dilation_height != 1 || p.dilation_width != 1)) return false;
  if (!capabilities::PoolingWindowsTouchInput(p, is_max ? p.dilation_height : 1,
                                              is_max ? p.dilation_width : 1)) {
    return false;
  }
  if (!is_max && !capabilities::XnnpackAverageDivisorMatches(p)) return false;
  internal::EnsureXnnpackInitialized();
  xnn_operator_t op = nullptr;
  if (internal::CreateXnnpackPooling2D(p, &op) != xnn_status_success) return false;
  xnn_delete_operator(op);
  return true;
}

std::optional<bool> Library(Backend b, const GlobalPoolingParams& p) {
  if (b == Backend::kXnnpack) return std::nullopt;
  if (b != Backend::kOnednn) return false;
  return internal::OnednnGlobalPoolingPd(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const BinaryParams& p) {
  if (b == Backend::kXnnpack) return std::nullopt;
  if (b != Backend::kOnednn || !BinarySupports(Backend::kReference, p)) return false;
  return p.type == ElementType::kFloat32 &&
         internal::MakeOnednnBinaryPlan(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const UnaryParams& p) {
  if (p.type != ElementType::kFloat32 || b == Backend::kOnednnWinograd) return false;
  if (b == Backend::kOnednn) return internal::OnednnUnaryPd(Engine(), p).has_value();
  internal::EnsureXnnpackInitialized();
  xnn_operator_t op = nullptr;
  if (internal::CreateXnnpackUnary(p, &op) != xnn_status_success) return false;
  xnn_delete_operator(op);
  return true;
}

std::optional<bool> Library(Backend b, const SoftmaxParams& p) {
  if (b == Backend::kXnnpack) return std::nullopt;
  if (b != Backend::kOnednn || !SoftmaxSupports(Backend::kReference, p)) return false;
  return p.log ? internal::OnednnLogSoftmaxPd(Engine(), p).has_value()
               : internal::OnednnSoftmaxPd(Engine(), p).has_value();
}

// The families XNNPACK 2022-02 has nothing for: oneDNN or nothing.
std::optional<bool> Library(Backend b, const ConcatParams& p) {
  if (b != Backend::kOnednn || !ConcatSupports(Backend::kReference, p)) return false;
  return internal::OnednnConcatPd(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const TransposeParams& p) {
  if (b != Backend::kOnednn || !TransposeSupports(Backend::kReference, p)) return false;
  return internal::OnednnTransposePd(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const ConvTranspose2DParams& p) {
  if (b != Backend::kOnednn || !ConvTranspose2DSupports(Backend::kReference, p)) return false;
  return internal::OnednnConvTranspose2DPd(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const LrnParams& p) {
  if (b != Backend::kOnednn || !LrnSupports(Backend::kReference, p)) return false;
  return internal::OnednnLrnPd(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const LayerNormParams& p) {
  if (b != Backend::kOnednn || !LayerNormSupports(Backend::kReference, p)) return false;
  return internal::OnednnLayerNormPd(Engine(), p).has_value();
}

// XNNPACK's qc8 convolution, asked as the kernel asks it (unit input and output scales,
// a positive multiplier per channel, the full int8 range), for the int8 layers whose
// quantization is static with symmetric weights. Without those flags it is no question
// XNNPACK can answer (it would create an operator that computes something else), and
// it has no operator for the other types we would use.
std::optional<bool> Library(Backend b, const QuantizedConv2DParams& p) {
  if (b != Backend::kXnnpack || !QuantizedConv2DSupports(Backend::kReference, p)) return false;
  const bool int8 = p.input_type == ElementType::kInt8 && p.weight_type == ElementType::kInt8 &&
                    p.output_type == ElementType::kInt8;
  if (!int8) return false;
  if (!p.static_quantization || !p.symmetric_weights) return std::nullopt;
  internal::EnsureXnnpackInitialized();
  const int gi = p.input_channels / p.groups;
  std::vector<int8_t> weights(static_cast<size_t>(p.output_channels) * gi * p.kernel_height *
                                  p.kernel_width, 1);
  std::vector<float> multipliers(static_cast<size_t>(p.output_channels), 0.001f);
  xnn_operator_t op = nullptr;
  if (xnn_create_convolution2d_nhwc_qc8(
          p.pad_top, p.pad_right, p.pad_bottom, p.pad_left, p.kernel_height, p.kernel_width,
          p.stride_height, p.stride_width, p.dilation_height, p.dilation_width, p.groups, gi,
          p.output_channels / p.groups, p.input_channels, p.output_channels, 0, 1.0f,
          multipliers.data(), weights.data(), nullptr, 0, 1.0f, -128, 127, 0,
          &op) != xnn_status_success) {
    return false;
  }
  xnn_delete_operator(op);
  return true;
}

std::optional<bool> Library(Backend b, const ReduceParams& p) {
  if (b != Backend::kOnednn || !ReduceSupports(Backend::kReference, p)) return false;
  return internal::OnednnReducePd(Engine(), p).has_value();
}

std::optional<bool> Library(Backend b, const BatchMatMulParams& p) {
  if (b != Backend::kOnednn || !BatchMatMulSupports(Backend::kReference, p)) return false;
  return internal::OnednnBatchMatMulPd(Engine(), p).has_value();
}

// ---------------------------------------------------------------------------------------
// Construction: the kernel object with buffers of the right size. Returns the object's
// implementation name where it has one ("" otherwise); throws what the constructor throws.

// Larger parameter sets are only asked, not constructed (weights and activations above
// this many elements).
constexpr int64_t kMaxConstructElements = 8 << 20;

struct Buffers {
  std::vector<std::vector<char>> owned;
  void* Get(int64_t elements, size_t element_size = 4) {
    owned.emplace_back(static_cast<size_t>(std::max<int64_t>(elements, 1)) * element_size, 0);
    return owned.back().data();
  }
  float* F(int64_t elements) { return static_cast<float*>(Get(elements)); }
};

size_t ElementBytes(ElementType t) {
  switch (t) {
    case ElementType::kFloat32:
    case ElementType::kInt32: return 4;
    case ElementType::kInt64: return 8;
    default: return 1;
  }
}

int64_t Elements(const Conv2DParams& p) {
  return int64_t{p.output_channels} * (p.input_channels / p.groups) * p.kernel_height *
             p.kernel_width +
         int64_t{p.batch} * p.input_height * p.input_width * p.input_channels +
         int64_t{p.batch} * p.output_height * p.output_width * p.output_channels;
}
std::string Construct(Context& c, Backend b, const Conv2DParams& p) {
  Buffers m;
  Conv2D k(c, p, b,
           m.F(int64_t{p.output_channels} * (p.input_channels / p.groups) * p.kernel_height *
               p.kernel_width),
           m.F(p.output_channels), m.F(int64_t{p.batch} * p.input_height * p.input_width * p.input_channels),
           m.F(int64_t{p.batch} * p.output_height * p.output_width * p.output_channels));
  return k.implementation();
}

int64_t Elements(const FullyConnectedParams& p) {
  return int64_t{p.output_channels} * p.input_channels + int64_t{p.batch} * p.input_channels +
         int64_t{p.batch} * p.output_channels;
}
std::string Construct(Context& c, Backend b, const FullyConnectedParams& p) {
  Buffers m;
  FullyConnected k(c, p, b, m.F(int64_t{p.output_channels} * p.input_channels),
                   m.F(p.output_channels), m.F(int64_t{p.batch} * p.input_channels),
                   m.F(int64_t{p.batch} * p.output_channels));
  return "";
}

int64_t Elements(const Pooling2DParams& p) {
  return int64_t{p.batch} * p.channels *
         (int64_t{p.input_height} * p.input_width + int64_t{p.output_height} * p.output_width);
}
std::string Construct(Context& c, Backend b, const Pooling2DParams& p) {
  Buffers m;
  Pooling2D k(c, p, b, m.F(int64_t{p.batch} * p.input_height * p.input_width * p.channels),
              m.F(int64_t{p.batch} * p.output_height * p.output_width * p.channels));
  return "";
}

int64_t Elements(const GlobalPoolingParams& p) {
  return int64_t{p.batch} * p.channels * (int64_t{p.pixels} + 1);
}
std::string Construct(Context& c, Backend b, const GlobalPoolingParams& p) {
  Buffers m;
  GlobalPooling k(c, p, b, m.F(int64_t{p.batch} * p.pixels * p.channels),
                  m.F(int64_t{p.batch} * p.channels));
  return "";
}

int64_t Elements(const BinaryParams& p) {
  return p.a_shape.num_elements() + p.b_shape.num_elements() + p.output_shape.num_elements();
}
std::string Construct(Context& c, Backend b, const BinaryParams& p) {
  Buffers m;
  const size_t e = ElementBytes(p.type);
  Binary k(c, p, b, m.Get(p.a_shape.num_elements(), e), m.Get(p.b_shape.num_elements(), e),
           m.Get(p.output_shape.num_elements(), e));
  return "";
}

int64_t Elements(const UnaryParams& p) { return 2 * static_cast<int64_t>(p.size); }
std::string Construct(Context& c, Backend b, const UnaryParams& p) {
  Buffers m;
  const size_t e = ElementBytes(p.type);
  Unary k(c, p, b, m.Get(static_cast<int64_t>(p.size), e), m.Get(static_cast<int64_t>(p.size), e));
  return "";
}

int64_t Elements(const SoftmaxParams& p) { return 2 * int64_t{p.outer} * p.axis * p.inner; }
std::string Construct(Context& c, Backend b, const SoftmaxParams& p) {
  Buffers m;
  const int64_t n = int64_t{p.outer} * p.axis * p.inner;
  Softmax k(c, p, b, m.F(n), m.F(n));
  return "";
}

int64_t Elements(const ConcatParams& p) { return 2 * p.output_shape.num_elements(); }
std::string Construct(Context& c, Backend b, const ConcatParams& p) {
  Buffers m;
  std::vector<const void*> inputs;
  for (const Dims& d : p.input_shapes) inputs.push_back(m.Get(d.num_elements(), p.element_size));
  Concat k(c, p, b, inputs, m.Get(p.output_shape.num_elements(), p.element_size));
  return "";
}

int64_t Elements(const TransposeParams& p) { return 2 * p.input_shape.num_elements(); }
std::string Construct(Context& c, Backend b, const TransposeParams& p) {
  Buffers m;
  const int64_t n = p.input_shape.num_elements();
  Transpose k(c, p, b, m.Get(n, p.element_size), m.Get(n, p.element_size));
  return "";
}

int64_t Elements(const ConvTranspose2DParams& p) {
  return int64_t{p.input_channels} * (p.output_channels / p.groups) * p.kernel_height *
             p.kernel_width +
         int64_t{p.batch} * p.input_height * p.input_width * p.input_channels +
         int64_t{p.batch} * p.output_height * p.output_width * p.output_channels;
}
std::string Construct(Context& c, Backend b, const ConvTranspose2DParams& p) {
  Buffers m;
  ConvTranspose2D k(
      c, p, b,
      m.F(int64_t{p.input_channels} * (p.output_channels / p.groups) * p.kernel_height *
          p.kernel_width),
      m.F(p.output_channels), m.F(int64_t{p.batch} * p.input_height * p.input_width * p.input_channels),
      m.F(int64_t{p.batch} * p.output_height * p.output_width * p.output_channels));
  return k.implementation();
}

int64_t Elements(const LrnParams& p) { return 2 * int64_t{p.outer} * p.channels * p.inner; }
std::string Construct(Context& c, Backend b, const LrnParams& p) {
  Buffers m;
  const int64_t n = int64_t{p.outer} * p.channels * p.inner;
  Lrn k(c, p, b, m.F(n), m.F(n));
  return "";
}

int64_t Elements(const LayerNormParams& p) {
  return 2 * int64_t{p.outer} * p.inner + 2 * int64_t{p.inner};
}
std::string Construct(Context& c, Backend b, const LayerNormParams& p) {
  Buffers m;
  const int64_t n = int64_t{p.outer} * p.inner;
  LayerNorm k(c, p, b, m.F(n), p.has_scale ? m.F(p.inner) : nullptr,
              p.has_bias ? m.F(p.inner) : nullptr, m.F(n));
  return k.implementation();
}

int64_t Elements(const ReduceParams& p) { return 2 * p.input_shape.num_elements(); }
std::string Construct(Context& c, Backend b, const ReduceParams& p) {
  Buffers m;
  const int64_t n = p.input_shape.num_elements();
  Reduce k(c, p, b, m.F(n), m.F(n));
  return "";
}

int64_t Elements(const QuantizedConv2DParams& p) {
  return int64_t{p.output_channels} * (p.input_channels / p.groups) * p.kernel_height *
             p.kernel_width +
         int64_t{p.batch} * p.input_height * p.input_width * p.input_channels +
         4 * int64_t{p.batch} * p.output_height * p.output_width * p.output_channels;
}
// Data that makes the flags true: zero weight zero points, positive normal scales.
std::string Construct(Context& c, Backend b, const QuantizedConv2DParams& p) {
  Buffers m;
  const size_t weights = static_cast<size_t>(p.output_channels) * (p.input_channels / p.groups) *
                         p.kernel_height * p.kernel_width;
  std::vector<float> w_scale(static_cast<size_t>(p.output_channels), 0.01f);
  const float x_scale = 0.05f, y_scale = 0.2f;
  QuantizedConv2D k(c, p, b,
                    m.Get(int64_t{p.batch} * p.input_height * p.input_width * p.input_channels, 1),
                    m.Get(1, 1), m.Get(static_cast<int64_t>(weights), 1),
                    m.Get(p.output_channels, ElementBytes(p.weight_type)), &x_scale,
                    w_scale.data(), &y_scale, m.Get(1, 4), m.Get(p.output_channels, 4),
                    m.Get(int64_t{p.batch} * p.output_height * p.output_width * p.output_channels,
                          4));
  return k.implementation();
}

// XNNPACK runs QLinearMatMul as QuantizedConv2D's 1x1 convolution, whose create the
// QuantizedConv2D sweep asks; here it is checked by construction.
std::optional<bool> Library(Backend b, const QuantizedMatMulParams& p) {
  if (b == Backend::kXnnpack) return std::nullopt;
  return false;
}
int64_t Elements(const QuantizedMatMulParams& p) {
  return p.a_shape.num_elements() + p.b_shape.num_elements() + 4 * p.output_shape.num_elements();
}
std::string Construct(Context& c, Backend b, const QuantizedMatMulParams& p) {
  Buffers m;
  const int64_t n = p.b_shape[p.b_shape.rank - 1];
  std::vector<float> b_scale(static_cast<size_t>(n), 0.01f);
  const float a_scale = 0.05f, y_scale = 0.2f;
  QuantizedMatMul k(c, p, b, m.Get(p.a_shape.num_elements(), 1), m.Get(p.a_shape[p.a_shape.rank - 2], 1),
                    m.Get(p.b_shape.num_elements(), 1), m.Get(n, 1), &a_scale, b_scale.data(),
                    &y_scale, m.Get(1, 4), m.Get(p.output_shape.num_elements(), 4));
  return k.implementation();
}

int64_t Elements(const BatchMatMulParams& p) {
  return p.a_shape.num_elements() + p.b_shape.num_elements() + p.output_shape.num_elements();
}
std::string Construct(Context& c, Backend b, const BatchMatMulParams& p) {
  Buffers m;
  BatchMatMul k(c, p, b, m.F(p.a_shape.num_elements()), m.F(p.b_shape.num_elements()),
                m.F(p.output_shape.num_elements()));
  return "";
}

// ---------------------------------------------------------------------------------------
// Readable parameter sets for failure messages.

std::string Str(const Dims& d) {
  std::string s = "[";
  for (int i = 0; i < d.rank; ++i) s += (i ? "," : "") + std::to_string(d[i]);
  return s + "]";
}
std::string Str(float v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

std::string Describe(const Conv2DParams& p) {
  std::ostringstream o;
  o << "n" << p.batch << " in " << p.input_height << "x" << p.input_width << "x"
    << p.input_channels << " out " << p.output_height << "x" << p.output_width << "x"
    << p.output_channels << " k " << p.kernel_height << "x" << p.kernel_width << " s "
    << p.stride_height << "x" << p.stride_width << " d " << p.dilation_height << "x"
    << p.dilation_width << " pads " << p.pad_top << "," << p.pad_left << "," << p.pad_bottom
    << "," << p.pad_right << " g " << p.groups << " clamp [" << p.output_min << ", "
    << p.output_max << "] " << EnumeratorName(p.activation);
  return o.str();
}
std::string Describe(const FullyConnectedParams& p) {
  return "m " + std::to_string(p.batch) + " k " + std::to_string(p.input_channels) + " n " +
         std::to_string(p.output_channels) + " clamp [" + Str(p.output_min) + ", " +
         Str(p.output_max) + "]";
}
std::string Describe(const Pooling2DParams& p) {
  std::ostringstream o;
  o << (p.kind == PoolingKind::kMax ? "max" : "avg") << " n" << p.batch << " c" << p.channels
    << " in " << p.input_height << "x" << p.input_width << " out " << p.output_height << "x"
    << p.output_width << " k " << p.kernel_height << "x" << p.kernel_width << " s "
    << p.stride_height << "x" << p.stride_width << " d " << p.dilation_height << "x"
    << p.dilation_width << " pads " << p.pad_top << "," << p.pad_left << "," << p.pad_bottom
    << "," << p.pad_right << " count_include_pad " << p.count_include_pad << " counted "
    << p.counted_pad_top << "," << p.counted_pad_left << "," << p.counted_pad_bottom << ","
    << p.counted_pad_right << " clamp [" << p.output_min << ", " << p.output_max << "]";
  return o.str();
}
std::string Describe(const GlobalPoolingParams& p) {
  return std::string(p.kind == PoolingKind::kMax ? "max" : "avg") + " n" +
         std::to_string(p.batch) + " pixels " + std::to_string(p.pixels) + " c" +
         std::to_string(p.channels);
}
std::string Describe(const BinaryParams& p) {
  return "op " + std::to_string(static_cast<int>(p.op)) + " " + Str(p.a_shape) + " " +
         Str(p.b_shape) + " -> " + Str(p.output_shape) + " clamp [" + Str(p.output_min) +
         ", " + Str(p.output_max) + "] b_constant " + std::to_string(p.b_constant) +
         " type " + std::to_string(static_cast<int>(p.type));
}
std::string Describe(const UnaryParams& p) {
  return "op " + std::to_string(static_cast<int>(p.op)) + " size " + std::to_string(p.size) +
         " alpha " + Str(p.alpha) + " beta " + Str(p.beta) + " gamma " + Str(p.gamma) +
         " type " + std::to_string(static_cast<int>(p.type));
}
std::string Describe(const SoftmaxParams& p) {
  return std::string(p.log ? "log " : "") + std::to_string(p.outer) + "x" +
         std::to_string(p.axis) + "x" + std::to_string(p.inner);
}
std::string Describe(const ConcatParams& p) {
  std::string s = "axis " + std::to_string(p.axis) + " out " + Str(p.output_shape) + " in";
  for (const Dims& d : p.input_shapes) s += " " + Str(d);
  return s + " element_size " + std::to_string(p.element_size);
}
std::string Describe(const TransposeParams& p) {
  return Str(p.input_shape) + " perm " + Str(p.perm) + " element_size " +
         std::to_string(p.element_size);
}
std::string Describe(const ConvTranspose2DParams& p) {
  std::ostringstream o;
  o << "n" << p.batch << " in " << p.input_height << "x" << p.input_width << "x"
    << p.input_channels << " out " << p.output_height << "x" << p.output_width << "x"
    << p.output_channels << " k " << p.kernel_height << "x" << p.kernel_width << " s "
    << p.stride_height << "x" << p.stride_width << " d " << p.dilation_height << "x"
    << p.dilation_width << " pads " << p.pad_top << "," << p.pad_left << "," << p.pad_bottom
    << "," << p.pad_right << " output_padding " << p.output_padding_height << ","
    << p.output_padding_width << " g " << p.groups << (p.nhwc ? " nhwc" : " nchw")
    << " clamp [" << p.output_min << ", " << p.output_max << "]";
  return o.str();
}
std::string Describe(const LrnParams& p) {
  return std::to_string(p.outer) + "x" + std::to_string(p.channels) + "x" +
         std::to_string(p.inner) + " size " + std::to_string(p.size) + " alpha " +
         Str(p.alpha) + " beta " + Str(p.beta) + " bias " + Str(p.bias);
}
std::string Describe(const LayerNormParams& p) {
  return std::to_string(p.outer) + "x" + std::to_string(p.inner) + " epsilon " +
         Str(p.epsilon) + (p.has_scale ? " scale" : "") + (p.has_bias ? " bias" : "");
}
std::string Describe(const ReduceParams& p) {
  return "kind " + std::to_string(static_cast<int>(p.kind)) + " " + Str(p.input_shape) +
         " axes " + Str(p.axes);
}
std::string Describe(const QuantizedConv2DParams& p) {
  std::ostringstream o;
  o << "n" << p.batch << " in " << p.input_height << "x" << p.input_width << "x"
    << p.input_channels << " out " << p.output_height << "x" << p.output_width << "x"
    << p.output_channels << " k " << p.kernel_height << "x" << p.kernel_width << " s "
    << p.stride_height << "x" << p.stride_width << " d " << p.dilation_height << "x"
    << p.dilation_width << " pads " << p.pad_top << "," << p.pad_left << "," << p.pad_bottom
    << "," << p.pad_right << " g " << p.groups << " types "
    << static_cast<int>(p.input_type) << "/" << static_cast<int>(p.weight_type) << "/"
    << static_cast<int>(p.output_type) << " static " << p.static_quantization
    << " symmetric " << p.symmetric_weights;
  return o.str();
}
std::string Describe(const QuantizedMatMulParams& p) {
  return Str(p.a_shape) + " x " + Str(p.b_shape) + " -> " + Str(p.output_shape) + " types " +
         std::to_string(static_cast<int>(p.a_type)) + "/" +
         std::to_string(static_cast<int>(p.b_type)) + "/" +
         std::to_string(static_cast<int>(p.output_type)) + " static " +
         std::to_string(p.static_quantization) + " symmetric " +
         std::to_string(p.symmetric_weights);
}
std::string Describe(const BatchMatMulParams& p) {
  return Str(p.a_shape) + " x " + Str(p.b_shape) + " -> " + Str(p.output_shape);
}

// ---------------------------------------------------------------------------------------
// The sweep.

constexpr Backend kBackends[] = {Backend::kReference, Backend::kXnnpack, Backend::kOnednn,
                                 Backend::kOnednnWinograd};

struct Tally {
  int sets = 0;
  int pure_yes[4] = {};
  int asked[4] = {};
  int library_yes[4] = {};
  int constructed[4] = {};
};

template <typename P>
void Sweep(const char* family, const std::vector<Labeled<P>>& sets) {
  const bool winograd_kernels = OnednnHasAvx512Core();
  Context context(1);
  Tally t;
  std::map<std::string, int> failures;  // at most a few messages per backend
  for (const Labeled<P>& set : sets) {
    const P& p = set.params;
    ++t.sets;
    for (int bi = 0; bi < 4; ++bi) {
      const Backend b = kBackends[bi];
      const bool pure = [&] {
        if constexpr (std::is_same_v<P, Conv2DParams>) return Conv2DSupports(b, p);
        else if constexpr (std::is_same_v<P, FullyConnectedParams>) return FullyConnectedSupports(b, p);
        else if constexpr (std::is_same_v<P, Pooling2DParams>) return Pooling2DSupports(b, p);
        else if constexpr (std::is_same_v<P, GlobalPoolingParams>) return GlobalPoolingSupports(b, p);
        else if constexpr (std::is_same_v<P, BinaryParams>) return BinarySupports(b, p);
        else if constexpr (std::is_same_v<P, UnaryParams>) return UnarySupports(b, p);
        else if constexpr (std::is_same_v<P, SoftmaxParams>) return SoftmaxSupports(b, p);
        else if constexpr (std::is_same_v<P, ConcatParams>) return ConcatSupports(b, p);
        else if constexpr (std::is_same_v<P, TransposeParams>) return TransposeSupports(b, p);
        else if constexpr (std::is_same_v<P, ConvTranspose2DParams>) return ConvTranspose2DSupports(b, p);
        else if constexpr (std::is_same_v<P, LrnParams>) return LrnSupports(b, p);
        else if constexpr (std::is_same_v<P, LayerNormParams>) return LayerNormSupports(b, p);
        else if constexpr (std::is_same_v<P, ReduceParams>) return ReduceSupports(b, p);
        else if constexpr (std::is_same_v<P, QuantizedConv2DParams>) return QuantizedConv2DSupports(b, p);
        else if constexpr (std::is_same_v<P, QuantizedMatMulParams>) return QuantizedMatMulSupports(b, p);
        else return BatchMatMulSupports(b, p);
      }();
      t.pure_yes[bi] += pure;
      std::string problem;
      const std::optional<bool> library =
          b == Backend::kReference ? std::nullopt : Library(b, p);
      if (library.has_value()) {
        ++t.asked[bi];
        t.library_yes[bi] += *library;
        if (b == Backend::kOnednnWinograd && !winograd_kernels) {
          if (*library) problem = "oneDNN created a Winograd convolution without avx512_core";
        } else if (*library != pure) {
          problem = std::string("pure answer ") + (pure ? "yes" : "no") + ", library " +
                    (*library ? "yes" : "no");
        }
      }
      if (problem.empty() && pure && Elements(p) <= kMaxConstructElements) {
        try {
          const std::string impl = Construct(context, b, p);
          ++t.constructed[bi];
          if (b == Backend::kOnednnWinograd) {
            // Our own F(4x4, 3x3) where it applies and the CPU itself has AVX-512F (it
            // asks the CPU, not oneDNN's ISA cap), else oneDNN's Winograd where oneDNN
            // has its kernels, else oneDNN's direct algorithm.
            bool ours_expected = false;
            if constexpr (std::is_same_v<P, Conv2DParams>) {
              ours_expected = Conv2DWinogradF4Applies(p) && internal::CpuHasAvx512F();
            }
            const bool ours = impl.rfind("neo_winograd_f4x4", 0) == 0;
            const bool wino = impl.find("wino") != std::string::npos;
            if (ours != ours_expected || (!ours && wino != winograd_kernels)) {
              problem = "a Winograd Conv2D runs " + impl;
            }
          }
        } catch (const std::exception& e) {
          problem = std::string("pure answer yes, construction threw: ") + e.what();
        }
      }
      if (!problem.empty()) {
        int& n = failures[BackendName(b)];
        if (++n <= 5) {
          ADD_FAILURE() << family << " " << BackendName(b) << ": " << problem << "\n  "
                        << set.origin << ": " << Describe(p);
        }
      }
    }
  }
  for (const auto& [backend, n] : failures) {
    if (n > 5) ADD_FAILURE() << family << " " << backend << ": " << n << " disagreements in all";
  }
  std::printf("%s: %d parameter sets\n", family, t.sets);
  for (int bi = 0; bi < 4; ++bi) {
    std::printf("  %-16s pure yes %6d", BackendName(kBackends[bi]), t.pure_yes[bi]);
    if (t.asked[bi]) std::printf(", library yes %6d of %6d asked", t.library_yes[bi], t.asked[bi]);
    std::printf(", constructed %6d\n", t.constructed[bi]);
  }
}

template <typename P>
std::vector<Labeled<P>> Concatenated(std::vector<Labeled<P>> a, const std::vector<Labeled<P>>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// ---------------------------------------------------------------------------------------
// Parameter sets per family: the models', edge cases, grids, random ones (fixed seeds).

int Floor(int in, int pad_a, int pad_b, int kernel, int dilation, int stride) {
  return (in + pad_a + pad_b - ((kernel - 1) * dilation + 1)) / stride + 1;
}

Conv2DParams Conv(int n, int h, int w, int ci, int co, int kh, int kw, int sh, int sw, int dh,
                  int dw, int pt, int pl, int pb, int pr, int g, std::pair<float, float> clamp) {
  Conv2DParams p;
  p.batch = n;
  p.input_height = h;
  p.input_width = w;
  p.input_channels = ci;
  p.output_channels = co;
  p.kernel_height = kh;
  p.kernel_width = kw;
  p.stride_height = sh;
  p.stride_width = sw;
  p.dilation_height = dh;
  p.dilation_width = dw;
  p.pad_top = pt;
  p.pad_left = pl;
  p.pad_bottom = pb;
  p.pad_right = pr;
  p.groups = g;
  p.output_height = Floor(h, pt, pb, kh, dh, sh);
  p.output_width = Floor(w, pl, pr, kw, dw, sw);
  p.output_min = clamp.first;
  p.output_max = clamp.second;
  return p;
}

std::vector<Labeled<Conv2DParams>> Conv2DSets() {
  std::vector<Labeled<Conv2DParams>> v = ModelConv2DParams();
  const auto none = Clamps()[0], relu = Clamps()[1], relu6 = Clamps()[2], clip = Clamps()[3];
  // conv2d_test.cc's cases.
  for (const Conv2DParams& p : {
           Conv(1, 8, 8, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, none),
           Conv(1, 7, 9, 5, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, relu),
           Conv(2, 11, 13, 3, 8, 3, 3, 2, 2, 1, 1, 0, 1, 1, 0, 1, relu6),
           Conv(1, 15, 15, 3, 16, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, 1, none),
           Conv(1, 9, 9, 8, 8, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1, none),
           Conv(1, 10, 6, 12, 18, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, none),
           Conv(1, 12, 12, 24, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 24, relu6),
           Conv(1, 13, 11, 17, 17, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 17, none),
           Conv(1, 6, 6, 40, 24, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, clip),
           Conv(3, 5, 4, 6, 10, 2, 3, 1, 1, 1, 1, 0, 2, 1, 0, 2, none),
           Conv(1, 14, 14, 64, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, none),
       }) {
    v.push_back({"conv2d_test", p});
  }
  // Fused activations (post-ops before the clamp): every backend takes them but Winograd.
  for (Activation a : {Activation::kSigmoid, Activation::kSwish, Activation::kHardSwish,
                       Activation::kHardSigmoid}) {
    for (Conv2DParams p : {Conv(1, 8, 8, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, none),
                           Conv(1, 12, 12, 24, 24, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 24, relu6),
                           Conv(1, 6, 6, 40, 24, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, clip),
                           Conv(1, 14, 14, 64, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, relu)}) {
      p.activation = a;
      p.activation_alpha = 1.0f / 6.0f;
      p.activation_beta = 0.5f;
      v.push_back({"activation", p});
    }
  }
  // Winograd's conditions: 3x3 stride 1 with every padding from 0 to 2 on each side,
  // channel counts on and off its 16-blocking, images from 1 pixel up, every clamp; and
  // the near misses (another kernel, stride, dilation or groups).
  const std::pair<int, int> channels[] = {{1, 1}, {16, 16}, {17, 5}, {32, 64}};
  const std::pair<int, int> images[] = {{1, 1}, {2, 5}, {7, 7}, {13, 6}};
  for (int pads = 0; pads < 81; ++pads) {
    const int pt = pads % 3, pl = pads / 3 % 3, pb = pads / 9 % 3, pr = pads / 27;
    for (const auto& [ci, co] : channels) {
      for (const auto& [h, w] : images) {
        for (const auto& clamp : Clamps()) {
          const Conv2DParams p = Conv(1, h, w, ci, co, 3, 3, 1, 1, 1, 1, pt, pl, pb, pr, 1, clamp);
          if (p.output_height >= 1 && p.output_width >= 1) v.push_back({"winograd grid", p});
        }
      }
    }
  }
  for (const Conv2DParams& p : {
           Conv(1, 8, 8, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, none),
           Conv(1, 8, 8, 16, 16, 3, 3, 1, 2, 1, 1, 1, 1, 1, 1, 1, none),
           Conv(1, 8, 8, 16, 16, 3, 3, 1, 1, 2, 2, 1, 1, 1, 1, 1, none),
           Conv(1, 8, 8, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, none),
           Conv(1, 8, 8, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 16, none),
           Conv(1, 8, 8, 16, 16, 3, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, none),
           Conv(1, 8, 8, 16, 16, 1, 3, 1, 1, 1, 1, 0, 1, 0, 1, 1, none),
           Conv(1, 8, 8, 16, 16, 5, 5, 1, 1, 1, 1, 2, 2, 2, 2, 1, none),
           Conv(1, 8, 8, 16, 16, 2, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1, none),
           Conv(2, 8, 8, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, relu),
           Conv(64, 4, 4, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, none),
       }) {
    v.push_back({"winograd near miss", p});
  }
  // Random geometries: sizes, groups (depthwise too), kernels, strides, dilations,
  // paddings up to twice the kernel, an empty image now and then, clamps; one in eight
  // with an output size off by one.
  std::mt19937 rng(20240611);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int channel_counts[] = {1, 2, 3, 4, 8, 16, 17, 32};
  for (int i = 0; i < 3000; ++i) {
    const int ci = channel_counts[pick(0, 7)];
    int g = 1;
    switch (pick(0, 3)) {
      case 0: g = ci; break;  // depthwise
      case 1: g = ci % 2 == 0 ? 2 : 1; break;
      default: break;
    }
    const int co = g * pick(1, 3) * (pick(0, 3) == 0 ? 8 : 1);
    const int kh = pick(1, 5), kw = pick(0, 2) == 0 ? pick(1, 5) : kh;
    const int sh = pick(1, 3), sw = pick(0, 2) == 0 ? pick(1, 3) : sh;
    const int dh = pick(0, 3) == 0 ? pick(2, 3) : 1, dw = pick(0, 2) == 0 ? pick(1, 3) : dh;
    const int h = pick(0, 30) == 0 ? 0 : pick(1, 14), w = pick(0, 30) == 0 ? 0 : pick(1, 14);
    Conv2DParams p = Conv(pick(1, 2), h, w, ci, co, kh, kw, sh, sw, dh, dw, pick(0, 2 * kh),
                          pick(0, 2 * kw), pick(0, 2 * kh), pick(0, 2 * kw), g,
                          Clamps()[pick(0, static_cast<int>(Clamps().size()) - 1)]);
    if (pick(0, 7) == 0) p.output_width += pick(0, 1) ? 1 : -1;
    if (p.output_height >= 1 && p.output_width >= 1) v.push_back({"random", p});
  }
  return v;
}

std::vector<Labeled<FullyConnectedParams>> FullyConnectedSets() {
  auto v = ModelFullyConnectedParams();
  for (int m : {0, 1, 2, 5})
    for (int k : {0, 1, 7, 64})
      for (int n : {0, 1, 3, 10})
        for (const auto& clamp : Clamps()) {
          FullyConnectedParams p;
          p.batch = m;
          p.input_channels = k;
          p.output_channels = n;
          p.output_min = clamp.first;
          p.output_max = clamp.second;
          v.push_back({"grid", p});
          if (m == 1 && k == 7 && n == 3) {
            for (Activation a : {Activation::kSigmoid, Activation::kSwish,
                                 Activation::kHardSwish, Activation::kHardSigmoid}) {
              p.activation = a;
              p.activation_alpha = 0.2f;
              p.activation_beta = 0.5f;
              v.push_back({"activation", p});
            }
          }
        }
  return v;
}

Pooling2DParams Pool(PoolingKind kind, int n, int c, int h, int w, int kh, int kw, int sh,
                     int sw, int dh, int dw, int pt, int pl, int pb, int pr) {
  Pooling2DParams p;
  p.kind = kind;
  p.batch = n;
  p.channels = c;
  p.input_height = h;
  p.input_width = w;
  p.kernel_height = kh;
  p.kernel_width = kw;
  p.stride_height = sh;
  p.stride_width = sw;
  p.dilation_height = dh;
  p.dilation_width = dw;
  p.pad_top = pt;
  p.pad_left = pl;
  p.pad_bottom = pb;
  p.pad_right = pr;
  p.output_height = Floor(h, pt, pb, kh, kind == PoolingKind::kMax ? dh : 1, sh);
  p.output_width = Floor(w, pl, pr, kw, kind == PoolingKind::kMax ? dw : 1, sw);
  return p;
}

std::vector<Labeled<Pooling2DParams>> Pooling2DSets() {
  auto v = ModelPooling2DParams();
  const auto kMax = PoolingKind::kMax, kAvg = PoolingKind::kAverage;
  // pooling_test.cc's cases.
  std::vector<Pooling2DParams> c = {
      Pool(kMax, 1, 64, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1),
      Pool(kMax, 2, 5, 8, 6, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0),
      Pool(kMax, 1, 3, 8, 8, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1),
      Pool(kMax, 1, 4, 9, 9, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2),
      Pool(kAvg, 1, 16, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
      Pool(kAvg, 1, 16, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1),
      Pool(kAvg, 2, 7, 8, 10, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0),
      Pool(kAvg, 1, 9, 7, 7, 2, 2, 2, 2, 1, 1, 0, 0, 1, 1),
      Pool(kAvg, 1, 9, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1),
      Pool(kMax, 1, 3, 5, 7, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0),
      Pool(kAvg, 1, 9, 7, 7, 2, 2, 2, 2, 1, 1, 0, 0, 1, 1),
      Pool(kMax, 1, 3, 5, 7, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0),  // 1x1: XNNPACK refuses
  };
  c[5].count_include_pad = true;
  c[5].counted_pad_top = c[5].counted_pad_left = c[5].counted_pad_bottom =
      c[5].counted_pad_right = 1;
  c[8].output_min = 0.0f;
  c[8].output_max = 6.0f;
  c[9].output_min = -0.25f;
  c[9].output_max = 0.5f;
  c[10].count_include_pad = true;
  c[10].counted_pad_bottom = c[10].counted_pad_right = 1;
  for (const auto& p : c) v.push_back({"pooling_test", p});
  // Random geometries with paddings up to past the window (so some windows see only
  // padding), counted paddings, ceil-mode-like extra padding, every clamp.
  std::mt19937 rng(7031);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 6000; ++i) {
    const PoolingKind kind = pick(0, 1) ? kMax : kAvg;
    const int kh = pick(1, 4), kw = pick(0, 2) == 0 ? pick(1, 4) : kh;
    const int sh = pick(1, 3), sw = pick(0, 2) == 0 ? pick(1, 3) : sh;
    const int dh = pick(0, 3) == 0 ? pick(2, 3) : 1, dw = pick(0, 2) == 0 ? pick(1, 3) : dh;
    const int h = pick(0, 40) == 0 ? 0 : pick(1, 11), w = pick(1, 11);
    Pooling2DParams p = Pool(kind, pick(0, 12) == 0 ? 0 : pick(1, 2),
                             pick(0, 12) == 0 ? 0 : pick(1, 5), h, w, kh, kw, sh, sw, dh, dw,
                             pick(0, kh + 1), pick(0, kw + 1), pick(0, kh + 1), pick(0, kw + 1));
    if (kind == kAvg) {
      p.count_include_pad = pick(0, 1);
      p.counted_pad_top = pick(0, p.pad_top);
      p.counted_pad_left = pick(0, p.pad_left);
      p.counted_pad_bottom = pick(0, p.pad_bottom);
      p.counted_pad_right = pick(0, p.pad_right);
      if (pick(0, 1)) {  // symmetric: ONNX's count_include_pad without ceil mode
        p.counted_pad_top = p.pad_top;
        p.counted_pad_left = p.pad_left;
        p.counted_pad_bottom = p.pad_bottom;
        p.counted_pad_right = p.pad_right;
      }
    }
    const auto& clamp = Clamps()[pick(0, static_cast<int>(Clamps().size()) - 1)];
    if (pick(0, 1)) {
      p.output_min = clamp.first;
      p.output_max = clamp.second;
    }
    if (pick(0, 9) == 0) p.output_height += pick(0, 1) ? 1 : -1;
    if (p.output_height >= 1 && p.output_width >= 1) v.push_back({"random", p});
  }
  return v;
}

std::vector<Labeled<GlobalPoolingParams>> GlobalPoolingSets() {
  auto v = ModelGlobalPoolingParams();
  for (PoolingKind kind : {PoolingKind::kMax, PoolingKind::kAverage})
    for (int n : {0, 1, 2})
      for (int pixels : {0, 1, 7, 49})
        for (int c : {0, 1, 3, 64}) v.push_back({"grid", {kind, n, pixels, c}});
  return v;
}

// numpy's broadcast of a and b, or an empty Dims of rank -1 when they do not broadcast.
Dims Broadcast(const Dims& a, const Dims& b) {
  Dims o;
  o.rank = std::max(a.rank, b.rank);
  for (int i = 0; i < o.rank; ++i) {
    const int ia = i - (o.rank - a.rank), ib = i - (o.rank - b.rank);
    const int64_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1) {
      o.rank = -1;
      return o;
    }
    o[i] = da == 1 ? db : da;
  }
  return o;
}

Dims RandomDims(std::mt19937& rng, int max_rank, int max_dim) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Dims d;
  d.rank = pick(0, max_rank);
  for (int i = 0; i < d.rank; ++i) d[i] = pick(0, 15) == 0 ? 0 : pick(1, max_dim);
  return d;
}

std::vector<Labeled<BinaryParams>> BinarySets() {
  auto v = ModelBinaryParams();
  const BinaryOp ops[] = {BinaryOp::kAdd,     BinaryOp::kSub,     BinaryOp::kMul,
                          BinaryOp::kDiv,     BinaryOp::kPow,     BinaryOp::kMaximum,
                          BinaryOp::kMinimum, BinaryOp::kPRelu,  BinaryOp::kFloorMod,
                          BinaryOp::kTruncateMod};
  const ElementType types[] = {ElementType::kFloat32, ElementType::kInt32,
                               ElementType::kInt64, ElementType::kBool, ElementType::kUInt8};
  std::mt19937 rng(99);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 6000; ++i) {
    BinaryParams p;
    p.op = ops[pick(0, 9)];
    p.a_shape = RandomDims(rng, 8, 4);
    // b: a's shape with some dimensions set to 1 or dropped from the front (broadcast),
    // or independent.
    if (pick(0, 3) == 0) {
      p.b_shape = RandomDims(rng, 8, 4);
    } else {
      p.b_shape = p.a_shape;
      const int drop = pick(0, p.b_shape.rank);
      if (pick(0, 1)) {
        for (int j = 0; j + drop < p.b_shape.rank; ++j) p.b_shape[j] = p.b_shape[j + drop];
        p.b_shape.rank -= drop;
      }
      for (int j = 0; j < p.b_shape.rank; ++j)
        if (pick(0, 2) == 0) p.b_shape[j] = 1;
      if (pick(0, 1)) std::swap(p.a_shape, p.b_shape);
    }
    p.output_shape = Broadcast(p.a_shape, p.b_shape);
    if (p.output_shape.rank < 0) p.output_shape = p.a_shape;
    if (pick(0, 15) == 0 && p.output_shape.rank > 0) p.output_shape[0] += 1;
    const auto& clamp = Clamps()[pick(0, static_cast<int>(Clamps().size()) - 1)];
    if (pick(0, 1)) {
      p.output_min = clamp.first;
      p.output_max = clamp.second;
    }
    p.b_constant = pick(0, 1);
    p.type = pick(0, 3) == 0 ? types[pick(0, 4)] : ElementType::kFloat32;
    v.push_back({"random", p});
  }
  // PRelu's per-channel slopes in their shapes.
  for (const auto& [a, b] : std::vector<std::pair<Dims, Dims>>{
           {{1, 4, 4, 8}, {8}}, {{1, 4, 4, 8}, {1, 1, 8}}, {{1, 4, 4, 8}, {1}},
           {{1, 4, 4, 1}, {}}, {{2, 8}, {8}}, {{2, 8}, {2, 1}}, {{8}, {8}}, {{0, 8}, {8}},
           {{1, 4, 4, 0}, {0}}}) {
    for (bool constant : {false, true}) {
      BinaryParams p;
      p.op = BinaryOp::kPRelu;
      p.a_shape = a;
      p.b_shape = b;
      p.output_shape = Broadcast(a, b);
      p.b_constant = constant;
      if (p.output_shape.rank >= 0) v.push_back({"prelu", p});
    }
  }
  // Every comparison and logical operator (the enumerators from kEqual on) over a slice of the random sets.
  const size_t random_sets = v.size();
  for (int op = static_cast<int>(BinaryOp::kEqual);
       *EnumeratorName(static_cast<BinaryOp>(op)) != '\0'; ++op) {
    for (size_t i = 0; i < random_sets; i += 37) {
      BinaryParams p = v[i].params;
      p.op = static_cast<BinaryOp>(op);
      v.push_back({"comparison", p});
    }
  }
  return v;
}

std::vector<Labeled<UnaryParams>> UnarySets() {
  auto v = ModelUnaryParams();
  const float values[] = {0.0f, 1.0f, -1.0f, 0.5f, 6.0f, 1e-39f, kInf, -kInf, kNaN};
  // Every enumerator: EnumeratorName is "" past the last one.
  for (int op = 0; *EnumeratorName(static_cast<UnaryOp>(op)) != '\0'; ++op)
    for (size_t size : {0, 1, 17})
      for (float alpha : values)
        for (float beta : values) {
          UnaryParams p;
          p.op = static_cast<UnaryOp>(op);
          p.size = size;
          p.alpha = alpha;
          p.beta = beta;
          v.push_back({"grid", p});
          if (op == 0 && size == 17) {  // integer clamps: the reference only
            p.type = ElementType::kInt32;
            v.push_back({"grid", p});
          }
        }
  return v;
}

std::vector<Labeled<SoftmaxParams>> SoftmaxSets() {
  auto v = ModelSoftmaxParams();
  for (bool log : {false, true})
    for (int outer : {0, 1, 3, 64})
      for (int axis : {0, 1, 10, 1000})
        for (int inner : {0, 1, 4, 49}) v.push_back({"grid", {log, outer, axis, inner}});
  return v;
}

std::vector<Labeled<ConcatParams>> ConcatSets() {
  auto v = ModelConcatParams();
  std::mt19937 rng(5);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 3000; ++i) {
    ConcatParams p;
    const Dims base = RandomDims(rng, 8, 4);
    p.axis = base.rank == 0 ? 0 : pick(0, base.rank - 1);
    if (pick(0, 15) == 0) p.axis = pick(-1, base.rank);
    p.output_shape = base;
    int64_t total = 0;
    const int n = pick(0, 20) == 0 ? 0 : pick(1, 5);
    for (int j = 0; j < n; ++j) {
      Dims in = base;
      if (base.rank > 0 && p.axis >= 0 && p.axis < base.rank) {
        in[p.axis] = pick(0, 6) == 0 ? 0 : pick(1, 3);
        total += in[p.axis];
      }
      if (pick(0, 20) == 0 && in.rank > 0) in[0] += 1;
      p.input_shapes.push_back(in);
    }
    if (base.rank > 0 && p.axis >= 0 && p.axis < base.rank) p.output_shape[p.axis] = total;
    const size_t sizes[] = {1, 2, 4, 8};
    p.element_size = pick(0, 3) == 0 ? sizes[pick(0, 3)] : 4;
    v.push_back({"random", p});
  }
  return v;
}

std::vector<Labeled<TransposeParams>> TransposeSets() {
  auto v = ModelTransposeParams();
  std::mt19937 rng(6);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 2000; ++i) {
    TransposeParams p;
    p.input_shape = RandomDims(rng, 8, 4);
    p.perm.rank = p.input_shape.rank;
    for (int j = 0; j < p.perm.rank; ++j) p.perm[j] = j;
    std::shuffle(p.perm.d, p.perm.d + p.perm.rank, rng);
    if (pick(0, 20) == 0 && p.perm.rank > 0) p.perm[0] = pick(-1, p.perm.rank);
    const size_t sizes[] = {1, 2, 4, 8};
    p.element_size = pick(0, 3) == 0 ? sizes[pick(0, 3)] : 4;
    v.push_back({"random", p});
  }
  return v;
}

std::vector<Labeled<ConvTranspose2DParams>> ConvTranspose2DSets() {
  auto v = ModelConvTranspose2DParams();
  std::mt19937 rng(11);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 3000; ++i) {
    ConvTranspose2DParams p;
    p.groups = pick(0, 2) == 0 ? pick(2, 3) : 1;
    p.batch = pick(0, 20) == 0 ? 0 : pick(1, 2);
    p.input_channels = p.groups * pick(1, 4);
    p.output_channels = p.groups * pick(1, 4);
    p.input_height = pick(0, 20) == 0 ? 0 : pick(1, 6);
    p.input_width = pick(1, 6);
    p.kernel_height = pick(1, 4);
    p.kernel_width = pick(1, 4);
    p.stride_height = pick(1, 3);
    p.stride_width = pick(1, 3);
    p.dilation_height = pick(1, 2);
    p.dilation_width = pick(1, 2);
    p.pad_top = pick(0, 3);
    p.pad_left = pick(0, 3);
    p.pad_bottom = pick(0, 3);
    p.pad_right = pick(0, 3);
    // ONNX wants output padding below the stride; the reference takes more.
    p.output_padding_height = pick(0, 3) == 0 ? pick(0, 5) : pick(0, p.stride_height - 1);
    p.output_padding_width = pick(0, 3) == 0 ? pick(0, 5) : pick(0, p.stride_width - 1);
    p.nhwc = pick(0, 1);
    p.output_height = (p.input_height - 1) * p.stride_height +
                      (p.kernel_height - 1) * p.dilation_height + 1 - p.pad_top -
                      p.pad_bottom + p.output_padding_height;
    p.output_width = (p.input_width - 1) * p.stride_width + (p.kernel_width - 1) * p.dilation_width +
                     1 - p.pad_left - p.pad_right + p.output_padding_width;
    const auto& clamp = Clamps()[pick(0, static_cast<int>(Clamps().size()) - 1)];
    if (pick(0, 1)) {
      p.output_min = clamp.first;
      p.output_max = clamp.second;
    }
    v.push_back({"random", p});
  }
  return v;
}

std::vector<Labeled<LrnParams>> LrnSets() {
  auto v = ModelLrnParams();
  for (int outer : {0, 1, 3})
    for (int channels : {0, 1, 5, 16})
      for (int inner : {0, 1, 4})
        for (int size : {1, 2, 3, 4, 5, 7, 9})
          for (float alpha : {1e-4f, 0.0f, kNaN})
            v.push_back({"grid", {outer, channels, inner, size, alpha, 0.75f, 1.0f}});
  return v;
}

std::vector<Labeled<LayerNormParams>> LayerNormSets() {
  auto v = ModelLayerNormParams();
  for (int outer : {0, 1, 3, 197, 3136})
    for (int inner : {0, 1, 7, 96, 768})
      for (float epsilon : {1e-5f, 0.0f, 1e-12f, 1.0f, kInf, -1e-5f, kNaN})
        for (int affine = 0; affine < 4; ++affine)
          v.push_back({"grid", {outer, inner, epsilon, (affine & 1) != 0, (affine & 2) != 0}});
  return v;
}
std::vector<Labeled<ReduceParams>> ReduceSets() {
  auto v = ModelReduceParams();
  std::mt19937 rng(13);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 3000; ++i) {
    ReduceParams p;
    p.kind = static_cast<ReduceKind>(pick(0, 4));
    p.input_shape = RandomDims(rng, 8, 3);
    for (int j = 0; j < p.input_shape.rank; ++j)
      if (pick(0, 1)) p.axes[p.axes.rank++] = j;
    v.push_back({"random", p});
  }
  return v;
}

// Conv2D's geometries (the kernel tests', Winograd's grid, the models') with every type
// combination and flag: XNNPACK must take exactly the static, symmetric int8 ones.
std::vector<Labeled<QuantizedConv2DParams>> QuantizedConv2DSets() {
  std::vector<Labeled<QuantizedConv2DParams>> v;
  const ElementType kTypes[] = {ElementType::kInt8, ElementType::kUInt8};
  int index = 0;
  for (const Labeled<Conv2DParams>& s : Conv2DSets()) {
    // Every seventh geometry, to keep the sweep's size near the others'.
    if (index++ % 7 != 0) continue;
    const Conv2DParams& c = s.params;
    QuantizedConv2DParams q;
    q.batch = c.batch;
    q.input_height = c.input_height;
    q.input_width = c.input_width;
    q.input_channels = c.input_channels;
    q.output_height = c.output_height;
    q.output_width = c.output_width;
    q.output_channels = c.output_channels;
    q.kernel_height = c.kernel_height;
    q.kernel_width = c.kernel_width;
    q.stride_height = c.stride_height;
    q.stride_width = c.stride_width;
    q.dilation_height = c.dilation_height;
    q.dilation_width = c.dilation_width;
    q.pad_top = c.pad_top;
    q.pad_left = c.pad_left;
    q.pad_bottom = c.pad_bottom;
    q.pad_right = c.pad_right;
    q.groups = c.groups;
    q.has_bias = index % 2 == 0;
    for (int flags = 0; flags < 4; ++flags) {
      q.static_quantization = flags & 1;
      q.symmetric_weights = flags & 2;
      for (ElementType x : kTypes)
        for (ElementType w : kTypes)
          for (ElementType y : {ElementType::kInt8, ElementType::kUInt8, ElementType::kInt32}) {
            q.input_type = x;
            q.weight_type = w;
            q.output_type = y;
            v.push_back({s.origin, q});
          }
    }
  }
  return v;
}

std::vector<Labeled<BatchMatMulParams>> BatchMatMulSets() {
  auto v = ModelBatchMatMulParams();
  std::mt19937 rng(17);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int i = 0; i < 2000; ++i) {
    BatchMatMulParams p;
    const int m = pick(0, 3), k = pick(0, 3), n = pick(0, 3);
    Dims batch = RandomDims(rng, 6, 3);
    Dims a_batch = batch, b_batch = batch;
    for (int j = 0; j < batch.rank; ++j) {
      if (pick(0, 2) == 0) a_batch[j] = 1;
      if (pick(0, 2) == 0) b_batch[j] = 1;
    }
    const int drop = pick(0, b_batch.rank);
    if (pick(0, 1)) {  // b with fewer batch dimensions
      for (int j = 0; j + drop < b_batch.rank; ++j) b_batch[j] = b_batch[j + drop];
      b_batch.rank -= drop;
    }
    p.a_shape = a_batch;
    p.a_shape[p.a_shape.rank++] = m;
    p.a_shape[p.a_shape.rank++] = k;
    p.b_shape = b_batch;
    p.b_shape[p.b_shape.rank++] = pick(0, 10) == 0 ? k + 1 : k;
    p.b_shape[p.b_shape.rank++] = n;
    Dims out = Broadcast(a_batch, b_batch);
    if (out.rank < 0) out = a_batch;
    out[out.rank++] = m;
    out[out.rank++] = n;
    p.output_shape = out;
    if (p.a_shape.rank <= Dims::kMaxRank && p.b_shape.rank <= Dims::kMaxRank) {
      v.push_back({"random", p});
    }
  }
  return v;
}

TEST(CapabilitiesAgreementTest, Conv2D) { Sweep("Conv2D", Conv2DSets()); }
TEST(CapabilitiesAgreementTest, FullyConnected) {
  Sweep("FullyConnected", FullyConnectedSets());
}
TEST(CapabilitiesAgreementTest, Pooling2D) { Sweep("Pooling2D", Pooling2DSets()); }
TEST(CapabilitiesAgreementTest, GlobalPooling) { Sweep("GlobalPooling", GlobalPoolingSets()); }
TEST(CapabilitiesAgreementTest, Binary) { Sweep("Binary", BinarySets()); }
TEST(CapabilitiesAgreementTest, Unary) { Sweep("Unary", UnarySets()); }
TEST(CapabilitiesAgreementTest, Softmax) { Sweep("Softmax", SoftmaxSets()); }
TEST(CapabilitiesAgreementTest, Concat) { Sweep("Concat", ConcatSets()); }
TEST(CapabilitiesAgreementTest, Transpose) { Sweep("Transpose", TransposeSets()); }
TEST(CapabilitiesAgreementTest, ConvTranspose2D) {
  Sweep("ConvTranspose2D", ConvTranspose2DSets());
}
TEST(CapabilitiesAgreementTest, Lrn) { Sweep("LRN", LrnSets()); }
TEST(CapabilitiesAgreementTest, LayerNorm) { Sweep("LayerNorm", LayerNormSets()); }
TEST(CapabilitiesAgreementTest, Reduce) { Sweep("Reduce", ReduceSets()); }
TEST(CapabilitiesAgreementTest, BatchMatMul) { Sweep("BatchMatMul", BatchMatMulSets()); }
// BatchMatMul's shapes with every type combination and flag.
std::vector<Labeled<QuantizedMatMulParams>> QuantizedMatMulSets() {
  std::vector<Labeled<QuantizedMatMulParams>> v;
  const ElementType kTypes[] = {ElementType::kInt8, ElementType::kUInt8};
  for (const Labeled<BatchMatMulParams>& s : BatchMatMulSets()) {
    QuantizedMatMulParams q;
    q.a_shape = s.params.a_shape;
    q.b_shape = s.params.b_shape;
    q.output_shape = s.params.output_shape;
    for (int flags = 0; flags < 4; ++flags) {
      q.static_quantization = flags & 1;
      q.symmetric_weights = flags & 2;
      for (ElementType a : kTypes)
        for (ElementType b : kTypes)
          for (ElementType y : {ElementType::kInt8, ElementType::kUInt8, ElementType::kInt32}) {
            q.a_type = a;
            q.b_type = b;
            q.output_type = y;
            v.push_back({s.origin, q});
          }
    }
  }
  return v;
}

TEST(CapabilitiesAgreementTest, QuantizedMatMul) {
  Sweep("QuantizedMatMul", QuantizedMatMulSets());
}

TEST(CapabilitiesAgreementTest, QuantizedConv2D) {
  Sweep("QuantizedConv2D", QuantizedConv2DSets());
}

// The families only the reference runs: no other backend may claim them.
TEST(CapabilitiesAgreementTest, ReferenceOnlyFamilies) {
  for (Backend b : {Backend::kXnnpack, Backend::kOnednn, Backend::kOnednnWinograd}) {
    for (const auto& s : ModelArgReduceParams()) EXPECT_FALSE(ArgReduceSupports(b, s.params));
    for (const auto& s : ModelGatherParams()) EXPECT_FALSE(GatherSupports(b, s.params));
    for (const auto& s : ModelSliceParams()) EXPECT_FALSE(SliceSupports(b, s.params));
    for (const auto& s : ModelPadParams()) EXPECT_FALSE(PadSupports(b, s.params));
    for (const auto& s : ModelCastParams()) EXPECT_FALSE(CastSupports(b, s.params));
    for (const auto& s : ModelResizeParams()) EXPECT_FALSE(ResizeSupports(b, s.params));
    for (const auto& s : ModelBroadcastParams()) EXPECT_FALSE(BroadcastSupports(b, s.params));
  }
  for (const auto& s : ModelArgReduceParams()) EXPECT_TRUE(ArgReduceSupports(Backend::kReference, s.params)) << s.origin;
  for (const auto& s : ModelGatherParams()) EXPECT_TRUE(GatherSupports(Backend::kReference, s.params)) << s.origin;
  for (const auto& s : ModelSliceParams()) EXPECT_TRUE(SliceSupports(Backend::kReference, s.params)) << s.origin;
  for (const auto& s : ModelPadParams()) EXPECT_TRUE(PadSupports(Backend::kReference, s.params)) << s.origin;
  for (const auto& s : ModelCastParams()) EXPECT_TRUE(CastSupports(Backend::kReference, s.params)) << s.origin;
  for (const auto& s : ModelResizeParams()) EXPECT_TRUE(ResizeSupports(Backend::kReference, s.params)) << s.origin;
  for (const auto& s : ModelBroadcastParams()) EXPECT_TRUE(BroadcastSupports(Backend::kReference, s.params)) << s.origin;
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  // The AVX2 variant's BUILD rule sets ONEDNN_MAX_CPU_ISA; check oneDNN really obeys it
  // (it reads the variable once, before its first primitive).
  if (const char* isa = std::getenv("ONEDNN_MAX_CPU_ISA")) {
    const bool avx512 = neo::kernels::OnednnHasAvx512Core();
    std::printf("ONEDNN_MAX_CPU_ISA=%s: oneDNN %s avx512_core\n", isa,
                avx512 ? "still dispatches to" : "has no");
    if (std::strcmp(isa, "AVX2") == 0 && avx512) return 1;
  }
  std::printf("oneDNN Winograd kernels: %s\n",
              neo::kernels::OnednnHasAvx512Core() ? "yes (avx512_core)" : "no");
  return RUN_ALL_TESTS();
}

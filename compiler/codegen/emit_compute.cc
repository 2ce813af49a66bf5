// Emitters for the compute-heavy families: convolution, fully connected, pooling,
// softmax. Convolutions and fully connected layers prefer oneDNN (its AVX-512 brgemm
// kernels measured faster than XNNPACK on every layer here); pooling prefers XNNPACK.
#include <limits>

#include "compiler/codegen/kernel_emitters.h"
#include "compiler/codegen/params_code.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ops.h"
#include "kernels/conv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/pooling.h"
#include "kernels/softmax.h"

namespace neo::codegen {

namespace {

using kernels::Backend;

void FusedClamp(const ir::Node& n, float* lo, float* hi) {
  *lo = static_cast<float>(n.attrs.GetFloat("act_min", -std::numeric_limits<double>::infinity()));
  *hi = static_cast<float>(n.attrs.GetFloat("act_max", std::numeric_limits<double>::infinity()));
}

std::string Geometry(int kh, int kw, int sh, int sw) {
  return std::to_string(kh) + "x" + std::to_string(kw) + "/" + std::to_string(sh) +
         (sh == sw ? "" : "x" + std::to_string(sw));
}

// Whether oneDNN's Winograd (F(2x2, 3x3), with NHWC <-> blocked reorders around it)
// beats its direct convolution on this layer. Measured per layer on the torchvision
// models (AVX-512, one thread): Winograd won on 32->128 27x27 (0.20 vs 0.27 ms), 64->64
// 56x56, 128->128 28x28, 256->256 14x14 and 512->512 7x7 (1.35 vs 1.62 ms); it lost on
// 64->256 13x13 (0.31 vs 0.25 ms) and 48->192 13x13, and tied on 16->64 55x55. Small
// inputs with few channels are dominated by the transforms. A fixed rule rather than
// timing at build time keeps the generated code deterministic.
bool WinogradPaysOff(const kernels::Conv2DParams& p) {
  const int pixels = p.output_height * p.output_width;
  return p.input_channels >= 128 || (pixels >= 27 * 27 && p.input_channels >= 32);
}

}  // namespace

KernelMember EmitConv2D(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& policy) {
  RequireLayout(n, "NHWC");
  const ir::Shape& x = ShapeOf(g, n.inputs[0]);
  const ir::Shape& w = ShapeOf(g, n.inputs[1]);
  const ir::Shape& y = ShapeOf(g, n.outputs[0]);
  const auto strides = n.attrs.GetInts("strides");
  const auto dilations = n.attrs.GetInts("dilations", {1, 1});
  const auto pads = n.attrs.GetInts("pads");
  kernels::Conv2DParams p;
  p.batch = ToInt(x[0]);
  p.input_height = ToInt(x[1]);
  p.input_width = ToInt(x[2]);
  p.input_channels = ToInt(x[3]);
  p.output_height = ToInt(y[1]);
  p.output_width = ToInt(y[2]);
  p.output_channels = ToInt(y[3]);
  p.kernel_height = ToInt(w[2]);
  p.kernel_width = ToInt(w[3]);
  p.stride_height = ToInt(strides[0]);
  p.stride_width = ToInt(strides[1]);
  p.dilation_height = ToInt(dilations[0]);
  p.dilation_width = ToInt(dilations[1]);
  p.pad_top = ToInt(pads[0]);
  p.pad_left = ToInt(pads[1]);
  p.pad_bottom = ToInt(pads[2]);
  p.pad_right = ToInt(pads[3]);
  p.groups = ToInt(n.attrs.GetInt("group", 1));
  FusedClamp(n, &p.output_min, &p.output_max);

  std::vector<Backend> preferred;
  if (policy.conv_algorithm == ConvAlgorithm::kWinograd ||
      (policy.conv_algorithm == ConvAlgorithm::kAuto && WinogradPaysOff(p))) {
    preferred.push_back(Backend::kOnednnWinograd);
  }
  preferred.push_back(Backend::kOnednn);
  preferred.push_back(Backend::kXnnpack);
  KernelMember k;
  k.type = "neo::kernels::Conv2D";
  k.params_type = "Conv2DParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  k.backend = ChooseBackend(preferred, p, kernels::Conv2DSupports, policy);
  const bool has_bias = n.inputs.size() > 2 && n.inputs[2] != ir::kNoValue;
  k.pointer_args = {a.Address(n.inputs[1]), has_bias ? a.Address(n.inputs[2]) : "nullptr",
                    a.Address(n.inputs[0]), a.Address(n.outputs[0])};
  k.summary = "Conv2D " + Geometry(p.kernel_height, p.kernel_width, p.stride_height, p.stride_width) +
              " " + std::to_string(p.input_channels) + "->" + std::to_string(p.output_channels) +
              (p.groups > 1 ? " groups=" + std::to_string(p.groups) : "") + " " +
              std::to_string(p.output_height) + "x" + std::to_string(p.output_width);
  return k;
}

KernelMember EmitFullyConnected(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                                const BackendPolicy& policy) {
  const ir::Shape& x = ShapeOf(g, n.inputs[0]);
  const ir::Shape& w = ShapeOf(g, n.inputs[1]);
  kernels::FullyConnectedParams p;
  p.batch = ToInt(x[0]);
  p.input_channels = ToInt(x[1]);
  p.output_channels = ToInt(w[0]);
  FusedClamp(n, &p.output_min, &p.output_max);
  KernelMember k;
  k.type = "neo::kernels::FullyConnected";
  k.params_type = "FullyConnectedParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  k.backend = ChooseBackend({Backend::kOnednn, Backend::kXnnpack}, p,
                            kernels::FullyConnectedSupports, policy);
  const bool has_bias = n.inputs.size() > 2 && n.inputs[2] != ir::kNoValue;
  k.pointer_args = {a.Address(n.inputs[1]), has_bias ? a.Address(n.inputs[2]) : "nullptr",
                    a.Address(n.inputs[0]), a.Address(n.outputs[0])};
  k.summary = "FullyConnected " + std::to_string(p.input_channels) + "->" +
              std::to_string(p.output_channels);
  return k;
}

KernelMember EmitPooling(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                         const BackendPolicy& policy) {
  RequireLayout(n, "NHWC");
  const ir::Shape& x = ShapeOf(g, n.inputs[0]);
  const ir::Shape& y = ShapeOf(g, n.outputs[0]);
  const auto kernel = n.attrs.GetInts("kernel");
  const auto strides = n.attrs.GetInts("strides");
  const auto pads = n.attrs.GetInts("pads");
  kernels::Pooling2DParams p;
  const bool max = n.op == ir::op::kMaxPool2D;
  p.kind = max ? kernels::PoolingKind::kMax : kernels::PoolingKind::kAverage;
  p.batch = ToInt(x[0]);
  p.input_height = ToInt(x[1]);
  p.input_width = ToInt(x[2]);
  p.channels = ToInt(x[3]);
  p.output_height = ToInt(y[1]);
  p.output_width = ToInt(y[2]);
  p.kernel_height = ToInt(kernel[0]);
  p.kernel_width = ToInt(kernel[1]);
  p.stride_height = ToInt(strides[0]);
  p.stride_width = ToInt(strides[1]);
  if (max) {
    const auto dilations = n.attrs.GetInts("dilations", {1, 1});
    p.dilation_height = ToInt(dilations[0]);
    p.dilation_width = ToInt(dilations[1]);
  }
  p.pad_top = ToInt(pads[0]);
  p.pad_left = ToInt(pads[1]);
  p.pad_bottom = ToInt(pads[2]);
  p.pad_right = ToInt(pads[3]);
  if (!max) {
    p.count_include_pad = n.attrs.GetInt("count_include_pad", 0) != 0;
    const auto counted = n.attrs.GetInts("counted_pads", {0, 0, 0, 0});
    p.counted_pad_top = ToInt(counted[0]);
    p.counted_pad_left = ToInt(counted[1]);
    p.counted_pad_bottom = ToInt(counted[2]);
    p.counted_pad_right = ToInt(counted[3]);
  }
  FusedClamp(n, &p.output_min, &p.output_max);
  KernelMember k;
  k.type = "neo::kernels::Pooling2D";
  k.params_type = "Pooling2DParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  k.backend = ChooseBackend(LightOperatorBackends(policy), p, kernels::Pooling2DSupports, policy);
  k.pointer_args = {a.Address(n.inputs[0]), a.Address(n.outputs[0])};
  k.summary = std::string(max ? "MaxPool " : "AveragePool ") +
              Geometry(p.kernel_height, p.kernel_width, p.stride_height, p.stride_width) + " " +
              std::to_string(p.channels) + "ch";
  return k;
}

KernelMember EmitGlobalPooling(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                               const BackendPolicy& policy) {
  RequireLayout(n, "NHWC");
  const ir::Shape& x = ShapeOf(g, n.inputs[0]);
  kernels::GlobalPoolingParams p;
  const bool max = n.op == ir::op::kGlobalMaxPool;
  p.kind = max ? kernels::PoolingKind::kMax : kernels::PoolingKind::kAverage;
  p.batch = ToInt(x[0]);
  p.pixels = ToInt(x[1] * x[2]);
  p.channels = ToInt(x[3]);
  KernelMember k;
  k.type = "neo::kernels::GlobalPooling";
  k.params_type = "GlobalPoolingParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  k.backend = ChooseBackend(LightOperatorBackends(policy), p,
                            kernels::GlobalPoolingSupports, policy);
  k.pointer_args = {a.Address(n.inputs[0]), a.Address(n.outputs[0])};
  k.summary = std::string(max ? "GlobalMaxPool " : "GlobalAveragePool ") +
              std::to_string(p.channels) + "ch";
  return k;
}

KernelMember EmitSoftmax(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                         const BackendPolicy& policy) {
  const ir::Shape& x = ShapeOf(g, n.inputs[0]);
  const int64_t axis = n.attrs.GetInt("axis");
  kernels::SoftmaxParams p;
  p.log = n.op == ir::op::kLogSoftmax;
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < static_cast<int64_t>(x.size()); ++i) {
    if (i < axis) outer *= x[i];
    if (i > axis) inner *= x[i];
  }
  p.outer = ToInt(outer);
  p.axis = ToInt(x.empty() ? 1 : x[axis]);
  p.inner = ToInt(inner);
  KernelMember k;
  k.type = "neo::kernels::Softmax";
  k.params_type = "SoftmaxParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  k.backend = ChooseBackend(LightOperatorBackends(policy), p, kernels::SoftmaxSupports, policy);
  k.pointer_args = {a.Address(n.inputs[0]), a.Address(n.outputs[0])};
  k.summary = std::string(p.log ? "LogSoftmax" : "Softmax") + " over " + std::to_string(p.axis);
  return k;
}

}  // namespace neo::codegen

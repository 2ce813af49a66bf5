// BatchNorm(x, scale, bias, mean, var) -> y; ChannelAffine(scale, shift, x0, ...) -> y;
// LRN(x[N,C,...]) -> y across channels;
// Softmax / LogSoftmax(x) -> y over one axis.
#include "compiler/ir/ops/normalization.h"

#include <algorithm>

#include "compiler/ir/ops/spatial_util.h"
#include "kernels/channel_affine.h"
#include "kernels/lrn.h"
#include "kernels/reference/batch_norm.h"
#include "kernels/reference/channel_affine.h"
#include "kernels/reference/elementwise.h"
#include "kernels/reference/lrn.h"
#include "kernels/softmax.h"

namespace neo::ir {

namespace {

using kernels::Backend;

// The input as [outer, channels, inner] around its channel axis (1, or the last one in
// NHWC).
void ChannelView(const NodeContext& c, int64_t* outer, int64_t* channels, int64_t* inner) {
  const Shape& x = c.shape(0);
  const size_t axis = c.nhwc() ? x.size() - 1 : 1;
  *outer = *inner = 1;
  for (size_t i = 0; i < x.size(); ++i) {
    if (i < axis) *outer *= x[i];
    if (i > axis) *inner *= x[i];
  }
  *channels = x[axis];
}

OutputType BatchNormShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  if (x.size() < 2) c.Fail("input '" + c.input(0).name + "' needs at least rank 2");
  int64_t channels = c.nhwc() ? x.back() : x[1];
  for (size_t i = 1; i <= 4; ++i) {
    if (c.input(i).num_elements() != channels) {
      c.Fail("parameter '" + c.input(i).name + "' has shape " + ShapeToString(c.shape(i)) +
             " but the input has " + std::to_string(channels) + " channels");
    }
  }
  return {x, c.dtype(0)};
}

// The passes fold every BatchNorm with constant parameters away; one whose parameters are
// computed at run time has no kernel.
KernelCall BatchNormKernel(const NodeContext& c) {
  c.RequireFloatInputs();
  kernels::reference::BatchNormParams p;
  ChannelView(c, &p.outer, &p.channels, &p.inner);
  p.epsilon = c.Float("epsilon");
  KernelCall k;
  k.not_compiled = "scale, bias, mean or var computed at run time";
  k.summary = "BatchNorm " + ShapeToString(c.shape(0));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::BatchNorm(p, b.in<float>(1), b.in<float>(2), b.in<float>(3),
                                  b.in<float>(4), b.in<float>(0), b.out<float>(0));
  };
  return k;
}

OutputType ChannelAffineShape(const NodeContext& c) {
  if (c.num_inputs() < 3) c.Fail("needs a scale, a shift and at least one input");
  Shape out = c.shape(2);
  if (out.empty()) c.Fail("input '" + c.input(2).name + "' is a scalar");
  for (size_t i = 3; i < c.num_inputs(); ++i) {
    const Shape& s = c.shape(i);
    if (s.size() != out.size() || !std::equal(out.begin(), out.end() - 1, s.begin())) {
      c.Fail("input shapes " + ShapeToString(c.shape(2)) + " and " + ShapeToString(s) +
             " differ outside the last axis");
    }
    out.back() += s.back();
  }
  for (size_t i = 0; i < 2; ++i) {
    if (c.input(i).num_elements() != out.back()) {
      c.Fail("'" + c.input(i).name + "' has shape " + ShapeToString(c.shape(i)) + " but there are " +
             std::to_string(out.back()) + " channels");
    }
  }
  return {out, c.dtype(2)};
}

KernelCall ChannelAffineKernel(const NodeContext& c) {
  c.RequireFloatInputs();
  kernels::ChannelAffineParams p;
  for (size_t i = 2; i < c.num_inputs(); ++i) p.input_shapes.push_back(c.ToDims(c.shape(i)));
  p.output_min = c.ActMin();
  p.output_max = c.ActMax();
  if (!kernels::ChannelAffineSupports(Backend::kReference, p)) {
    c.NotImplemented("a channel affine clamped to an empty range");
  }
  KernelCall k = MakeKernelCall("ChannelAffine", "kernels/channel_affine.h", "ChannelAffineParams",
                                p, kernels::ChannelAffineSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::AllInputsFrom(2), Operand::Output(0)};
  k.summary = "ChannelAffine of " + std::to_string(p.input_shapes.size()) + " " +
              ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    std::vector<const float*> inputs;
    for (size_t i = 2; i < b.inputs.size(); ++i) inputs.push_back(b.in<float>(i));
    kernels::reference::ChannelAffine(p, b.in<float>(0), b.in<float>(1), inputs.data(),
                                      b.out<float>(0));
  };
  return k;
}

OutputType LrnShape(const NodeContext& c) {
  if (c.shape(0).size() < 3) c.Fail("LRN needs rank 3 or more");
  return {c.shape(0), c.dtype(0)};
}

KernelCall LrnKernel(const NodeContext& c) {
  c.RequireFloat(0);
  int64_t outer, channels, inner;
  ChannelView(c, &outer, &channels, &inner);
  kernels::LrnParams p;
  p.outer = c.ToInt(outer);
  p.channels = c.ToInt(channels);
  p.inner = c.ToInt(inner);
  p.size = c.ToInt(c.Int("size"));
  p.alpha = static_cast<float>(c.Float("alpha"));
  p.beta = static_cast<float>(c.Float("beta"));
  p.bias = static_cast<float>(c.Float("bias"));
  if (!kernels::LrnSupports(Backend::kReference, p)) {
    c.NotImplemented("LRN size " + std::to_string(p.size));
  }
  KernelCall k = MakeKernelCall("Lrn", "kernels/lrn.h", "LrnParams", p, kernels::LrnSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = "LRN size " + std::to_string(p.size) + " " + ShapeToString(c.shape(0));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Lrn(p, b.in<float>(0), b.out<float>(0));
  };
  return k;
}

OutputType SoftmaxShape(const NodeContext& c) {
  const int64_t axis = c.Int("axis");
  if (axis >= static_cast<int64_t>(c.shape(0).size())) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for shape " +
           ShapeToString(c.shape(0)));
  }
  return {c.shape(0), c.dtype(0)};
}

KernelCall SoftmaxKernel(const NodeContext& c) {
  c.RequireFloatInputs();
  const Shape& x = c.shape(0);
  const int64_t axis = c.Int("axis");
  kernels::SoftmaxParams p;
  p.log = c.node().op == op::kLogSoftmax;
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < static_cast<int64_t>(x.size()); ++i) {
    if (i < axis) outer *= x[i];
    if (i > axis) inner *= x[i];
  }
  p.outer = c.ToInt(outer);
  p.axis = c.ToInt(x.empty() ? 1 : x[axis]);
  p.inner = c.ToInt(inner);
  KernelCall k = MakeKernelCall("Softmax", "kernels/softmax.h", "SoftmaxParams", p,
                                kernels::SoftmaxSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = std::string(p.log ? "LogSoftmax" : "Softmax") + " over " + std::to_string(p.axis);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Softmax(p, b.in<float>(0), b.out<float>(0));
  };
  return k;
}

}  // namespace

std::vector<OpDef> NormalizationOps() {
  OpDef bn;
  bn.name = op::kBatchNorm;
  bn.doc = "BatchNorm(x, scale, bias, mean, var) -> y, inference form, over axis 1 (NCHW, also "
           "rank 2 and 3) or the last axis (NHWC)";
  bn.min_inputs = bn.max_inputs = 5;
  bn.attrs = {FloatAttr("epsilon").Min(0).Default(1e-5), LayoutAttr()};
  bn.layout = LayoutClass::kSpatial;
  bn.shape = BatchNormShape;
  bn.kernel = BatchNormKernel;

  OpDef lrn;
  lrn.name = op::kLRN;
  lrn.doc = "LRN(x[N,C,...]) -> y: x / (bias + alpha / size * sum of squares over `size` "
            "channels)^beta";
  lrn.attrs = {IntAttr("size").Min(1), FloatAttr("alpha").Default(1e-4),
               FloatAttr("beta").Default(0.75), FloatAttr("bias").Default(1.0), LayoutAttr()};
  lrn.layout = LayoutClass::kSpatial;
  lrn.shape = LrnShape;
  lrn.kernel = LrnKernel;

  OpDef affine;
  affine.name = op::kChannelAffine;
  affine.doc = "ChannelAffine(scale[C], shift[C], x0, x1, ...) -> y: the inputs joined along "
               "their last axis (C in all), each channel c times scale[c] plus shift[c], then "
               "the fused clamp (passes::FuseChannelAffines: BatchNorm after a Concat)";
  affine.min_inputs = 3;
  affine.max_inputs = -1;
  affine.attrs = {ActMinAttr(), ActMaxAttr()};
  affine.fuses_activation = true;
  affine.shape = ChannelAffineShape;
  affine.kernel = ChannelAffineKernel;

  std::vector<OpDef> ops = {bn, affine, lrn};
  for (const char* name : {op::kSoftmax, op::kLogSoftmax}) {
    OpDef s;
    s.name = name;
    s.doc = std::string(name) + "(x) -> y over one axis";
    s.attrs = {IntAttr("axis").Min(0)};
    s.layout = LayoutClass::kElementwise;
    s.layout_axis = "axis";
    s.shape = SoftmaxShape;
    s.kernel = SoftmaxKernel;
    ops.push_back(s);
  }
  return ops;
}

}  // namespace neo::ir

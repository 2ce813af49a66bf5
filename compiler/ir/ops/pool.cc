// MaxPool2D(x) -> y and AveragePool2D(x) -> y over a kernel window, and the global pools
// GlobalAveragePool / GlobalMaxPool(x[N,C,H,W] or [N,H,W,C]) -> [N,C,1,1] or [N,1,1,C].
#include "compiler/ir/ops/pool.h"

#include "compiler/ir/ops/spatial_util.h"
#include "kernels/pooling.h"
#include "kernels/reference/pooling.h"

namespace neo::ir {

namespace {

using kernels::Backend;

OutputType PoolShape(const NodeContext& c) {
  c.ExpectRank(0, 4);
  const bool max = c.node().op == op::kMaxPool2D;
  return {WindowedOutput(c, c.shape(0)[AxesOf(c.nhwc()).c], c.Ints("kernel"), max), c.dtype(0)};
}

OutputType GlobalPoolShape(const NodeContext& c) {
  c.ExpectRank(0, 4);
  LayoutAxes ax = AxesOf(c.nhwc());
  Shape out = c.shape(0);
  out[ax.h] = out[ax.w] = 1;
  return {out, c.dtype(0)};
}

void RequireNHWC(const NodeContext& c) {
  if (!c.nhwc()) {
    throw std::logic_error("IR: " + c.node().op + " '" + c.node().name +
                           "' is not NHWC; the layout pass should have run");
  }
}

KernelCall PoolKernel(const NodeContext& c) {
  RequireNHWC(c);
  c.RequireFloatInputs();
  const Shape& x = c.shape(0);
  const Shape& y = c.output_shape();
  const auto kernel = c.Ints("kernel");
  const auto strides = c.Ints("strides");
  const auto pads = c.Ints("pads");
  const bool max = c.node().op == op::kMaxPool2D;
  kernels::Pooling2DParams p;
  p.kind = max ? kernels::PoolingKind::kMax : kernels::PoolingKind::kAverage;
  p.batch = c.ToInt(x[0]);
  p.input_height = c.ToInt(x[1]);
  p.input_width = c.ToInt(x[2]);
  p.channels = c.ToInt(x[3]);
  p.output_height = c.ToInt(y[1]);
  p.output_width = c.ToInt(y[2]);
  p.kernel_height = c.ToInt(kernel[0]);
  p.kernel_width = c.ToInt(kernel[1]);
  p.stride_height = c.ToInt(strides[0]);
  p.stride_width = c.ToInt(strides[1]);
  if (max) {
    const auto dilations = c.Ints("dilations");
    p.dilation_height = c.ToInt(dilations[0]);
    p.dilation_width = c.ToInt(dilations[1]);
  }
  p.pad_top = c.ToInt(pads[0]);
  p.pad_left = c.ToInt(pads[1]);
  p.pad_bottom = c.ToInt(pads[2]);
  p.pad_right = c.ToInt(pads[3]);
  if (!max) {
    p.count_include_pad = c.Int("count_include_pad") != 0;
    const auto counted = c.Ints("counted_pads");
    p.counted_pad_top = c.ToInt(counted[0]);
    p.counted_pad_left = c.ToInt(counted[1]);
    p.counted_pad_bottom = c.ToInt(counted[2]);
    p.counted_pad_right = c.ToInt(counted[3]);
  }
  p.output_min = c.ActMin();
  p.output_max = c.ActMax();
  KernelCall k = MakeKernelCall("Pooling2D", "kernels/pooling.h", "Pooling2DParams", p,
                                kernels::Pooling2DSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = std::string(max ? "MaxPool " : "AveragePool ") +
              Geometry(p.kernel_height, p.kernel_width, p.stride_height, p.stride_width) + " " +
              std::to_string(p.channels) + "ch";
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Pooling2D(p, b.in<float>(0), b.out<float>(0));
  };
  return k;
}

KernelCall GlobalPoolKernel(const NodeContext& c) {
  RequireNHWC(c);
  c.RequireFloatInputs();
  const Shape& x = c.shape(0);
  const bool max = c.node().op == op::kGlobalMaxPool;
  kernels::GlobalPoolingParams p;
  p.kind = max ? kernels::PoolingKind::kMax : kernels::PoolingKind::kAverage;
  p.batch = c.ToInt(x[0]);
  p.pixels = c.ToInt(x[1] * x[2]);
  p.channels = c.ToInt(x[3]);
  KernelCall k = MakeKernelCall("GlobalPooling", "kernels/pooling.h", "GlobalPoolingParams", p,
                                kernels::GlobalPoolingSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  // Our own loop first (kernels/pooling.cc says why); XNNPACK's still goes first on
  // AArch64, where the backend choice puts XNNPACK ahead of everything.
  k.backends = {Backend::kReference, Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = std::string(max ? "GlobalMaxPool " : "GlobalAveragePool ") +
              std::to_string(p.channels) + "ch";
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::GlobalPooling(p, b.in<float>(0), b.out<float>(0));
  };
  return k;
}

std::vector<AttrSpec> WindowAttrs(bool max) {
  std::vector<AttrSpec> a = {
      IntsAttr("kernel").Size(2).Min(1),
      IntsAttr("strides").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}),
      IntsAttr("pads").Size(4).Min(0).Default(std::vector<int64_t>{0, 0, 0, 0}),
      LayoutAttr(), ActMinAttr(), ActMaxAttr()};
  if (max) {
    a.push_back(IntsAttr("dilations").Size(2).Min(1).Default(std::vector<int64_t>{1, 1}));
  } else {
    a.push_back(IntAttr("count_include_pad").Min(0).Max(1).Default(int64_t{0}));
    a.push_back(IntsAttr("counted_pads").Size(4).Min(0).Default(std::vector<int64_t>{0, 0, 0, 0}));
  }
  return a;
}

}  // namespace

std::vector<OpDef> PoolOps() {
  std::vector<OpDef> ops(4);
  OpDef& max = ops[0];
  max.name = op::kMaxPool2D;
  max.doc = "MaxPool2D(x) -> y: pads already include the extra bottom/right rows a ceil-mode "
            "output needs; padded positions never win";
  max.attrs = WindowAttrs(true);
  OpDef& avg = ops[1];
  avg.name = op::kAveragePool2D;
  avg.doc = "AveragePool2D(x) -> y: with count_include_pad, counted_pads is the part of pads "
            "that counts in the divisor (ceil-mode extra rows never count)";
  avg.attrs = WindowAttrs(false);
  for (OpDef* d : {&max, &avg}) {
    d->layout = LayoutClass::kSpatial;
    d->fuses_activation = true;
    d->shape = PoolShape;
    d->kernel = PoolKernel;
  }
  ops[2].name = op::kGlobalAveragePool;
  ops[2].doc = "GlobalAveragePool(x[N,C,H,W] or [N,H,W,C]) -> [N,C,1,1] or [N,1,1,C]";
  ops[3].name = op::kGlobalMaxPool;
  ops[3].doc = "GlobalMaxPool(x[N,C,H,W] or [N,H,W,C]) -> [N,C,1,1] or [N,1,1,C]";
  for (size_t i = 2; i < 4; ++i) {
    ops[i].attrs = {LayoutAttr()};
    ops[i].layout = LayoutClass::kSpatial;
    ops[i].shape = GlobalPoolShape;
    ops[i].kernel = GlobalPoolKernel;
  }
  return ops;
}

}  // namespace neo::ir

// LayerNorm(x, scale?, bias?) -> y: every slice x[i0, ..., i(axis-1), :, ..., :] normalized
// on its own, then scaled and shifted element by element.
//
// Its layout class is `source`: the normalized axes are the trailing axes of the source
// (NCHW) layout, and in NHWC storage those are not trailing (an InstanceNorm's H, W), so
// the layout pass must hand it NCHW data. Transformers normalize rank-3 tokens or, in
// ConvNeXt, rank-4 tensors the model itself transposed to channels-last, which the pass
// leaves alone.
#include "compiler/ir/ops/layer_norm.h"

#include "kernels/layer_norm.h"
#include "kernels/reference/layer_norm.h"

namespace neo::ir {

namespace {

using kernels::Backend;

// `s` without its leading 1s: how a scale that broadcasts without repeating compares.
Shape WithoutLeadingOnes(Shape s) {
  while (!s.empty() && s.front() == 1) s.erase(s.begin());
  return s;
}

OutputType LayerNormShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const int64_t axis = c.Int("axis");
  if (axis >= static_cast<int64_t>(x.size())) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for shape " + ShapeToString(x));
  }
  // Scale and bias hold exactly the normalized shape (leading 1s aside): the kernel reads
  // them as one vector applied to every normalized slice.
  const Shape normalized(x.begin() + axis, x.end());
  for (size_t i = 1; i <= 2; ++i) {
    if (!c.has_input(i)) continue;
    if (WithoutLeadingOnes(c.shape(i)) != WithoutLeadingOnes(normalized)) {
      c.Fail(std::string(i == 1 ? "scale" : "bias") + " '" + c.input(i).name + "' has shape " +
             ShapeToString(c.shape(i)) + " but the normalized axes have shape " +
             ShapeToString(normalized));
    }
  }
  return {x, c.dtype(0)};
}

KernelCall LayerNormKernel(const NodeContext& c) {
  c.RequireFloatInputs();
  const Shape& x = c.shape(0);
  const int64_t axis = c.Int("axis");
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < static_cast<int64_t>(x.size()); ++d) (d < axis ? outer : inner) *= x[d];
  kernels::LayerNormParams p;
  p.outer = c.ToInt(outer);
  p.inner = c.ToInt(inner);
  p.epsilon = static_cast<float>(c.Float("epsilon"));
  p.has_scale = c.has_input(1);
  p.has_bias = c.has_input(2);
  KernelCall k = MakeKernelCall("LayerNorm", "kernels/layer_norm.h", "LayerNormParams", p,
                                kernels::LayerNormSupports);
  k.operands = {Operand::Input(0), p.has_scale ? Operand::Input(1) : Operand::Absent(),
                p.has_bias ? Operand::Input(2) : Operand::Absent(), Operand::Output(0)};
  k.backends = {Backend::kOnednn};
  k.light = true;
  k.summary = "LayerNorm " + ShapeToString(x) + " over axes " + std::to_string(axis) + ".." +
              std::to_string(x.size() - 1);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::LayerNorm(p, b.in<float>(0), b.in<float>(1), b.in<float>(2),
                                  b.out<float>(0));
  };
  return k;
}

}  // namespace

std::vector<OpDef> LayerNormOps() {
  OpDef ln;
  ln.name = op::kLayerNorm;
  ln.doc = "LayerNorm(x, scale?, bias?) -> y: each slice over axes [axis, rank) becomes "
           "(x - mean) / sqrt(var + epsilon) * scale + bias (biased variance); scale and bias "
           "have the shape x.shape[axis:] (leading 1s aside)";
  ln.min_inputs = 1;
  ln.max_inputs = 3;
  ln.attrs = {IntAttr("axis").Min(0), FloatAttr("epsilon").Min(0).Default(1e-5)};
  ln.layout = LayoutClass::kSource;
  ln.shape = LayerNormShape;
  ln.kernel = LayerNormKernel;
  return {ln};
}

}  // namespace neo::ir

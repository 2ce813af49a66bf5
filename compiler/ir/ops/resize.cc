// Resize(x) -> y. The output shape is the value's (floor(in * scale) per dimension, as the
// frontends resolve it); sampling follows ONNX's reference implementation, see
// kernels/resize.h.
#include "compiler/ir/ops/resize.h"

#include <cmath>

#include "kernels/reference/resize.h"
#include "kernels/resize.h"

namespace neo::ir {

namespace {

using kernels::Backend;

OutputType ResizeShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const auto scales = c.Floats("scales");
  if (scales.size() != x.size()) c.Fail("scales need one entry per dimension");
  Shape out(x.size());
  for (size_t d = 0; d < x.size(); ++d) {
    if (!(scales[d] > 0)) c.Fail("scales must be positive");
    out[d] = static_cast<int64_t>(std::floor(static_cast<double>(x[d]) * scales[d]));
  }
  return {out, c.dtype(0)};
}

KernelCall ResizeKernel(const NodeContext& c) {
  kernels::ResizeParams p;
  const std::string mode = c.Str("mode");
  const std::string coord = c.Str("coordinate_transformation_mode");
  const std::string nearest = c.Str("nearest_mode");
  p.mode = mode == "linear" ? kernels::ResizeMode::kLinear : kernels::ResizeMode::kNearest;
  if (coord == "half_pixel") p.coordinates = kernels::ResizeCoordinates::kHalfPixel;
  else if (coord == "asymmetric") p.coordinates = kernels::ResizeCoordinates::kAsymmetric;
  else if (coord == "align_corners") p.coordinates = kernels::ResizeCoordinates::kAlignCorners;
  else if (coord == "pytorch_half_pixel") p.coordinates = kernels::ResizeCoordinates::kPytorchHalfPixel;
  else p.coordinates = kernels::ResizeCoordinates::kTfHalfPixelForNn;
  if (nearest == "round_prefer_floor") p.nearest = kernels::ResizeNearest::kRoundPreferFloor;
  else if (nearest == "round_prefer_ceil") p.nearest = kernels::ResizeNearest::kRoundPreferCeil;
  else if (nearest == "floor") p.nearest = kernels::ResizeNearest::kFloor;
  else p.nearest = kernels::ResizeNearest::kCeil;
  p.input_shape = c.ToDims(c.shape(0));
  p.output_shape = c.ToDims(c.output_shape());
  const auto scales = c.Floats("scales");
  for (size_t i = 0; i < scales.size(); ++i) p.scales[i] = scales[i];
  p.element_size = DTypeSize(c.dtype(0));
  if (!kernels::ResizeSupports(Backend::kReference, p)) {
    c.NotImplemented(mode == "linear" && c.dtype(0) != DType::kFloat32
                         ? std::string("linear resize of ") + DTypeName(c.dtype(0))
                         : "these resize scales");
  }
  KernelCall k = MakeKernelCall("Resize", "kernels/resize.h", "ResizeParams", p,
                                kernels::ResizeSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = "Resize " + mode + " " + coord + " " + ShapeToString(c.shape(0)) + "->" +
              ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Resize(p, b.inputs[0], b.outputs[0]);
  };
  return k;
}

}  // namespace

std::vector<OpDef> ResizeOps() {
  OpDef resize;
  resize.name = op::kResize;
  resize.doc = "Resize(x) -> y: mode nearest (any rank, any type) or linear (N-linear, float) "
               "at one scale per dimension; coordinates and nearest rounding as ONNX's Resize";
  resize.attrs = {
      StringAttr("mode").OneOf({"nearest", "linear"}).Default(std::string("nearest")),
      StringAttr("coordinate_transformation_mode")
          .OneOf({"half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel",
                  "tf_half_pixel_for_nn"})
          .Default(std::string("half_pixel")),
      StringAttr("nearest_mode")
          .OneOf({"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"})
          .Default(std::string("round_prefer_floor")),
      FloatsAttr("scales")};
  resize.shape = ResizeShape;
  resize.kernel = ResizeKernel;
  return {resize};
}

}  // namespace neo::ir

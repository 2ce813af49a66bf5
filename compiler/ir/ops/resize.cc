// Resize(x) -> y. The output shape is `sizes` where the node has it (ONNX's Resize given
// sizes: exactly those lengths), else floor(in * scale) per dimension; sampling follows
// ONNX's reference implementation, see kernels/resize.h.
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
  for (double s : scales) {
    if (!(s > 0)) c.Fail("scales must be positive");
  }
  if (c.Has("roi") && c.Floats("roi").size() != 2 * x.size()) {
    c.Fail("roi needs a start and an end per dimension");
  }
  if (c.Has("sizes")) {
    const auto sizes = c.Ints("sizes");
    if (sizes.size() != x.size()) c.Fail("sizes need one entry per dimension");
    for (int64_t s : sizes) {
      if (s < 0) c.Fail("sizes must not be negative");
    }
    return {sizes, c.dtype(0)};
  }
  Shape out(x.size());
  for (size_t d = 0; d < x.size(); ++d) {
    out[d] = static_cast<int64_t>(std::floor(static_cast<double>(x[d]) * scales[d]));
  }
  return {out, c.dtype(0)};
}

kernels::ResizeMode ModeOf(const std::string& mode) {
  if (mode == "linear") return kernels::ResizeMode::kLinear;
  if (mode == "cubic") return kernels::ResizeMode::kCubic;
  return kernels::ResizeMode::kNearest;
}

kernels::ResizeCoordinates CoordinatesOf(const std::string& coord) {
  using kernels::ResizeCoordinates;
  if (coord == "asymmetric") return ResizeCoordinates::kAsymmetric;
  if (coord == "align_corners") return ResizeCoordinates::kAlignCorners;
  if (coord == "pytorch_half_pixel") return ResizeCoordinates::kPytorchHalfPixel;
  if (coord == "tf_half_pixel_for_nn") return ResizeCoordinates::kTfHalfPixelForNn;
  if (coord == "tf_crop_and_resize") return ResizeCoordinates::kTfCropAndResize;
  return ResizeCoordinates::kHalfPixel;
}

kernels::ResizeNearest NearestOf(const std::string& nearest) {
  using kernels::ResizeNearest;
  if (nearest == "round_prefer_ceil") return ResizeNearest::kRoundPreferCeil;
  if (nearest == "floor") return ResizeNearest::kFloor;
  if (nearest == "ceil") return ResizeNearest::kCeil;
  return ResizeNearest::kRoundPreferFloor;
}

KernelCall ResizeKernel(const NodeContext& c) {
  kernels::ResizeParams p;
  const std::string mode = c.Str("mode");
  const std::string coord = c.Str("coordinate_transformation_mode");
  p.mode = ModeOf(mode);
  p.coordinates = CoordinatesOf(coord);
  p.nearest = NearestOf(c.Str("nearest_mode"));
  p.input_shape = c.ToDims(c.shape(0));
  p.output_shape = c.ToDims(c.output_shape());
  const auto scales = c.Floats("scales");
  for (size_t i = 0; i < scales.size(); ++i) p.scales[i] = scales[i];
  p.element_size = DTypeSize(c.dtype(0));
  p.cubic_coeff_a = c.Float("cubic_coeff_a");
  p.exclude_outside = c.Int("exclude_outside") != 0;
  // The roi matters to tf_crop_and_resize alone; elsewhere it stays at its defaults so
  // that the parameters (and the code written from them) do not carry it.
  if (p.coordinates == kernels::ResizeCoordinates::kTfCropAndResize && c.Has("roi")) {
    const auto roi = c.Floats("roi");
    const size_t r = scales.size();
    for (size_t i = 0; i < r; ++i) {
      p.roi_start[i] = roi[i];
      p.roi_end[i] = roi[r + i];
    }
  }
  p.extrapolation_value = static_cast<float>(c.Float("extrapolation_value"));
  const bool float_only = mode != "nearest" || coord == "tf_crop_and_resize";
  if (float_only && c.dtype(0) != DType::kFloat32) {
    c.NotImplemented((mode != "nearest" ? mode + " resize" : coord) + " of " +
                     DTypeName(c.dtype(0)));
  }
  if (!kernels::ResizeSupports(Backend::kReference, p)) c.NotImplemented("these resize scales");
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
  resize.doc = "Resize(x) -> y: mode nearest (any rank, any type), linear (N-linear, float) or "
               "cubic (N-cubic, float) at one scale per dimension; coordinates, nearest "
               "rounding, cubic parameters and crop-and-resize as ONNX's Resize. The output "
               "shape is `sizes` when given, else floor(in * scale)";
  resize.attrs = {
      StringAttr("mode").OneOf({"nearest", "linear", "cubic"}).Default(std::string("nearest")),
      StringAttr("coordinate_transformation_mode")
          .OneOf({"half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel",
                  "tf_half_pixel_for_nn", "tf_crop_and_resize"})
          .Default(std::string("half_pixel")),
      StringAttr("nearest_mode")
          .OneOf({"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"})
          .Default(std::string("round_prefer_floor")),
      FloatsAttr("scales"),
      // The output shape, where the frontend knows it exactly (ONNX's `sizes`): the scales
      // (size / in) then only place the samples.
      IntsAttr("sizes").Min(0).Optional(),
      FloatAttr("cubic_coeff_a").Default(-0.75),
      IntAttr("exclude_outside").Min(0).Max(1).Default(int64_t{0}),
      // tf_crop_and_resize: [start..., end...] per dimension, fractions of the input.
      FloatsAttr("roi").Optional(),
      FloatAttr("extrapolation_value").Default(0.0)};
  resize.shape = ResizeShape;
  resize.kernel = ResizeKernel;
  return {resize};
}

}  // namespace neo::ir

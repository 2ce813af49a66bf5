// Resize (opsets 10, 11 and 13) -> the IR's Resize.
//   10: Resize(X, scales), mode nearest or linear, sampled as Upsample samples (asymmetric
//       coordinates, nearest rounding down: what ONNX's 10 -> 11 version converter writes).
//   11: Resize(X, roi, scales, sizes?) with coordinate_transformation_mode, nearest_mode,
//       mode cubic (cubic_coeff_a, exclude_outside) and tf_crop_and_resize (roi,
//       extrapolation_value); an empty `scales` leaves the output to `sizes`.
//   13: roi and scales may be left out as well.
// scales, sizes and roi must be constants: exporters write them as initializers or as
// Shape arithmetic, which folds while lowering since data_shape fixes the input shapes.
// Given sizes, the output has exactly those lengths and the coordinates use
// scale = size / in (in double), as ONNX's reference does; recomputing the length as
// floor(in * scale) could land one short.
#include <cmath>
#include <initializer_list>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

bool OneOf(const std::string& v, std::initializer_list<const char*> choices) {
  for (const char* c : choices) {
    if (v == c) return true;
  }
  return false;
}

// An optional constant input that may also be given as an empty tensor (opset 11's way
// of leaving out scales or roi).
bool Given(NodeLowering& n, int i) {
  return n.has_input(i) && n.input_value(i).num_elements() > 0;
}

}  // namespace

void LowerResize(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  const size_t rank = x.size();
  const std::string mode = n.StringAttr("mode", "nearest");
  const bool opset10 = n.opset() < 11;
  if (!OneOf(mode, opset10 ? std::initializer_list<const char*>{"nearest", "linear"}
                           : std::initializer_list<const char*>{"nearest", "linear", "cubic"})) {
    n.NotSupported("mode " + mode);
  }
  const std::string coord = opset10 ? "asymmetric"
                                    : n.StringAttr("coordinate_transformation_mode", "half_pixel");
  if (!OneOf(coord, {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
                     "tf_half_pixel_for_nn", "tf_crop_and_resize"})) {
    n.NotSupported("coordinate_transformation_mode " + coord);
  }
  const std::string nearest =
      opset10 ? "floor" : n.StringAttr("nearest_mode", "round_prefer_floor");
  if (!OneOf(nearest, {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"})) {
    n.NotSupported("nearest_mode " + nearest);
  }
  const ir::DType dtype = n.input_value(0).dtype;
  if ((mode != "nearest" || coord == "tf_crop_and_resize") && dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(dtype) + " in mode " + mode +
                   " (" + coord + ")");
  }

  // Output lengths and the scales that place the samples.
  const int scales_input = opset10 ? 1 : 2;
  std::vector<double> scales(rank);
  ir::Shape out(rank);
  const bool by_sizes = !opset10 && Given(n, 3);
  if (by_sizes) {
    if (Given(n, scales_input)) n.NotValid("scales", "cannot be given together with sizes");
    const std::vector<int64_t> sizes = n.ConstantInts(3, "sizes");
    if (sizes.size() != rank) n.NotValid("sizes", "must have one entry per input dimension");
    for (size_t d = 0; d < rank; ++d) {
      if (sizes[d] < 1) n.NotValid("sizes", "must be positive");
      out[d] = sizes[d];
      scales[d] = static_cast<double>(sizes[d]) / static_cast<double>(x[d]);
    }
  } else {
    if (!Given(n, scales_input)) throw AttributeRequiredError("scales", n.op_type());
    const std::vector<float> given = n.ConstantFloats(scales_input, "scales");
    if (given.size() != rank) n.NotValid("scales", "must have one entry per input dimension");
    for (size_t d = 0; d < rank; ++d) {
      if (!(given[d] > 0.0f)) n.NotValid("scales", "must be positive");
      scales[d] = given[d];
      const double length = std::floor(static_cast<double>(x[d]) * scales[d]);
      if (length < 1.0) n.NotValid("scales", "must leave every output dimension non-empty");
      if (length > static_cast<double>(int64_t{1} << 40)) {  // converting would overflow
        n.NotValid("scales", "give an output dimension beyond 2^40");
      }
      out[d] = static_cast<int64_t>(length);
    }
  }

  ir::ValueId y = n.output(0);
  ir::Value& yv = n.graph().value(y);
  yv.shape = out;
  yv.has_shape = true;
  yv.dtype = dtype;
  ir::Node& node = n.Emit(ir::op::kResize, {n.input(0)}, {y});
  node.attrs.set("mode", mode);
  node.attrs.set("coordinate_transformation_mode", coord);
  node.attrs.set("nearest_mode", nearest);
  node.attrs.set("scales", scales);
  if (by_sizes) node.attrs.set("sizes", std::vector<int64_t>(out.begin(), out.end()));
  if (opset10) return;

  // The remaining attributes only where they change the result.
  if (mode == "cubic") {
    node.attrs.set("cubic_coeff_a", static_cast<double>(n.FloatAttr("cubic_coeff_a", -0.75f)));
  }
  const int64_t exclude = n.IntAttr("exclude_outside", 0);
  if (exclude != 0 && exclude != 1) n.NotValid("exclude_outside", "must be 0 or 1");
  if (exclude && mode != "nearest") node.attrs.set("exclude_outside", exclude);
  if (coord == "tf_crop_and_resize") {
    if (!Given(n, 1)) throw AttributeRequiredError("roi", n.op_type());
    const std::vector<float> roi = n.ConstantFloats(1, "roi");
    if (roi.size() != 2 * rank) {
      n.NotValid("roi", "must have a start and an end per input dimension");
    }
    node.attrs.set("roi", std::vector<double>(roi.begin(), roi.end()));
    node.attrs.set("extrapolation_value",
                   static_cast<double>(n.FloatAttr("extrapolation_value", 0.0f)));
  }
}

}  // namespace neo::onnx_frontend

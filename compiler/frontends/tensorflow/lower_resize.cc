// ResizeBilinear and ResizeNearestNeighbor (NHWC images, output size as a tensor), mapped
// to the IR's Resize with the coordinate rule TensorFlow uses for each flag:
//   bilinear: align_corners -> align_corners, half_pixel_centers -> half_pixel,
//             neither -> asymmetric
//   nearest:  align_corners -> align_corners, rounding half away from zero;
//             half_pixel_centers -> tf_half_pixel_for_nn, floor; neither -> asymmetric, floor
#include <cmath>

#include "compiler/frontends/tensorflow/operator_table.h"

namespace neo::tf_frontend {

void LowerResize(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 4) n.NotValid("images", "must have rank 4");
  const std::vector<int64_t> size = n.ConstantInts(1, "size");
  if (size.size() != 2 || size[0] <= 0 || size[1] <= 0) {
    n.NotValid("size", "must be two positive values");
  }
  const bool align = n.BoolAttr("align_corners", false);
  const bool half = n.BoolAttr("half_pixel_centers", false);
  if (align && half) n.NotValid("align_corners", "and half_pixel_centers cannot both be true");
  const bool bilinear = n.op() == "ResizeBilinear";
  ir::Attributes a;
  a.set("mode", std::string(bilinear ? "linear" : "nearest"));
  a.set("coordinate_transformation_mode",
        std::string(align ? "align_corners"
                          : half ? (bilinear ? "half_pixel" : "tf_half_pixel_for_nn")
                                 : "asymmetric"));
  a.set("nearest_mode", std::string(align ? "round_prefer_ceil" : "floor"));
  // The IR's output size is floor(in * scale): nudge the quotient up until it lands.
  std::vector<double> scales = {1.0, 0.0, 0.0, 1.0};
  for (size_t d = 0; d < 2; ++d) {
    double s = static_cast<double>(size[d]) / static_cast<double>(x[d + 1]);
    while (std::floor(static_cast<double>(x[d + 1]) * s) < static_cast<double>(size[d])) {
      s = std::nextafter(s, 2 * s);
    }
    scales[d + 1] = s;
  }
  a.set("scales", scales);
  ir::ValueId in = n.input(0);
  if (bilinear && n.input_value(0).dtype != ir::DType::kFloat32) {
    ir::Attributes c;
    c.set("to", std::string("float32"));
    in = n.Emit("Cast", {in}, c, ir::DType::kFloat32);
  }
  n.SetOutput(0, n.EmitLike("Resize", {in}, a));
}

}  // namespace neo::tf_frontend

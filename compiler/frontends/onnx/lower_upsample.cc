// Upsample -> Resize. Opsets 7-8 give `scales` as an attribute, opset 9 as a (constant)
// input; the operator is deprecated from opset 10, where Resize (lower_resize.cc, beyond
// Neo's table) replaces it. Upsample's sampling is Resize's "asymmetric" transform:
// nearest takes floor(out / scale), linear interpolates at out / scale.
#include <cmath>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void LowerUpsample(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  if (n.opset() >= 10) n.NotSupported("opset " + std::to_string(n.opset()) + " (deprecated; use Resize)");
  // Opset 1's experimental Upsample (width_scale/height_scale) predates the standard one.
  if (n.opset() < 7) n.NotSupported("opset " + std::to_string(n.opset()) + " (experimental version)");
  const std::string mode = n.StringAttr("mode", "nearest");
  if (mode != "nearest" && mode != "linear") n.NotSupported("mode " + mode);
  std::vector<float> scales;
  if (n.opset() < 9) {
    if (!n.has_attr("scales")) throw AttributeRequiredError("scales", n.op_type());
    scales = n.FloatsAttr("scales", {});
  } else {
    if (!n.has_input(1)) throw AttributeRequiredError("scales", n.op_type());
    scales = n.ConstantFloats(1, "scales");
  }
  if (scales.size() != x.size()) n.NotValid("scales", "must have one entry per input dimension");
  ir::Shape out(x.size());
  std::vector<double> ds;
  for (size_t d = 0; d < x.size(); ++d) {
    if (!(scales[d] >= 1.0f)) n.NotValid("scales", "must be at least 1");
    out[d] = static_cast<int64_t>(std::floor(static_cast<double>(x[d]) * scales[d]));
    ds.push_back(scales[d]);
  }
  if (mode == "linear" && (x.size() != 4 || scales[0] != 1.0f || scales[1] != 1.0f)) {
    n.NotSupported("mode linear outside the two spatial axes of a rank-4 input");
  }
  ir::ValueId y = n.output(0);
  ir::Value& yv = n.graph().value(y);
  yv.shape = out;
  yv.has_shape = true;
  yv.dtype = n.input_value(0).dtype;
  ir::Node& node = n.Emit(ir::op::kResize, {n.input(0)}, {y});
  node.attrs.set("mode", mode);
  node.attrs.set("coordinate_transformation_mode", std::string("asymmetric"));
  node.attrs.set("nearest_mode", std::string("floor"));
  node.attrs.set("scales", ds);
}

}  // namespace neo::onnx_frontend

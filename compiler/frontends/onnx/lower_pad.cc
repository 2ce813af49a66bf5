// Pad -> Pad. Before opset 11 pads and value are attributes; from 11 they are inputs
// (we compile constant ones). Modes: constant, reflect, edge.
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void LowerPad(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(in.size());
  const std::string mode = n.StringAttr("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge") n.NotSupported("mode " + mode);
  std::vector<int64_t> pads;
  float value = 0.0f;
  if (n.opset() < 2) {
    pads = n.IntsAttr("paddings");  // opset 1's name for pads
    value = n.FloatAttr("value", 0.0f);
  } else if (n.opset() < 11) {
    pads = n.IntsAttr("pads");
    value = n.FloatAttr("value", 0.0f);
  } else {
    if (!n.has_input(1)) throw AttributeRequiredError("pads", n.op_type());
    pads = n.ConstantInts(1, "pads");
    if (n.has_input(2)) {
      std::vector<float> v = n.ConstantFloats(2, "constant_value");
      if (v.size() != 1) n.NotValid("constant_value", "must be a scalar");
      value = v[0];
    }
    if (n.has_input(3)) n.NotSupported("axes");
  }
  if (static_cast<int64_t>(pads.size()) != 2 * rank) {
    n.NotValid("pads", "must have two entries per input dimension");
  }
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t out = in[d] + pads[d] + pads[d + rank];
    if (out < 0) n.NotValid("pads", "crops more than the input holds");
    // Reflection needs a neighbour to mirror: a pad must be smaller than the dimension.
    if (mode == "reflect" && (pads[d] >= in[d] || pads[d + rank] >= in[d])) {
      n.NotValid("pads", "must be smaller than the dimension for reflect mode");
    }
    if (mode == "edge" && in[d] == 0 && (pads[d] > 0 || pads[d + rank] > 0)) {
      n.NotValid("pads", "cannot extend an empty dimension in edge mode");
    }
  }
  ir::Node& node = n.Emit(ir::op::kPad, {n.input(0)}, {n.output(0)});
  node.attrs.set("pads", pads);
  node.attrs.set("mode", mode);
  node.attrs.set("value", static_cast<double>(value));
  n.graph().value(n.output(0)).dtype = n.input_value(0).dtype;
}

}  // namespace neo::onnx_frontend

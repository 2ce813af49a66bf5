// BatchNormalization (inference form) -> BatchNorm; the passes fold it into the
// preceding convolution or into a per-channel multiply-add.
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void LowerBatchNormalization(NodeLowering& n) {
  const ir::Shape& x = n.input_shape(0);
  if (x.size() < 2) n.NotSupported("input of rank " + std::to_string(x.size()));
  if (n.IntAttr("training_mode", 0) != 0) n.NotSupported("training_mode");
  if (n.opset() < 9 && n.IntAttr("spatial", 1) != 1) n.NotSupported("spatial");
  for (int i = 1; i < n.num_outputs(); ++i) {
    if (!n.node().output(i).empty()) n.NotSupported("training outputs");
  }
  const float epsilon = n.FloatAttr("epsilon", 1e-5f);
  if (epsilon < 0) n.NotValid("epsilon", "cannot be negative");
  for (int i = 1; i <= 4; ++i) {
    const ir::Shape& s = n.input_shape(i);
    if (s.size() != 1 || s[0] != x[1]) {
      n.NotValid(i == 1 ? "scale" : i == 2 ? "B" : i == 3 ? "mean" : "var",
                 "must hold one value per channel");
    }
  }
  ir::Node& node = n.Emit(ir::op::kBatchNorm,
                          {n.input(0), n.input(1), n.input(2), n.input(3), n.input(4)},
                          {n.output(0)});
  node.attrs.set("epsilon", static_cast<double>(epsilon));
  node.attrs.set("layout", std::string(x.size() == 4 ? "NCHW" : "NC"));
}

}  // namespace neo::onnx_frontend

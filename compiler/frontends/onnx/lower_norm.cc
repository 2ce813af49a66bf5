// BatchNormalization (inference form) -> BatchNorm; the passes fold it into the
// preceding convolution or into a per-channel multiply-add.
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// Statistics computed at run time (not weights): y = (x - mean) * scale / sqrt(var + eps)
// + B, each [C] operand reshaped to [C, 1, ...] to broadcast over the channel axis.
void LowerBatchNormArithmetic(NodeLowering& n, const ir::Shape& x, float epsilon) {
  ir::Shape per_channel(x.size() - 1, 1);
  per_channel[0] = x[1];
  auto as_channels = [&](int i, const char* what) {
    ir::ValueId v = n.NewValue(what);
    n.Emit(ir::op::kReshape, {n.input(i)}, {v}).attrs.set("shape", per_channel);
    return v;
  };
  const ir::ValueId scale = as_channels(1, "scale"), bias = as_channels(2, "bias");
  const ir::ValueId mean = as_channels(3, "mean"), var = as_channels(4, "var");
  ir::Graph& g = n.graph();
  const ir::ValueId eps =
      g.AddFloatConstant(g.UniqueName(n.node().output(0) + "/epsilon"), {}, {epsilon});
  const ir::ValueId var_eps = n.NewValue("var_eps"), stddev = n.NewValue("stddev");
  const ir::ValueId factor = n.NewValue("factor"), centred = n.NewValue("centred");
  const ir::ValueId scaled = n.NewValue("scaled");
  n.Emit(ir::op::kAdd, {var, eps}, {var_eps});
  n.Emit(ir::op::kSqrt, {var_eps}, {stddev});
  n.Emit(ir::op::kDiv, {scale, stddev}, {factor});
  n.Emit(ir::op::kSub, {n.input(0), mean}, {centred});
  n.Emit(ir::op::kMul, {centred, factor}, {scaled});
  n.Emit(ir::op::kAdd, {scaled, bias}, {n.output(0)});
}

}  // namespace

void LowerBatchNormalization(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  if (x.size() < 2) n.NotSupported("input of rank " + std::to_string(x.size()));
  if (n.IntAttr("training_mode", 0) != 0) n.NotSupported("training_mode");
  if (n.opset() < 9 && n.IntAttr("spatial", 1) != 1) n.NotSupported("spatial");
  // Before opset 7, is_test=0 (the default) asks for training mode's batch statistics.
  if (n.opset() < 7 && n.IntAttr("is_test", 0) == 0) n.NotSupported("is_test");
  for (int i = 1; i < n.num_outputs(); ++i) {
    if (!n.node().output(i).empty()) n.NotSupported("training outputs");
  }
  const float epsilon = n.FloatAttr("epsilon", 1e-5f);
  if (epsilon < 0) n.NotValid("epsilon", "cannot be negative");
  for (int i = 1; i <= 4; ++i) {
    const ir::Shape s = n.input_shape(i);
    if (s.size() != 1 || s[0] != x[1]) {
      n.NotValid(i == 1 ? "scale" : i == 2 ? "B" : i == 3 ? "mean" : "var",
                 "must hold one value per channel");
    }
  }
  bool constant_params = true;
  for (int i = 1; i <= 4; ++i) constant_params = constant_params && n.input_value(i).is_constant();
  if (!constant_params) {
    LowerBatchNormArithmetic(n, x, epsilon);
    return;
  }
  ir::Node& node = n.Emit(ir::op::kBatchNorm,
                          {n.input(0), n.input(1), n.input(2), n.input(3), n.input(4)},
                          {n.output(0)});
  node.attrs.set("epsilon", static_cast<double>(epsilon));
  node.attrs.set("layout", std::string(x.size() == 4 ? "NCHW" : "NC"));
}

}  // namespace neo::onnx_frontend

namespace neo::onnx_frontend {

// LRN -> LRN across channels (axis 1 of the source layout).
void LowerLRN(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  if (x.size() < 3) n.NotSupported("input of rank " + std::to_string(x.size()));
  if (n.input_value(0).dtype != ir::DType::kFloat32) n.NotSupported("non-float input");
  const int64_t size = n.IntAttr("size");
  if (size <= 0) n.NotValid("size", "must be positive");
  const float bias = n.FloatAttr("bias", 1.0f);
  ir::Node& node = n.Emit(ir::op::kLRN, {n.input(0)}, {n.output(0)});
  node.attrs.set("size", size);
  node.attrs.set("alpha", static_cast<double>(n.FloatAttr("alpha", 1e-4f)));
  node.attrs.set("beta", static_cast<double>(n.FloatAttr("beta", 0.75f)));
  node.attrs.set("bias", static_cast<double>(bias));
  node.attrs.set("layout", std::string("NCHW"));
}

}  // namespace neo::onnx_frontend

// BatchNormalization (inference form) -> BatchNorm; the passes fold it into the
// preceding convolution or into a per-channel multiply-add.
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// Input `i` ([C]) reshaped to [C, 1, ...] so it broadcasts over x's channel axis.
ir::ValueId PerChannel(NodeLowering& n, int i, const ir::Shape& x, const char* what) {
  ir::Shape per_channel(x.size() - 1, 1);
  per_channel[0] = x[1];
  ir::ValueId v = n.NewValue(what);
  n.Emit(ir::op::kReshape, {n.input(i)}, {v}).attrs.set("shape", per_channel);
  return v;
}

// Statistics computed at run time (not weights): y = (x - mean) * scale / sqrt(var + eps)
// + B, each [C] operand reshaped to [C, 1, ...] to broadcast over the channel axis.
void LowerBatchNormArithmetic(NodeLowering& n, const ir::Shape& x, float epsilon) {
  auto as_channels = [&](int i, const char* what) { return PerChannel(n, i, x, what); };
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

// Training mode (training_mode=1, opset 14+) is deterministic: normalise with the batch's
// own statistics (population variance over every axis but the channel) and move the
// running statistics toward them by `momentum`. Outputs: Y, running_mean, running_var.
void LowerBatchNormTraining(NodeLowering& n, const ir::Shape& x, float epsilon) {
  const float momentum = n.FloatAttr("momentum", 0.9f);
  std::vector<int64_t> axes;
  for (int64_t d = 0; d < static_cast<int64_t>(x.size()); ++d) {
    if (d != 1) axes.push_back(d);
  }
  auto reduce_mean = [&](ir::ValueId in, const char* what) {
    ir::ValueId out = n.NewValue(what);
    ir::Node& r = n.Emit(ir::op::kReduce, {in}, {out});
    r.attrs.set("kind", std::string("mean"));
    r.attrs.set("axes", axes);
    r.attrs.set("keepdims", int64_t{1});
    return out;
  };
  const ir::ValueId batch_mean = reduce_mean(n.input(0), "batch_mean");
  const ir::ValueId centred = n.NewValue("centred"), squares = n.NewValue("squares");
  n.Emit(ir::op::kSub, {n.input(0), batch_mean}, {centred});
  n.Emit(ir::op::kMul, {centred, centred}, {squares});
  const ir::ValueId batch_var = reduce_mean(squares, "batch_var");

  auto as_channels = [&](int i, const char* what) { return PerChannel(n, i, x, what); };
  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0);
  const ir::ValueId eps = g.AddFloatConstant(g.UniqueName(base + "/epsilon"), {}, {epsilon});
  const ir::ValueId var_eps = n.NewValue("var_eps"), stddev = n.NewValue("stddev");
  const ir::ValueId factor = n.NewValue("factor"), scaled = n.NewValue("scaled");
  n.Emit(ir::op::kAdd, {batch_var, eps}, {var_eps});
  n.Emit(ir::op::kSqrt, {var_eps}, {stddev});
  n.Emit(ir::op::kDiv, {as_channels(1, "scale"), stddev}, {factor});
  n.Emit(ir::op::kMul, {centred, factor}, {scaled});
  n.Emit(ir::op::kAdd, {scaled, as_channels(2, "bias")}, {n.output(0)});

  const ir::ValueId keep = g.AddFloatConstant(g.UniqueName(base + "/momentum"), {}, {momentum});
  const ir::ValueId take =
      g.AddFloatConstant(g.UniqueName(base + "/one_minus_momentum"), {}, {1.0f - momentum});
  auto running = [&](int out, int input, ir::ValueId batch, const char* what) {
    if (out >= n.num_outputs() || n.node().output(out).empty()) return;
    const std::string w = what;
    ir::ValueId flat = n.NewValue(w + "_flat"), kept = n.NewValue(w + "_kept");
    ir::ValueId taken = n.NewValue(w + "_taken");
    n.Emit(ir::op::kReshape, {batch}, {flat}).attrs.set("shape", ir::Shape{x[1]});
    n.Emit(ir::op::kMul, {n.input(input), keep}, {kept});
    n.Emit(ir::op::kMul, {flat, take}, {taken});
    n.Emit(ir::op::kAdd, {kept, taken}, {n.output(out)});
  };
  running(1, 3, batch_mean, "running_mean");
  running(2, 4, batch_var, "running_var");
}

}  // namespace

void LowerBatchNormalization(NodeLowering& n) {
  const ir::Shape x = n.input_shape(0);
  if (x.size() < 2) n.NotSupported("input of rank " + std::to_string(x.size()));
  const bool training = n.opset() >= 14 && n.IntAttr("training_mode", 0) != 0;
  if (n.opset() < 9 && n.IntAttr("spatial", 1) != 1) n.NotSupported("spatial");
  // Before opset 7, is_test=0 (the default) asks for training mode's batch statistics.
  if (n.opset() < 7 && n.IntAttr("is_test", 0) == 0) n.NotSupported("is_test");
  // Opsets 9-13 had training outputs (mean, var, saved statistics) but no training flag.
  for (int i = 1; i < n.num_outputs() && !training; ++i) {
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
  if (training) {
    for (int i = 0; i < 5; ++i) {
      if (n.input_value(i).dtype != ir::DType::kFloat32) n.NotSupported("non-float input");
    }
    LowerBatchNormTraining(n, x, epsilon);
    return;
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
  // "NCHW" is the IR's source layout at any rank: channels on axis 1.
  node.attrs.set("layout", std::string("NCHW"));
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

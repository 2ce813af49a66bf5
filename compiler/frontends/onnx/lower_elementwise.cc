// Element-wise operators: unary activations and math, Clip, the broadcasting binary
// operators, the variadic Max/Min/Sum/Mean and PRelu.
#include <cstring>
#include <limits>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

struct UnaryEntry {
  const char* onnx;
  const char* ir;
  // ONNX attribute defaults; a null name means the operator takes no such attribute.
  const char* alpha_name;
  float alpha_default;
  const char* beta_name;
  float beta_default;
  const char* gamma_name;
  float gamma_default;
};

constexpr UnaryEntry kUnary[] = {
    {"Abs", ir::op::kAbs, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Ceil", ir::op::kCeil, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Elu", ir::op::kElu, "alpha", 1.0f, nullptr, 0, nullptr, 0},
    {"Exp", ir::op::kExp, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Floor", ir::op::kFloor, nullptr, 0, nullptr, 0, nullptr, 0},
    {"HardSigmoid", ir::op::kHardSigmoid, "alpha", 0.2f, "beta", 0.5f, nullptr, 0},
    {"LeakyRelu", ir::op::kLeakyRelu, "alpha", 0.01f, nullptr, 0, nullptr, 0},
    {"Log", ir::op::kLog, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Neg", ir::op::kNeg, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Reciprocal", ir::op::kReciprocal, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Relu", ir::op::kRelu, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Selu", ir::op::kSelu, "alpha", 1.67326319217681884765625f, nullptr, 0, "gamma",
     1.05070102214813232421875f},
    {"Sigmoid", ir::op::kSigmoid, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Softplus", ir::op::kSoftplus, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Softsign", ir::op::kSoftsign, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Sqrt", ir::op::kSqrt, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Tanh", ir::op::kTanh, nullptr, 0, nullptr, 0, nullptr, 0},
    {"ThresholdedRelu", ir::op::kThresholdedRelu, "alpha", 1.0f, nullptr, 0, nullptr, 0},
};

void RequireFloat(NodeLowering& n, int i) {
  if (n.input_value(i).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
  }
}

}  // namespace

void LowerUnary(NodeLowering& n) {
  for (const UnaryEntry& e : kUnary) {
    if (n.op_type() != e.onnx) continue;
    RequireFloat(n, 0);
    ir::Node& node = n.Emit(e.ir, {n.input(0)}, {n.output(0)});
    if (e.alpha_name) node.attrs.set("alpha", static_cast<double>(n.FloatAttr(e.alpha_name, e.alpha_default)));
    if (e.beta_name) node.attrs.set("beta", static_cast<double>(n.FloatAttr(e.beta_name, e.beta_default)));
    if (e.gamma_name) node.attrs.set("gamma", static_cast<double>(n.FloatAttr(e.gamma_name, e.gamma_default)));
    return;
  }
  n.NotSupported("operator variant");
}

void LowerClip(NodeLowering& n) {
  RequireFloat(n, 0);
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  if (n.opset() < 11) {
    lo = n.FloatAttr("min", lo);
    hi = n.FloatAttr("max", hi);
  } else {
    // From opset 11 the bounds are optional inputs; we compile constant ones.
    if (n.has_input(1)) lo = n.ConstantFloats(1, "min").at(0);
    if (n.has_input(2)) hi = n.ConstantFloats(2, "max").at(0);
  }
  ir::Node& node = n.Emit(ir::op::kClamp, {n.input(0)}, {n.output(0)});
  node.attrs.set("min", static_cast<double>(lo));
  node.attrs.set("max", static_cast<double>(hi));
}

namespace {

const char* BinaryIrOp(const std::string& op_type) {
  if (op_type == "Add" || op_type == "Sum" || op_type == "Mean") return ir::op::kAdd;
  if (op_type == "Sub") return ir::op::kSub;
  if (op_type == "Mul") return ir::op::kMul;
  if (op_type == "Div") return ir::op::kDiv;
  if (op_type == "Pow") return ir::op::kPow;
  if (op_type == "Max") return ir::op::kMaximum;
  if (op_type == "Min") return ir::op::kMinimum;
  return nullptr;
}

}  // namespace

void LowerBinary(NodeLowering& n) {
  // Before opset 7 broadcasting was opt-in through attributes; we follow opset 7+.
  if (n.has_attr("broadcast") && n.IntAttr("broadcast") == 1 && n.has_attr("axis")) {
    n.NotSupported("axis");
  }
  RequireFloat(n, 0);
  RequireFloat(n, 1);
  n.Emit(BinaryIrOp(n.op_type()), {n.input(0), n.input(1)}, {n.output(0)});
}

void LowerVariadic(NodeLowering& n) {
  std::vector<ir::ValueId> inputs;
  for (int i = 0; i < n.num_inputs(); ++i) {
    if (!n.has_input(i)) continue;
    RequireFloat(n, i);
    inputs.push_back(n.input(i));
  }
  if (inputs.empty()) n.NotValid("inputs", "cannot be empty");
  const bool mean = n.op_type() == "Mean";
  if (inputs.size() == 1 && !mean) {
    n.Emit(ir::op::kIdentity, {inputs[0]}, {n.output(0)});
    return;
  }
  ir::ValueId acc = inputs[0];
  for (size_t i = 1; i < inputs.size(); ++i) {
    const bool last = i + 1 == inputs.size() && !mean;
    ir::ValueId out = last ? n.output(0) : n.NewValue("partial" + std::to_string(i));
    n.Emit(BinaryIrOp(n.op_type()), {acc, inputs[i]}, {out});
    acc = out;
  }
  if (mean) {
    ir::ValueId scale = n.graph().AddFloatConstant(
        n.graph().UniqueName(n.node().output(0) + "/inverse_count"), {},
        {1.0f / static_cast<float>(inputs.size())});
    n.Emit(ir::op::kMul, {acc, scale}, {n.output(0)});
  }
}

void LowerPRelu(NodeLowering& n) {
  RequireFloat(n, 0);
  RequireFloat(n, 1);
  n.Emit(ir::op::kPRelu, {n.input(0), n.input(1)}, {n.output(0)});
}

}  // namespace neo::onnx_frontend

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
    {"HardSwish", ir::op::kHardSwish, nullptr, 0, nullptr, 0, nullptr, 0},
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
    // Beyond Neo's list: the math functions of opsets 7-12.
    {"Erf", ir::op::kErf, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Sin", ir::op::kSin, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Cos", ir::op::kCos, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Tan", ir::op::kTan, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Asin", ir::op::kAsin, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Acos", ir::op::kAcos, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Atan", ir::op::kAtan, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Sinh", ir::op::kSinh, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Cosh", ir::op::kCosh, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Asinh", ir::op::kAsinh, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Acosh", ir::op::kAcosh, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Atanh", ir::op::kAtanh, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Sign", ir::op::kSign, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Round", ir::op::kRound, nullptr, 0, nullptr, 0, nullptr, 0},
    {"Shrink", ir::op::kShrink, "lambd", 0.5f, "bias", 0.0f, nullptr, 0},
    {"Celu", ir::op::kCelu, "alpha", 1.0f, nullptr, 0, nullptr, 0},
};

void RequireFloat(NodeLowering& n, int i) {
  if (n.input_value(i).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
  }
}

// The arithmetic operators (binary, Max/Min, Clip) also run on the integer types the
// kernels have typed loops for; bool is refused with RequireFloat's message.
bool IsArithmeticType(ir::DType t) {
  return t == ir::DType::kFloat32 || t == ir::DType::kInt8 || t == ir::DType::kUInt8 ||
         t == ir::DType::kInt32 || t == ir::DType::kInt64;
}

void RequireArithmetic(NodeLowering& n, int i) {
  if (!IsArithmeticType(n.input_value(i).dtype)) RequireFloat(n, i);
}

// Operands of one binary node must share a dtype (ONNX's type constraint T).
void RequireSameType(NodeLowering& n, int i, ir::DType t) {
  RequireArithmetic(n, i);
  if (n.input_value(i).dtype != t) {
    n.NotValid("input " + std::to_string(i), std::string("has type ") +
                                                 ir::DTypeName(n.input_value(i).dtype) +
                                                 ", unlike input 0 (" + ir::DTypeName(t) + ")");
  }
}

}  // namespace

void LowerUnary(NodeLowering& n) {
  const ir::DType t = n.input_value(0).dtype;
  if (n.op_type() == "Neg" && (t == ir::DType::kInt64 || t == ir::DType::kInt32 || t == ir::DType::kInt8)) {
    // Integer negation as 0 - x on the binary kernel (which wraps as numpy does):
    // LayerNormalization's expanded form negates an int64 axis.
    ir::Graph& g = n.graph();
    const ir::ValueId zero = g.AddConstant(g.UniqueName(n.node().output(0) + "_zero"), t, {},
                                           std::vector<uint8_t>(ir::DTypeSize(t), 0));
    n.Emit(ir::op::kSub, {zero, n.input(0)}, {n.output(0)});
    g.value(n.output(0)).dtype = t;
    return;
  }
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
  RequireArithmetic(n, 0);
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

ir::ValueId CastTo(NodeLowering& n, ir::ValueId v, ir::DType to, const std::string& suffix) {
  ir::ValueId out = n.NewValue(suffix, to);
  n.Emit(ir::op::kCast, {v}, {out}).attrs.set("to", std::string(ir::DTypeName(to)));
  return out;
}

// Pow's exponent may have another type than the base; the result has the base's type.
// Same-typed operands go to the typed kernel (exact integer powers). Otherwise Cast nodes
// bring both to one type: a float base with an integer exponent computes in float; an
// integer base with a float exponent computes in float and truncates back to the base
// type (Cast truncates toward zero); two integer types meet in the base's type.
void LowerPow(NodeLowering& n, ir::ValueId y) {
  const ir::DType base = n.input_value(0).dtype, exponent = n.input_value(1).dtype;
  RequireArithmetic(n, 1);
  ir::ValueId x = n.input(0);
  if (base == exponent) {
    n.Emit(ir::op::kPow, {x, y}, {n.output(0)});
  } else if (base == ir::DType::kFloat32) {
    n.Emit(ir::op::kPow, {x, CastTo(n, y, base, "exponent_as_float")}, {n.output(0)});
  } else if (exponent != ir::DType::kFloat32) {
    n.Emit(ir::op::kPow, {x, CastTo(n, y, base, "exponent_as_base_type")}, {n.output(0)});
  } else {
    ir::ValueId power = n.NewValue("float_power", ir::DType::kFloat32);
    n.Emit(ir::op::kPow, {CastTo(n, x, exponent, "base_as_float"), y}, {power});
    n.Emit(ir::op::kCast, {power}, {n.output(0)}).attrs.set("to", std::string(ir::DTypeName(base)));
  }
}

}  // namespace

// Before opset 7 broadcasting was opt-in: with broadcast=1, B stretches onto A, its
// dimensions lining up with A's from `axis` on (by default with A's trailing ones);
// without it the shapes must be equal. Returns B reshaped so that numpy's trailing
// alignment, which the IR's binary operators use, gives the same pairing.
ir::ValueId LegacyBroadcastOperand(NodeLowering& n) {
  const ir::Shape a = n.input_shape(0), b = n.input_shape(1);
  if (n.IntAttr("broadcast", 0) == 0) {
    if (a != b) n.NotValid("broadcast", "must be 1 when the inputs' shapes differ");
    return n.input(1);
  }
  const int64_t ra = static_cast<int64_t>(a.size()), rb = static_cast<int64_t>(b.size());
  if (rb > ra) n.NotValid("broadcast", "needs B's rank to be at most A's");
  const int64_t axis = n.has_attr("axis") ? NormalizeAxis(n, "axis", n.IntAttr("axis"), ra)
                                          : ra - rb;
  if (axis + rb > ra) n.NotValid("axis", "places B past A's last dimension");
  for (int64_t d = 0; d < rb; ++d) {
    if (b[d] != 1 && b[d] != a[axis + d]) n.NotValid("broadcast", "needs B to broadcast to A");
  }
  if (axis + rb == ra) return n.input(1);
  ir::Shape aligned(b.begin(), b.end());
  aligned.resize(static_cast<size_t>(ra - axis), 1);
  ir::ValueId v = n.NewValue("b_aligned", n.input_value(1).dtype);
  n.Emit(ir::op::kReshape, {n.input(1)}, {v}).attrs.set("shape", aligned);
  return v;
}

void LowerBinary(NodeLowering& n) {
  const ir::ValueId b = n.opset() < 7 ? LegacyBroadcastOperand(n) : n.input(1);
  const ir::DType t = n.input_value(0).dtype;
  RequireArithmetic(n, 0);
  if (n.op_type() == "Pow") {
    LowerPow(n, b);
    return;
  }
  RequireSameType(n, 1, t);
  n.Emit(BinaryIrOp(n.op_type()), {n.input(0), b}, {n.output(0)});
}

void LowerVariadic(NodeLowering& n) {
  std::vector<ir::ValueId> inputs;
  for (int i = 0; i < n.num_inputs(); ++i) {
    if (!n.has_input(i)) continue;
    // Sum and Mean stay float-only (Mean's scale is a float constant).
    if (n.op_type() == "Max" || n.op_type() == "Min") {
      RequireSameType(n, i, n.input_value(0).dtype);
    } else {
      RequireFloat(n, i);
    }
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
    ir::ValueId out = last ? n.output(0) : n.NewValue("partial" + std::to_string(i), n.graph().value(acc).dtype);
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
  ir::ValueId slope = n.input(1);
  // Before opset 7 a one-dimensional slope holds one value per channel (axis 1); from 7
  // it broadcasts numpy-style, so it is made [C, 1, ...] to keep the channel pairing.
  const ir::Shape x = n.input_shape(0), s = n.input_shape(1);
  if (n.opset() < 7 && s.size() == 1 && s[0] != 1) {
    if (x.size() < 2 || x[1] != s[0]) n.NotValid("slope", "must hold one value per channel");
    ir::Shape per_channel(x.size() - 1, 1);
    per_channel[0] = s[0];
    slope = n.NewValue("slope_per_channel");
    n.Emit(ir::op::kReshape, {n.input(1)}, {slope}).attrs.set("shape", per_channel);
  }
  n.Emit(ir::op::kPRelu, {n.input(0), slope}, {n.output(0)});
}

}  // namespace neo::onnx_frontend

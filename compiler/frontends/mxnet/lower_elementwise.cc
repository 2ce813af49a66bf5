// Elementwise operators: unary math and activations, binary arithmetic (same-shape
// elemwise_*, numpy-broadcasting broadcast_*, and the old symbol spellings), arithmetic
// with a scalar attribute, add_n, clip, cast, and the operators that are identities at
// inference (Dropout, _copy, BlockGrad).
#include <cmath>
#include <map>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

namespace {

void RequireFloat(const NodeLowering& n, int i) {
  if (n.input_value(i).dtype != ir::DType::kFloat32) n.NotSupported("a non-float input");
}

ir::ValueId Activation(NodeLowering& n, const std::string& ir_op, const ir::Attributes& a = {}) {
  return n.EmitLike(ir_op, {n.input(0)}, a);
}

}  // namespace

void LowerUnary(NodeLowering& n) {
  static const std::map<std::string, const char*> ops = {
      {"abs", ir::op::kAbs},       {"exp", ir::op::kExp},         {"log", ir::op::kLog},
      {"negative", ir::op::kNeg},  {"relu", ir::op::kRelu},       {"sigmoid", ir::op::kSigmoid},
      {"sqrt", ir::op::kSqrt},     {"tanh", ir::op::kTanh},
  };
  n.RequireInputs(1, 1);
  if (n.op() == "square") {
    n.SetOutput(0, n.EmitLike(ir::op::kMul, {n.input(0), n.input(0)}));
    return;
  }
  const char* op = ops.at(n.op());
  if (n.op() != "negative" && n.op() != "abs" && n.op() != "relu") RequireFloat(n, 0);
  n.SetOutput(0, Activation(n, op));
}

void LowerActivation(NodeLowering& n) {
  n.RequireInputs(1, 1);
  RequireFloat(n, 0);
  const std::string type = n.attrs().Choice(
      "act_type", {"relu", "sigmoid", "tanh", "softrelu", "softsign", "log_sigmoid", "mish"}, "");
  static const std::map<std::string, const char*> ops = {
      {"relu", ir::op::kRelu},         {"sigmoid", ir::op::kSigmoid},
      {"tanh", ir::op::kTanh},         {"softrelu", ir::op::kSoftplus},
      {"softsign", ir::op::kSoftsign},
  };
  auto it = ops.find(type);
  if (it == ops.end()) n.NotSupported("act_type " + type);
  n.SetOutput(0, Activation(n, it->second));
}

void LowerLeakyReLU(NodeLowering& n) {
  const std::string type = n.attrs().Choice(
      "act_type", {"leaky", "prelu", "elu", "rrelu", "selu", "gelu"}, "leaky");
  n.RequireInputs(1, type == "prelu" ? 2 : 1);
  RequireFloat(n, 0);
  const double slope = n.attrs().Float("slope", 0.25);
  ir::Attributes a;
  if (type == "leaky") {
    a.set("alpha", slope);
    n.SetOutput(0, Activation(n, ir::op::kLeakyRelu, a));
  } else if (type == "rrelu") {
    // At inference MXNet's randomized ReLU uses the middle of its slope range.
    const double lower = n.attrs().Float("lower_bound", 0.125);
    const double upper = n.attrs().Float("upper_bound", 0.334);
    a.set("alpha", (lower + upper) / 2);
    n.SetOutput(0, Activation(n, ir::op::kLeakyRelu, a));
  } else if (type == "elu") {
    a.set("alpha", slope);
    n.SetOutput(0, Activation(n, ir::op::kElu, a));
  } else if (type == "selu") {
    a.set("alpha", 1.6732632423543772848170429916717);
    a.set("gamma", 1.0507009873554804934193349852946);
    n.SetOutput(0, Activation(n, ir::op::kSelu, a));
  } else if (type == "gelu") {
    n.SetOutput(0, Activation(n, "Gelu"));
  } else {
    // prelu: one slope per channel (axis 1), or one for all.
    const ir::Shape x = n.input_shape(0);
    const ir::Value& g = n.ConstantInput(1, "gamma");
    const int64_t count = g.num_elements();
    ir::ValueId slope_v = n.input(1);
    if (count != 1) {
      if (x.size() < 2 || count != x[1]) {
        throw MalformedInputError("LeakyReLU node '" + n.node().name + "': gamma '" + g.name +
                                  "' has " + std::to_string(count) +
                                  " values; it needs one per channel of " + ir::ShapeToString(x) +
                                  " or one.");
      }
      ir::Shape s(x.size() - 1, 1);
      s[0] = count;
      slope_v = n.Reshape(slope_v, s);
    } else if (g.shape.size() != 0) {
      slope_v = n.Reshape(slope_v, {});
    }
    n.SetOutput(0, n.EmitLike(ir::op::kPRelu, {n.input(0), slope_v}));
  }
}

void LowerBinary(NodeLowering& n) {
  static const std::map<std::string, const char*> ops = {
      {"_Plus", ir::op::kAdd},         {"_add", ir::op::kAdd},
      {"_add_symbol", ir::op::kAdd},   {"_plus", ir::op::kAdd},
      {"elemwise_add", ir::op::kAdd},  {"broadcast_add", ir::op::kAdd},
      {"broadcast_plus", ir::op::kAdd}, {"_sub", ir::op::kSub},
      {"_minus", ir::op::kSub},        {"_sub_symbol", ir::op::kSub},
      {"elemwise_sub", ir::op::kSub},  {"broadcast_sub", ir::op::kSub},
      {"broadcast_minus", ir::op::kSub}, {"_mul", ir::op::kMul},
      {"_mul_symbol", ir::op::kMul},   {"elemwise_mul", ir::op::kMul},
      {"broadcast_mul", ir::op::kMul}, {"_div", ir::op::kDiv},
      {"_div_symbol", ir::op::kDiv},   {"elemwise_div", ir::op::kDiv},
      {"broadcast_div", ir::op::kDiv}, {"_maximum", ir::op::kMaximum},
      {"broadcast_maximum", ir::op::kMaximum}, {"_minimum", ir::op::kMinimum},
      {"broadcast_minimum", ir::op::kMinimum}, {"broadcast_power", ir::op::kPow},
  };
  n.RequireInputs(2, 2);
  const ir::Shape a = n.input_shape(0), b = n.input_shape(1);
  // Only the broadcast_* family broadcasts; the others take equal shapes.
  if (n.op().rfind("broadcast_", 0) != 0 && a != b) {
    throw MalformedInputError(n.op() + " node '" + n.node().name + "' takes two inputs of one shape, not " +
                              ir::ShapeToString(a) + " and " + ir::ShapeToString(b) + ".");
  }
  if (n.input_value(0).dtype != n.input_value(1).dtype) {
    n.NotSupported("inputs of different types");
  }
  n.SetOutput(0, n.EmitLike(ops.at(n.op()), {n.input(0), n.input(1)}));
}

void LowerScalar(NodeLowering& n) {
  n.RequireInputs(1, 1);
  RequireFloat(n, 0);
  const std::string& op = n.op();
  const double scalar = n.attrs().Float("scalar", 1.0);
  const ir::ValueId s = n.FloatConstant({}, {static_cast<float>(scalar)}, "scalar");
  const ir::ValueId x = n.input(0);
  // The reversed forms (_r*) put the scalar first.
  struct Form {
    const char* ir_op;
    bool reversed;
  };
  static const std::map<std::string, Form> forms = {
      {"_add_scalar", {ir::op::kAdd, false}},     {"_plus_scalar", {ir::op::kAdd, false}},
      {"_sub_scalar", {ir::op::kSub, false}},     {"_minus_scalar", {ir::op::kSub, false}},
      {"_rsub_scalar", {ir::op::kSub, true}},     {"_rminus_scalar", {ir::op::kSub, true}},
      {"_mul_scalar", {ir::op::kMul, false}},     {"_div_scalar", {ir::op::kDiv, false}},
      {"_rdiv_scalar", {ir::op::kDiv, true}},     {"_pow_scalar", {ir::op::kPow, false}},
      {"_rpow_scalar", {ir::op::kPow, true}},     {"_maximum_scalar", {ir::op::kMaximum, false}},
      {"_minimum_scalar", {ir::op::kMinimum, false}},
  };
  const Form f = forms.at(op);
  n.SetOutput(0, n.EmitLike(f.ir_op, f.reversed ? std::vector<ir::ValueId>{s, x}
                                                : std::vector<ir::ValueId>{x, s}));
  // EmitLike took the dtype from input 0; a scalar first is float32 too.
}

void LowerAddN(NodeLowering& n) {
  if (n.num_inputs() < 1) n.RequireInputs(1, 1 << 20);
  const int64_t num_args = n.attrs().Int("num_args", n.num_inputs());
  if (num_args != n.num_inputs()) {
    n.NotValid("num_args", "must equal the number of inputs (" +
                               std::to_string(n.num_inputs()) + ")");
  }
  ir::ValueId sum = n.input(0);
  for (int i = 1; i < n.num_inputs(); ++i) {
    if (n.input_shape(i) != n.input_shape(0)) {
      throw MalformedInputError(n.op() + " node '" + n.node().name +
                                "' takes inputs of one shape.");
    }
    sum = n.EmitLike(ir::op::kAdd, {sum, n.input(i)});
  }
  n.SetOutput(0, sum);
}

void LowerClip(NodeLowering& n) {
  n.RequireInputs(1, 1);
  RequireFloat(n, 0);
  const double lo = n.attrs().Float("a_min"), hi = n.attrs().Float("a_max");
  if (lo > hi) n.NotValid("a_min", "is greater than a_max");
  ir::Attributes a;
  a.set("min", lo);
  a.set("max", hi);
  n.SetOutput(0, n.EmitLike(ir::op::kClamp, {n.input(0)}, a));
}

void LowerCast(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::DType to = IrDTypeOf(n, "dtype", n.attrs().String("dtype"));
  if (to == n.input_value(0).dtype) {
    n.SetOutput(0, n.input(0));
    return;
  }
  ir::Attributes a;
  a.set("to", std::string(ir::DTypeName(to)));
  n.SetOutput(0, n.Emit(ir::op::kCast, {n.input(0)}, a, to));
}

void LowerIdentity(NodeLowering& n) {
  n.RequireInputs(1, 1);
  // Dropout is the identity at inference, except in MXNet's `always` mode (Monte Carlo
  // dropout), whose random output a compiled model would not reproduce.
  if (n.op() == "Dropout" && n.attrs().Choice("mode", {"training", "always"}, "training") == "always") {
    n.NotSupported("mode always");
  }
  n.SetOutput(0, n.input(0));
}

}  // namespace neo::mx_frontend

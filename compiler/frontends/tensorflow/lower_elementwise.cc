// Elementwise operators: TensorFlow's unary math and activations, and the broadcasting
// binary operators (numpy rules, like the IR's).
#include <map>
#include <string>

#include "compiler/frontends/tensorflow/emit_util.h"
#include "compiler/frontends/tensorflow/operator_table.h"

namespace neo::tf_frontend {

void LowerUnary(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const std::string& op = n.op();
  const ir::ValueId x = n.input(0);
  ir::Attributes a;
  ir::ValueId y;
  if (IsActivation(op)) {
    y = EmitActivation(n, op, x, n.FloatAttr("alpha", 0.2f));
  } else if (op == "Selu") {
    // TensorFlow's constants (Klambauer et al.), the same as ONNX's defaults.
    a.set("alpha", 1.6732632423543772848170429916717);
    a.set("gamma", 1.0507009873554804934193349852946);
    y = n.EmitLike("Selu", {x}, a);
  } else if (op == "Rsqrt") {
    y = n.EmitLike("Reciprocal", {n.EmitLike("Sqrt", {x})});
  } else if (op == "Square") {
    y = n.EmitLike("Mul", {x, x});
  } else {
    static const std::map<std::string, std::string> same = {
        {"Abs", "Abs"},   {"Ceil", "Ceil"}, {"Exp", "Exp"},           {"Floor", "Floor"},
        {"Log", "Log"},   {"Neg", "Neg"},   {"Reciprocal", "Reciprocal"},
        {"Sqrt", "Sqrt"}, {"Softplus", "Softplus"}};
    y = n.EmitLike(same.at(op), {x});
  }
  n.SetOutput(0, y);
}

void LowerBinary(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const std::string& op = n.op();
  const ir::ValueId a = n.input(0), b = n.input(1);
  if (n.graph().value(a).dtype != n.graph().value(b).dtype) {
    n.NotValid("T", "differs between the two inputs");
  }
  ir::ValueId y;
  if (op == "SquaredDifference") {
    const ir::ValueId d = n.EmitLike("Sub", {a, b});
    y = n.EmitLike("Mul", {d, d});
  } else if (op == "Prelu") {
    y = n.EmitLike("PRelu", {a, b});
  } else {
    static const std::map<std::string, std::string> ir_op = {
        {"Add", "Add"},         {"AddV2", "Add"},         {"Sub", "Sub"},
        {"Mul", "Mul"},         {"RealDiv", "Div"},       {"Maximum", "Maximum"},
        {"Minimum", "Minimum"}};
    y = n.EmitLike(ir_op.at(op), {a, b});
  }
  n.SetOutput(0, y);
}

// Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual: bool outputs, the IR's names.
void LowerCompare(NodeLowering& n) {
  n.RequireInputs(2, 2);
  if (n.input_value(0).dtype != n.input_value(1).dtype) {
    n.NotValid("T", "differs between the two inputs");
  }
  // incompatible_shape_error=false (Equal/NotEqual) turns a shape mismatch into a scalar
  // false/true; with static shapes a mismatch is simply an error here.
  n.SetOutput(0, n.Emit(n.op(), {n.input(0), n.input(1)}, {}, ir::DType::kBool));
}

// FloorDiv: floor(a / b). For integers, the IR's Div truncates, so the quotient steps
// down by one where the remainder is non-zero and its sign differs from the divisor's.
void LowerFloorDiv(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const ir::ValueId a = n.input(0), b = n.input(1);
  const ir::DType t = n.input_value(0).dtype;
  if (t != n.input_value(1).dtype) n.NotValid("T", "differs between the two inputs");
  if (t == ir::DType::kFloat32) {
    n.SetOutput(0, n.EmitLike("Floor", {n.EmitLike("Div", {a, b})}));
    return;
  }
  if (t == ir::DType::kBool) n.NotSupported("bool operands");
  ir::Attributes to;
  to.set("to", std::string(ir::DTypeName(t)));
  const ir::ValueId zero = n.Emit("Cast", {n.FloatConstant({}, {0.0f}, "zero")}, to, t);
  const ir::ValueId q = n.EmitLike("Div", {a, b});
  const ir::ValueId r = n.EmitLike("Sub", {a, n.EmitLike("Mul", {q, b})});
  const ir::ValueId inexact = n.Emit("NotEqual", {r, zero}, {}, ir::DType::kBool);
  const ir::ValueId signs_differ =
      n.Emit("NotEqual", {n.Emit("Less", {r, zero}, {}, ir::DType::kBool),
                          n.Emit("Less", {b, zero}, {}, ir::DType::kBool)},
             {}, ir::DType::kBool);
  const ir::ValueId step = n.EmitLike("Mul", {n.Emit("Cast", {inexact}, to, t),
                                              n.Emit("Cast", {signs_differ}, to, t)});
  n.SetOutput(0, n.EmitLike("Sub", {q, step}));
}

void LowerAddN(NodeLowering& n) {
  if (n.num_inputs() < 1) n.NotValid("N", "must be at least 1");
  ir::ValueId sum = n.input(0);
  for (int i = 1; i < n.num_inputs(); ++i) sum = n.EmitLike("Add", {sum, n.input(i)});
  if (n.num_inputs() == 1) sum = n.EmitLike("Identity", {sum});
  n.SetOutput(0, sum);
}

}  // namespace neo::tf_frontend

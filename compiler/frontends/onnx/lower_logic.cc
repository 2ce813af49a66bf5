// Comparisons (Equal, Greater, Less, GreaterOrEqual, LessOrEqual), logic (And, Or, Xor,
// Not), Where, Mod, IsNaN/IsInf and BitShift: the operators behind attention masks and index arithmetic in
// today's exports. All broadcast numpy-style (opset 7 on; before, with the legacy
// broadcast attribute).
#include <cstring>
#include <limits>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

struct LogicEntry {
  const char* onnx;
  const char* ir;
  bool logical;  // bool operands only
};

constexpr LogicEntry kLogic[] = {
    {"Equal", ir::op::kEqual, false},
    {"Greater", ir::op::kGreater, false},
    {"Less", ir::op::kLess, false},
    {"GreaterOrEqual", ir::op::kGreaterEqual, false},
    {"LessOrEqual", ir::op::kLessEqual, false},
    {"And", ir::op::kLogicalAnd, true},
    {"Or", ir::op::kLogicalOr, true},
    {"Xor", ir::op::kLogicalXor, true},
};

bool IsCompiledType(ir::DType t) { return t != ir::DType::kBytes; }

void RequireType(NodeLowering& n, int i, ir::DType t) {
  const ir::DType have = n.input_value(i).dtype;
  if (have == t) return;
  n.NotValid("input " + std::to_string(i), std::string("has type ") + ir::DTypeName(have) +
                                               ", unlike input 0 (" + ir::DTypeName(t) + ")");
}

}  // namespace

void LowerLogic(NodeLowering& n) {
  for (const LogicEntry& e : kLogic) {
    if (n.op_type() != e.onnx) continue;
    const ir::DType t = n.input_value(0).dtype;
    if (e.logical && t != ir::DType::kBool) {
      n.NotValid("input 0", std::string("has type ") + ir::DTypeName(t) + " where bool is expected");
    }
    if (!IsCompiledType(t)) n.NotSupported(std::string("input of type ") + ir::DTypeName(t));
    const ir::ValueId b = n.opset() < 7 ? LegacyBroadcastOperand(n) : n.input(1);
    RequireType(n, 1, t);
    n.Emit(e.ir, {n.input(0), b}, {n.output(0)});
    return;
  }
  n.NotSupported("operator variant");
}

// Not x is x xor true: the binary kernel's logic, with no unary kernel for one operator.
void LowerNot(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kBool) {
    n.NotValid("input 0", std::string("has type ") + ir::DTypeName(n.input_value(0).dtype) +
                              " where bool is expected");
  }
  ir::ValueId true_value = n.graph().AddConstant(
      n.graph().UniqueName(n.node().output(0) + "/true"), ir::DType::kBool, {}, {1});
  n.Emit(ir::op::kLogicalXor, {n.input(0), true_value}, {n.output(0)});
}

void LowerWhere(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kBool) {
    n.NotValid("condition", std::string("has type ") + ir::DTypeName(n.input_value(0).dtype) +
                                " where bool is expected");
  }
  RequireType(n, 2, n.input_value(1).dtype);
  n.Emit(ir::op::kWhere, {n.input(0), n.input(1), n.input(2)}, {n.output(0)});
}

// fmod=0 is Python's % (the divisor's sign), integers only; fmod=1 is C's fmod.
void LowerMod(NodeLowering& n) {
  const ir::DType t = n.input_value(0).dtype;
  if (t == ir::DType::kBool || !IsCompiledType(t)) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(t));
  }
  RequireType(n, 1, t);
  const int64_t fmod = n.IntAttr("fmod", 0);
  if (fmod != 0 && fmod != 1) n.NotValid("fmod", "must be 0 or 1");
  if (fmod == 0 && t == ir::DType::kFloat32) {
    n.NotValid("fmod", "must be 1 for floating-point inputs");
  }
  n.Emit(fmod ? ir::op::kTruncateMod : ir::op::kFloorMod, {n.input(0), n.input(1)}, {n.output(0)});
}

}  // namespace neo::onnx_frontend

namespace neo::onnx_frontend {

// NaN is the one value unequal to itself; infinities compare equal to themselves.
void LowerIsNaN(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  n.Emit(ir::op::kNotEqual, {n.input(0), n.input(0)}, {n.output(0)});
}

void LowerIsInf(NodeLowering& n) {
  if (n.input_value(0).dtype != ir::DType::kFloat32) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(0).dtype));
  }
  const bool positive = n.IntAttr("detect_positive", 1) != 0;
  const bool negative = n.IntAttr("detect_negative", 1) != 0;
  const float inf = std::numeric_limits<float>::infinity();
  const ir::ValueId x = n.input(0);
  if (positive && negative) {
    const ir::ValueId magnitude = EmitUnary(n, ir::op::kAbs, x, "magnitude");
    n.Emit(ir::op::kEqual, {magnitude, FloatScalar(n, inf, "infinity")}, {n.output(0)});
  } else if (positive || negative) {
    n.Emit(ir::op::kEqual, {x, FloatScalar(n, positive ? inf : -inf, "infinity")}, {n.output(0)});
  } else {
    // Neither sign asked for: false everywhere, still shaped like x.
    const ir::ValueId nan_test = EmitCompare(n, ir::op::kNotEqual, x, x, "is_nan");
    n.Emit(ir::op::kLogicalAnd, {nan_test, TypedScalar(n, ir::DType::kBool, 0, "false")},
           {n.output(0)});
  }
}

// uint8 only (ONNX's other BitShift types are 16-, 32- and 64-bit unsigned, which Neo does
// not compile): a shift by y is a product or quotient by 2^y, exact in int32, and the
// cast back keeps the low 8 bits as a shift would.
void LowerBitShift(NodeLowering& n) {
  const ir::DType t = n.input_value(0).dtype;
  if (t != ir::DType::kUInt8) n.NotSupported(std::string("input of type ") + ir::DTypeName(t));
  RequireType(n, 1, t);
  const std::string direction = n.StringAttr("direction", "");
  if (direction != "LEFT" && direction != "RIGHT") n.NotValid("direction", "must be LEFT or RIGHT");
  const ir::ValueId x = EmitCast(n, n.input(0), ir::DType::kInt32, "x_int32");
  const ir::ValueId y = EmitCast(n, n.input(1), ir::DType::kInt32, "y_int32");
  const ir::ValueId power =
      EmitBinary(n, ir::op::kPow, TypedScalar(n, ir::DType::kInt32, 2, "two"), y, "power");
  const ir::ValueId shifted =
      EmitBinary(n, direction == "LEFT" ? ir::op::kMul : ir::op::kDiv, x, power, "shifted");
  n.Emit(ir::op::kCast, {shifted}, {n.output(0)}).attrs.set("to", std::string("uint8"));
}

}  // namespace neo::onnx_frontend

// Comparisons (Equal, Greater, Less, GreaterOrEqual, LessOrEqual), logic (And, Or, Xor,
// Not), Where and Mod: the operators behind attention masks and index arithmetic in
// today's exports. All broadcast numpy-style (opset 7 on; before, with the legacy
// broadcast attribute).
#include <cstring>

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

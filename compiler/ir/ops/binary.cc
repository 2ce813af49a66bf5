// The binary operators, each the kernels' Binary with its BinaryOp: numpy broadcasting,
// float32 and the integer types (integers on the reference kernel, with numpy's
// wrap-around), a fused clamp on Add, Sub, Mul and Div.
#include "compiler/ir/ops/binary.h"

#include <stdexcept>

#include "compiler/ir/ops/elementwise_util.h"
#include "compiler/ir/shape_util.h"
#include "kernels/binary.h"
#include "kernels/reference/elementwise.h"

namespace neo::ir {

namespace {

using kernels::Backend;
using kernels::BinaryOp;

struct BinaryEntry {
  const char* name;
  BinaryOp op;
  bool fuses_activation;
  const char* doc;
};

const std::vector<BinaryEntry>& Entries() {
  static const std::vector<BinaryEntry> entries = {
      {op::kAdd, BinaryOp::kAdd, true, "a + b"},
      {op::kSub, BinaryOp::kSub, true, "a - b"},
      {op::kMul, BinaryOp::kMul, true, "a * b"},
      {op::kDiv, BinaryOp::kDiv, true, "a / b (integers: truncated, 0 for a zero divisor)"},
      {op::kPow, BinaryOp::kPow, false, "a ^ b"},
      {op::kMaximum, BinaryOp::kMaximum, false, "max(a, b)"},
      {op::kMinimum, BinaryOp::kMinimum, false, "min(a, b)"},
      {op::kPRelu, BinaryOp::kPRelu, false, "x < 0 ? x * slope : x"},
      {op::kFloorMod, BinaryOp::kFloorMod, false,
       "a mod b with b's sign (Python's %; integers: 0 for a zero divisor)"},
      {op::kTruncateMod, BinaryOp::kTruncateMod, false,
       "a mod b with a's sign (C's fmod; integers: 0 for a zero divisor)"},
      {op::kEqual, BinaryOp::kEqual, false, "bool a == b"},
      {op::kNotEqual, BinaryOp::kNotEqual, false, "bool a != b"},
      {op::kLess, BinaryOp::kLess, false, "bool a < b"},
      {op::kLessEqual, BinaryOp::kLessEqual, false, "bool a <= b"},
      {op::kGreater, BinaryOp::kGreater, false, "bool a > b"},
      {op::kGreaterEqual, BinaryOp::kGreaterEqual, false, "bool a >= b"},
      {op::kLogicalAnd, BinaryOp::kLogicalAnd, false, "bool a && b, of bool a and b"},
      {op::kLogicalOr, BinaryOp::kLogicalOr, false, "bool a || b, of bool a and b"},
      {op::kLogicalXor, BinaryOp::kLogicalXor, false, "bool a != b, of bool a and b"},
  };
  return entries;
}

BinaryOp OpOf(const NodeContext& c) {
  for (const BinaryEntry& e : Entries()) {
    if (c.node().op == e.name) return e.op;
  }
  throw std::logic_error("IR: '" + c.node().op + "' is not a binary operator");
}

OutputType BroadcastShape(const NodeContext& c) {
  Shape out;
  if (!BroadcastShapes(c.shape(0), c.shape(1), &out)) {
    c.Fail("shapes " + ShapeToString(c.shape(0)) + " and " + ShapeToString(c.shape(1)) +
           " do not broadcast");
  }
  const BinaryOp op = OpOf(c);
  if (kernels::IsLogical(op) && (c.dtype(0) != DType::kBool || c.dtype(1) != DType::kBool)) {
    c.Fail("takes bool operands");
  }
  return {out, kernels::HasBoolOutput(op) ? DType::kBool : c.dtype(0)};
}

KernelCall BinaryKernel(const NodeContext& c) {
  kernels::BinaryParams p;
  p.op = OpOf(c);
  // Comparisons and logic take any one element type (bool too); the others
  // SameElementType's.
  if (kernels::HasBoolOutput(p.op)) {
    if (c.dtype(0) != c.dtype(1)) c.RequireFloatInputs();
    p.type = ElementTypeOf(c.dtype(0));
  } else {
    p.type = SameElementType(c);
  }
  p.a_shape = c.ToDims(c.shape(0));
  p.b_shape = c.ToDims(c.shape(1));
  p.output_shape = c.ToDims(c.output_shape());
  p.output_min = c.ActMin();
  p.output_max = c.ActMax();
  KernelCall k = MakeKernelCall("Binary", "kernels/binary.h", "BinaryParams", p,
                                kernels::BinarySupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Output(0)};
  k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = c.node().op + " " + ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Binary(p, b.inputs[0], b.inputs[1], b.outputs[0]);
  };
  return k;
}

}  // namespace

std::vector<OpDef> BinaryOps() {
  std::vector<OpDef> ops;
  for (const BinaryEntry& e : Entries()) {
    OpDef d;
    d.name = e.name;
    d.doc = std::string(e.name) + "(a, b) -> " + e.doc + ", numpy broadcasting";
    d.min_inputs = d.max_inputs = 2;
    d.attrs = {ActMinAttr(), ActMaxAttr()};
    d.layout = LayoutClass::kBroadcasting;
    d.fuses_activation = e.fuses_activation;
    d.shape = BroadcastShape;
    d.kernel = BinaryKernel;
    ops.push_back(d);
  }
  return ops;
}

}  // namespace neo::ir

// The unary operators, each the kernels' Unary with its UnaryOp. Clamp also runs on
// integer tensors (the reference kernel), every other one on float32 only.
#include "compiler/ir/ops/unary.h"

#include <limits>

#include "compiler/ir/ops/elementwise_util.h"
#include "kernels/reference/elementwise.h"
#include "kernels/unary.h"

namespace neo::ir {

namespace {

using kernels::Backend;
using kernels::UnaryOp;

struct UnaryEntry {
  const char* name;
  UnaryOp op;
  std::vector<const char*> params;  // float attributes it reads (alpha, beta, gamma)
  const char* doc;
};

const std::vector<UnaryEntry>& Entries() {
  static const std::vector<UnaryEntry> entries = {
      {op::kClamp, UnaryOp::kClamp, {}, "min(max(x, min), max)"},
      {op::kRelu, UnaryOp::kRelu, {}, "max(x, 0)"},
      {op::kSigmoid, UnaryOp::kSigmoid, {}, "1 / (1 + exp(-x))"},
      {op::kTanh, UnaryOp::kTanh, {}, "tanh(x)"},
      {op::kExp, UnaryOp::kExp, {}, "exp(x)"},
      {op::kLog, UnaryOp::kLog, {}, "log(x)"},
      {op::kAbs, UnaryOp::kAbs, {}, "|x|"},
      {op::kNeg, UnaryOp::kNeg, {}, "-x"},
      {op::kSqrt, UnaryOp::kSqrt, {}, "sqrt(x)"},
      {op::kReciprocal, UnaryOp::kReciprocal, {}, "1 / x"},
      {op::kFloor, UnaryOp::kFloor, {}, "floor(x)"},
      {op::kCeil, UnaryOp::kCeil, {}, "ceil(x)"},
      {op::kElu, UnaryOp::kElu, {"alpha"}, "x < 0 ? alpha * (exp(x) - 1) : x"},
      {op::kLeakyRelu, UnaryOp::kLeakyRelu, {"alpha"}, "x < 0 ? alpha * x : x"},
      {op::kSelu, UnaryOp::kSelu, {"alpha", "gamma"}, "gamma * (x <= 0 ? alpha * (exp(x) - 1) : x)"},
      {op::kHardSigmoid, UnaryOp::kHardSigmoid, {"alpha", "beta"}, "max(0, min(1, alpha * x + beta))"},
      {op::kSoftplus, UnaryOp::kSoftplus, {}, "log(1 + exp(x)); x itself where exp overflows"},
      {op::kSoftsign, UnaryOp::kSoftsign, {}, "x / (1 + |x|)"},
      {op::kThresholdedRelu, UnaryOp::kThresholdedRelu, {"alpha"}, "x > alpha ? x : 0"},
      {op::kHardSwish, UnaryOp::kHardSwish, {}, "x * max(0, min(1, x / 6 + 1/2))"},
      {op::kGelu, UnaryOp::kGelu, {}, "x / 2 * (1 + erf(x / sqrt(2))), the exact (erf) form"},
      {op::kErf, UnaryOp::kErf, {}, "erf(x)"},
      {op::kSin, UnaryOp::kSin, {}, "sin(x)"},
      {op::kCos, UnaryOp::kCos, {}, "cos(x)"},
      {op::kTan, UnaryOp::kTan, {}, "tan(x)"},
      {op::kAsin, UnaryOp::kAsin, {}, "asin(x)"},
      {op::kAcos, UnaryOp::kAcos, {}, "acos(x)"},
      {op::kAtan, UnaryOp::kAtan, {}, "atan(x)"},
      {op::kSinh, UnaryOp::kSinh, {}, "sinh(x)"},
      {op::kCosh, UnaryOp::kCosh, {}, "cosh(x)"},
      {op::kAsinh, UnaryOp::kAsinh, {}, "asinh(x)"},
      {op::kAcosh, UnaryOp::kAcosh, {}, "acosh(x)"},
      {op::kAtanh, UnaryOp::kAtanh, {}, "atanh(x)"},
      {op::kSign, UnaryOp::kSign, {}, "-1, 0 or 1 by the sign of x (0 for NaN)"},
      {op::kRound, UnaryOp::kRound, {}, "x rounded to the nearest integer, halves to even"},
      {op::kShrink, UnaryOp::kShrink, {"alpha", "beta"}, "x < -alpha ? x + beta : x > alpha ? x - beta : 0"},
      {op::kCelu, UnaryOp::kCelu, {"alpha"}, "max(0, x) + min(0, alpha * (exp(x / alpha) - 1))"},
  };
  return entries;
}

const UnaryEntry& EntryOf(const std::string& name) {
  for (const UnaryEntry& e : Entries()) {
    if (name == e.name) return e;
  }
  throw std::logic_error("IR: no unary operator " + name);
}

OutputType SameShape(const NodeContext& c) { return {c.shape(0), c.dtype(0)}; }

KernelCall UnaryKernel(const NodeContext& c) {
  const UnaryEntry& e = EntryOf(c.node().op);
  kernels::UnaryParams p;
  p.op = e.op;
  if (e.op == UnaryOp::kClamp) {
    p.type = SameElementType(c);
    p.alpha = static_cast<float>(c.Float("min"));
    p.beta = static_cast<float>(c.Float("max"));
  } else {
    c.RequireFloatInputs();
    for (const char* name : e.params) {
      const float v = static_cast<float>(c.Float(name));
      (std::string(name) == "alpha" ? p.alpha : std::string(name) == "beta" ? p.beta : p.gamma) = v;
    }
  }
  p.size = static_cast<size_t>(c.input(0).num_elements());
  KernelCall k = MakeKernelCall("Unary", "kernels/unary.h", "UnaryParams", p,
                                kernels::UnarySupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  // oneDNN's log is off by about 1.4e-6 near 1, above ONNX's conformance tolerance
  // (atol 1e-7); XNNPACK has none, so the reference's std::log runs it.
  if (e.op != UnaryOp::kLog) k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = c.node().op + " " + ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Unary(p, b.inputs[0], b.outputs[0]);
  };
  return k;
}

}  // namespace

std::vector<OpDef> UnaryOps() {
  std::vector<OpDef> ops;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (const UnaryEntry& e : Entries()) {
    OpDef d;
    d.name = e.name;
    d.doc = std::string(e.name) + "(x) -> " + e.doc;
    if (e.op == UnaryOp::kClamp) {
      d.attrs = {FloatAttr("min").Default(-kInf), FloatAttr("max").Default(kInf)};
    }
    for (const char* name : e.params) d.attrs.push_back(FloatAttr(name).Default(0.0));
    d.layout = LayoutClass::kElementwise;
    d.shape = SameShape;
    d.kernel = UnaryKernel;
    ops.push_back(d);
  }
  return ops;
}

}  // namespace neo::ir

// Emitters for element-wise and data-movement nodes. XNNPACK first where it has the
// operator in its 2022 release; the reference kernels otherwise.
#include <limits>

#include "compiler/codegen/kernel_emitters.h"
#include "compiler/codegen/params_code.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ops.h"
#include "kernels/binary.h"
#include "kernels/data_movement.h"
#include "kernels/unary.h"

namespace neo::codegen {

namespace {

using kernels::Backend;

kernels::Dims ToDims(const ir::Shape& s) {
  if (s.size() > static_cast<size_t>(kernels::Dims::kMaxRank)) {
    throw AttributeNotImplementedError("tensors of rank " + std::to_string(s.size()), "model");
  }
  kernels::Dims d;
  for (int64_t v : s) d.d[d.rank++] = v;
  return d;
}

void RequireFloat(const ir::Graph& g, const ir::Node& n) {
  for (ir::ValueId v : n.inputs) {
    if (v != ir::kNoValue && g.value(v).dtype != ir::DType::kFloat32) {
      throw AttributeNotImplementedError(
          std::string("input of type ") + ir::DTypeName(g.value(v).dtype), n.source_op);
    }
  }
}

kernels::BinaryOp BinaryOpOf(const std::string& op) {
  if (op == ir::op::kAdd) return kernels::BinaryOp::kAdd;
  if (op == ir::op::kSub) return kernels::BinaryOp::kSub;
  if (op == ir::op::kMul) return kernels::BinaryOp::kMul;
  if (op == ir::op::kDiv) return kernels::BinaryOp::kDiv;
  if (op == ir::op::kPow) return kernels::BinaryOp::kPow;
  if (op == ir::op::kMaximum) return kernels::BinaryOp::kMaximum;
  if (op == ir::op::kMinimum) return kernels::BinaryOp::kMinimum;
  return kernels::BinaryOp::kPRelu;
}

struct UnaryMapping {
  const char* ir_op;
  kernels::UnaryOp op;
};

constexpr UnaryMapping kUnaryOps[] = {
    {ir::op::kClamp, kernels::UnaryOp::kClamp},
    {ir::op::kRelu, kernels::UnaryOp::kRelu},
    {ir::op::kSigmoid, kernels::UnaryOp::kSigmoid},
    {ir::op::kTanh, kernels::UnaryOp::kTanh},
    {ir::op::kExp, kernels::UnaryOp::kExp},
    {ir::op::kLog, kernels::UnaryOp::kLog},
    {ir::op::kAbs, kernels::UnaryOp::kAbs},
    {ir::op::kNeg, kernels::UnaryOp::kNeg},
    {ir::op::kSqrt, kernels::UnaryOp::kSqrt},
    {ir::op::kReciprocal, kernels::UnaryOp::kReciprocal},
    {ir::op::kFloor, kernels::UnaryOp::kFloor},
    {ir::op::kCeil, kernels::UnaryOp::kCeil},
    {ir::op::kElu, kernels::UnaryOp::kElu},
    {ir::op::kLeakyRelu, kernels::UnaryOp::kLeakyRelu},
    {ir::op::kSelu, kernels::UnaryOp::kSelu},
    {ir::op::kHardSigmoid, kernels::UnaryOp::kHardSigmoid},
    {ir::op::kSoftplus, kernels::UnaryOp::kSoftplus},
    {ir::op::kSoftsign, kernels::UnaryOp::kSoftsign},
    {ir::op::kThresholdedRelu, kernels::UnaryOp::kThresholdedRelu},
};

}  // namespace

// The kernels' element type for a binary/Clamp node whose operands all share one dtype;
// integer tensors run on the reference kernels, other dtypes are refused.
ElementType SameElementType(const ir::Graph& g, const ir::Node& n) {
  const ir::DType t = g.value(n.inputs[0]).dtype;
  for (ir::ValueId v : n.inputs) {
    if (v != ir::kNoValue && g.value(v).dtype != t) RequireFloat(g, n);
  }
  switch (t) {
    case ir::DType::kFloat32: return ElementType::kFloat32;
    case ir::DType::kInt8: return ElementType::kInt8;
    case ir::DType::kUInt8: return ElementType::kUInt8;
    case ir::DType::kInt32: return ElementType::kInt32;
    case ir::DType::kInt64: return ElementType::kInt64;
    default: RequireFloat(g, n);
  }
  return ElementType::kFloat32;
}

KernelMember EmitBinary(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                        const BackendPolicy& policy) {
  kernels::BinaryParams p;
  p.type = SameElementType(g, n);
  p.op = BinaryOpOf(n.op);
  p.a_shape = ToDims(ShapeOf(g, n.inputs[0]));
  p.b_shape = ToDims(ShapeOf(g, n.inputs[1]));
  p.output_shape = ToDims(ShapeOf(g, n.outputs[0]));
  p.output_min = static_cast<float>(n.attrs.GetFloat("act_min", -std::numeric_limits<double>::infinity()));
  p.output_max = static_cast<float>(n.attrs.GetFloat("act_max", std::numeric_limits<double>::infinity()));
  KernelMember k;
  k.type = "neo::kernels::Binary";
  k.params_type = "BinaryParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  k.backend = ChooseBackend(LightOperatorBackends(policy), p, kernels::BinarySupports, policy);
  k.pointer_args = {a.Address(n.inputs[0]), a.Address(n.inputs[1]), a.Address(n.outputs[0])};
  k.summary = n.op + " " + ir::ShapeToString(ShapeOf(g, n.outputs[0]));
  return k;
}

KernelMember EmitUnary(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                       const BackendPolicy& policy) {
  const UnaryMapping* m = nullptr;
  for (const auto& e : kUnaryOps) {
    if (n.op == e.ir_op) m = &e;
  }
  if (!m) throw std::logic_error("codegen: no kernel for IR operator " + n.op);
  kernels::UnaryParams p;
  p.op = m->op;
  if (n.op == ir::op::kClamp) {
    p.type = SameElementType(g, n);
  } else {
    RequireFloat(g, n);
  }
  p.size = static_cast<size_t>(g.value(n.inputs[0]).num_elements());
  if (n.op == ir::op::kClamp) {
    p.alpha = static_cast<float>(n.attrs.GetFloat("min"));
    p.beta = static_cast<float>(n.attrs.GetFloat("max"));
  } else {
    p.alpha = static_cast<float>(n.attrs.GetFloat("alpha", 0.0));
    p.beta = static_cast<float>(n.attrs.GetFloat("beta", 0.0));
    p.gamma = static_cast<float>(n.attrs.GetFloat("gamma", 0.0));
  }
  KernelMember k;
  k.type = "neo::kernels::Unary";
  k.params_type = "UnaryParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  std::vector<Backend> preferred = LightOperatorBackends(policy);
  // oneDNN's log is off by about 1.4e-6 near 1, above ONNX's conformance tolerance
  // (atol 1e-7); XNNPACK has none, so the reference's std::log runs it.
  if (p.op == kernels::UnaryOp::kLog) preferred.clear();
  k.backend = ChooseBackend(preferred, p, kernels::UnarySupports, policy);
  k.pointer_args = {a.Address(n.inputs[0]), a.Address(n.outputs[0])};
  k.summary = n.op + " " + ir::ShapeToString(ShapeOf(g, n.outputs[0]));
  return k;
}

KernelMember EmitDataMovement(const ir::Graph& g, const ir::Node& n, const TensorAddresses& a,
                              const BackendPolicy& policy) {
  KernelMember k;
  const ir::Value& out = g.value(n.outputs[0]);
  const size_t element_size = ir::DTypeSize(out.dtype);
  if (n.op == ir::op::kReshape || n.op == ir::op::kIdentity) {
    k.summary = n.op + " " + ir::ShapeToString(out.shape);
    if (a.SameStorage(n.inputs[0], n.outputs[0])) {
      k.summary += " (in place)";
      return k;
    }
    k.type = "neo::kernels::Copy";
    k.pointer_args = {std::to_string(out.byte_size()), a.Address(n.inputs[0]),
                      a.Address(n.outputs[0])};
    return k;
  }
  if (n.op == ir::op::kTranspose) {
    kernels::TransposeParams p;
    p.input_shape = ToDims(ShapeOf(g, n.inputs[0]));
    p.perm = ToDims(n.attrs.GetInts("perm"));
    p.element_size = element_size;
    k.type = "neo::kernels::Transpose";
    k.params_type = "TransposeParams";
    k.params_body = ParamsCode(p);
    k.has_backend = true;
    k.backend = ChooseBackend(LightOperatorBackends(policy), p, kernels::TransposeSupports, policy);
    k.pointer_args = {a.Address(n.inputs[0]), a.Address(n.outputs[0])};
    k.summary = "Transpose " + ir::ShapeToString(ShapeOf(g, n.inputs[0])) + " perm " +
                ir::ShapeToString(n.attrs.GetInts("perm"));
    return k;
  }
  // Concat.
  kernels::ConcatParams p;
  p.axis = ToInt(n.attrs.GetInt("axis"));
  p.output_shape = ToDims(out.shape);
  p.element_size = element_size;
  std::string inputs = "{";
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    p.input_shapes.push_back(ToDims(ShapeOf(g, n.inputs[i])));
    inputs += (i ? ", " : "") + a.Address(n.inputs[i]);
  }
  k.type = "neo::kernels::Concat";
  k.params_type = "ConcatParams";
  k.params_body = ParamsCode(p);
  k.has_backend = true;
  k.backend = ChooseBackend(LightOperatorBackends(policy), p, kernels::ConcatSupports, policy);
  k.pointer_args = {"std::vector<const void*>" + inputs + "}", a.Address(n.outputs[0])};
  k.summary = "Concat of " + std::to_string(n.inputs.size()) + " on axis " + std::to_string(p.axis);
  return k;
}

}  // namespace neo::codegen

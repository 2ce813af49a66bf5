// MatMulInteger and QLinearMatMul (opset 10) -> the IR's operators of the same names.
// numpy.matmul semantics: rank-1 operands become matrices ([K] -> [1, K] for a, [K, 1]
// for b) and the unit axis is dropped after, as MatMul's lowering does. Zero points are
// per tensor, or one per row of a / column of b where ONNX allows it; QLinearMatMul's
// a and y scales and zero points are per tensor (ONNX's reference broadcasts them against
// a's and the output's last axis, so a per-row vector there has no consistent meaning).
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

bool IsByteType(ir::DType t) { return t == ir::DType::kUInt8 || t == ir::DType::kInt8; }

void RequireByteType(NodeLowering& n, int i, const char* what) {
  const ir::DType t = n.input_value(i).dtype;
  if (!IsByteType(t)) n.NotSupported(std::string(what) + " of type " + ir::DTypeName(t));
}

// Input `i` (a zero point or scale) holds one element, or `per` as a vector when per > 0.
void RequireCount(NodeLowering& n, int i, int64_t per, const char* what, ir::DType dtype) {
  if (!n.has_input(i)) return;
  const ir::Value& v = n.input_value(i);
  if (v.dtype != dtype) {
    n.NotValid(what, std::string("has type ") + ir::DTypeName(v.dtype) + " where " +
                         ir::DTypeName(dtype) + " is expected");
  }
  const ir::Shape s = n.input_shape(i);
  const int64_t count = ir::NumElements(s);
  if (count == 1) return;
  if (per > 1 && count == per && s.size() == 1) return;
  n.NotSupported(std::string(what) + " of shape " + ir::ShapeToString(s) +
                 (per > 1 ? " (one element or one per " + std::string(i == 2 ? "row" : "column") +
                                " is compiled)"
                          : " (per-tensor only)"));
}

struct Operands {
  ir::ValueId a, b;
  bool a_vector, b_vector;
  int64_t m, n;
};

// a and b as rank >= 2 operands.
Operands Matrices(NodeLowering& n, int a_input, int b_input) {
  ir::Shape a = n.input_shape(a_input), b = n.input_shape(b_input);
  if (a.empty() || b.empty()) n.NotValid("A", "cannot be a scalar");
  Operands o{n.input(a_input), n.input(b_input), a.size() == 1, b.size() == 1, 0, 0};
  if (o.a_vector) {
    a = {1, a[0]};
    o.a = n.NewValue("a_matrix", n.input_value(a_input).dtype);
    n.Emit(ir::op::kReshape, {n.input(a_input)}, {o.a}).attrs.set("shape", a);
  }
  if (o.b_vector) {
    b = {b[0], 1};
    o.b = n.NewValue("b_matrix", n.input_value(b_input).dtype);
    n.Emit(ir::op::kReshape, {n.input(b_input)}, {o.b}).attrs.set("shape", b);
  }
  if (a.back() != b[b.size() - 2]) n.NotValid("B", "does not match A's inner dimension");
  o.m = a[a.size() - 2];
  o.n = b.back();
  return o;
}

// Emits `op` over `inputs` into the ONNX output, through a matrix result reshaped to
// numpy's shape when an operand was a vector.
void EmitProduct(NodeLowering& n, const char* op, std::vector<ir::ValueId> inputs,
                 const Operands& o, ir::DType out_type) {
  if (!o.a_vector && !o.b_vector) {
    n.Emit(op, std::move(inputs), {n.output(0)});
    return;
  }
  const ir::ValueId y = n.NewValue("matrix_product", out_type);
  n.Emit(op, std::move(inputs), {y});
  const ir::ValueId out = n.output(0);
  if (!n.graph().value(out).has_shape) n.NotSupported("a vector operand whose product shape is unknown");
  n.Emit(ir::op::kReshape, {y}, {out}).attrs.set("shape", n.graph().value(out).shape);
}

}  // namespace

void LowerMatMulInteger(NodeLowering& n) {
  RequireByteType(n, 0, "A");
  RequireByteType(n, 1, "B");
  const Operands o = Matrices(n, 0, 1);
  // A per-row zero point only means rows of a matrix A.
  RequireCount(n, 2, o.a_vector ? 1 : o.m, "a_zero_point", n.input_value(0).dtype);
  RequireCount(n, 3, o.b_vector ? 1 : o.n, "b_zero_point", n.input_value(1).dtype);
  std::vector<ir::ValueId> inputs = {o.a, o.b, n.has_input(2) ? n.input(2) : ir::kNoValue,
                                     n.has_input(3) ? n.input(3) : ir::kNoValue};
  while (inputs.back() == ir::kNoValue) inputs.pop_back();
  EmitProduct(n, ir::op::kMatMulInteger, std::move(inputs), o, ir::DType::kInt32);
}

void LowerQLinearMatMul(NodeLowering& n) {
  // The scales and the output zero point (which gives the output type) are required.
  for (int i : {1, 4, 6, 7}) {
    if (!n.has_input(i)) throw AttributeRequiredError("input " + std::to_string(i), n.op_type());
  }
  RequireByteType(n, 0, "a");
  RequireByteType(n, 3, "b");
  RequireByteType(n, 7, "y_zero_point");
  const Operands o = Matrices(n, 0, 3);
  RequireCount(n, 1, 0, "a_scale", ir::DType::kFloat32);
  RequireCount(n, 2, 0, "a_zero_point", n.input_value(0).dtype);
  RequireCount(n, 4, o.b_vector ? 1 : o.n, "b_scale", ir::DType::kFloat32);
  RequireCount(n, 5, o.b_vector ? 1 : o.n, "b_zero_point", n.input_value(3).dtype);
  RequireCount(n, 6, 0, "y_scale", ir::DType::kFloat32);
  RequireCount(n, 7, 0, "y_zero_point", n.input_value(7).dtype);
  EmitProduct(n, ir::op::kQLinearMatMul,
              {o.a, n.input(1), n.input(2), o.b, n.input(4), n.input(5), n.input(6), n.input(7)},
              o, n.input_value(7).dtype);
}

}  // namespace neo::onnx_frontend

// MatMulInteger(a, b, a_zero_point?, b_zero_point?) -> int32 and
// QLinearMatMul(a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale,
// y_zero_point) -> y_zero_point's dtype: numpy.matmul of rank >= 2 8-bit operands (the
// frontend reshapes vectors) with broadcast batch dimensions, on the QuantizedMatMul
// kernel. Zero points and scales hold one element, or (a's zero point) M for one per row
// of a, or (b's) N for one per column of b. ONNX's inputs keep their order here.
#include "compiler/ir/ops/quantized_matmul.h"

#include "compiler/ir/ops/elementwise_util.h"
#include "compiler/ir/shape_util.h"
#include "kernels/quantized_matmul.h"
#include "kernels/reference/quantized_matmul.h"

namespace neo::ir {

namespace {

bool IsByteType(DType t) { return t == DType::kUInt8 || t == DType::kInt8; }

// Where each operand sits among the node's inputs.
struct Layout {
  int a, a_zp, b, b_zp;
  int a_scale = -1, b_scale = -1, y_scale = -1, y_zp = -1;
};
constexpr Layout kInteger{0, 2, 1, 3};
constexpr Layout kQLinear{0, 2, 3, 5, 1, 4, 6, 7};

Shape MatMulOutput(const NodeContext& c, const Shape& a, const Shape& b) {
  if (a.size() < 2 || b.size() < 2) c.Fail("operands must have rank 2 or more");
  if (a.back() != b[b.size() - 2]) {
    c.Fail("operand shapes " + ShapeToString(a) + " and " + ShapeToString(b) + " disagree on K");
  }
  Shape batch;
  if (!BroadcastShapes(Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2), &batch)) {
    c.Fail("batch dimensions of " + ShapeToString(a) + " and " + ShapeToString(b) +
           " do not broadcast");
  }
  batch.push_back(a[a.size() - 2]);
  batch.push_back(b.back());
  return batch;
}

// 1 element, or `per` elements (a vector): returns whether per.
bool CountOf(const NodeContext& c, int input, int64_t per, const char* what, DType dtype) {
  if (input < 0 || !c.has_input(input)) return false;
  if (c.dtype(input) != dtype) {
    c.Fail(std::string(what) + " '" + c.input(input).name + "' has dtype " +
           DTypeName(c.dtype(input)) + ", expected " + DTypeName(dtype));
  }
  const int64_t n = c.input(input).num_elements();
  if (n == 1) return false;
  if (per > 0 && n == per && c.shape(input).size() == 1) return true;
  c.Fail(std::string(what) + " '" + c.input(input).name + "' has shape " +
         ShapeToString(c.shape(input)) +
         (per > 0 ? ", not one element or " + std::to_string(per) : ", not one element"));
}

struct Checked {
  Shape out;
  bool a_zp_per_row, b_zp_per_column, b_scale_per_column;
};

Checked Check(const NodeContext& c, const Layout& l) {
  const Shape &a = c.shape(l.a), &b = c.shape(l.b);
  if (!IsByteType(c.dtype(l.a)) || !IsByteType(c.dtype(l.b))) c.Fail("operands must be uint8 or int8");
  Checked k;
  k.out = MatMulOutput(c, a, b);
  const int64_t m = a[a.size() - 2], n = b.back();
  const bool qlinear = l.a_scale >= 0;
  k.a_zp_per_row = CountOf(c, l.a_zp, qlinear ? 0 : m, "a_zero_point", c.dtype(l.a));
  k.b_zp_per_column = CountOf(c, l.b_zp, n, "b_zero_point", c.dtype(l.b));
  k.b_scale_per_column = CountOf(c, l.b_scale, n, "b_scale", DType::kFloat32);
  CountOf(c, l.a_scale, 0, "a_scale", DType::kFloat32);
  CountOf(c, l.y_scale, 0, "y_scale", DType::kFloat32);
  if (qlinear && !IsByteType(c.dtype(l.y_zp))) c.Fail("y_zero_point must be uint8 or int8");
  if (qlinear) CountOf(c, l.y_zp, 0, "y_zero_point", c.dtype(l.y_zp));
  return k;
}

OutputType MatMulIntegerShape(const NodeContext& c) {
  return {Check(c, kInteger).out, DType::kInt32};
}

OutputType QLinearMatMulShape(const NodeContext& c) {
  return {Check(c, kQLinear).out, c.dtype(kQLinear.y_zp)};
}

Operand Optional(const NodeContext& c, int input) {
  return input >= 0 && c.has_input(input) ? Operand::Input(input) : Operand::Absent();
}

// The flags a library that takes the quantization when it is created needs (XNNPACK,
// through QuantizedConv2D's 1x1 convolution): b, the scales and the zero points
// constants, and b's zero points 0 (the kernel checks the latter again).
void SetStaticFlags(const NodeContext& c, const Layout& l, kernels::QuantizedMatMulParams& p) {
  if (l.a_scale < 0) return;  // MatMulInteger: no requantization
  for (int i : {l.a_zp, l.b, l.b_zp, l.a_scale, l.b_scale, l.y_scale, l.y_zp}) {
    if (c.has_input(i) && !c.input(i).is_constant()) return;
  }
  p.static_quantization = true;
  const void* b_zp = c.has_input(l.b_zp) ? c.input(l.b_zp).data->data() : nullptr;
  p.symmetric_weights = kernels::QuantizedMatMulSymmetricWeights(p, b_zp);
}

KernelCall QuantizedMatMulKernel(const NodeContext& c, const Layout& l) {
  const Checked k = Check(c, l);
  kernels::QuantizedMatMulParams p;
  p.a_shape = c.ToDims(c.shape(l.a));
  p.b_shape = c.ToDims(c.shape(l.b));
  p.output_shape = c.ToDims(c.output_shape());
  p.a_type = ElementTypeOf(c.dtype(l.a));
  p.b_type = ElementTypeOf(c.dtype(l.b));
  p.output_type = ElementTypeOf(c.output().dtype);
  p.a_zero_point_per_row = k.a_zp_per_row;
  p.b_zero_point_per_column = k.b_zp_per_column;
  p.b_scale_per_column = k.b_scale_per_column;
  SetStaticFlags(c, l, p);
  if (!kernels::QuantizedMatMulSupports(kernels::Backend::kReference, p)) {
    throw std::logic_error("IR: " + c.node().op + " '" + c.node().name + "' has inconsistent shapes");
  }
  KernelCall call = MakeKernelCall("QuantizedMatMul", "kernels/quantized_matmul.h",
                                   "QuantizedMatMulParams", p, kernels::QuantizedMatMulSupports);
  call.operands = {Operand::Input(l.a),      Optional(c, l.a_zp),    Operand::Input(l.b),
                   Optional(c, l.b_zp),      Optional(c, l.a_scale), Optional(c, l.b_scale),
                   Optional(c, l.y_scale),   Optional(c, l.y_zp),    Operand::Output(0)};
  call.backends = {kernels::Backend::kXnnpack};
  call.heavy = true;
  call.summary = c.node().op + " " + ShapeToString(c.shape(l.a)) + " " +
                 DTypeName(c.dtype(l.a)) + " x " + ShapeToString(c.shape(l.b)) + " " +
                 DTypeName(c.dtype(l.b)) + " -> " + DTypeName(c.output().dtype);
  call.reference = [p, l](const ReferenceBuffers& b) {
    auto at = [&b](int i) { return i < 0 ? nullptr : b.in<void>(static_cast<size_t>(i)); };
    kernels::reference::QuantizedMatMul(
        p, at(l.a), at(l.a_zp), at(l.b), at(l.b_zp), static_cast<const float*>(at(l.a_scale)),
        static_cast<const float*>(at(l.b_scale)), static_cast<const float*>(at(l.y_scale)),
        at(l.y_zp), b.outputs[0]);
  };
  return call;
}

KernelCall MatMulIntegerKernel(const NodeContext& c) { return QuantizedMatMulKernel(c, kInteger); }
KernelCall QLinearMatMulKernel(const NodeContext& c) { return QuantizedMatMulKernel(c, kQLinear); }

}  // namespace

std::vector<OpDef> QuantizedMatMulOps() {
  OpDef integer;
  integer.name = op::kMatMulInteger;
  integer.doc = "MatMulInteger(a[..., M, K], b[..., K, N], a_zero_point?, b_zero_point?) -> "
                "int32 numpy.matmul(a - a_zero_point, b - b_zero_point); 8-bit operands, zero "
                "points one element or one per row of a (M) / column of b (N)";
  integer.min_inputs = 2;
  integer.max_inputs = 4;
  integer.shape = MatMulIntegerShape;
  integer.kernel = MatMulIntegerKernel;

  OpDef qlinear;
  qlinear.name = op::kQLinearMatMul;
  qlinear.doc = "QLinearMatMul(a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, "
                "y_zero_point) -> y: the int32 product requantized by (a_scale * b_scale) / "
                "y_scale (float32) plus y_zero_point, rounded half to even, saturated; b's "
                "scale and zero point one element or one per column";
  qlinear.min_inputs = qlinear.max_inputs = 8;
  qlinear.shape = QLinearMatMulShape;
  qlinear.kernel = QLinearMatMulKernel;
  return {integer, qlinear};
}

}  // namespace neo::ir

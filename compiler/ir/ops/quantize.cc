// QuantizeLinear(x f32, scale f32, zero_point u8/i8) -> y (zero_point's dtype) and
// DequantizeLinear(x u8/i8/i32, scale f32, zero_point (x's dtype)) -> y f32, on the
// Quantize kernel (kernels/quantize.h). scale and zero_point hold one element (per
// tensor) or x.shape[axis] (per axis); they may be computed (DynamicQuantizeLinear's
// are), so the kernel reads them at run time. The frontend always supplies the zero
// point (ONNX's default is a 0 of uint8, or of x's type).
//
// Element-wise in the layout pass: the node follows its input into NHWC and `axis` is
// remapped, so the quantize/dequantize pairs of a QDQ model between NHWC convolutions add
// no transposes.
#include "compiler/ir/ops/quantize.h"

#include "compiler/ir/ops/elementwise_util.h"
#include "compiler/ir/shape_util.h"
#include "kernels/quantize.h"
#include "kernels/reference/quantize.h"

namespace neo::ir {

namespace {

bool IsQuantizedType(DType t) { return t == DType::kUInt8 || t == DType::kInt8; }

// Checks the scale and zero point against x and `axis`; returns whether they are per axis.
bool CheckParameters(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const int64_t axis = c.Int("axis");
  const int64_t n = c.input(1).num_elements();
  if (c.shape(1).size() > 1 || n < 1) {
    c.Fail("scale '" + c.input(1).name + "' must be a scalar or a vector, not " +
           ShapeToString(c.shape(1)));
  }
  if (c.dtype(1) != DType::kFloat32) c.Fail("scale '" + c.input(1).name + "' must be float32");
  if (c.input(2).num_elements() != n || c.shape(2).size() > 1) {
    c.Fail("zero point '" + c.input(2).name + "' has shape " + ShapeToString(c.shape(2)) +
           " unlike the scale's " + ShapeToString(c.shape(1)));
  }
  if (n == 1) return false;
  if (axis >= static_cast<int64_t>(x.size()) || x[axis] != n) {
    c.Fail("the scale's " + std::to_string(n) + " elements do not match axis " +
           std::to_string(axis) + " of " + ShapeToString(x));
  }
  return true;
}

OutputType QuantizeShape(const NodeContext& c) {
  if (c.dtype(0) != DType::kFloat32) c.Fail("QuantizeLinear takes float32");
  if (!IsQuantizedType(c.dtype(2))) c.Fail("the zero point must be uint8 or int8");
  CheckParameters(c);
  return {c.shape(0), c.dtype(2)};
}

OutputType DequantizeShape(const NodeContext& c) {
  const DType t = c.dtype(0);
  if (!IsQuantizedType(t) && t != DType::kInt32) c.Fail("DequantizeLinear takes uint8, int8 or int32");
  if (c.dtype(2) != t) c.Fail("the zero point's dtype differs from the input's");
  CheckParameters(c);
  return {c.shape(0), DType::kFloat32};
}

KernelCall QuantizeKernel(const NodeContext& c, kernels::QuantizeDirection direction) {
  const Shape& x = c.shape(0);
  const bool per_axis = CheckParameters(c);
  kernels::QuantizeParams p;
  p.direction = direction;
  p.quantized_type =
      ElementTypeOf(direction == kernels::QuantizeDirection::kQuantize ? c.dtype(2) : c.dtype(0));
  if (per_axis) {
    const int64_t axis = c.Int("axis");
    p.outer = NumElements(Shape(x.begin(), x.begin() + axis));
    p.channels = x[axis];
    p.inner = NumElements(Shape(x.begin() + axis + 1, x.end()));
    p.per_axis = true;
  } else {
    p.outer = 1;
    p.channels = 1;
    p.inner = NumElements(x);
  }
  KernelCall k = MakeKernelCall("Quantize", "kernels/quantize.h", "QuantizeParams", p,
                                kernels::QuantizeSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Input(2), Operand::Output(0)};
  k.summary = std::string(c.node().op) + " " + ShapeToString(x) + " " +
              DTypeName(direction == kernels::QuantizeDirection::kQuantize ? c.dtype(2) : c.dtype(0)) +
              (per_axis ? " per axis " + std::to_string(c.Int("axis")) : " per tensor");
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Quantize(p, b.inputs[0], b.in<float>(1), b.inputs[2], b.outputs[0]);
  };
  return k;
}

KernelCall QuantizeLinearKernel(const NodeContext& c) {
  return QuantizeKernel(c, kernels::QuantizeDirection::kQuantize);
}

KernelCall DequantizeLinearKernel(const NodeContext& c) {
  return QuantizeKernel(c, kernels::QuantizeDirection::kDequantize);
}

}  // namespace

std::vector<OpDef> QuantizeOps() {
  OpDef q;
  q.name = op::kQuantizeLinear;
  q.doc = "QuantizeLinear(x f32, scale f32, zero_point u8/i8) -> y: saturate(round_half_even("
          "x / scale) + zero_point); scale and zero_point one element or x.shape[axis]";
  q.min_inputs = q.max_inputs = 3;
  q.attrs = {IntAttr("axis").Min(0).Default(int64_t{1})};
  q.layout = LayoutClass::kElementwise;
  q.layout_axis = "axis";
  q.shape = QuantizeShape;
  q.kernel = QuantizeLinearKernel;

  OpDef d;
  d.name = op::kDequantizeLinear;
  d.doc = "DequantizeLinear(x u8/i8/i32, scale f32, zero_point) -> y f32: (x - zero_point) * "
          "scale; scale and zero_point one element or x.shape[axis]";
  d.min_inputs = d.max_inputs = 3;
  d.attrs = {IntAttr("axis").Min(0).Default(int64_t{1})};
  d.layout = LayoutClass::kElementwise;
  d.layout_axis = "axis";
  d.shape = DequantizeShape;
  d.kernel = DequantizeLinearKernel;
  return {q, d};
}

}  // namespace neo::ir

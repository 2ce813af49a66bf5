// Cast -> Cast, and the legacy ConstantFill, which with static shapes is always a
// compile-time constant.
#include <cstring>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/tensor_proto.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

void LowerCast(NodeLowering& n) {
  // IrDType reports dtypes we do not compile as "data type X is not supported in Cast."
  int code = 0;
  if (n.opset() < 6) {
    // Opsets 1-5 name the target type as a string ("FLOAT", "INT64", ...).
    const std::string name = n.StringAttr("to", "");
    if (name.empty()) throw AttributeRequiredError("to", n.op_type());
    onnx::TensorProto::DataType parsed;
    if (!onnx::TensorProto::DataType_Parse(name, &parsed)) n.NotValid("to", "must name an ONNX data type");
    code = static_cast<int>(parsed);
  } else {
    code = static_cast<int>(n.IntAttr("to"));
  }
  const ir::DType to = IrDType(code, n.op_type());
  n.Emit(ir::op::kCast, {n.input(0)}, {n.output(0)}).attrs.set("to", std::string(ir::DTypeName(to)));
  n.graph().value(n.output(0)).dtype = to;
}

namespace {

template <typename T>
std::vector<uint8_t> Filled(int64_t count, T value) {
  std::vector<uint8_t> bytes(static_cast<size_t>(count) * sizeof(T));
  for (int64_t i = 0; i < count; ++i) std::memcpy(&bytes[static_cast<size_t>(i) * sizeof(T)], &value, sizeof(T));
  return bytes;
}

}  // namespace

void LowerConstantFill(NodeLowering& n) {
  const int64_t dtype_code = n.IntAttr("dtype", onnx::TensorProto::FLOAT);
  if (dtype_code != onnx::TensorProto::FLOAT && dtype_code != onnx::TensorProto::INT32 &&
      dtype_code != onnx::TensorProto::INT64 && dtype_code != onnx::TensorProto::BOOL) {
    n.NotSupported("dtype " + std::to_string(dtype_code));
  }
  const ir::DType dtype = IrDType(static_cast<int>(dtype_code), n.op_type());
  const float value = n.FloatAttr("value", 0.0f);
  const int64_t input_as_shape = n.IntAttr("input_as_shape", 0);
  const std::vector<int64_t> extra = n.IntsAttr("extra_shape", {});
  ir::Shape shape;
  if (n.has_input(0)) {
    if (n.has_attr("shape")) n.NotValid("shape", "cannot be set together with an input");
    if (input_as_shape) {
      shape = n.ConstantInts(0, "input (input_as_shape)");
    } else {
      shape = n.input_shape(0);
    }
    shape.insert(shape.end(), extra.begin(), extra.end());
  } else {
    if (!extra.empty()) n.NotValid("extra_shape", "needs an input");
    if (input_as_shape) n.NotValid("input_as_shape", "needs an input");
    shape = n.IntsAttr("shape", {});
  }
  for (int64_t d : shape) {
    if (d < 0) n.NotValid("shape", "cannot be negative");
  }
  const int64_t count = ir::NumElements(shape);
  std::vector<uint8_t> bytes;
  switch (dtype) {
    case ir::DType::kFloat32: bytes = Filled<float>(count, value); break;
    case ir::DType::kInt32: bytes = Filled<int32_t>(count, static_cast<int32_t>(value)); break;
    case ir::DType::kInt64: bytes = Filled<int64_t>(count, static_cast<int64_t>(value)); break;
    default: bytes = Filled<uint8_t>(count, value != 0.0f ? 1 : 0); break;
  }
  ir::Graph& g = n.graph();
  n.Alias(0, g.AddConstant(g.UniqueName(n.node().output(0)), dtype, shape, std::move(bytes)));
}

}  // namespace neo::onnx_frontend

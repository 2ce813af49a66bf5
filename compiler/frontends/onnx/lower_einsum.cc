// Einsum -> the shared decomposition (compiler/frontends/einsum): float32 operands only.
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/einsum/einsum.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

class OnnxEinsumEmitter : public frontends::EinsumEmitter {
 public:
  explicit OnnxEinsumEmitter(NodeLowering& n) : n_(n) {}

  ir::ValueId Emit(const char* op, std::vector<ir::ValueId> inputs, const ir::Shape& shape,
                   ir::Attributes attrs) override {
    const ir::ValueId v = n_.NewValue("einsum" + std::to_string(step_++));
    ir::Value& value = n_.graph().value(v);
    value.shape = shape;
    value.has_shape = true;
    n_.Emit(op, std::move(inputs), {v}).attrs = std::move(attrs);
    return v;
  }
  [[noreturn]] void NotValid(const std::string& why) override { n_.NotValid("equation", why); }
  [[noreturn]] void NotSupported(const std::string& what) override { n_.NotSupported(what); }

 private:
  NodeLowering& n_;
  int step_ = 0;
};

}  // namespace

void LowerEinsum(NodeLowering& n) {
  const std::string equation = n.StringAttr("equation", "");
  if (equation.find_first_not_of(' ') == std::string::npos) {
    throw AttributeRequiredError("equation", n.op_type());
  }
  std::vector<ir::ValueId> inputs;
  std::vector<ir::Shape> shapes;
  for (int i = 0; i < n.num_inputs(); ++i) {
    if (n.input_value(i).dtype != ir::DType::kFloat32) {
      n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
    }
    inputs.push_back(n.input(i));
    shapes.push_back(n.input_shape(i));
  }
  OnnxEinsumEmitter emitter(n);
  const ir::ValueId result = frontends::DecomposeEinsum(equation, inputs, shapes, emitter);
  ir::Value& out = n.graph().value(n.output(0));
  out.shape = n.graph().value(result).shape;
  out.has_shape = true;
  out.dtype = ir::DType::kFloat32;
  n.Emit(ir::op::kIdentity, {result}, {n.output(0)});
}

}  // namespace neo::onnx_frontend

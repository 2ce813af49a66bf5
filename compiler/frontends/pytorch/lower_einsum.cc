// einsum(equation, tensors, path=None) -> the shared decomposition
// (compiler/frontends/einsum), as ONNX's Einsum: float32 operands only.
#include "compiler/frontends/einsum/einsum.h"
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

class TorchEinsumEmitter : public frontends::EinsumEmitter {
 public:
  explicit TorchEinsumEmitter(NodeLowering& n) : n_(n) {}

  ir::ValueId Emit(const char* op, std::vector<ir::ValueId> inputs, const ir::Shape& shape,
                   ir::Attributes attrs) override {
    const ir::ValueId v = n_.Emit(op, std::move(inputs), std::move(attrs));
    if (n_.Shape(v) != shape) throw std::logic_error("einsum: inferred shape differs from the decomposition's");
    return v;
  }
  [[noreturn]] void NotValid(const std::string& why) override { n_.NotValid("equation", why); }
  [[noreturn]] void NotSupported(const std::string& what) override { n_.NotSupported(what); }

 private:
  NodeLowering& n_;
};

}  // namespace

void LowerEinsum(NodeLowering& n) {
  const std::string equation = n.String(0, "equation");
  const std::vector<ir::ValueId> inputs = n.TensorList(1);
  std::vector<ir::Shape> shapes;
  for (ir::ValueId v : inputs) {
    if (n.graph().value(v).dtype != ir::DType::kFloat32) n.NotSupported("an operand that is not float32");
    shapes.push_back(n.Shape(v));
  }
  TorchEinsumEmitter emitter(n);
  n.SetOutput(0, frontends::DecomposeEinsum(equation, inputs, shapes, emitter));
}

}  // namespace neo::pytorch_frontend

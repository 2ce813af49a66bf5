// The PyTorch frontend: a TorchScript archive (.pth written by torch.jit.save) in, a
// framework-neutral IR graph out.
//
// Two steps, like the ONNX frontend, because data_shape is checked against the model's
// inputs before anything is lowered: LoadPytorchModel reads, freezes and checks the
// archive (every unsupported operator is reported at once); PytorchModel::Lower fixes the
// input shapes and lowers the frozen graph.
//
// This header is free of libtorch: neoc reaches the implementation through the plugin
// libneo_pytorch_frontend.so (plugin_loader.h), so only PyTorch compilations pay for
// loading libtorch.
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_PYTORCH_FRONTEND_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_PYTORCH_FRONTEND_H_

#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::pytorch_frontend {

class PytorchModel {
 public:
  virtual ~PytorchModel() = default;

  // Tensor inputs of forward(), after self. TorchScript records neither their names nor
  // their shapes: the data shape gives both, in order.
  virtual size_t num_inputs() const = 0;

  // Lowers forward() with input i named input_names[i] and shaped input_shapes[i]. The
  // outputs are forward()'s tensors in order (a returned tuple or list is flattened),
  // named output0, output1, ... Throws NeoError: OperatorAttributeNotImplemented for
  // control flow that depends on the input data, OperatorAttributeValueNotValid for
  // arguments no kernel can take, Malformed input for shapes the model rejects.
  virtual ir::Graph Lower(const std::vector<std::string>& input_names,
                          const std::vector<ir::Shape>& input_shapes) const = 0;
};

// Reads `bytes`, the .pth called `file_name`. Throws NeoError: Load Error for a file that
// is not a TorchScript archive (a torch.save'd state_dict or eager module gets a message
// saying how to save TorchScript instead); OperatorNotImplemented listing every operator
// outside the table by its TorchScript name ('aten::einsum'), with the nodes using each
// on detail lines. No libtorch exception escapes.
std::unique_ptr<PytorchModel> LoadPytorchModel(const std::string& bytes,
                                               const std::string& file_name);

// The TorchScript operators the frontend lowers, sorted (neoc --list_operators). Shape
// arithmetic, list and tuple handling and control flow (prim::If, prim::Loop) are not
// listed: the walker evaluates them at compile time.
std::vector<std::string> PytorchOperators();

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_PYTORCH_FRONTEND_H_

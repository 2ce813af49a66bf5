// Walks a frozen TorchScript graph and builds the IR: the driver of the per-operator
// lowerings (operator_table.h).
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_GRAPH_LOWERING_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_GRAPH_LOWERING_H_

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <torch/csrc/jit/ir/ir.h>

#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/graph.h"

namespace neo::pytorch_frontend {

// Throws OperatorNotImplemented listing every operator of `graph` (nested blocks too)
// that neither the table lowers nor the walker evaluates at compile time.
void CheckOperators(const torch::jit::Graph& graph);

// forward()'s inputs after self; throws OperatorAttributeNotImplemented for one that is
// not a tensor.
std::vector<const torch::jit::Value*> TensorInputs(const torch::jit::Graph& graph);

class GraphLowering {
 public:
  explicit GraphLowering(std::shared_ptr<torch::jit::Graph> graph);

  ir::Graph Run(const std::vector<std::string>& input_names,
                const std::vector<ir::Shape>& input_shapes);

  ir::Graph& graph() { return ir_; }
  const Slot& slot(const torch::jit::Value* v) const;
  void set_slot(const torch::jit::Value* v, Slot s) { slots_[v] = std::move(s); }
  // An IR constant for a tensor known at compile time, made once per TorchScript value.
  ir::ValueId ConstantTensor(const torch::jit::Value* v, const at::Tensor& t);

 private:
  void LowerBlock(const torch::jit::Block* block);
  void LowerNode(const torch::jit::Node* node);
  void LowerIf(const torch::jit::Node* node);
  void LowerLoop(const torch::jit::Node* node);
  bool Evaluate(const torch::jit::Node* node);
  // Flattens forward()'s result; `keys` gets each tensor's dict key (None outside dicts).
  void CollectOutputs(const Slot& s, const c10::IValue& key, std::vector<ir::ValueId>* out,
                      std::vector<c10::IValue>* keys);

  std::shared_ptr<torch::jit::Graph> torch_graph_;
  ir::Graph ir_;
  std::unordered_map<const torch::jit::Value*, Slot> slots_;
  std::unordered_map<const torch::jit::Value*, ir::ValueId> constants_;
};

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_GRAPH_LOWERING_H_

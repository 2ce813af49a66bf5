// Emitting the IR nodes that stand for one framework node, as every frontend does while
// lowering: each node is named after the framework node (the first by its name, the
// next ones "name/IrOp"), gets its output's shape at once, and is folded to a constant
// when all its inputs are constants. Folded nodes are flagged in `folded` for the
// frontend to erase (EraseNodes) when lowering ends.
#ifndef NEO_COMPILER_IR_NODE_EMITTER_H_
#define NEO_COMPILER_IR_NODE_EMITTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::ir {

class NodeEmitter {
 public:
  // `name`: the framework node's name; `source_op`: its operator, for reports.
  NodeEmitter(Graph& graph, std::vector<bool>& folded, std::string name, std::string source_op)
      : graph_(graph), folded_(folded), name_(std::move(name)), source_op_(std::move(source_op)) {}

  Graph& graph() { return graph_; }

  // Emits `ir_op`, infers its output's shape (or takes `preset_shape`, for operators whose
  // shape the inputs do not fix, such as Broadcast), folds it when its inputs are
  // constants, and returns its single output.
  ValueId Emit(const std::string& ir_op, std::vector<ValueId> inputs, const Attributes& attrs = {},
               DType dtype = DType::kFloat32, const Shape* preset_shape = nullptr);
  // Emit with the output's dtype taken from input 0.
  ValueId EmitLike(const std::string& ir_op, std::vector<ValueId> inputs,
                   const Attributes& attrs = {});

  // Constants named "<name>/<suffix>".
  ValueId Constant(DType dtype, const Shape& shape, std::vector<uint8_t> bytes,
                   const std::string& suffix);
  ValueId FloatConstant(const Shape& shape, const std::vector<float>& v, const std::string& suffix);
  ValueId Int64Constant(const Shape& shape, const std::vector<int64_t>& v,
                        const std::string& suffix);

  ValueId Reshape(ValueId x, const Shape& shape);
  // x repeated to `shape` (numpy broadcasting).
  ValueId Broadcast(ValueId x, const Shape& shape);
  ValueId Transpose(ValueId x, const std::vector<int64_t>& perm);

 private:
  Graph& graph_;
  std::vector<bool>& folded_;
  std::string name_;
  std::string source_op_;
  int emitted_ = 0;
};

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_NODE_EMITTER_H_

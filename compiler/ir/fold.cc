#include "compiler/ir/fold.h"

#include <algorithm>
#include <memory>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/op_registry.h"

namespace neo::ir {

bool FoldNode(Graph& g, size_t index) {
  const Node& node = g.nodes()[index];
  if (node.outputs.size() != 1 || node.inputs.empty()) return false;
  // A shape_only operator's kernel reads no input values: computed ones go in as null.
  const bool shape_only = GetOp(node.op).shape_only;
  std::vector<TensorData> data;
  data.reserve(node.inputs.size());
  std::vector<const TensorData*> inputs;
  for (ValueId v : node.inputs) {
    if (v == kNoValue) {
      inputs.push_back(nullptr);
      continue;
    }
    if (!g.value(v).is_constant()) {
      if (!shape_only) return false;
      inputs.push_back(nullptr);
      continue;
    }
    data.push_back(ConstantData(g.value(v)));
    inputs.push_back(&data.back());
  }
  size_t largest_input = 0;
  for (const TensorData& d : data) largest_input = std::max(largest_input, d.bytes.size());
  if (g.value(node.outputs[0]).byte_size() > std::max(kMaxComputedConstantBytes, largest_input)) {
    return false;
  }
  auto out = EvaluateNode(g, index, inputs);
  if (!out) return false;
  g.value(node.outputs[0]).data = std::make_shared<const std::vector<uint8_t>>(std::move((*out)[0].bytes));
  return true;
}

}  // namespace neo::ir

// TensorFlow 1's Switch and Merge on a predicate known at compile time (Keras' learning
// phase is a PlaceholderWithDefault(False) feeding every such Switch): the untaken
// branch is dead, and everything reading a dead tensor is dead too, up to the Merge
// that takes the live one. A predicate computed from the model's inputs is
// OperatorAttributeNotImplemented.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_CONTROL_FLOW_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_CONTROL_FLOW_H_

#include <set>
#include <string>

#include "compiler/frontends/tensorflow/lowering.h"

namespace neo::tf_frontend {

class DeadTensors {
 public:
  // True when a data input of `node` is dead (so, unless it is a Merge, is the node).
  bool AnyInputDead(const tensorflow::NodeDef& node) const;
  bool IsDead(const std::string& tensor) const;
  // Every output of `node` is dead.
  void KillNode(const std::string& node) { nodes_.insert(node); }

  // Switch(data, pred): output 1 (pred true) or 0 carries the data, the other is dead.
  void LowerSwitch(NodeLowering& n);
  // Merge(inputs...): output 0 is the one live input, output 1 its index (int32). With
  // every input dead, the Merge is dead.
  void LowerMerge(NodeLowering& n);

 private:
  std::set<std::string> tensors_;  // "node:k"
  std::set<std::string> nodes_;
};

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_CONTROL_FLOW_H_

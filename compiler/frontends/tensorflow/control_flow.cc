#include "compiler/frontends/tensorflow/control_flow.h"

#include <cstring>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::tf_frontend {

bool DeadTensors::IsDead(const std::string& tensor) const {
  const std::string t = CanonicalTensorName(tensor);
  if (t.empty()) return false;
  return tensors_.count(t) != 0 || nodes_.count(t.substr(0, t.rfind(':'))) != 0;
}

bool DeadTensors::AnyInputDead(const tensorflow::NodeDef& node) const {
  for (const std::string& in : node.input()) {
    if (IsDead(in)) return true;
  }
  return false;
}

void DeadTensors::LowerSwitch(NodeLowering& n) {
  n.RequireInputs(2, 2);
  if (!n.input_value(1).is_constant() || n.input_value(1).num_elements() != 1) {
    throw AttributeNotImplementedError("a predicate computed from the model's inputs", n.op());
  }
  const bool pred = n.ConstantInts(1, "pred")[0] != 0;
  n.SetOutput(pred ? 1 : 0, n.input(0));
  tensors_.insert(n.node().name() + (pred ? ":0" : ":1"));
}

void DeadTensors::LowerMerge(NodeLowering& n) {
  int live = -1, index = 0;
  for (const std::string& in : n.node().input()) {
    if (CanonicalTensorName(in).empty()) continue;  // a control input
    if (!IsDead(in)) {
      if (live >= 0) n.NotSupported("more than one live input");
      live = index;
    }
    ++index;
  }
  if (live < 0) {
    KillNode(n.node().name());
    return;
  }
  n.SetOutput(0, n.input(live));
  const int32_t k = live;
  std::vector<uint8_t> bytes(4);
  std::memcpy(bytes.data(), &k, 4);
  n.SetOutput(1, n.Constant(ir::DType::kInt32, {}, std::move(bytes), "value_index"));
}

}  // namespace neo::tf_frontend

#include "compiler/passes/channel_affine_fusion.h"

#include <vector>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// A float32 constant of shape [C] with leading ones.
bool PerLastAxis(const ir::Graph& g, ir::ValueId v, int64_t c) {
  const ir::Value& value = g.value(v);
  if (!value.is_constant() || value.dtype != ir::DType::kFloat32 || value.shape.empty()) return false;
  for (size_t i = 0; i + 1 < value.shape.size(); ++i) {
    if (value.shape[i] != 1) return false;
  }
  return value.shape.back() == c;
}

bool Clamped(const ir::Node& n) { return n.attrs.has("act_min") || n.attrs.has("act_max"); }

class Fuser {
 public:
  explicit Fuser(ir::Graph& g) : g_(g), producers_(g.Producers()), uses_(g.UseCounts()) {}

  // The node producing `v` if it is `op_name`, unclamped, and `v` is read once and is no
  // graph output; else -1.
  int SoleProducer(ir::ValueId v, const char* op_name) const {
    if (v == ir::kNoValue || ir::IsGraphOutput(g_, v) || uses_[static_cast<size_t>(v)] != 1) return -1;
    const int p = producers_[static_cast<size_t>(v)];
    if (p < 0) return -1;
    const ir::Node& n = g_.nodes()[static_cast<size_t>(p)];
    return n.op == op_name && !Clamped(n) ? p : -1;
  }

  // Rewrites node `i` if it is the Add of the pattern, marking the nodes it absorbs.
  bool Fuse(size_t i, std::vector<bool>& remove) {
    ir::Node& add = g_.nodes()[i];
    if (add.op != op::kAdd || add.inputs.size() != 2) return false;
    const ir::Shape& shape = g_.value(add.outputs[0]).shape;
    if (shape.empty() || g_.value(add.outputs[0]).dtype != ir::DType::kFloat32) return false;
    const int64_t c = shape.back();
    for (int side = 0; side < 2; ++side) {
      const ir::ValueId b = add.inputs[static_cast<size_t>(1 - side)];
      const int m = SoleProducer(add.inputs[static_cast<size_t>(side)], op::kMul);
      if (m < 0 || !PerLastAxis(g_, b, c)) continue;
      const ir::Node& mul = g_.nodes()[static_cast<size_t>(m)];
      for (int mside = 0; mside < 2; ++mside) {
        const ir::ValueId x = mul.inputs[static_cast<size_t>(mside)];
        const ir::ValueId s = mul.inputs[static_cast<size_t>(1 - mside)];
        if (!PerLastAxis(g_, s, c) || g_.value(x).shape != shape || g_.value(x).is_constant()) continue;
        std::vector<ir::ValueId> inputs = {s, b, x};
        const int cat = SoleProducer(x, op::kConcat);
        if (cat >= 0) {
          const ir::Node& concat = g_.nodes()[static_cast<size_t>(cat)];
          if (concat.attrs.GetInt("axis", -1) == static_cast<int64_t>(shape.size()) - 1) {
            inputs.pop_back();
            inputs.insert(inputs.end(), concat.inputs.begin(), concat.inputs.end());
            remove[static_cast<size_t>(cat)] = true;
          }
        }
        remove[static_cast<size_t>(m)] = true;
        add.op = op::kChannelAffine;
        add.inputs = std::move(inputs);
        return true;
      }
    }
    return false;
  }

 private:
  ir::Graph& g_;
  std::vector<int> producers_;
  std::vector<int> uses_;
};

}  // namespace

int FuseChannelAffines(ir::Graph& g) {
  Fuser fuser(g);
  std::vector<bool> remove(g.nodes().size(), false);
  int made = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) made += fuser.Fuse(i, remove) ? 1 : 0;
  ir::EraseNodes(g, remove);
  return made;
}

}  // namespace neo::passes

#include "compiler/passes/channel_affine_fusion.h"

#include <vector>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// A per-channel operand: shape [C] with leading ones, float32 (and a constant, if
// `constant`).
bool PerLastAxis(const ir::Graph& g, ir::ValueId v, int64_t c, bool constant) {
  return (!constant || g.value(v).is_constant()) && ir::PerLastAxis(g, v, c);
}

bool Clamped(const ir::Node& n) { return n.attrs.has("act_min") || n.attrs.has("act_max"); }

class Fuser {
 public:
  explicit Fuser(ir::Graph& g) : g_(g), producers_(g.Producers()), uses_(g.UseCounts()) {}

  // The node producing `v` if it is `op_name`, unclamped, and `v` is read once and is no
  // graph output; else -1.
  int SoleProducer(ir::ValueId v, const char* op_name) const {
    const int p = ir::SoleReaderProducer(g_, producers_, uses_, v, op_name);
    return p >= 0 && !Clamped(g_.nodes()[static_cast<size_t>(p)]) ? p : -1;
  }

  // Rewrites node `i` if it is the Add of Add(Mul(x, s), b), marking the nodes it absorbs.
  bool FuseScaleShift(size_t i, std::vector<bool>& remove) {
    ir::Node& add = g_.nodes()[i];
    const int64_t c = Channels(add, op::kAdd);
    if (c < 0) return false;
    for (int side = 0; side < 2; ++side) {
      const ir::ValueId b = add.inputs[static_cast<size_t>(1 - side)];
      const int m = SoleProducer(add.inputs[static_cast<size_t>(side)], op::kMul);
      if (m < 0 || !PerLastAxis(g_, b, c, /*constant=*/true)) continue;
      const ir::Node& mul = g_.nodes()[static_cast<size_t>(m)];
      for (int mside = 0; mside < 2; ++mside) {
        const ir::ValueId x = mul.inputs[static_cast<size_t>(mside)];
        const ir::ValueId s = mul.inputs[static_cast<size_t>(1 - mside)];
        if (!PerLastAxis(g_, s, c, /*constant=*/true) || !IsData(x, add)) continue;
        remove[static_cast<size_t>(m)] = true;
        Rewrite(add, s, b, x, remove);
        return true;
      }
    }
    return false;
  }

  // Rewrites node `i` if it is a Mul(x, s) of x by a per-channel s, constant or computed
  // (squeeze-excitation's gate), with a zero shift.
  bool FuseScale(size_t i, std::vector<bool>& remove) {
    ir::Node& mul = g_.nodes()[i];
    const int64_t c = Channels(mul, op::kMul);
    if (c < 0) return false;
    for (int side = 0; side < 2; ++side) {
      const ir::ValueId x = mul.inputs[static_cast<size_t>(side)];
      const ir::ValueId s = mul.inputs[static_cast<size_t>(1 - side)];
      if (!PerLastAxis(g_, s, c, /*constant=*/false) || !IsData(x, mul)) continue;
      const ir::ValueId zero = g_.AddFloatConstant(g_.UniqueName(mul.name + "/zero_shift"), {c},
                                                   std::vector<float>(static_cast<size_t>(c), 0.0f));
      Rewrite(mul, s, zero, x, remove);
      return true;
    }
    return false;
  }

 private:
  // The channel count of a float32 `op_name` node with two inputs, or -1.
  int64_t Channels(const ir::Node& n, const char* op_name) const {
    if (n.op != op_name || n.inputs.size() != 2) return -1;
    const ir::Value& y = g_.value(n.outputs[0]);
    if (y.shape.empty() || y.dtype != ir::DType::kFloat32) return -1;
    return y.shape.back();
  }

  // Whether x can be the data of `n`'s ChannelAffine: computed, with n's output shape.
  bool IsData(ir::ValueId x, const ir::Node& n) const {
    return !g_.value(x).is_constant() && g_.value(x).shape == g_.value(n.outputs[0]).shape;
  }

  // Makes `n` the ChannelAffine(s, b, x), x replaced by the inputs of a Concat along the
  // last axis that only it reads. `n` keeps its output and clamp.
  void Rewrite(ir::Node& n, ir::ValueId s, ir::ValueId b, ir::ValueId x, std::vector<bool>& remove) {
    std::vector<ir::ValueId> inputs = {s, b};
    const int cat = SoleProducer(x, op::kConcat);
    const int64_t last = static_cast<int64_t>(g_.value(x).shape.size()) - 1;
    if (cat >= 0 && g_.nodes()[static_cast<size_t>(cat)].attrs.GetInt("axis", -1) == last) {
      const ir::Node& concat = g_.nodes()[static_cast<size_t>(cat)];
      inputs.insert(inputs.end(), concat.inputs.begin(), concat.inputs.end());
      remove[static_cast<size_t>(cat)] = true;
    } else {
      inputs.push_back(x);
    }
    n.op = op::kChannelAffine;
    n.inputs = std::move(inputs);
  }

  ir::Graph& g_;
  std::vector<int> producers_;
  std::vector<int> uses_;
};

}  // namespace

int FuseChannelAffines(ir::Graph& g) {
  int made = 0;
  // Scale-and-shift pairs first, so that their Mul is not taken alone.
  for (bool pairs : {true, false}) {
    Fuser fuser(g);
    std::vector<bool> remove(g.nodes().size(), false);
    for (size_t i = 0; i < g.nodes().size(); ++i) {
      made += (pairs ? fuser.FuseScaleShift(i, remove) : fuser.FuseScale(i, remove)) ? 1 : 0;
    }
    ir::EraseNodes(g, remove);
  }
  return made;
}

}  // namespace neo::passes

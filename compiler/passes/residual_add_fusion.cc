#include "compiler/passes/residual_add_fusion.h"

#include <algorithm>
#include <vector>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/op_registry.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

bool HasActivation(const ir::Node& n) {
  return n.attrs.has("act_min") || n.attrs.has("act_max") || n.attrs.has("act_fn");
}

class Fuser {
 public:
  explicit Fuser(ir::Graph& g)
      : g_(g),
        producers_(g.Producers()),
        uses_(g.UseCounts()),
        last_reader_(g.num_values(), -1),
        viewed_(g.num_values(), false),
        overwritten_at_(g.num_values(), -1) {
    for (size_t i = 0; i < g.nodes().size(); ++i) {
      const ir::Node& n = g.nodes()[i];
      for (ir::ValueId v : n.inputs) {
        if (v == ir::kNoValue) continue;
        last_reader_[static_cast<size_t>(v)] = static_cast<int>(i);
        if (ir::GetOp(n.op).view) viewed_[static_cast<size_t>(v)] = true;
      }
    }
  }

  // Fuses node `i` if it is such an Add; the convolution it absorbs is flagged in remove.
  bool Fuse(size_t i, std::vector<bool>& remove) {
    const ir::Node& add = g_.nodes()[i];
    if (add.op != op::kAdd || add.inputs.size() != 2 || add.attrs.has("act_fn")) return false;
    for (size_t side = 0; side < 2; ++side) {
      const ir::ValueId y = add.inputs[side], r = add.inputs[1 - side];
      const int c = ir::SoleReaderProducer(g_, producers_, uses_, y, op::kConv2D);
      if (c < 0 || remove[static_cast<size_t>(c)] || y == r) continue;
      const ir::Node& conv = g_.nodes()[static_cast<size_t>(c)];
      if (conv.inputs.size() > 3 || HasActivation(conv) ||
          conv.attrs.GetString("layout", "") != "NHWC" ||
          g_.value(y).shape != g_.value(add.outputs[0]).shape) {
        continue;
      }
      if (!FreeResidual(r, add, i) || !SafeToMove(conv, c, i, r)) continue;
      ir::Node fused = conv;
      fused.inputs.resize(3, ir::kNoValue);
      fused.inputs.push_back(r);
      fused.outputs = add.outputs;
      fused.name = add.name;
      for (const char* bound : {"act_min", "act_max"}) {
        if (add.attrs.has(bound)) fused.attrs.set(bound, add.attrs.GetFloat(bound));
      }
      for (ir::ValueId v : fused.inputs) {
        if (v != ir::kNoValue) {
          last_reader_[static_cast<size_t>(v)] =
              std::max(last_reader_[static_cast<size_t>(v)], static_cast<int>(i));
        }
      }
      overwritten_at_[static_cast<size_t>(r)] = static_cast<int>(i);
      g_.nodes()[i] = std::move(fused);
      remove[static_cast<size_t>(c)] = true;
      return true;
    }
    return false;
  }

 private:
  bool FreeResidual(ir::ValueId r, const ir::Node& add, size_t i) const {
    const ir::Value& v = g_.value(r);
    const size_t ri = static_cast<size_t>(r);
    const int producer = producers_[ri];
    return !v.is_constant() && v.dtype == ir::DType::kFloat32 &&
           v.shape == g_.value(add.outputs[0]).shape && !ir::IsGraphInput(g_, r) &&
           !ir::IsGraphOutput(g_, r) && producer >= 0 &&
           !ir::GetOp(g_.nodes()[static_cast<size_t>(producer)].op).view && !viewed_[ri] &&
           last_reader_[ri] == static_cast<int>(i);
  }

  // The convolution at c, run at i instead, must not read r nor a value overwritten in
  // place by a node after c and before i.
  bool SafeToMove(const ir::Node& conv, int c, size_t i, ir::ValueId r) const {
    for (ir::ValueId v : conv.inputs) {
      if (v == ir::kNoValue) continue;
      if (v == r) return false;
      const int at = overwritten_at_[static_cast<size_t>(v)];
      if (at > c && at < static_cast<int>(i)) return false;
    }
    return true;
  }

  ir::Graph& g_;
  std::vector<int> producers_;
  std::vector<int> uses_;
  std::vector<int> last_reader_;
  std::vector<bool> viewed_;
  std::vector<int> overwritten_at_;
};

}  // namespace

int FuseResidualAdds(ir::Graph& g) {
  Fuser fuser(g);
  std::vector<bool> remove(g.nodes().size(), false);
  int fused = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) fused += fuser.Fuse(i, remove) ? 1 : 0;
  ir::EraseNodes(g, remove);
  return fused;
}

}  // namespace neo::passes

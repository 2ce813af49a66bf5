#include "compiler/passes/bias_folding.h"

#include "compiler/ir/evaluate.h"
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/op_def.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// The channel axis of `node`'s output, or -1 for a node whose bias cannot take an add.
int ChannelAxis(const ir::Graph& g, const ir::Node& node) {
  const size_t rank = g.value(node.outputs[0]).shape.size();
  if (node.op == op::kFullyConnected) return rank == 2 ? 1 : -1;
  if (node.op == op::kConv2D || node.op == op::kConvTranspose2D) {
    if (rank != 4) return -1;
    return ir::IsNHWC(node) ? 3 : 1;
  }
  return -1;
}

// True when `b` holds one value per channel of an output shaped `out`, on `axis`.
bool PerChannel(const ir::Value& b, const ir::Shape& out, int axis) {
  if (!b.is_constant() || b.dtype != ir::DType::kFloat32) return false;
  const int64_t channels = out[static_cast<size_t>(axis)];
  if (b.num_elements() != channels || b.shape.size() > out.size()) return false;
  // Right-aligned broadcasting: b's dimension facing `axis` holds the channels, the
  // others are 1.
  const size_t offset = out.size() - b.shape.size();
  for (size_t i = 0; i < b.shape.size(); ++i) {
    const bool at_axis = i + offset == static_cast<size_t>(axis);
    if (b.shape[i] != (at_axis ? channels : 1)) return false;
  }
  return channels == 1 || offset <= static_cast<size_t>(axis);
}

bool Fold(ir::Graph& g, size_t add_index, const std::vector<int>& producers,
          const std::vector<int>& uses) {
  const ir::Node& add = g.nodes()[add_index];
  if (add.attrs.has("act_min") || add.attrs.has("act_max")) return false;
  for (int side = 0; side < 2; ++side) {
    const ir::ValueId y = add.inputs[static_cast<size_t>(side)];
    const ir::ValueId b = add.inputs[static_cast<size_t>(1 - side)];
    const int p = producers[static_cast<size_t>(y)];
    if (p < 0 || uses[static_cast<size_t>(y)] != 1 || ir::IsGraphOutput(g, y)) continue;
    const ir::Node& layer = g.nodes()[static_cast<size_t>(p)];
    if (layer.attrs.has("act_min") || layer.attrs.has("act_max")) continue;
    const int axis = ChannelAxis(g, layer);
    if (axis < 0) continue;
    const ir::Shape out = g.value(y).shape;
    if (out != g.value(add.outputs[0]).shape || !PerChannel(g.value(b), out, axis)) continue;
    const bool has_bias = layer.inputs.size() > 2 && layer.inputs[2] != ir::kNoValue;
    if (has_bias && !g.value(layer.inputs[2]).is_constant()) continue;
    std::vector<float> bias = ir::FloatsOf(g.value(b));
    if (has_bias) {
      const std::vector<float> old = ir::FloatsOf(g.value(layer.inputs[2]));
      if (old.size() != bias.size()) continue;
      for (size_t c = 0; c < bias.size(); ++c) bias[c] += old[c];
    }
    const ir::ValueId add_out = add.outputs[0];
    const std::string base = layer.name.empty() ? "layer" : layer.name;
    const ir::ValueId new_bias =
        g.AddFloatConstant(base + "_bias", {static_cast<int64_t>(bias.size())}, bias);
    ir::Node& l = g.nodes()[static_cast<size_t>(p)];
    l.inputs.resize(3);
    l.inputs[2] = new_bias;
    l.outputs[0] = add_out;
    return true;
  }
  return false;
}

}  // namespace

int FoldBiasAdds(ir::Graph& g) {
  int count = 0;
  std::vector<bool> remove(g.nodes().size(), false);
  const std::vector<int> producers = g.Producers();
  const std::vector<int> uses = g.UseCounts();
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    if (g.nodes()[i].op != op::kAdd) continue;
    if (Fold(g, i, producers, uses)) {
      remove[i] = true;
      ++count;
    }
  }
  ir::EraseNodes(g, remove);
  return count;
}

}  // namespace neo::passes

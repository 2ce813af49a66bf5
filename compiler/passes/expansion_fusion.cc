#include "compiler/passes/expansion_fusion.h"

#include <string>
#include <vector>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// No activation function but those the fused kernel applies in registers.
bool ActivationTaken(const ir::Node& n) {
  const std::string fn = n.attrs.GetString("act_fn", "");
  return fn.empty() || fn == "Swish" || fn == "HardSwish";
}

bool IsNhwcConv(const ir::Graph& g, const ir::Node& n) {
  if (n.op != op::kConv2D || n.inputs.size() > 3 || n.attrs.GetString("layout", "") != "NHWC" ||
      !ActivationTaken(n)) {
    return false;
  }
  for (ir::ValueId v : n.inputs) {
    if (v != ir::kNoValue && g.value(v).dtype != ir::DType::kFloat32) return false;
  }
  return n.attrs.GetInts("dilations", {1, 1}) == std::vector<int64_t>{1, 1};
}

bool IsExpansion(const ir::Graph& g, const ir::Node& e) {
  if (!IsNhwcConv(g, e) || e.attrs.GetInt("group", 1) != 1) return false;
  const ir::Shape& w = g.value(e.inputs[1]).shape;
  return w.size() == 4 && w[2] == 1 && w[3] == 1 &&
         e.attrs.GetInts("strides", {1, 1}) == std::vector<int64_t>{1, 1} &&
         e.attrs.GetInts("pads", {0, 0, 0, 0}) == std::vector<int64_t>{0, 0, 0, 0};
}

bool IsFusableDepthwise(const ir::Graph& g, const ir::Node& d) {
  if (!IsNhwcConv(g, d)) return false;
  const ir::Shape& w = g.value(d.inputs[1]).shape;
  if (w.size() != 4 || w[1] != 1 || d.attrs.GetInt("group", 1) != w[0]) return false;
  const int64_t k = w[2];
  const std::vector<int64_t> s = d.attrs.GetInts("strides", {1, 1});
  const std::vector<int64_t> pads = d.attrs.GetInts("pads", {0, 0, 0, 0});
  if ((k != 3 && k != 5) || w[3] != k || s[0] != s[1] || (s[0] != 1 && s[0] != 2)) return false;
  for (int64_t p : pads) {
    if (p > k / 2) return false;
  }
  return true;
}

}  // namespace

int FuseExpansionsIntoDepthwise(ir::Graph& g) {
  const std::vector<int> producers = g.Producers();
  const std::vector<int> uses = g.UseCounts();
  std::vector<bool> remove(g.nodes().size(), false);
  int fused = 0;
  for (size_t i = 1; i < g.nodes().size(); ++i) {
    ir::Node& d = g.nodes()[i];
    if (d.op != op::kConv2D || d.inputs.empty() || !IsFusableDepthwise(g, d)) continue;
    const int at = ir::SoleReaderProducer(g, producers, uses, d.inputs[0], op::kConv2D);
    if (at != static_cast<int>(i) - 1 || remove[static_cast<size_t>(at)]) continue;
    const ir::Node& e = g.nodes()[static_cast<size_t>(at)];
    if (!IsExpansion(g, e) || g.value(e.inputs[1]).shape[0] != g.value(d.inputs[1]).shape[0]) {
      continue;
    }
    d.inputs.resize(3, ir::kNoValue);
    d.inputs[0] = e.inputs[0];
    d.inputs.push_back(ir::kNoValue);  // residual
    d.inputs.push_back(ir::kNoValue);  // input scale
    d.inputs.push_back(e.inputs[1]);
    if (e.inputs.size() > 2 && e.inputs[2] != ir::kNoValue) d.inputs.push_back(e.inputs[2]);
    if (e.attrs.has("act_min")) d.attrs.set("expand_act_min", e.attrs.GetFloat("act_min"));
    if (e.attrs.has("act_max")) d.attrs.set("expand_act_max", e.attrs.GetFloat("act_max"));
    if (e.attrs.has("act_fn")) d.attrs.set("expand_act_fn", e.attrs.GetString("act_fn"));
    remove[static_cast<size_t>(at)] = true;
    ++fused;
  }
  ir::EraseNodes(g, remove);
  return fused;
}

}  // namespace neo::passes

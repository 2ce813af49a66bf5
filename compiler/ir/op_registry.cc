#include "compiler/ir/op_registry.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "compiler/ir/ops.h"

namespace neo::ir {

namespace {

// Every family's entries. A new family adds its function here.
std::vector<OpDef> AllFamilies() {
  std::vector<OpDef> all;
  for (auto family : {BinaryOps, CastOps, ConvOps, DataMovementOps, DecodeJpegOps,
                      GatherScatterOps, IndexingOps, LayerNormOps, MatMulOps, MultiBoxOps,
                      NormalizationOps, PoolOps, QuantizeOps, QuantizedConvOps,
                      QuantizedMatMulOps, ReduceOps, ResizeOps, UnaryOps, WhereOps}) {
    for (OpDef& d : family()) all.push_back(std::move(d));
  }
  return all;
}

struct Registry {
  std::vector<OpDef> defs;
  std::map<std::string, const OpDef*> by_name;
  std::vector<const OpDef*> sorted;

  Registry() : defs(AllFamilies()) {
    for (const OpDef& d : defs) {
      if (!d.shape || !d.kernel || !by_name.emplace(d.name, &d).second) {
        throw std::logic_error("IR registry: bad or duplicate entry " + d.name);
      }
      sorted.push_back(&d);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const OpDef* a, const OpDef* b) { return a->name < b->name; });
  }
};

const Registry& TheRegistry() {
  static const Registry* registry = new Registry;
  return *registry;
}

}  // namespace

const OpDef* FindOp(const std::string& op) {
  const auto& m = TheRegistry().by_name;
  auto it = m.find(op);
  return it == m.end() ? nullptr : it->second;
}

const OpDef& GetOp(const std::string& op) {
  const OpDef* d = FindOp(op);
  if (!d) throw std::logic_error("IR: no operator named '" + op + "'");
  return *d;
}

const std::vector<const OpDef*>& AllOps() { return TheRegistry().sorted; }

KernelCall KernelFor(const Graph& g, size_t index) {
  const Node& node = g.nodes().at(index);
  const OpDef& def = GetOp(node.op);
  return def.kernel(NodeContext(g, node, index, def));
}

}  // namespace neo::ir

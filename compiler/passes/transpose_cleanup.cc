// SimplifyTransposes (declared in layout.h): the tidy-up after layout assignment.
#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"
#include "compiler/passes/dead_code.h"
#include "compiler/passes/layout.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

bool IsIdentityPerm(const std::vector<int64_t>& perm) {
  for (size_t i = 0; i < perm.size(); ++i) {
    if (perm[i] != static_cast<int64_t>(i)) return false;
  }
  return true;
}

// True if the permutation keeps the order of all dimensions larger than 1: then the
// elements stay in the same memory order and a Reshape does the job.
bool MovesOnlyUnitDims(const ir::Shape& in, const std::vector<int64_t>& perm) {
  int64_t last = -1;
  for (int64_t p : perm) {
    if (in[static_cast<size_t>(p)] == 1) continue;
    if (p < last) return false;
    last = p;
  }
  return true;
}

// Transpose(Transpose(x, p1), p2) -> Transpose(x, p1∘p2); identity ones are bypassed.
bool MergeTransposes(ir::Graph& g) {
  bool changed = false;
  std::vector<int> producers = g.Producers();
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    ir::Node& node = g.nodes()[i];
    if (node.op != op::kTranspose) continue;
    int p = producers[static_cast<size_t>(node.inputs[0])];
    if (p >= 0 && g.nodes()[static_cast<size_t>(p)].op == op::kTranspose) {
      const ir::Node& inner = g.nodes()[static_cast<size_t>(p)];
      const std::vector<int64_t>& p1 = inner.attrs.GetInts("perm");
      std::vector<int64_t> p2 = node.attrs.GetInts("perm");
      std::vector<int64_t> composed(p2.size());
      for (size_t k = 0; k < p2.size(); ++k) composed[k] = p1[static_cast<size_t>(p2[k])];
      node.inputs[0] = inner.inputs[0];
      node.attrs.set("perm", composed);
      changed = true;
    }
    if (IsIdentityPerm(node.attrs.GetInts("perm")) && ir::BypassNode(g, i)) {
      return true;  // indices moved: let the caller start over
    }
  }
  return changed;
}

// Reshape(Reshape(x)) -> Reshape(x); Reshape to the input's own shape is bypassed.
bool MergeReshapes(ir::Graph& g) {
  bool changed = false;
  std::vector<int> producers = g.Producers();
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    ir::Node& node = g.nodes()[i];
    if (node.op != op::kReshape) continue;
    int p = producers[static_cast<size_t>(node.inputs[0])];
    if (p >= 0 && g.nodes()[static_cast<size_t>(p)].op == op::kReshape) {
      node.inputs[0] = g.nodes()[static_cast<size_t>(p)].inputs[0];
      changed = true;
    }
    if (g.value(node.inputs[0]).shape == g.value(node.outputs[0]).shape && ir::BypassNode(g, i)) {
      return true;
    }
  }
  return changed;
}

}  // namespace

void SimplifyTransposes(ir::Graph& g) {
  while (MergeTransposes(g)) {
  }
  for (ir::Node& node : g.nodes()) {
    if (node.op != op::kTranspose) continue;
    const ir::Shape& in = g.value(node.inputs[0]).shape;
    if (MovesOnlyUnitDims(in, node.attrs.GetInts("perm"))) {
      node.op = op::kReshape;
      node.attrs.erase("perm");
      node.attrs.set("shape", g.value(node.outputs[0]).shape);
    }
  }
  while (MergeReshapes(g)) {
  }
  EliminateDeadCode(g);
}

}  // namespace neo::passes

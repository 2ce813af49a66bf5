#include "compiler/passes/constant_folding.h"

#include "compiler/ir/fold.h"
#include "compiler/ir/graph_edit.h"

namespace neo::passes {

int FoldConstants(ir::Graph& g) {
  std::vector<bool> folded(g.nodes().size(), false);
  int count = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& node = g.nodes()[i];
    if (node.outputs.size() != 1 || ir::IsGraphOutput(g, node.outputs[0])) continue;
    if (!ir::FoldNode(g, i)) continue;
    folded[i] = true;
    ++count;
  }
  ir::EraseNodes(g, folded);
  return count;
}

}  // namespace neo::passes

#include "compiler/passes/channel_shuffle.h"

#include <vector>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// The axis `split` splits of `x` into two dimensions (split has rank x + 1 and agrees
// elsewhere), or -1.
int64_t SplitAxis(const ir::Shape& x, const ir::Shape& split) {
  if (split.size() != x.size() + 1) return -1;
  size_t a = 0;
  while (a < x.size() && x[a] == split[a]) ++a;
  if (a == x.size() || split[a] * split[a + 1] != x[a]) return -1;
  for (size_t d = a + 1; d < x.size(); ++d) {
    if (x[d] != split[d + 1]) return -1;
  }
  return static_cast<int64_t>(a);
}

bool SwapsNeighbours(const std::vector<int64_t>& perm, int64_t a) {
  for (size_t d = 0; d < perm.size(); ++d) {
    const int64_t i = static_cast<int64_t>(d);
    const int64_t want = i == a ? a + 1 : i == a + 1 ? a : i;
    if (perm[d] != want) return false;
  }
  return true;
}

}  // namespace

int FuseChannelShuffles(ir::Graph& g) {
  const std::vector<int> producers = g.Producers();
  const std::vector<int> uses = g.UseCounts();
  std::vector<bool> remove(g.nodes().size(), false);
  int made = 0;
  for (ir::Node& merge : g.nodes()) {
    if (merge.op != op::kReshape) continue;
    const int t = ir::SoleReaderProducer(g, producers, uses, merge.inputs[0], op::kTranspose);
    if (t < 0) continue;
    const ir::Node& transpose = g.nodes()[static_cast<size_t>(t)];
    const int s = ir::SoleReaderProducer(g, producers, uses, transpose.inputs[0], op::kReshape);
    if (s < 0) continue;
    const ir::Node& split = g.nodes()[static_cast<size_t>(s)];
    const ir::ValueId x = split.inputs[0];
    const ir::Shape& x_shape = g.value(x).shape;
    const ir::Shape& split_shape = g.value(split.outputs[0]).shape;
    if (g.value(merge.outputs[0]).shape != x_shape) continue;
    const int64_t axis = SplitAxis(x_shape, split_shape);
    if (axis < 0 || !SwapsNeighbours(transpose.attrs.GetInts("perm"), axis)) continue;
    const int64_t groups = split_shape[static_cast<size_t>(axis)];
    merge.op = op::kChannelShuffle;
    merge.inputs = {x};
    merge.attrs = ir::Attributes();
    merge.attrs.set("groups", groups);
    merge.attrs.set("axis", axis);
    remove[static_cast<size_t>(t)] = remove[static_cast<size_t>(s)] = true;
    ++made;
  }
  ir::EraseNodes(g, remove);
  return made;
}

}  // namespace neo::passes

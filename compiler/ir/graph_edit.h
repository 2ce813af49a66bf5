// Editing a Graph in place: questions about values and removing nodes. Frontends use
// these while lowering as much as the passes do.
#ifndef NEO_COMPILER_IR_GRAPH_EDIT_H_
#define NEO_COMPILER_IR_GRAPH_EDIT_H_

#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::ir {

bool IsGraphInput(const Graph& g, ValueId v);
bool IsGraphOutput(const Graph& g, ValueId v);

// "Conv2D node 'conv1'" (or "Conv2D node #3" when the frontend left it unnamed), for
// messages that must say where a problem is.
std::string Describe(const Node& node, size_t index);

// The index of the node producing `v` when that node is `op`, `v` is read by exactly one
// node input and is no graph output; else -1. `producers` and `uses` are g.Producers()
// and g.UseCounts(). What a pass asks before folding a producer into its one reader.
int SoleReaderProducer(const Graph& g, const std::vector<int>& producers,
                       const std::vector<int>& uses, ValueId v, const std::string& op);

// Whether `v` is float32 with shape [C] after leading 1s, `c` being C: one value per
// element of the last axis, as a per-channel scale or shift broadcasts in NHWC.
bool PerLastAxis(const Graph& g, ValueId v, int64_t c);

// Drops nodes flagged in `remove`, keeping the order of the others.
void EraseNodes(Graph& g, const std::vector<bool>& remove);

// Makes node `index` (one input, one output, an identity on the data: Identity, a
// cancelled Transpose pair) unnecessary by letting readers of its output read its input
// instead. When the output is a graph output (its name is the user's), the input's
// producer writes the output directly instead, if nothing else reads that input.
// Returns false (and changes nothing) when neither is possible; the node then stays.
bool BypassNode(Graph& g, size_t index);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_GRAPH_EDIT_H_

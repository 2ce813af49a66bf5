// The memory layout users see at the model's inputs and outputs, named for the generated
// header: which dimension of an image tensor is channels.
#ifndef NEO_COMPILER_PASSES_INTERFACE_LAYOUT_H_
#define NEO_COMPILER_PASSES_INTERFACE_LAYOUT_H_

#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::passes {

// One entry per graph input and per graph output, in order: "NCHW" or "NHWC" when the
// value reaches (input) or comes from (output) a spatial operator's data operand through
// element-wise operators only, and "" otherwise (no spatial meaning: plain row-major).
// The layout is the source model's, so call it on the frontend's graph, before the
// passes (which run spatial operators in NHWC behind transposes at the interface).
struct InterfaceLayouts {
  std::vector<std::string> inputs, outputs;
};
InterfaceLayouts FindInterfaceLayouts(const ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_INTERFACE_LAYOUT_H_

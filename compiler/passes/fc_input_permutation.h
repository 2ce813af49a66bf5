// Folds the NHWC -> NCHW transpose in front of a flattening fully connected layer into
// the layer's weights.
//
// A classifier that flattens a feature map (VGG, LeNet-style heads) reads it in the
// source layout: Transpose[0,3,1,2] -> Reshape[N, C*H*W] -> FullyConnected. Permuting
// the weights' columns from (c, h, w) to (h, w, c) order once at compile time lets the
// layer read the NHWC map directly, and the transpose disappears from every run.
#ifndef NEO_COMPILER_PASSES_FC_INPUT_PERMUTATION_H_
#define NEO_COMPILER_PASSES_FC_INPUT_PERMUTATION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Returns the number of transposes folded. Leaves the dead transposes to dead code.
int FoldTransposesIntoFullyConnected(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_FC_INPUT_PERMUTATION_H_

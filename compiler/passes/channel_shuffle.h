// ShuffleNet's channel shuffle as exporters write it: a Reshape that splits the channel
// axis into [groups, C/groups], a Transpose that swaps the two, a Reshape back. Left as
// three nodes, the 5-D Transpose keeps the layout pass from running the block NHWC (four
// layout transposes around every shuffle); as one ChannelShuffle it runs in any layout.
#ifndef NEO_COMPILER_PASSES_CHANNEL_SHUFFLE_H_
#define NEO_COMPILER_PASSES_CHANNEL_SHUFFLE_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Reshape(x -> x's shape with axis a split into [g, C/g]), Transpose swapping dimensions
// a and a+1, Reshape back to x's shape -> ChannelShuffle(x, groups g, axis a), when the
// two intermediate values are read by the next node alone and are not graph outputs.
// Returns the number of shuffles made.
int FuseChannelShuffles(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_CHANNEL_SHUFFLE_H_

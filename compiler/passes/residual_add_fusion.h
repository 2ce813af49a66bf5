// Residual additions into the convolution that feeds them: Add(Conv2D(x, w, b), r), its
// clamp included, becomes Conv2D(x, w, b, r) with that clamp. The convolution adds r to
// each output tile while the tile is in cache and writes over r's buffer (the memory
// plan gives the output r's buffer: ir::OpDef::in_place_input), instead of a separate
// pass that reads both tensors again. ResNet-50 spent 1.1 ms of 22 ms on its sixteen
// additions at two threads (AMD Zen 5); ONNX Runtime adds inside its convolutions too.
#ifndef NEO_COMPILER_PASSES_RESIDUAL_ADD_FUSION_H_
#define NEO_COMPILER_PASSES_RESIDUAL_ADD_FUSION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Fuses where
//   - the Conv2D (NHWC, float32, no residual yet, no activation or clamp of its own) is
//     read by the Add alone and is no graph output;
//   - r has the Add's output shape (no broadcast) and is float32, computed (not a
//     weight), no graph input or output, produced by no view and read through none, and
//     read by no node after the Add, so its buffer is free to overwrite;
//   - moving the convolution to the Add's place does not make it read r, nor a value
//     that a convolution fused in between has overwritten.
// The fused node takes the Add's place in the node order and its output value. Returns
// the number of Adds fused.
int FuseResidualAdds(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_RESIDUAL_ADD_FUSION_H_

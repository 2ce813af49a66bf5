// A BatchNorm that could not fold into a convolution is a per-channel Mul and Add (a ReLU
// after it already fused into the Add's clamp). DenseNet has one after every
// concatenation: Concat, Mul and Add each read and write the whole tensor. One
// ChannelAffine reads the Concat's inputs once and writes the result once.
#ifndef NEO_COMPILER_PASSES_CHANNEL_AFFINE_FUSION_H_
#define NEO_COMPILER_PASSES_CHANNEL_AFFINE_FUSION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Add(Mul(x, s), b) (operands in either order), where s and b are float32 constants with
// one value per element of the last axis (shape [C] with leading ones), x has the Add's
// shape, and the Mul is read by the Add alone, is no graph output and has no clamp
// -> ChannelAffine(s, b, x) with the Add's clamp. Then, of the Muls left, Mul(x, s) with
// a float32 s of shape [C] with leading ones, constant or computed (squeeze-excitation's
// gate), and x of the Mul's shape -> ChannelAffine(s, zeros, x) with the Mul's clamp: one
// vector loop, where oneDNN's broadcasting multiply took 1.5x as long. When x is a Concat
// along the last axis read by the Mul alone and no graph output, its inputs replace x.
// Meant for NHWC graphs (after ConvertToNHWC), where the last axis is the channels.
// Returns the number of ChannelAffines made.
int FuseChannelAffines(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_CHANNEL_AFFINE_FUSION_H_

// Rewrites of element-wise chains that exporters spell out into the IR's faster forms.
// ONNX exports before opset 18 have no Gelu and use Pow(x, 2) for squares; each of
// these nodes is a full pass over the activations, and Pow and Erf run only on the
// reference kernels.
#ifndef NEO_COMPILER_PASSES_ELEMENTWISE_SIMPLIFICATION_H_
#define NEO_COMPILER_PASSES_ELEMENTWISE_SIMPLIFICATION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// Pow(x, c) with a constant scalar exponent c that does not broadcast x up: c = 2 is
// Mul(x, x), 0.5 is Sqrt(x), 1 is Identity(x), -1 is Reciprocal(x) (float32 only).
// Returns the number of nodes rewritten.
int SimplifyPowers(ir::Graph& graph);

// x * 0.5 * (1 + erf(x / sqrt(2))) (the operands in any order, the division also as a
// multiplication by 1/sqrt(2), the halving at either end) becomes one Gelu node, when
// nothing else reads the intermediate values. Returns the number of Gelus made.
int FuseGelu(ir::Graph& graph);

// Pads by zero on every side and Slices taking every element in order (exporters write
// them for padding computed from shapes, such as Swin's pad to a multiple of the
// window) become Identity nodes, which RemoveIdentities then drops. Returns the count.
int ReplaceNoOpCopies(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_ELEMENTWISE_SIMPLIFICATION_H_

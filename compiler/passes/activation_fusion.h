// Activation fusion: folds Relu / Clamp into the operator that produces their input,
// and removes Identity nodes.
#ifndef NEO_COMPILER_PASSES_ACTIVATION_FUSION_H_
#define NEO_COMPILER_PASSES_ACTIVATION_FUSION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// A Relu ([0, inf)) or Clamp (attrs min/max, absent = unbounded) whose input is the
// single-use output of a node whose operator fuses activations (OpDef::fuses_activation:
// Conv2D, FullyConnected, Add, Sub, Mul, Div, MaxPool2D, AveragePool2D) is removed; the producer's act_min/act_max become the intersection of its current bounds
// and the activation's, and it writes the activation's output value directly (so a
// graph output keeps its id and name). Clamps whose range is disjoint from the
// producer's are left alone. Returns the number of activations fused.
int FuseActivations(ir::Graph& graph);

// Removes Identity nodes (readers read the input instead; see BypassNode for graph
// outputs). Returns the number removed.
int RemoveIdentities(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_ACTIVATION_FUSION_H_

// LayerNorm as exporters spell it before it became one ONNX operator (opset 17).
#ifndef NEO_COMPILER_PASSES_LAYER_NORM_FUSION_H_
#define NEO_COMPILER_PASSES_LAYER_NORM_FUSION_H_

#include "compiler/ir/graph.h"

namespace neo::passes {

// mean = ReduceMean(x) over the last axis (kept), d = x - mean, var = ReduceMean(d * d)
// (Pow(d, 2) once SimplifyPowers has run), y = d / Sqrt(var + eps), then optionally
// y * scale and + bias with constants over the last axis: one LayerNorm node, when
// nothing else reads the intermediate values. Seven to nine passes over the activations
// become one. Returns the number of LayerNorms made.
int FuseLayerNorms(ir::Graph& graph);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_LAYER_NORM_FUSION_H_

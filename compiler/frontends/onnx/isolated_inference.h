// ONNX's own shape inference, run in a child process.
//
// libonnx 1.12's inference functions trust the model: fuzzing found a null dereference
// (Scan without num_scan_inputs), a division by zero (a zero Conv stride), out-of-bounds
// reads (Conv weights of another rank, LayerNormalization of a scalar), each one a crash
// of neoc. Checking every operator's preconditions ahead of it cannot be complete, so the
// inference runs in a forked child: a crash there only means no shapes from ONNX, and
// lowering then reports what it lacks in Neo's own words.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_ISOLATED_INFERENCE_H_
#define NEO_COMPILER_FRONTENDS_ONNX_ISOLATED_INFERENCE_H_

#include <map>
#include <string>

#include "compiler/ir/graph.h"
#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {

// The fully static shapes ONNX infers for `model`'s graph inputs, value_info and outputs;
// empty when inference fails or its process dies. Deterministic: the child's result
// depends on the model alone.
std::map<std::string, ir::Shape> InferStaticShapesIsolated(onnx::ModelProto model);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_ISOLATED_INFERENCE_H_

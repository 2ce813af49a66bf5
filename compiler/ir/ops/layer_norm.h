// Layer normalization over the trailing axes (ONNX LayerNormalization; the frontends
// also reach it for InstanceNormalization and GroupNormalization by reshaping).
#ifndef NEO_COMPILER_IR_OPS_LAYER_NORM_H_
#define NEO_COMPILER_IR_OPS_LAYER_NORM_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kLayerNorm[] = "LayerNorm";
}  // namespace op

std::vector<OpDef> LayerNormOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_LAYER_NORM_H_

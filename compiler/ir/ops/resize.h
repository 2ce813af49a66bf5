// Resize: nearest (any rank), N-linear or N-cubic sampling, ONNX's coordinate rules.
#ifndef NEO_COMPILER_IR_OPS_RESIZE_H_
#define NEO_COMPILER_IR_OPS_RESIZE_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kResize[] = "Resize";
}  // namespace op

std::vector<OpDef> ResizeOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_RESIZE_H_

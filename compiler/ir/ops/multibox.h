// MultiBoxPrior and MultiBoxDetection: MXNet's SSD anchor generation and detection
// post-processing (_contrib_MultiBoxPrior, _contrib_MultiBoxDetection).
#ifndef NEO_COMPILER_IR_OPS_MULTIBOX_H_
#define NEO_COMPILER_IR_OPS_MULTIBOX_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kMultiBoxPrior[] = "MultiBoxPrior";
inline constexpr char kMultiBoxDetection[] = "MultiBoxDetection";
}  // namespace op

std::vector<OpDef> MultiBoxOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_MULTIBOX_H_

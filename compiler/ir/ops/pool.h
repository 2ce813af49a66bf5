// Pooling: windowed max/average and global pools (spatial, NHWC after the layout pass).
#ifndef NEO_COMPILER_IR_OPS_POOL_H_
#define NEO_COMPILER_IR_OPS_POOL_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kMaxPool2D[] = "MaxPool2D";
inline constexpr char kAveragePool2D[] = "AveragePool2D";
inline constexpr char kGlobalAveragePool[] = "GlobalAveragePool";
inline constexpr char kGlobalMaxPool[] = "GlobalMaxPool";
}  // namespace op

std::vector<OpDef> PoolOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_POOL_H_

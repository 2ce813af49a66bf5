// Operators that move elements without computing: Reshape, Identity, Transpose, Concat,
// Broadcast, ChannelShuffle. They run on any element type.
#ifndef NEO_COMPILER_IR_OPS_DATA_MOVEMENT_H_
#define NEO_COMPILER_IR_OPS_DATA_MOVEMENT_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kReshape[] = "Reshape";
inline constexpr char kIdentity[] = "Identity";
inline constexpr char kTranspose[] = "Transpose";
inline constexpr char kConcat[] = "Concat";
inline constexpr char kBroadcast[] = "Broadcast";
inline constexpr char kChannelShuffle[] = "ChannelShuffle";
}  // namespace op

std::vector<OpDef> DataMovementOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_DATA_MOVEMENT_H_

// Normalization over channels: BatchNorm (inference form), ChannelAffine (a folded
// BatchNorm over concatenated inputs) and LRN; Softmax and LogSoftmax over one axis.
#ifndef NEO_COMPILER_IR_OPS_NORMALIZATION_H_
#define NEO_COMPILER_IR_OPS_NORMALIZATION_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kBatchNorm[] = "BatchNorm";
inline constexpr char kChannelAffine[] = "ChannelAffine";
inline constexpr char kLRN[] = "LRN";
inline constexpr char kSoftmax[] = "Softmax";
inline constexpr char kLogSoftmax[] = "LogSoftmax";
}  // namespace op

std::vector<OpDef> NormalizationOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_NORMALIZATION_H_

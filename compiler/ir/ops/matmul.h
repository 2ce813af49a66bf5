// Matrix products: FullyConnected (weights constant, transposed) and BatchMatMul.
#ifndef NEO_COMPILER_IR_OPS_MATMUL_H_
#define NEO_COMPILER_IR_OPS_MATMUL_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kFullyConnected[] = "FullyConnected";
inline constexpr char kBatchMatMul[] = "BatchMatMul";
}  // namespace op

std::vector<OpDef> MatMulOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_MATMUL_H_

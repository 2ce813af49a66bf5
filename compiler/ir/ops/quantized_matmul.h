// Integer matrix products of 8-bit tensors (ONNX MatMulInteger and QLinearMatMul).
#ifndef NEO_COMPILER_IR_OPS_QUANTIZED_MATMUL_H_
#define NEO_COMPILER_IR_OPS_QUANTIZED_MATMUL_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kMatMulInteger[] = "MatMulInteger";
inline constexpr char kQLinearMatMul[] = "QLinearMatMul";
}  // namespace op

std::vector<OpDef> QuantizedMatMulOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_QUANTIZED_MATMUL_H_

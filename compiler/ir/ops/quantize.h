// Linear quantization between float32 and 8-bit integers (ONNX QuantizeLinear and
// DequantizeLinear, opsets 10 and 13): per tensor or per slice along `axis`.
#ifndef NEO_COMPILER_IR_OPS_QUANTIZE_H_
#define NEO_COMPILER_IR_OPS_QUANTIZE_H_

#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kQuantizeLinear[] = "QuantizeLinear";
inline constexpr char kDequantizeLinear[] = "DequantizeLinear";
}  // namespace op

std::vector<OpDef> QuantizeOps();

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_QUANTIZE_H_

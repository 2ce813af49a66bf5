// Small builders for lowerings that decompose one ONNX operator into several IR nodes.
// Each emits one IR node named after the ONNX node and returns its output; intermediate
// shapes come from the IR's shape inference after lowering, so callers give shapes only
// where an IR attribute needs them (Reshape).
#ifndef NEO_COMPILER_FRONTENDS_ONNX_EMIT_UTIL_H_
#define NEO_COMPILER_FRONTENDS_ONNX_EMIT_UTIL_H_

#include <string>
#include <vector>

#include "compiler/frontends/onnx/lowering.h"

namespace neo::onnx_frontend {

// The output has input 0's dtype unless said otherwise.
ir::ValueId EmitUnary(NodeLowering& n, const char* op, ir::ValueId x, const std::string& suffix);
ir::ValueId EmitBinary(NodeLowering& n, const char* op, ir::ValueId a, ir::ValueId b,
                       const std::string& suffix);
// Comparisons: bool output.
ir::ValueId EmitCompare(NodeLowering& n, const char* op, ir::ValueId a, ir::ValueId b,
                        const std::string& suffix);
ir::ValueId EmitWhere(NodeLowering& n, ir::ValueId cond, ir::ValueId a, ir::ValueId b,
                      const std::string& suffix);
ir::ValueId EmitCast(NodeLowering& n, ir::ValueId x, ir::DType to, const std::string& suffix);
ir::ValueId EmitReshape(NodeLowering& n, ir::ValueId x, const ir::Shape& shape,
                        const std::string& suffix);
ir::ValueId EmitTranspose(NodeLowering& n, ir::ValueId x, const std::vector<int64_t>& perm,
                          const std::string& suffix);
// Reduce `kind` (sum, mean, max, min, prod) over sorted `axes`.
ir::ValueId EmitReduce(NodeLowering& n, const char* kind, ir::ValueId x,
                       const std::vector<int64_t>& axes, bool keepdims, const std::string& suffix);

// Constants named after the node.
ir::ValueId FloatScalar(NodeLowering& n, float v, const std::string& suffix);
ir::ValueId Int64Scalar(NodeLowering& n, int64_t v, const std::string& suffix);
// A scalar of `dtype` holding `v` (float32, int64, int32, int8, uint8, bool).
ir::ValueId TypedScalar(NodeLowering& n, ir::DType dtype, double v, const std::string& suffix);
// 0, 1, ..., size-1 laid along `axis` of a rank-`rank` shape (1s elsewhere), for
// comparisons against indices.
ir::ValueId IotaAlong(NodeLowering& n, int64_t size, int64_t axis, int64_t rank,
                      const std::string& suffix);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_EMIT_UTIL_H_

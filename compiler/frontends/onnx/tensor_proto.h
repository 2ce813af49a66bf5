// Conversion of ONNX TensorProto initializers and Constant values into IR constants.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_TENSOR_PROTO_H_
#define NEO_COMPILER_FRONTENDS_ONNX_TENSOR_PROTO_H_

#include <cstdint>
#include <vector>

#include "compiler/ir/graph.h"
#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {

// The IR dtype of an ONNX TensorProto_DataType; throws an attribute error naming
// `where` for element types the compiler does not handle.
ir::DType IrDType(int onnx_data_type, const std::string& where);

// A constant value holding `tensor`'s elements. External data is refused: Neo's tarballs
// carry one self-contained .onnx file.
ir::Value ValueFromTensorProto(const onnx::TensorProto& tensor);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_TENSOR_PROTO_H_

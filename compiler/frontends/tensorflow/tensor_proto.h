// TensorFlow's TensorProto (a Const node's `value`) as an IR constant.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_TENSOR_PROTO_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_TENSOR_PROTO_H_

#include <string>

#include "compiler/frontends/tensorflow/proto/tensor.pb.h"
#include "compiler/ir/graph.h"

namespace neo::tf_frontend {

// The tensor's elements as an IR constant named `name`. Either representation TensorFlow
// writes is accepted: `tensor_content` (raw little-endian bytes, whose size must match
// the shape exactly) or the typed lists (a shorter list repeats its last element, an
// empty one means zeros; at most ir::kMaxComputedConstantBytes, since the file does not
// back a repeat's size). float64 and float16 become float32, int16 becomes int32.
// Throws Malformed input error naming `where` for a tensor that contradicts its shape,
// OperatorAttributeNotImplemented for dtypes the IR has no equivalent of.
ir::Value ValueFromTensorProto(const tensorflow::TensorProto& t, const std::string& name,
                               const std::string& where);

// Dimensions of a TensorShapeProto; -1 for unknown ones. Throws Malformed input error
// naming `where` for sizes below -1.
ir::Shape ShapeFromProto(const tensorflow::TensorShapeProto& s, const std::string& where);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_TENSOR_PROTO_H_

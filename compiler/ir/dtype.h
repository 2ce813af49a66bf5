// Element types a tensor in the IR may hold.
#ifndef NEO_COMPILER_IR_DTYPE_H_
#define NEO_COMPILER_IR_DTYPE_H_

#include <cstddef>
#include <string>

namespace neo::ir {

// kBytes: an encoded byte string (TensorFlow's DT_STRING element: a JPEG), which only
// DecodeJpeg reads. At run time (arena, generated code) an element is a neo::Bytes
// {data, size} pointing at the caller's bytes, and DTypeSize is its size; a constant or
// an evaluator TensorData of this type is one scalar string holding the bytes themselves.
enum class DType { kFloat32, kInt64, kInt32, kBool, kUInt8, kInt8, kBytes };

size_t DTypeSize(DType t);
// "float32", "int64", ... (numpy's names), "bytes".
const char* DTypeName(DType t);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_DTYPE_H_

// Element types a tensor in the IR may hold.
#ifndef NEO_COMPILER_IR_DTYPE_H_
#define NEO_COMPILER_IR_DTYPE_H_

#include <cstddef>
#include <string>

namespace neo::ir {

enum class DType { kFloat32, kInt64, kInt32, kBool, kUInt8, kInt8 };

size_t DTypeSize(DType t);
// "float32", "int64", ... (numpy's names).
const char* DTypeName(DType t);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_DTYPE_H_

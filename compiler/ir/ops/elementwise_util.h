// What the element-wise families (unary.cc, binary.cc) share.
#ifndef NEO_COMPILER_IR_OPS_ELEMENTWISE_UTIL_H_
#define NEO_COMPILER_IR_OPS_ELEMENTWISE_UTIL_H_

#include "compiler/ir/op_def.h"
#include "kernels/model.h"

namespace neo::ir {

// The kernels' element type for a node whose inputs all share one dtype: float32 or an
// integer type (the reference kernels run those); OperatorAttributeNotImplemented for
// mixed dtypes and bool.
ElementType SameElementType(const NodeContext& c);

// The kernels' element type of an IR dtype.
ElementType ElementTypeOf(DType t);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_ELEMENTWISE_UTIL_H_

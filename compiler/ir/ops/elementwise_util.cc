#include "compiler/ir/ops/elementwise_util.h"

namespace neo::ir {

ElementType ElementTypeOf(DType t) {
  switch (t) {
    case DType::kFloat32: return ElementType::kFloat32;
    case DType::kInt64: return ElementType::kInt64;
    case DType::kInt32: return ElementType::kInt32;
    case DType::kBool: return ElementType::kBool;
    case DType::kUInt8: return ElementType::kUInt8;
    case DType::kInt8: return ElementType::kInt8;
    case DType::kBytes: return ElementType::kBytes;
  }
  return ElementType::kFloat32;
}

ElementType SameElementType(const NodeContext& c) {
  const DType t = c.dtype(0);
  for (size_t i = 0; i < c.num_inputs(); ++i) {
    if (c.has_input(i) && c.dtype(i) != t) c.RequireFloatInputs();
  }
  if (t == DType::kBool) c.RequireFloatInputs();
  return ElementTypeOf(t);
}

}  // namespace neo::ir

// Reference element-wise kernels: binary with numpy broadcasting, unary, softmax.
#ifndef NEO_KERNELS_REFERENCE_ELEMENTWISE_H_
#define NEO_KERNELS_REFERENCE_ELEMENTWISE_H_

#include "kernels/binary.h"
#include "kernels/softmax.h"
#include "kernels/unary.h"

namespace neo::kernels::reference {

// Elements of p.type: float32, or the integer types with numpy's semantics (wrap-around,
// truncating division; see elementwise_math.h). Shapes are aligned on their last
// dimension; a dimension of 1 repeats.
void Binary(const BinaryParams& p, const void* a, const void* b, void* output);

// One element of a binary operator, before the clamp.
float BinaryScalar(BinaryOp op, float a, float b);

// Elements of p.type: float32, or (kClamp only) the integer types. `output` may equal
// `input`.
void Unary(const UnaryParams& p, const void* input, void* output);

float UnaryScalar(const UnaryParams& p, float x);

// The integer element types: int8, uint8, int32, int64.
bool IsIntegerElementType(ElementType t);

void Softmax(const SoftmaxParams& p, const float* input, float* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_ELEMENTWISE_H_

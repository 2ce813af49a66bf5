// Reference data movement: concatenation and transposition of any element size.
#ifndef NEO_KERNELS_REFERENCE_DATA_MOVEMENT_H_
#define NEO_KERNELS_REFERENCE_DATA_MOVEMENT_H_

#include "kernels/data_movement.h"

namespace neo::kernels::reference {

void Concat(const ConcatParams& p, const void* const* inputs, void* output);

// Rows [begin, end) of Concat's output, a row being one index of the dimensions before
// the axis (each row is the inputs' slices back to back).
void ConcatRows(const ConcatParams& p, const void* const* inputs, int64_t begin, int64_t end,
                void* output);

void Transpose(const TransposeParams& p, const void* input, void* output);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_DATA_MOVEMENT_H_

// The fast path of Transpose: a permutation that is a batch of matrix transposes once
// adjacent dimensions are merged (NCHW <-> NHWC is [N, C, HW] -> [N, HW, C]), done in
// cache-sized tiles. The reference loops (kernels/reference) are its oracle in tests.
#ifndef NEO_KERNELS_TRANSPOSE_BLOCKED_H_
#define NEO_KERNELS_TRANSPOSE_BLOCKED_H_

#include <cstddef>
#include <cstdint>

#include "kernels/data_movement.h"

namespace neo::kernels {

// output[b][c][r][k] = input[b][r][c][k] for k < inner (elements of element_size bytes).
struct BatchedTranspose {
  int64_t batch = 1, rows = 1, cols = 1, inner = 1;
  size_t element_size = 4;
};

// Fills `out` and returns true when `p` is such a batch of transposes (including the
// identity, as rows == 1).
bool AsBatchedTranspose(const TransposeParams& p, BatchedTranspose* out);

void RunBatchedTranspose(const BatchedTranspose& t, const void* input, void* output);

}  // namespace neo::kernels

#endif  // NEO_KERNELS_TRANSPOSE_BLOCKED_H_

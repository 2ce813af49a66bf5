// Interleaving a few rows: [batch, G, n] -> [batch, n, G] for G of 2 to 4 and 32-bit
// elements. Two transposes in the CNNs have this shape and oneDNN's reorder runs both at
// about a tenth of what memory allows: the input's NCHW -> NHWC (G = 3 colour planes) and
// ShuffleNet's channel shuffle of two groups (NHWC [pixels, 2, C/2] -> [pixels, C/2, 2]).
// Internal to //kernels.
#ifndef NEO_KERNELS_TRANSPOSE_INTERLEAVE_H_
#define NEO_KERNELS_TRANSPOSE_INTERLEAVE_H_

#include <memory>

#include "kernels/internal.h"
#include "kernels/transpose_blocked.h"

namespace neo::kernels::internal {

// Whether `t` is such an interleave (inner == 1, 4-byte elements, 2 to 4 rows, at least
// 16 columns): a function of the shape alone.
bool IsSmallInterleave(const BatchedTranspose& t);

// An op running `t` with our AVX-512 loop (16 columns of every row per step, permuted
// into place in registers), on the calling thread; null where `t` is no
// small interleave or the CPU has no AVX-512F (the caller keeps its own path). The
// result is the same bits as any other transpose.
std::unique_ptr<Op> MakeSmallInterleave(const BatchedTranspose& t, const void* input,
                                        void* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_TRANSPOSE_INTERLEAVE_H_

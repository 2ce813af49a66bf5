// oneDNN concat and reorder as Concat and Transpose for 4-byte elements, so models
// whose convolutions run on oneDNN keep their data movement on OpenMP's threads.
#ifndef NEO_KERNELS_DATA_MOVEMENT_ONEDNN_H_
#define NEO_KERNELS_DATA_MOVEMENT_ONEDNN_H_

#include <memory>
#include <vector>

#include "kernels/data_movement.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// Expects params the reference accepts (data_movement.cc checks first).
bool OnednnConcatSupports(const ConcatParams& p);
std::unique_ptr<Op> MakeOnednnConcat(Context& context, const ConcatParams& p,
                                     const std::vector<const void*>& inputs, void* output);

bool OnednnTransposeSupports(const TransposeParams& p);
std::unique_ptr<Op> MakeOnednnTranspose(Context& context, const TransposeParams& p,
                                        const void* input, void* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_DATA_MOVEMENT_ONEDNN_H_

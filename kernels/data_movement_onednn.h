// oneDNN concat and reorder as Concat and Transpose for 4-byte elements, so models
// whose convolutions run on oneDNN keep their data movement on OpenMP's threads.
#ifndef NEO_KERNELS_DATA_MOVEMENT_ONEDNN_H_
#define NEO_KERNELS_DATA_MOVEMENT_ONEDNN_H_

#include <dnnl.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "kernels/data_movement.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// The primitive descriptors the runtime builds for params the reference accepts (none
// where oneDNN cannot run them); exposed for the test that checks ConcatSupports and
// TransposeSupports against oneDNN.
std::optional<dnnl::concat::primitive_desc> OnednnConcatPd(const dnnl::engine& engine,
                                                           const ConcatParams& p);
std::optional<dnnl::reorder::primitive_desc> OnednnTransposePd(const dnnl::engine& engine,
                                                               const TransposeParams& p);

std::unique_ptr<Op> MakeOnednnConcat(Context& context, const ConcatParams& p,
                                     const std::vector<const void*>& inputs, void* output);
std::unique_ptr<Op> MakeOnednnTranspose(Context& context, const TransposeParams& p,
                                        const void* input, void* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_DATA_MOVEMENT_ONEDNN_H_

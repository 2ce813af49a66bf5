// oneDNN pooling: windowed (pooling_v2, so max pooling may be dilated) and global (a
// pooling whose window is the whole image). Lets models whose convolutions run on
// oneDNN keep their pooling on OpenMP's threads too.
#ifndef NEO_KERNELS_POOLING_ONEDNN_H_
#define NEO_KERNELS_POOLING_ONEDNN_H_

#include <dnnl.hpp>
#include <memory>
#include <optional>

#include "kernels/internal.h"
#include "kernels/pooling.h"

namespace neo::kernels::internal {

// The primitive descriptors the runtime builds (none where the configuration is not one
// Pooling2DSupports / GlobalPoolingSupports promises, or oneDNN declines it); exposed
// for the test that checks the capability functions against oneDNN.
std::optional<dnnl::pooling_v2_forward::primitive_desc> OnednnPooling2DPd(
    const dnnl::engine& engine, const Pooling2DParams& p);
std::optional<dnnl::pooling_v2_forward::primitive_desc> OnednnGlobalPoolingPd(
    const dnnl::engine& engine, const GlobalPoolingParams& p);

std::unique_ptr<Op> MakeOnednnPooling2D(Context& context, const Pooling2DParams& p,
                                        const float* input, float* output);
std::unique_ptr<Op> MakeOnednnGlobalPooling(Context& context, const GlobalPoolingParams& p,
                                            const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_POOLING_ONEDNN_H_

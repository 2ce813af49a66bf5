// oneDNN pooling: windowed (pooling_v2, so max pooling may be dilated) and global (a
// pooling whose window is the whole image). Lets models whose convolutions run on
// oneDNN keep their pooling on OpenMP's threads too.
#ifndef NEO_KERNELS_POOLING_ONEDNN_H_
#define NEO_KERNELS_POOLING_ONEDNN_H_

#include <memory>

#include "kernels/internal.h"
#include "kernels/pooling.h"

namespace neo::kernels::internal {

bool OnednnPooling2DSupports(const Pooling2DParams& p);
std::unique_ptr<Op> MakeOnednnPooling2D(Context& context, const Pooling2DParams& p,
                                        const float* input, float* output);

bool OnednnGlobalPoolingSupports(const GlobalPoolingParams& p);
std::unique_ptr<Op> MakeOnednnGlobalPooling(Context& context, const GlobalPoolingParams& p,
                                            const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_POOLING_ONEDNN_H_

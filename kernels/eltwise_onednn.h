// oneDNN element-wise (eltwise) and softmax primitives: the fast path for the unary
// operators XNNPACK 2022-02 lacks (tanh, exp, log, softplus, ...) and for softmax over a
// non-innermost axis or in log form.
#ifndef NEO_KERNELS_ELTWISE_ONEDNN_H_
#define NEO_KERNELS_ELTWISE_ONEDNN_H_

#include <memory>

#include "kernels/internal.h"
#include "kernels/softmax.h"
#include "kernels/unary.h"

namespace neo::kernels::internal {

bool OnednnUnarySupports(const UnaryParams& p);
std::unique_ptr<Op> MakeOnednnUnary(Context& context, const UnaryParams& p, const float* input,
                                    float* output);

bool OnednnSoftmaxSupports(const SoftmaxParams& p);
std::unique_ptr<Op> MakeOnednnSoftmax(Context& context, const SoftmaxParams& p,
                                      const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_ELTWISE_ONEDNN_H_

// oneDNN element-wise (eltwise) and softmax primitives: the fast path for the unary
// operators XNNPACK 2022-02 lacks (tanh, exp, log, softplus, ...) and for softmax over a
// non-innermost axis or in log form.
#ifndef NEO_KERNELS_ELTWISE_ONEDNN_H_
#define NEO_KERNELS_ELTWISE_ONEDNN_H_

#include <dnnl.hpp>
#include <memory>
#include <optional>

#include "kernels/internal.h"
#include "kernels/softmax.h"
#include "kernels/unary.h"

namespace neo::kernels::internal {

// The primitive descriptors the runtime builds (none where oneDNN cannot run the
// configuration); exposed for the test that checks the capability functions against
// oneDNN. Softmax and log-softmax are separate primitive kinds in oneDNN 2.6.
std::optional<dnnl::eltwise_forward::primitive_desc> OnednnUnaryPd(const dnnl::engine& engine,
                                                                   const UnaryParams& p);
std::optional<dnnl::softmax_forward::primitive_desc> OnednnSoftmaxPd(
    const dnnl::engine& engine, const SoftmaxParams& p);
std::optional<dnnl::logsoftmax_forward::primitive_desc> OnednnLogSoftmaxPd(
    const dnnl::engine& engine, const SoftmaxParams& p);

std::unique_ptr<Op> MakeOnednnUnary(Context& context, const UnaryParams& p, const float* input,
                                    float* output);
std::unique_ptr<Op> MakeOnednnSoftmax(Context& context, const SoftmaxParams& p,
                                      const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_ELTWISE_ONEDNN_H_

// oneDNN convolution and inner product (direct/brgemm and Winograd algorithms).
#ifndef NEO_KERNELS_CONV2D_ONEDNN_H_
#define NEO_KERNELS_CONV2D_ONEDNN_H_

#include <dnnl.hpp>
#include <memory>
#include <optional>

#include "kernels/conv2d.h"
#include "kernels/fully_connected.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

// The primitive descriptor the runtime builds for this convolution on `engine`, or none
// where oneDNN has no implementation on this CPU. Which configurations get one is
// Conv2DSupports' business (a pure function); this asks the library, for the runtime and
// for the test that checks the two agree.
std::optional<dnnl::convolution_forward::primitive_desc> OnednnConv2DPd(
    const dnnl::engine& engine, const Conv2DParams& p, bool winograd);

// `winograd`: oneDNN's Winograd algorithm where this CPU has it (AVX-512), otherwise its
// direct algorithm, so generated code chosen for an AVX-512 target still runs elsewhere.
// `input_scale`: for p.scaled_input (direct only), the per-input-channel factors each
// Run() multiplies into the weights before the convolution.
std::unique_ptr<Op> MakeOnednnConv2D(Context& context, const Conv2DParams& p, bool winograd,
                                     const float* filter, const float* bias,
                                     const float* input, float* output,
                                     const float* input_scale = nullptr);

std::optional<dnnl::inner_product_forward::primitive_desc> OnednnFullyConnectedPd(
    const dnnl::engine& engine, const FullyConnectedParams& p);
std::unique_ptr<Op> MakeOnednnFullyConnected(Context& context, const FullyConnectedParams& p,
                                             const float* filter, const float* bias,
                                             const float* input, float* output);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CONV2D_ONEDNN_H_

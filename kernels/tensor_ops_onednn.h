// The oneDNN primitive descriptors of the tensor operators whose runtime lives in their
// family's file (conv_transpose.cc, lrn.cc, layer_norm.cc, reduce.cc, batch_matmul.cc):
// none where oneDNN cannot run the configuration. The runtime builds its primitives from
// them; the test that checks the capability functions against oneDNN asks them directly.
#ifndef NEO_KERNELS_TENSOR_OPS_ONEDNN_H_
#define NEO_KERNELS_TENSOR_OPS_ONEDNN_H_

#include <dnnl.hpp>
#include <optional>

#include "kernels/batch_matmul.h"
#include "kernels/conv_transpose.h"
#include "kernels/layer_norm.h"
#include "kernels/lrn.h"
#include "kernels/reduce.h"

namespace neo::kernels::internal {

std::optional<dnnl::deconvolution_forward::primitive_desc> OnednnConvTranspose2DPd(
    const dnnl::engine& engine, const ConvTranspose2DParams& p);
std::optional<dnnl::lrn_forward::primitive_desc> OnednnLrnPd(const dnnl::engine& engine,
                                                            const LrnParams& p);
std::optional<dnnl::layer_normalization_forward::primitive_desc> OnednnLayerNormPd(
    const dnnl::engine& engine, const LayerNormParams& p);
std::optional<dnnl::reduction::primitive_desc> OnednnReducePd(const dnnl::engine& engine,
                                                             const ReduceParams& p);
std::optional<dnnl::matmul::primitive_desc> OnednnBatchMatMulPd(const dnnl::engine& engine,
                                                               const BatchMatMulParams& p);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_TENSOR_OPS_ONEDNN_H_

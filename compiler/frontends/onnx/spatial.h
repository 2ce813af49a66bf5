// Window geometry shared by Conv and the pooling operators: ONNX's pads/auto_pad/
// ceil_mode rules resolved to explicit [top, left, bottom, right] padding.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_SPATIAL_H_
#define NEO_COMPILER_FRONTENDS_ONNX_SPATIAL_H_

#include <cstdint>
#include <vector>

#include "compiler/frontends/onnx/lowering.h"

namespace neo::onnx_frontend {

struct Window2D {
  std::vector<int64_t> kernel;     // [kh, kw]
  std::vector<int64_t> strides;    // [sh, sw]
  std::vector<int64_t> dilations;  // [dh, dw]
  std::vector<int64_t> pads;       // [top, left, bottom, right], as the model gives them
  std::vector<int64_t> ceil_pads;  // pads plus the extra bottom/right a ceil-mode output needs
  int64_t output_h = 0, output_w = 0;
};

// Reads kernel_shape (or `kernel` when the caller knows it from the weights), strides,
// dilations, pads, auto_pad and (when allow_ceil) ceil_mode for a rank-4 NCHW input.
Window2D ResolveWindow2D(const NodeLowering& n, const std::vector<int64_t>& input_hw,
                         std::vector<int64_t> kernel, bool allow_ceil, bool allow_dilation);

// MaxPool's Indices output (lower_max_pool_indices.cc) for a rank-4 input `x` pooled with
// `win`, into `out`.
void EmitMaxPoolIndices(NodeLowering& n, const ir::Shape& x, const Window2D& win, ir::ValueId out);

// Lowers a 1-D operator over [N, C, L] as its 2-D form over [N, C, 1, L], then reshapes
// the result back: the window attributes gain a leading 1 (pads a leading 0 at each
// end), and a constant rank-3 weight [M, C/group, K] at input `weight_input` (Conv's 1,
// QLinearConv's 3) becomes [M, C/group, 1, K]. Returns false, doing nothing, when input
// 0 is not of rank 3.
bool LowerOneDAsTwoD(NodeLowering& n, void (*lower2d)(NodeLowering&), int weight_input = 1);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_SPATIAL_H_

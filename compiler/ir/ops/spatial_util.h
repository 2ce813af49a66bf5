// Helpers the spatial operators' rules share (conv.cc, pool.cc, normalization.cc).
#ifndef NEO_COMPILER_IR_OPS_SPATIAL_UTIL_H_
#define NEO_COMPILER_IR_OPS_SPATIAL_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {

// Axes of a rank-4 tensor stored NCHW or NHWC.
struct LayoutAxes {
  int n, c, h, w;
};
inline LayoutAxes AxesOf(bool nhwc) {
  return nhwc ? LayoutAxes{0, 3, 1, 2} : LayoutAxes{0, 1, 2, 3};
}

// The `layout` attribute every spatial operator has.
AttrSpec LayoutAttr();

// [N, channels, OH, OW] (in the node's layout) of a window of `kernel` sliding over
// input 0 with the node's strides, pads and (if `use_dilations`) dilations.
Shape WindowedOutput(const NodeContext& c, int64_t channels, const std::vector<int64_t>& kernel,
                     bool use_dilations);

// Multiply-adds of one run of a 2-D convolution (Conv2DParams, QuantizedConv2DParams),
// KernelCall::macs.
template <typename ConvParams>
int64_t ConvMacs(const ConvParams& p) {
  return int64_t{p.batch} * p.output_height * p.output_width * p.output_channels *
         (p.input_channels / p.groups) * p.kernel_height * p.kernel_width;
}

// "3x3/2" (or "3x3/2x1" for unequal strides), for summaries.
std::string Geometry(int kh, int kw, int sh, int sw);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_SPATIAL_UTIL_H_

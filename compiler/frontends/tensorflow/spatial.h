// TensorFlow's window attributes (strides, dilations, ksize, padding) read in either
// data_format and resolved to the IR's explicit [top, left, bottom, right] pads.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_SPATIAL_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_SPATIAL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/lowering.h"

namespace neo::tf_frontend {

struct Window {
  bool nchw = false;
  int64_t h_axis = 1, w_axis = 2, c_axis = 3;  // of the activation
  std::vector<int64_t> strides{1, 1}, dilations{1, 1};
  std::vector<int64_t> pads{0, 0, 0, 0};  // top, left, bottom, right
};

// Reads data_format, strides, dilations (if the op has them) and padding for a window of
// `kernel` ({kh, kw}) over the node's input 0. SAME pads as TensorFlow does: the output is
// ceil(in / stride), and an odd total puts the extra row at the bottom/right.
Window ReadWindow(const NodeLowering& n, const std::vector<int64_t>& kernel);

// The four-element attribute `name` in the node's data_format, as {h, w}; the batch and
// channel entries must be 1.
std::vector<int64_t> SpatialPair(const NodeLowering& n, const std::string& name,
                                 const std::vector<int64_t>& value, bool nchw);

// IR attributes shared by the spatial ops: strides, dilations (when `with_dilations`),
// pads and layout.
void SetWindowAttrs(const Window& w, ir::Attributes& a, bool with_dilations);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_SPATIAL_H_

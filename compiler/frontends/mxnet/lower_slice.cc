// Joining and cutting: Concat, SliceChannel (split), Crop and slice_like.
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

namespace {

// x[begin[i] : begin[i] + size[i]] on every axis.
ir::ValueId Window(NodeLowering& n, ir::ValueId x, const std::vector<int64_t>& begin,
                   const std::vector<int64_t>& size) {
  const ir::Shape s = n.graph().value(x).shape;
  if (std::vector<int64_t>(begin.size(), 0) == begin && size == s) return x;
  std::vector<int64_t> ends(begin.size());
  for (size_t i = 0; i < begin.size(); ++i) ends[i] = begin[i] + size[i];
  ir::Attributes a;
  a.set("starts", begin);
  a.set("ends", ends);
  a.set("steps", std::vector<int64_t>(begin.size(), 1));
  return n.EmitLike(ir::op::kSlice, {x}, a);
}

}  // namespace

void LowerConcat(NodeLowering& n) {
  if (n.num_inputs() < 1) n.RequireInputs(1, 1 << 20);
  const int64_t num_args = n.attrs().Int("num_args", n.num_inputs());
  if (num_args != n.num_inputs()) {
    n.NotValid("num_args", "must equal the number of inputs (" +
                               std::to_string(n.num_inputs()) + ")");
  }
  const int64_t rank = n.input_rank(0);
  const int64_t axis = NormalizeAxis(n, "dim", n.attrs().Int("dim", 1), rank);
  std::vector<ir::ValueId> inputs;
  for (int i = 0; i < n.num_inputs(); ++i) inputs.push_back(n.input(i));
  if (inputs.size() == 1) {
    n.SetOutput(0, inputs[0]);
    return;
  }
  ir::Attributes a;
  a.set("axis", axis);
  n.SetOutput(0, n.EmitLike(ir::op::kConcat, inputs, a));
}

void LowerSliceChannel(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape x = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  const int64_t parts = n.attrs().Int("num_outputs");
  if (parts < 1) n.NotValid("num_outputs", "must be at least 1");
  const int64_t axis = NormalizeAxis(n, "axis", n.attrs().Int("axis", 1), rank);
  const bool squeeze = n.attrs().Bool("squeeze_axis", false);
  const int64_t len = x[static_cast<size_t>(axis)];
  if (len % parts != 0) {
    n.NotValid("num_outputs", "must divide the axis's length (" + std::to_string(len) + ")");
  }
  const int64_t step = len / parts;
  if (squeeze && step != 1) n.NotValid("squeeze_axis", "needs parts of length 1");
  for (int64_t k = 0; k < parts; ++k) {
    std::vector<int64_t> begin(x.size(), 0);
    ir::Shape size = x;
    begin[static_cast<size_t>(axis)] = k * step;
    size[static_cast<size_t>(axis)] = step;
    ir::ValueId part = Window(n, n.input(0), begin, size);
    if (squeeze) {
      size.erase(size.begin() + axis);
      part = n.Reshape(part, size);
    }
    n.SetOutput(static_cast<int>(k), part);
  }
}

void LowerCrop(NodeLowering& n) {
  const int64_t num_args = n.attrs().Int("num_args");
  if (num_args != 1 && num_args != 2) n.NotValid("num_args", "must be 1 or 2");
  n.RequireInputs(static_cast<int>(num_args), static_cast<int>(num_args));
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 4) {
    throw MalformedInputError("Crop node '" + n.node().name + "' takes a rank-4 input (NCHW), not " +
                              ir::ShapeToString(x) + ".");
  }
  std::vector<int64_t> hw;
  if (num_args == 2) {
    const ir::Shape like = n.input_shape(1);
    if (like.size() != 4) n.NotSupported("a crop_like input of rank " + std::to_string(like.size()));
    hw = {like[2], like[3]};
  } else {
    hw = n.attrs().Ints("h_w", {0, 0});
    if (hw.size() != 2) n.NotValid("h_w", "must have 2 values");
    if (hw[0] < 1 || hw[1] < 1) n.NotValid("h_w", "must be positive with one input");
  }
  std::vector<int64_t> offset = n.attrs().Ints("offset", {0, 0});
  if (offset.size() != 2) n.NotValid("offset", "must have 2 values");
  if (n.attrs().Bool("center_crop", false)) {
    offset = {(x[2] - hw[0]) / 2, (x[3] - hw[1]) / 2};
  }
  for (size_t i = 0; i < 2; ++i) {
    if (offset[i] < 0 || offset[i] + hw[i] > x[2 + i]) {
      n.NotValid("offset", "puts the crop outside the input " + ir::ShapeToString(x));
    }
  }
  n.SetOutput(0, Window(n, n.input(0), {0, 0, offset[0], offset[1]}, {x[0], x[1], hw[0], hw[1]}));
}

void LowerSliceLike(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const ir::Shape x = n.input_shape(0), like = n.input_shape(1);
  const int64_t rank = static_cast<int64_t>(x.size());
  std::vector<int64_t> axes = n.attrs().Ints("axes", {});
  if (axes.empty()) {
    if (like.size() != x.size()) {
      throw MalformedInputError("slice_like node '" + n.node().name +
                                "': without axes both inputs need one rank, not " +
                                ir::ShapeToString(x) + " and " + ir::ShapeToString(like) + ".");
    }
    for (int64_t i = 0; i < rank; ++i) axes.push_back(i);
  }
  ir::Shape size = x;
  for (int64_t a : axes) {
    const int64_t axis = NormalizeAxis(n, "axes", a, rank);
    if (axis >= static_cast<int64_t>(like.size())) {
      n.NotValid("axes", "names axis " + std::to_string(a) + ", beyond shape_like's rank");
    }
    const int64_t want = like[static_cast<size_t>(axis)];
    if (want > x[static_cast<size_t>(axis)]) {
      n.NotValid("axes", "asks axis " + std::to_string(axis) + " for " + std::to_string(want) +
                             " elements, more than the input's " +
                             std::to_string(x[static_cast<size_t>(axis)]));
    }
    size[static_cast<size_t>(axis)] = want;
  }
  n.SetOutput(0, Window(n, n.input(0), std::vector<int64_t>(x.size(), 0), size));
}

}  // namespace neo::mx_frontend

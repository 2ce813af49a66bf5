// StridedSlice(x, begin, end, strides) with TensorFlow's five masks, as the IR's Slice
// (one resolved start/end/step per dimension) followed by a Reshape that drops the
// shrunk dimensions and inserts the new ones.
//
// The begin/end/strides entries form a sparse spec: an ellipsis entry stands for as many
// full dimensions as the others leave over, a new_axis entry adds a dimension of 1 and
// consumes none of the input's, and without an ellipsis the unnamed trailing dimensions
// are taken whole.
#include <algorithm>

#include "compiler/frontends/tensorflow/operator_table.h"

namespace neo::tf_frontend {

void LowerStridedSlice(NodeLowering& n) {
  n.RequireInputs(4, 4);
  const std::vector<int64_t> begin = n.ConstantInts(1, "begin");
  const std::vector<int64_t> end = n.ConstantInts(2, "end");
  const std::vector<int64_t> strides = n.ConstantInts(3, "strides");
  if (begin.size() != end.size() || begin.size() != strides.size()) {
    n.NotValid("begin", "end and strides must have the same length");
  }
  const int64_t begin_mask = n.IntAttr("begin_mask", 0), end_mask = n.IntAttr("end_mask", 0);
  const int64_t ellipsis_mask = n.IntAttr("ellipsis_mask", 0);
  const int64_t new_axis_mask = n.IntAttr("new_axis_mask", 0);
  const int64_t shrink_mask = n.IntAttr("shrink_axis_mask", 0);
  if (ellipsis_mask & (ellipsis_mask - 1)) n.NotValid("ellipsis_mask", "may have one bit set");
  const ir::Shape x = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  const int64_t entries = static_cast<int64_t>(begin.size());
  auto bit = [](int64_t mask, int64_t i) { return (mask >> i) & 1; };

  // Dimensions the ellipsis covers: the input's rank minus those the other (non-new-axis)
  // entries name.
  int64_t named = 0;
  for (int64_t i = 0; i < entries; ++i) {
    if (!bit(ellipsis_mask, i) && !bit(new_axis_mask, i)) ++named;
  }
  if (named > rank) n.NotValid("begin", "names more dimensions than the input has");

  std::vector<int64_t> starts(x.size()), ends(x.size()), steps(x.size());
  ir::Shape out_shape;
  int64_t dim = 0;
  auto take_whole = [&](int64_t d) {
    starts[static_cast<size_t>(d)] = 0;
    ends[static_cast<size_t>(d)] = x[static_cast<size_t>(d)];
    steps[static_cast<size_t>(d)] = 1;
    out_shape.push_back(x[static_cast<size_t>(d)]);
  };
  for (int64_t i = 0; i < entries; ++i) {
    if (bit(ellipsis_mask, i)) {
      for (int64_t k = 0; k < rank - named; ++k) take_whole(dim++);
      continue;
    }
    if (bit(new_axis_mask, i)) {
      out_shape.push_back(1);
      continue;
    }
    const size_t d = static_cast<size_t>(dim++);
    const int64_t size = x[d];
    const int64_t s = strides[static_cast<size_t>(i)];
    if (s == 0) n.NotValid("strides", "cannot be zero");
    if (bit(shrink_mask, i)) {
      int64_t b = begin[static_cast<size_t>(i)];
      if (b < 0) b += size;
      if (b < 0 || b >= size) n.NotValid("begin", "is out of range for a shrunk dimension");
      starts[d] = b;
      ends[d] = b + 1;
      steps[d] = 1;
      continue;
    }
    // Python's slice resolution: negatives count from the end, then clamp to the range a
    // step in this direction can reach ([0, size] forwards, [-1, size - 1] backwards).
    const int64_t lo = s > 0 ? 0 : -1, hi = s > 0 ? size : size - 1;
    auto resolve = [&](int64_t v) {
      if (v < 0) v += size;
      return std::min(std::max(v, lo), hi);
    };
    const int64_t b = bit(begin_mask, i) ? (s > 0 ? 0 : size - 1) : resolve(begin[static_cast<size_t>(i)]);
    const int64_t e = bit(end_mask, i) ? (s > 0 ? size : -1) : resolve(end[static_cast<size_t>(i)]);
    starts[d] = b;
    ends[d] = e;
    steps[d] = s;
    const int64_t len = s > 0 ? (e > b ? (e - b + s - 1) / s : 0) : (b > e ? (b - e - s - 1) / -s : 0);
    out_shape.push_back(len);
  }
  while (dim < rank) take_whole(dim++);

  ir::Attributes a;
  a.set("starts", starts);
  a.set("ends", ends);
  a.set("steps", steps);
  ir::ValueId y = n.EmitLike("Slice", {n.input(0)}, a);
  if (n.graph().value(y).shape != out_shape) y = n.Reshape(y, out_shape);
  n.SetOutput(0, y);
}

}  // namespace neo::tf_frontend

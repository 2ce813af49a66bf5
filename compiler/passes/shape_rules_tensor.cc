// Shape rules of the tensor operators added for the full ONNX table (ops.h, "Tensor
// operators (issue 4)"). Each checks what the reference evaluator and the kernels rely on.
#include <cmath>

#include "compiler/ir/ops.h"
#include "compiler/passes/shape_rules.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

Shape ConvTranspose2D(const NodeContext& c) {
  c.ExpectRank(0, 4);
  c.ExpectRank(1, 4);
  const Shape& x = c.shape(0);
  const Shape& w = c.shape(1);
  LayoutAxes ax = AxesOf(IsNHWC(c.node()));
  const int64_t group = c.attrs().GetInt("group", 1);
  if (group <= 0 || x[ax.c] != w[0] || w[0] % group != 0) {
    c.Fail("input channels " + std::to_string(x[ax.c]) + " do not match weights " +
           ir::ShapeToString(w) + " with group " + std::to_string(group));
  }
  const std::vector<int64_t> s = c.attrs().GetInts("strides", {1, 1});
  const std::vector<int64_t> d = c.attrs().GetInts("dilations", {1, 1});
  const std::vector<int64_t> p = c.attrs().GetInts("pads", {0, 0, 0, 0});
  const std::vector<int64_t> op = c.attrs().GetInts("output_padding", {0, 0});
  if (s.size() != 2 || d.size() != 2 || p.size() != 4 || op.size() != 2) {
    c.Fail("strides, dilations and output_padding need 2 values and pads 4");
  }
  if (c.has_input(2) && c.input(2).num_elements() != w[1] * group) {
    c.Fail("bias shape " + ir::ShapeToString(c.shape(2)) + " does not match the output channels");
  }
  Shape out(4);
  out[ax.n] = x[ax.n];
  out[ax.c] = w[1] * group;
  const int64_t in[2] = {x[ax.h], x[ax.w]};
  const int axis[2] = {ax.h, ax.w};
  for (int i = 0; i < 2; ++i) {
    out[axis[i]] = s[i] * (in[i] - 1) + op[i] + (w[2 + i] - 1) * d[i] + 1 - p[i] - p[i + 2];
    if (out[axis[i]] <= 0 || s[i] <= 0 || d[i] <= 0) c.Fail("the output would be empty");
  }
  return out;
}

void CheckAxis(const NodeContext& c, int64_t axis, size_t rank) {
  if (axis < 0 || axis >= static_cast<int64_t>(rank)) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  }
}

Shape Reduce(const NodeContext& c, const std::vector<int64_t>& axes, bool keepdims) {
  const Shape& x = c.shape(0);
  std::vector<bool> reduced(x.size(), false);
  for (int64_t a : axes) {
    CheckAxis(c, a, x.size());
    reduced[static_cast<size_t>(a)] = true;
  }
  Shape out;
  for (size_t d = 0; d < x.size(); ++d) {
    if (!reduced[d]) out.push_back(x[d]);
    else if (keepdims) out.push_back(1);
  }
  return out;
}

Shape Gather(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const int64_t axis = c.attrs().GetInt("axis", 0);
  CheckAxis(c, axis, x.size());
  if (c.input(1).dtype != ir::DType::kInt64 && c.input(1).dtype != ir::DType::kInt32) {
    c.Fail("indices must be int32 or int64");
  }
  Shape out(x.begin(), x.begin() + axis);
  out.insert(out.end(), c.shape(1).begin(), c.shape(1).end());
  out.insert(out.end(), x.begin() + axis + 1, x.end());
  return out;
}

Shape Slice(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const auto& starts = c.attrs().GetInts("starts");
  const auto& ends = c.attrs().GetInts("ends");
  const auto& steps = c.attrs().GetInts("steps");
  if (starts.size() != x.size() || ends.size() != x.size() || steps.size() != x.size()) {
    c.Fail("starts, ends and steps need one entry per dimension");
  }
  Shape out(x.size());
  for (size_t d = 0; d < x.size(); ++d) {
    out[d] = SliceLength(starts[d], ends[d], steps[d]);
    if (steps[d] == 0 || out[d] < 0 ||
        (out[d] > 0 && (starts[d] < 0 || starts[d] >= x[d] ||
                        starts[d] + (out[d] - 1) * steps[d] < 0 ||
                        starts[d] + (out[d] - 1) * steps[d] >= x[d]))) {
      c.Fail("slice of dimension " + std::to_string(d) + " is outside the input");
    }
  }
  return out;
}

Shape Pad(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const auto& pads = c.attrs().GetInts("pads");
  if (pads.size() != 2 * x.size()) c.Fail("pads need two entries per dimension");
  Shape out(x.size());
  for (size_t d = 0; d < x.size(); ++d) {
    out[d] = x[d] + pads[d] + pads[d + x.size()];
    if (out[d] < 0) c.Fail("pads crop more than dimension " + std::to_string(d) + " holds");
  }
  return out;
}

Shape Resize(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const auto& scales = c.attrs().GetFloats("scales");
  if (scales.size() != x.size()) c.Fail("scales need one entry per dimension");
  Shape out(x.size());
  for (size_t d = 0; d < x.size(); ++d) {
    if (!(scales[d] > 0)) c.Fail("scales must be positive");
    out[d] = static_cast<int64_t>(std::floor(static_cast<double>(x[d]) * scales[d]));
  }
  return out;
}

Shape Broadcast(const NodeContext& c, const ir::Value& output) {
  if (!output.has_shape) c.Fail("has no output shape");
  Shape merged;
  if (!BroadcastShapes(c.shape(0), output.shape, &merged) || merged != output.shape) {
    c.Fail("cannot broadcast " + ir::ShapeToString(c.shape(0)) + " to " +
           ir::ShapeToString(output.shape));
  }
  return output.shape;
}

}  // namespace

bool InferTensorOperator(const NodeContext& c, const ir::Value& output, Shape* out,
                         ir::DType* dtype) {
  const std::string& o = c.node().op;
  if (o == op::kConvTranspose2D) {
    *out = ConvTranspose2D(c);
  } else if (o == op::kLRN) {
    if (c.shape(0).size() < 3) c.Fail("LRN needs rank 3 or more");
    *out = c.shape(0);
  } else if (o == op::kReduce) {
    *out = Reduce(c, c.attrs().GetInts("axes"), c.attrs().GetInt("keepdims", 1) != 0);
  } else if (o == op::kArgReduce) {
    const int64_t axis = c.attrs().GetInt("axis");
    *out = Reduce(c, {axis}, c.attrs().GetInt("keepdims", 1) != 0);
    *dtype = ir::DType::kInt64;
  } else if (o == op::kCast) {
    if (!DTypeFromName(c.attrs().GetString("to"), dtype)) c.Fail("unknown dtype to cast to");
    *out = c.shape(0);
  } else if (o == op::kGather) {
    *out = Gather(c);
  } else if (o == op::kSlice) {
    *out = Slice(c);
  } else if (o == op::kPad) {
    *out = Pad(c);
  } else if (o == op::kResize) {
    *out = Resize(c);
  } else if (o == op::kBroadcast) {
    *out = Broadcast(c, output);
  } else {
    return false;
  }
  return true;
}

}  // namespace neo::passes

// Gather, Slice, Pad and Broadcast as index maps: for each output element, the input
// element it copies (or -1 for Pad's constant). The same map serves float tensors here
// and raw bytes of any dtype in constant folding, so int64 shape arithmetic folds exactly.
#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

namespace {

// Calls f(out_index, coordinates) for every output element in row-major order.
template <typename F>
void ForEachIndex(const ir::Shape& shape, F f) {
  const int64_t n = ir::NumElements(shape);
  std::vector<int64_t> idx(shape.size(), 0);
  for (int64_t o = 0; o < n; ++o) {
    f(o, idx);
    for (size_t d = shape.size(); d-- > 0;) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

// Pad's source coordinate along one dimension, or -1 outside for constant mode.
int64_t PadCoordinate(int64_t i, int64_t dim, const std::string& mode) {
  if (i >= 0 && i < dim) return i;
  if (mode == "constant") return -1;
  if (mode == "edge") return std::clamp<int64_t>(i, 0, dim - 1);
  // reflect: mirror without repeating the edge, period 2 * (dim - 1).
  if (dim == 1) return 0;
  const int64_t period = 2 * (dim - 1);
  int64_t m = ((i % period) + period) % period;
  return m < dim ? m : period - m;
}

}  // namespace

std::vector<int64_t> SourceIndices(const ir::Node& node, const std::vector<ir::Shape>& in_shapes,
                                   const std::vector<int64_t>& indices, const ir::Shape& out_shape) {
  const ir::Shape& x = in_shapes.at(0);
  const std::vector<int64_t> strides = StridesOf(x);
  std::vector<int64_t> src(static_cast<size_t>(ir::NumElements(out_shape)));
  const std::string& o = node.op;
  if (o == ir::op::kGather) {
    const int64_t axis = node.attrs.GetInt("axis", 0);
    const size_t irank = in_shapes.at(1).size();
    const std::vector<int64_t> idx_strides = StridesOf(in_shapes[1]);
    ForEachIndex(out_shape, [&](int64_t out, const std::vector<int64_t>& c) {
      int64_t at = 0, s = 0;
      for (size_t k = 0; k < irank; ++k) at += c[static_cast<size_t>(axis) + k] * idx_strides[k];
      int64_t i = indices.at(static_cast<size_t>(at));
      if (i < 0) i += x[static_cast<size_t>(axis)];
      if (i < 0 || i >= x[static_cast<size_t>(axis)]) throw std::out_of_range("Gather index out of range");
      for (size_t d = 0; d < x.size(); ++d) {
        const int64_t coord = static_cast<int64_t>(d) < axis ? c[d]
                              : static_cast<int64_t>(d) == axis ? i
                                                                : c[d + irank - 1];
        s += coord * strides[d];
      }
      src[static_cast<size_t>(out)] = s;
    });
  } else if (o == ir::op::kSlice) {
    const auto& starts = node.attrs.GetInts("starts");
    const auto& steps = node.attrs.GetInts("steps");
    ForEachIndex(out_shape, [&](int64_t out, const std::vector<int64_t>& c) {
      int64_t s = 0;
      for (size_t d = 0; d < x.size(); ++d) s += (starts[d] + c[d] * steps[d]) * strides[d];
      src[static_cast<size_t>(out)] = s;
    });
  } else if (o == ir::op::kPad) {
    const auto& pads = node.attrs.GetInts("pads");
    const std::string mode = node.attrs.GetString("mode", "constant");
    ForEachIndex(out_shape, [&](int64_t out, const std::vector<int64_t>& c) {
      int64_t s = 0;
      for (size_t d = 0; d < x.size() && s >= 0; ++d) {
        const int64_t i = PadCoordinate(c[d] - pads[d], x[d], mode);
        s = i < 0 ? -1 : s + i * strides[d];
      }
      src[static_cast<size_t>(out)] = s;
    });
  } else if (o == ir::op::kBroadcast) {
    const size_t lead = out_shape.size() - x.size();
    ForEachIndex(out_shape, [&](int64_t out, const std::vector<int64_t>& c) {
      int64_t s = 0;
      for (size_t d = 0; d < x.size(); ++d) s += (x[d] == 1 ? 0 : c[d + lead]) * strides[d];
      src[static_cast<size_t>(out)] = s;
    });
  } else {
    throw std::logic_error("reference: " + o + " is not an indexing operator");
  }
  return src;
}

bool IsIndexingOp(const std::string& o) {
  return o == ir::op::kGather || o == ir::op::kSlice || o == ir::op::kPad || o == ir::op::kBroadcast;
}

std::vector<uint8_t> GatherBytes(const std::vector<uint8_t>& in, const std::vector<int64_t>& sources,
                                 const std::vector<uint8_t>& fill, size_t element_size) {
  std::vector<uint8_t> out(sources.size() * element_size);
  for (size_t i = 0; i < sources.size(); ++i) {
    const uint8_t* from = sources[i] < 0 ? fill.data()
                                         : &in[static_cast<size_t>(sources[i]) * element_size];
    std::memcpy(&out[i * element_size], from, element_size);
  }
  return out;
}

Tensor Indexing(const ir::Node& node, const std::vector<const Tensor*>& in, const ir::Shape& out_shape) {
  std::vector<ir::Shape> shapes;
  std::vector<int64_t> indices;
  for (const Tensor* t : in) shapes.push_back(t ? t->shape : ir::Shape{});
  if (node.op == ir::op::kGather) {
    for (float f : in.at(1)->data) indices.push_back(static_cast<int64_t>(f));
  }
  std::vector<int64_t> src = SourceIndices(node, shapes, indices, out_shape);
  const float fill = static_cast<float>(node.attrs.GetFloat("value", 0.0));
  Tensor y{out_shape, std::vector<float>(src.size())};
  for (size_t i = 0; i < src.size(); ++i) {
    y.data[i] = src[i] < 0 ? fill : in[0]->data[static_cast<size_t>(src[i])];
  }
  return y;
}

}  // namespace neo::passes::reference

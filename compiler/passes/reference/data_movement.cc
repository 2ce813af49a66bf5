// Transpose and Concat, byte-wise so they serve every dtype.
#include <cstring>

#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

std::vector<uint8_t> TransposeBytes(const std::vector<uint8_t>& in, const ir::Shape& shape,
                                    const std::vector<int64_t>& perm, size_t element_size) {
  ir::Shape out_shape = PermuteShape(shape, perm);
  std::vector<int64_t> in_strides = StridesOf(shape);
  size_t rank = shape.size();
  int64_t n = ir::NumElements(out_shape);
  std::vector<uint8_t> out(in.size());
  std::vector<int64_t> idx(rank, 0);  // index into the output
  for (int64_t o = 0; o < n; ++o) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d) src += idx[d] * in_strides[static_cast<size_t>(perm[d])];
    std::memcpy(&out[static_cast<size_t>(o) * element_size],
                &in[static_cast<size_t>(src) * element_size], element_size);
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < out_shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

std::vector<uint8_t> ConcatBytes(const std::vector<const std::vector<uint8_t>*>& ins,
                                 const std::vector<ir::Shape>& shapes, int64_t axis,
                                 size_t element_size) {
  // Each input contributes a block of (its axis extent * inner) elements per outer index.
  const ir::Shape& first = shapes.at(0);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= first[static_cast<size_t>(d)];
  for (size_t d = static_cast<size_t>(axis) + 1; d < first.size(); ++d) inner *= first[d];
  size_t total = 0;
  for (const auto* b : ins) total += b->size();
  std::vector<uint8_t> out(total);
  size_t pos = 0;
  for (int64_t o = 0; o < outer; ++o) {
    for (size_t i = 0; i < ins.size(); ++i) {
      size_t block = static_cast<size_t>(shapes[i][static_cast<size_t>(axis)] * inner) *
                     element_size;
      std::memcpy(&out[pos], ins[i]->data() + static_cast<size_t>(o) * block, block);
      pos += block;
    }
  }
  return out;
}

namespace {
std::vector<uint8_t> AsBytes(const std::vector<float>& v) { return FloatBytes(v); }
std::vector<float> AsFloats(const std::vector<uint8_t>& b) {
  std::vector<float> v(b.size() / sizeof(float));
  if (!v.empty()) std::memcpy(v.data(), b.data(), b.size());
  return v;
}
}  // namespace

Tensor Transpose(const Tensor& x, const std::vector<int64_t>& perm) {
  return {PermuteShape(x.shape, perm),
          AsFloats(TransposeBytes(AsBytes(x.data), x.shape, perm, sizeof(float)))};
}

Tensor Concat(const std::vector<const Tensor*>& xs, int64_t axis) {
  std::vector<std::vector<uint8_t>> bytes;
  std::vector<ir::Shape> shapes;
  for (const Tensor* t : xs) {
    bytes.push_back(AsBytes(t->data));
    shapes.push_back(t->shape);
  }
  std::vector<const std::vector<uint8_t>*> ptrs;
  for (const auto& b : bytes) ptrs.push_back(&b);
  ir::Shape out_shape = shapes[0];
  out_shape[static_cast<size_t>(axis)] = 0;
  for (const auto& s : shapes) out_shape[static_cast<size_t>(axis)] += s[static_cast<size_t>(axis)];
  return {out_shape, AsFloats(ConcatBytes(ptrs, shapes, axis, sizeof(float)))};
}

}  // namespace neo::passes::reference

#include "kernels/reference/pad.h"

#include <cstring>

#include "kernels/reference/cast.h"
#include "kernels/reference/index_walk.h"

namespace neo::kernels::reference {

namespace {

// The input index output index `o` reads along a dimension of size n, or -1 for the
// constant.
int64_t SourceIndex(PadMode mode, int64_t o, int64_t begin, int64_t n) {
  int64_t i = o - begin;
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case PadMode::kConstant: return -1;
    case PadMode::kEdge: return i < 0 ? 0 : n - 1;
    case PadMode::kReflect: {
      if (n == 1) return 0;
      const int64_t period = 2 * (n - 1);
      i %= period;
      if (i < 0) i += period;
      return i < n ? i : period - i;
    }
  }
  return -1;
}

}  // namespace

bool PadValid(const PadParams& p) {
  const int r = p.input_shape.rank;
  if (p.begin.rank != r || p.end.rank != r) return false;
  bool output_empty = false;
  for (int i = 0; i < r; ++i) {
    const int64_t out = p.input_shape[i] + p.begin[i] + p.end[i];
    if (out < 0) return false;
    output_empty = output_empty || out == 0;
  }
  if (p.mode != PadMode::kConstant && !output_empty) {
    for (int i = 0; i < r; ++i) {
      if (p.input_shape[i] == 0) return false;
    }
  }
  return true;
}

void Pad(const PadParams& p, const void* input, void* output) {
  const int r = p.input_shape.rank;
  const size_t size = ElementSize(p.type);
  Dims out;
  out.rank = r;
  for (int i = 0; i < r; ++i) out[i] = p.input_shape[i] + p.begin[i] + p.end[i];
  unsigned char fill[8];
  StoreDouble(p.value, p.type, fill);
  int64_t stride[Dims::kMaxRank];
  RowMajorStrides(p.input_shape, stride);
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  ForEachIndex(out, [&](const int64_t* index, int64_t n) {
    int64_t offset = 0;
    bool constant = false;
    for (int i = 0; i < r && !constant; ++i) {
      const int64_t k = SourceIndex(p.mode, index[i], p.begin[i], p.input_shape[i]);
      if (k < 0) constant = true;
      offset += k * stride[i];
    }
    std::memcpy(dst + n * size, constant ? fill : src + offset * size, size);
  });
}

}  // namespace neo::kernels::reference

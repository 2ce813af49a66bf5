#include "kernels/reference/where.h"

#include <cstdint>
#include <cstring>

#include "kernels/reference/index_walk.h"

namespace neo::kernels::reference {

bool WhereValid(const WhereParams& p) {
  return BroadcastsTo(p.condition_shape, p.output_shape) && BroadcastsTo(p.x_shape, p.output_shape) &&
         BroadcastsTo(p.y_shape, p.output_shape) &&
         (p.element_size == 1 || p.element_size == 2 || p.element_size == 4 || p.element_size == 8);
}

void Where(const WhereParams& p, const void* condition, const void* x, const void* y,
           void* output) {
  const auto* c = static_cast<const uint8_t*>(condition);
  const auto* xb = static_cast<const char*>(x);
  const auto* yb = static_cast<const char*>(y);
  auto* out = static_cast<char*>(output);
  const size_t e = p.element_size;
  int64_t strides[3][Dims::kMaxRank];
  BroadcastStrides(p.condition_shape, p.output_shape, strides[0]);
  BroadcastStrides(p.x_shape, p.output_shape, strides[1]);
  BroadcastStrides(p.y_shape, p.output_shape, strides[2]);
  ForEachOffset(p.output_shape, strides, [&](int64_t n, const int64_t* offset) {
    const char* from = c[offset[0]] != 0 ? xb + offset[1] * e : yb + offset[2] * e;
    std::memcpy(out + n * e, from, e);
  });
}

}  // namespace neo::kernels::reference

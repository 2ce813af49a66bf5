// A small fixed-capacity shape, so kernel parameters need no heap.
#ifndef NEO_KERNELS_DIMS_H_
#define NEO_KERNELS_DIMS_H_

#include <cstdint>
#include <initializer_list>
#include <stdexcept>

namespace neo::kernels {

struct Dims {
  static constexpr int kMaxRank = 8;
  int rank = 0;
  int64_t d[kMaxRank] = {};

  Dims() = default;
  Dims(std::initializer_list<int64_t> dims) {
    if (dims.size() > kMaxRank) throw std::invalid_argument("rank above 8");
    for (int64_t v : dims) d[rank++] = v;
  }
  int64_t operator[](int i) const { return d[i]; }
  int64_t& operator[](int i) { return d[i]; }
  int64_t num_elements() const {
    int64_t n = 1;
    for (int i = 0; i < rank; ++i) n *= d[i];
    return n;
  }
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_DIMS_H_

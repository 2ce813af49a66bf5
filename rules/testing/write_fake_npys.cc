// Writes the fake model's test files: write_fake_npys x.npy y.npy count.npy bad_y.npy.
// Generated at build time so no binary fixtures are checked in.
#include <cstring>
#include <vector>

#include "rules/testing/npy.h"

using neo::testing::NpyArray;
using neo::testing::NpyType;

template <typename T>
NpyArray Make(NpyType type, std::vector<int64_t> shape, std::vector<T> values) {
  NpyArray a;
  a.type = type;
  a.shape = std::move(shape);
  a.data.resize(values.size() * sizeof(T));
  std::memcpy(&a.data[0], values.data(), a.data.size());
  return a;
}

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  neo::testing::WriteNpy(argv[1], Make<float>(NpyType::kFloat32, {2, 3}, {-1, 0, 1, 2, 3, 0.5f}));
  neo::testing::WriteNpy(argv[2], Make<float>(NpyType::kFloat32, {2, 3}, {-1, 1, 3, 5, 7, 2}));
  neo::testing::WriteNpy(argv[3], Make<int64_t>(NpyType::kInt64, {1}, {5}));
  // float64 golden, one element off by 0.5.
  neo::testing::WriteNpy(argv[4], Make<double>(NpyType::kFloat64, {2, 3}, {-1, 1, 3, 5.5, 7, 2}));
  return 0;
}

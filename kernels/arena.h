// The one block of memory a model's activations live in, planned by the compiler.
#ifndef NEO_KERNELS_ARENA_H_
#define NEO_KERNELS_ARENA_H_

#include <cstddef>
#include <cstdint>

namespace neo::kernels {

// Alignment of the arena and of every offset the memory planner hands out.
inline constexpr size_t kArenaAlignment = 64;

class Arena {
 public:
  // Allocates `bytes` (rounded up to kArenaAlignment), zero-filled.
  explicit Arena(size_t bytes);
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  uint8_t* data() { return data_; }
  size_t size() const { return size_; }
  float* f32(size_t offset) { return reinterpret_cast<float*>(data_ + offset); }
  template <typename T>
  T* at(size_t offset) {
    return reinterpret_cast<T*>(data_ + offset);
  }

 private:
  uint8_t* data_;
  size_t size_;
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_ARENA_H_

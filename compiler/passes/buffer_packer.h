// Buffer packers, in the spirit of TensorFlow Lite Micro's memory planners: buffers with
// a size and an inclusive [first_use, last_use] lifetime go in; non-overlapping offsets
// come out. They know nothing of graphs: memory_plan.h gives them a graph's values.
#ifndef NEO_COMPILER_PASSES_BUFFER_PACKER_H_
#define NEO_COMPILER_PASSES_BUFFER_PACKER_H_

#include <cstddef>
#include <vector>

namespace neo::passes {

// Every offset (and so every buffer) starts on this boundary: what AVX-512 loads and
// cache lines want.
inline constexpr size_t kArenaAlignment = 64;

inline size_t AlignUp(size_t n, size_t alignment = kArenaAlignment) {
  return (n + alignment - 1) / alignment * alignment;
}

class BufferPacker {
 public:
  virtual ~BufferPacker() = default;
  // Adds a buffer live from step first_use through last_use (inclusive); returns its
  // index for GetOffset. Two buffers whose lifetimes share a step never overlap.
  virtual int AddBuffer(size_t size, int first_use, int last_use) = 0;
  virtual size_t GetOffset(int index) const = 0;
  // Arena size needed for all buffers (a multiple of kArenaAlignment).
  virtual size_t GetTotalBytes() const = 0;
};

// Largest buffers first, each at the lowest aligned offset that clears every placed
// buffer whose lifetime overlaps its own. Near-minimal in practice; planned lazily.
class GreedyBufferPacker : public BufferPacker {
 public:
  int AddBuffer(size_t size, int first_use, int last_use) override;
  size_t GetOffset(int index) const override;
  size_t GetTotalBytes() const override;

 private:
  struct Buffer {
    size_t size;
    int first_use, last_use;
  };
  void Plan() const;
  std::vector<Buffer> buffers_;
  mutable std::vector<size_t> offsets_;
  mutable size_t total_ = 0;
  mutable bool planned_ = false;
};

// One buffer after the other, no reuse: trivially correct, a baseline for tests.
class LinearBufferPacker : public BufferPacker {
 public:
  int AddBuffer(size_t size, int first_use, int last_use) override;
  size_t GetOffset(int index) const override { return offsets_.at(static_cast<size_t>(index)); }
  size_t GetTotalBytes() const override { return total_; }

 private:
  std::vector<size_t> offsets_;
  size_t total_ = 0;
};

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_BUFFER_PACKER_H_

#include "compiler/passes/buffer_packer.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace neo::passes {

int GreedyBufferPacker::AddBuffer(size_t size, int first_use, int last_use) {
  if (last_use < first_use) throw std::logic_error("memory planner: lifetime ends before it starts");
  buffers_.push_back({size, first_use, last_use});
  planned_ = false;
  return static_cast<int>(buffers_.size() - 1);
}

size_t GreedyBufferPacker::GetOffset(int index) const {
  Plan();
  return offsets_.at(static_cast<size_t>(index));
}

size_t GreedyBufferPacker::GetTotalBytes() const {
  Plan();
  return total_;
}

void GreedyBufferPacker::Plan() const {
  if (planned_) return;
  size_t n = buffers_.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Biggest first; ties by earlier start, then index, so plans are deterministic.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (buffers_[a].size != buffers_[b].size) return buffers_[a].size > buffers_[b].size;
    return buffers_[a].first_use < buffers_[b].first_use;
  });
  offsets_.assign(n, 0);
  total_ = 0;
  std::vector<size_t> placed;  // indices, in placement order
  for (size_t i : order) {
    const Buffer& b = buffers_[i];
    // Placed buffers alive at the same time, by offset.
    std::vector<size_t> conflicts;
    for (size_t j : placed) {
      const Buffer& o = buffers_[j];
      if (o.first_use <= b.last_use && b.first_use <= o.last_use) conflicts.push_back(j);
    }
    std::sort(conflicts.begin(), conflicts.end(),
              [&](size_t x, size_t y) { return offsets_[x] < offsets_[y]; });
    size_t candidate = 0;
    for (size_t j : conflicts) {
      if (candidate + b.size <= offsets_[j]) break;  // fits in the gap before j
      candidate = std::max(candidate, AlignUp(offsets_[j] + buffers_[j].size));
    }
    offsets_[i] = candidate;
    total_ = std::max(total_, AlignUp(candidate + b.size));
    placed.push_back(i);
  }
  planned_ = true;
}

int LinearBufferPacker::AddBuffer(size_t size, int first_use, int last_use) {
  if (last_use < first_use) throw std::logic_error("memory planner: lifetime ends before it starts");
  offsets_.push_back(total_);
  total_ += AlignUp(size);
  return static_cast<int>(offsets_.size() - 1);
}

}  // namespace neo::passes

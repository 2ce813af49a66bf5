#include "kernels/arena.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include <xnnpack.h>

namespace neo::kernels {
namespace {

// Allocated past the arena's end: XNNPACK's micro-kernels may read up to XNN_EXTRA_BYTES
// (16) past the end of a tensor, never using what they read; a tensor at the arena's end
// must not make that read fault (AddressSanitizer found one at a page boundary).
constexpr size_t kArenaTail = 64;

}  // namespace

Arena::Arena(size_t bytes)
    : size_((bytes + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment) {
  // aligned_alloc wants a multiple of the alignment; the tail keeps over-reads inside.
  static_assert(kArenaTail >= XNN_EXTRA_BYTES && kArenaTail % kArenaAlignment == 0);
  const size_t allocated = size_ + kArenaTail;
  data_ = static_cast<uint8_t*>(std::aligned_alloc(kArenaAlignment, allocated));
  if (data_ == nullptr) throw std::bad_alloc();
  std::memset(data_, 0, allocated);
}

Arena::~Arena() { std::free(data_); }

}  // namespace neo::kernels

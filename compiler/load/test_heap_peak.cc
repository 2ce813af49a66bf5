#include "compiler/load/test_heap_peak.h"

#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace {
std::atomic<size_t> g_heap_live{0};
std::atomic<size_t> g_heap_peak{0};
}  // namespace

void* operator new(size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  const size_t live = g_heap_live += malloc_usable_size(p);
  size_t peak = g_heap_peak.load();
  while (live > peak && !g_heap_peak.compare_exchange_weak(peak, live)) {
  }
  return p;
}

void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  g_heap_live -= malloc_usable_size(p);
  std::free(p);
}

void operator delete(void* p, size_t) noexcept { operator delete(p); }

// Every other plain form too, so that no allocation comes from another operator new
// (ASan's, say) and is freed by the delete above, or the other way round.
void* operator new[](size_t n) { return operator new(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return operator new(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete[](void* p, size_t) noexcept { operator delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { operator delete(p); }

namespace neo::testing {

size_t PeakHeap(const std::function<void()>& f) {
  // A count of zero would make every bound hold. Under ASan, if this library is a
  // shared object, ASan's runtime comes first in the search order and serves operator
  // new: tests using it set linkstatic = True. Check the counting operator new is the
  // one in use rather than trust it.
  const size_t before = g_heap_live;
  void* probe = ::operator new(4096);
  const bool counted = g_heap_live >= before + 4096;
  ::operator delete(probe);
  if (!counted) {
    std::fprintf(stderr, "PeakHeap: operator new is not this library's counting one\n");
    std::abort();
  }
  const size_t base = g_heap_live;
  g_heap_peak = base;
  f();
  return g_heap_peak - base;
}

}  // namespace neo::testing

#include "compiler/load/test_heap_peak.h"

#include <malloc.h>

#include <atomic>
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

namespace neo::testing {

size_t PeakHeap(const std::function<void()>& f) {
  const size_t base = g_heap_live;
  g_heap_peak = base;
  f();
  return g_heap_peak - base;
}

}  // namespace neo::testing

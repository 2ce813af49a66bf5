// The counter behind the memory bounds of the reader tests must see allocations, or
// every "peak below N" assertion there would hold vacuously.
#include "compiler/load/test_heap_peak.h"

#include <gtest/gtest.h>

#include <vector>

namespace neo::testing {
namespace {

// Lets p escape, so the compiler cannot leave out an allocation nothing reads (C++14
// allows it; GCC does it under -fsanitize=address).
void Escape(const void* p) { asm volatile("" : : "g"(p) : "memory"); }

TEST(PeakHeapTest, CountsWhatIsHeldAtOnce) {
  const size_t peak = PeakHeap([] {
    std::vector<char> a(1 << 20);
    Escape(a.data());
    {
      std::vector<char> b(1 << 19);
      Escape(b.data());
    }
    std::vector<char> c(1 << 18);
    Escape(c.data());
  });
  EXPECT_GE(peak, size_t{(1 << 20) + (1 << 19)});
  EXPECT_LT(peak, size_t{(1 << 20) + (1 << 19) + (1 << 18)});
}

}  // namespace
}  // namespace neo::testing

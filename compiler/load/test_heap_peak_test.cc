// The counter behind the memory bounds of the reader tests must see allocations, or
// every "peak below N" assertion there would hold vacuously.
#include "compiler/load/test_heap_peak.h"

#include <gtest/gtest.h>

#include <vector>

namespace neo::testing {
namespace {

TEST(PeakHeapTest, CountsWhatIsHeldAtOnce) {
  const size_t peak = PeakHeap([] {
    std::vector<char> a(1 << 20);
    { std::vector<char> b(1 << 19); }
    std::vector<char> c(1 << 18);
  });
  EXPECT_GE(peak, size_t{(1 << 20) + (1 << 19)});
  EXPECT_LT(peak, size_t{(1 << 20) + (1 << 19) + (1 << 18)});
}

}  // namespace
}  // namespace neo::testing

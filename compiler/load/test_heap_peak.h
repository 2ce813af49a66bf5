// Heap accounting for tests that bound what a reader holds at its peak. Linking this
// library replaces the test binary's operator new and delete with counting versions
// (malloc_usable_size bytes), so only test targets may depend on it.
#ifndef NEO_COMPILER_LOAD_TEST_HEAP_PEAK_H_
#define NEO_COMPILER_LOAD_TEST_HEAP_PEAK_H_

#include <cstddef>
#include <functional>

namespace neo::testing {

// The most heap bytes `f` holds at once through operator new, beyond what was held when
// it started.
size_t PeakHeap(const std::function<void()>& f);

}  // namespace neo::testing

#endif  // NEO_COMPILER_LOAD_TEST_HEAP_PEAK_H_

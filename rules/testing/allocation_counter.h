// Counts heap allocations (operator new and malloc-family calls made through operator
// new) while armed. Linking this library replaces the global operator new/delete of the
// test binary, so it is only linked into tests.
#ifndef NEO_RULES_TESTING_ALLOCATION_COUNTER_H_
#define NEO_RULES_TESTING_ALLOCATION_COUNTER_H_

#include <cstddef>

namespace neo::testing {

// Starts counting allocations made by any thread.
void ArmAllocationCounter();
// Stops counting and returns how many allocations happened since ArmAllocationCounter.
size_t DisarmAllocationCounter();
// Whether this library's operator new is the one the binary calls. It is not when the
// library is a shared object under ASan, whose runtime comes first in the search order:
// a binary that bounds allocations links statically (neo_model_test does).
bool AllocationCounterWorks();

}  // namespace neo::testing

#endif  // NEO_RULES_TESTING_ALLOCATION_COUNTER_H_

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

}  // namespace neo::testing

#endif  // NEO_RULES_TESTING_ALLOCATION_COUNTER_H_

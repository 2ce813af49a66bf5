// The one symbol a compiled model library provides for the generic golden-test main:
// neo_model_test links model_test_main with a small generated .cc that defines it by
// constructing the model's generated class.
#ifndef NEO_RULES_TESTING_MODEL_FACTORY_H_
#define NEO_RULES_TESTING_MODEL_FACTORY_H_

#include <memory>

#include "kernels/model.h"

namespace neo {
namespace testing {

// A fresh instance using `num_threads` threads for Run().
std::unique_ptr<neo::Model> CreateModel(int num_threads);

}  // namespace testing
}  // namespace neo

#endif  // NEO_RULES_TESTING_MODEL_FACTORY_H_

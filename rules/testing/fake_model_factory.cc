// CreateModel for the end-to-end test of model_test_main: the fake model stands in for
// a generated one.
#include "rules/testing/fake_model.h"
#include "rules/testing/model_factory.h"

namespace neo {
namespace testing {

std::unique_ptr<neo::Model> CreateModel(int /*num_threads*/) {
  return std::make_unique<FakeModel>();
}

}  // namespace testing
}  // namespace neo

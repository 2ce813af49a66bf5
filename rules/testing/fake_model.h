// A hand-written neo::Model for testing the runner: y = 2*x + 1 on a float32 (2, 3)
// input, plus an int64 output counting its non-negative elements; knobs make it wrong.
#ifndef NEO_RULES_TESTING_FAKE_MODEL_H_
#define NEO_RULES_TESTING_FAKE_MODEL_H_

#include <cstdint>

#include "kernels/model.h"

namespace neo {
namespace testing {

class FakeModel : public neo::Model {
 public:
  float error = 0;            // added to y[0]
  bool drift = false;         // each Run adds its run count to y[5]: nondeterminism

  int num_inputs() const override { return 1; }
  int num_outputs() const override { return 2; }
  const TensorInfo& input_info(int) const override { return x_info_; }
  const TensorInfo& output_info(int i) const override { return i == 0 ? y_info_ : n_info_; }
  void* input_buffer(int) override { return x_; }
  const void* output_buffer(int i) const override {
    return i == 0 ? static_cast<const void*>(y_) : static_cast<const void*>(&n_);
  }
  void Run() override {
    ++runs_;
    n_ = 0;
    for (int i = 0; i < 6; ++i) {
      y_[i] = 2 * x_[i] + 1;
      if (x_[i] >= 0) ++n_;
    }
    y_[0] += error;
    if (drift) y_[5] += static_cast<float>(runs_);
  }

 private:
  static constexpr int64_t kShape[2] = {2, 3};
  static constexpr int64_t kScalar[1] = {1};
  float x_[6] = {};
  float y_[6] = {};
  int64_t n_ = 0;
  int runs_ = 0;
  TensorInfo x_info_{"x", ElementType::kFloat32, 2, kShape, 6, 24};
  TensorInfo y_info_{"y", ElementType::kFloat32, 2, kShape, 6, 24};
  TensorInfo n_info_{"count", ElementType::kInt64, 1, kScalar, 1, 8};
};

}  // namespace testing
}  // namespace neo

#endif  // NEO_RULES_TESTING_FAKE_MODEL_H_

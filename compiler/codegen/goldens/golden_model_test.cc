// The golden tiny_classifier text (testdata/tiny_classifier*.golden, checked by
// codegen_golden_test) compiled as C++ and run: its logits must match plain loops over the
// same weights. A golden that no longer builds or computes the model fails here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "compiler/codegen/goldens/testdata/tiny_classifier.h"
#include "compiler/codegen/goldens/testdata/tiny_classifier_graph.h"

namespace neo::codegen::testing {
namespace {

std::vector<float> Input() {
  std::vector<float> x(kChannels * kSize * kSize);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(static_cast<int>(i % 13) - 6) * 0.25f;
  return x;
}

// Conv (NCHW, pad 1) + bias -> Relu -> mean over pixels -> FC + bias, in double.
std::vector<double> ReferenceLogits(const std::vector<float>& x) {
  const TinyClassifierWeights w = TinyClassifierWeightValues();
  std::vector<double> pooled(kFilters, 0.0);
  for (int o = 0; o < kFilters; ++o) {
    for (int y = 0; y < kSize; ++y) {
      for (int xx = 0; xx < kSize; ++xx) {
        double acc = w.conv_b[o];
        for (int c = 0; c < kChannels; ++c) {
          for (int ky = 0; ky < 3; ++ky) {
            for (int kx = 0; kx < 3; ++kx) {
              const int iy = y + ky - 1, ix = xx + kx - 1;
              if (iy < 0 || iy >= kSize || ix < 0 || ix >= kSize) continue;
              acc += static_cast<double>(w.conv_w[((o * kChannels + c) * 3 + ky) * 3 + kx]) *
                     x[(c * kSize + iy) * kSize + ix];
            }
          }
        }
        pooled[o] += std::max(acc, 0.0) / (kSize * kSize);
      }
    }
  }
  std::vector<double> logits(kClasses);
  for (int n = 0; n < kClasses; ++n) {
    logits[n] = w.fc_b[n];
    for (int k = 0; k < kFilters; ++k) logits[n] += static_cast<double>(w.fc_w[n * kFilters + k]) * pooled[k];
  }
  return logits;
}

TEST(GoldenModelTest, TinyClassifierComputesTheModel) {
  golden::TinyClassifier model(1);
  ASSERT_EQ(model.num_inputs(), 1);
  ASSERT_EQ(model.num_outputs(), 1);
  EXPECT_STREQ(model.input_info(0).name, "data");
  EXPECT_STREQ(model.output_info(0).name, "logits");
  EXPECT_EQ(model.input_index("data"), 0);
  EXPECT_EQ(model.output_index("logits"), 0);
  EXPECT_EQ(model.input_info(0).num_elements, 192u);
  EXPECT_EQ(model.output_info(0).byte_size, 20u);
  EXPECT_STREQ(model.input_info(0).layout, "NCHW");
  EXPECT_STREQ(model.output_info(0).layout, "row-major");
  EXPECT_EQ(golden::TinyClassifier::kInput0Bytes, 768u);
  EXPECT_EQ(static_cast<void*>(model.input_data()), model.input_buffer(0));

  const std::vector<float> x = Input();
  std::memcpy(model.input_data(), x.data(), x.size() * sizeof(float));
  model.Run();
  const std::vector<double> want = ReferenceLogits(x);
  std::vector<float> first(model.output_logits(), model.output_logits() + kClasses);
  double spread = 0;
  for (int n = 0; n < kClasses; ++n) {
    EXPECT_NEAR(first[n], want[n], 1e-5 + 1e-5 * std::fabs(want[n])) << "logit " << n;
    spread = std::max(spread, std::fabs(want[n] - want[0]));
  }
  EXPECT_GT(spread, 0.1) << "the logits should not all be equal";
  // Run() again on the same input: the same bits (the input survives Run).
  model.Run();
  for (int n = 0; n < kClasses; ++n) EXPECT_EQ(model.output_logits()[n], first[n]);
}

// The profiling interface: each step names the kernel the model constructed on this CPU
// (the fully connected step: ours on AVX-512 CPUs, oneDNN's elsewhere), and running the
// steps in order gives Run()'s result.
TEST(GoldenModelTest, StepsNameWhatRuns) {
  golden::TinyClassifier model(1);
  ASSERT_EQ(model.num_steps(), 4);
  for (int i = 0; i < model.num_steps(); ++i) {
    EXPECT_STRNE(model.step_implementation(i), "") << model.step_name(i);
  }
  EXPECT_STREQ(model.step_implementation(2), "reference");  // the global pool's own loop
  EXPECT_STREQ(model.step_implementation(4), "");           // no such step
  const std::vector<float> x = Input();
  std::memcpy(model.input_data(), x.data(), x.size() * sizeof(float));
  model.Run();
  const std::vector<float> logits(model.output_logits(), model.output_logits() + kClasses);
  model.BeginRun();
  for (int i = 0; i < model.num_steps(); ++i) model.RunStep(i);
  for (int n = 0; n < kClasses; ++n) EXPECT_EQ(model.output_logits()[n], logits[n]);
}

}  // namespace
}  // namespace neo::codegen::testing

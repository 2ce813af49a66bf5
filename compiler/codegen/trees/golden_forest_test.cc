// The golden tiny_forest text (testdata/tiny_forest*.golden, checked by tree_codegen_test)
// compiled as C++ and run: its margins must equal a plain walk of the same ensemble bit
// for bit, and its predictions XGBoost's softmax of them. A golden that no longer builds
// or computes the ensemble fails here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "compiler/codegen/trees/testdata/tiny_forest.h"
#include "compiler/codegen/trees/testdata/tiny_forest_ensemble.h"

namespace neo::codegen::trees::testing {
namespace {

using ::golden::TinyForest;

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Rows on and around the thresholds, a NaN in `nan` of the values.
std::vector<float> Rows(size_t n, double nan, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> grid(-12, 12);
  std::bernoulli_distribution missing(nan);
  std::vector<float> rows(n * TinyForest::kNumFeatures);
  for (float& v : rows) v = missing(rng) ? NAN : 0.125f * static_cast<float>(grid(rng));
  return rows;
}

void ExpectMatches(const std::vector<float>& rows, const std::vector<float>& margins,
                   const std::vector<float>& predictions) {
  const ir::TreeEnsemble e = TinyForestEnsemble();
  const size_t n = rows.size() / TinyForest::kNumFeatures;
  for (size_t r = 0; r < n; ++r) {
    const std::vector<float> want = TinyForestMargins(e, &rows[r * TinyForest::kNumFeatures]);
    float top = want[0];
    for (float m : want) top = std::fmax(m, top);
    double sum = 0.0;
    for (float m : want) sum += std::exp(m - top);
    for (size_t g = 0; g < TinyForest::kNumGroups; ++g) {
      const size_t i = r * TinyForest::kNumGroups + g;
      ASSERT_TRUE(SameBits(margins[i], want[g]))
          << "row " << r << " group " << g << ": " << margins[i] << " != " << want[g];
      EXPECT_TRUE(SameBits(predictions[i], std::exp(want[g] - top) / static_cast<float>(sum)))
          << "row " << r << " group " << g;
    }
  }
}

TEST(GoldenForestTest, ShapeOfTheClass) {
  EXPECT_EQ(TinyForest::kNumFeatures, 4u);
  EXPECT_EQ(TinyForest::kNumGroups, 3u);
  EXPECT_EQ(TinyForest::kPredictionsPerRow, 3u);
  EXPECT_EQ(TinyForest::kNumTrees, 7u);
}

TEST(GoldenForestTest, PredictMatchesAPlainWalk) {
  // One row, a pair, an odd count, and more than one block of rows (128 for 4 features),
  // with and without missing values.
  for (size_t n : {1, 2, 5, 300}) {
    for (double nan : {0.0, 0.2}) {
      const std::vector<float> rows = Rows(n, nan, static_cast<uint32_t>(n) + 7);
      std::vector<float> margins(n * 3), predictions(n * 3);
      TinyForest::Predict(rows.data(), n, margins.data(), predictions.data());
      ExpectMatches(rows, margins, predictions);
    }
  }
}

TEST(GoldenForestTest, RunsAsANeoModel) {
  TinyForest model(1, 4);
  ASSERT_EQ(model.num_inputs(), 1);
  ASSERT_EQ(model.num_outputs(), 2);
  EXPECT_STREQ(model.output_info(0).name, "predictions");
  EXPECT_STREQ(model.output_info(1).name, "margin");
  ASSERT_TRUE(model.set_batch_size(9));
  EXPECT_EQ(model.input_info(0).num_elements, 36u);
  EXPECT_EQ(model.output_info(1).rank, 2);
  const std::vector<float> rows = Rows(9, 0.1, 3);
  std::memcpy(model.input_data(), rows.data(), rows.size() * sizeof(float));
  model.Run();
  ExpectMatches(rows, std::vector<float>(model.output_margin(), model.output_margin() + 27),
                std::vector<float>(model.output_predictions(), model.output_predictions() + 27));
}

}  // namespace
}  // namespace neo::codegen::trees::testing

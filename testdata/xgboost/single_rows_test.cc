// One row at a time, and a few rows at a time, through generated models: the same bits
// as the whole batch (which the zoo and bench tests check against Booster.predict).
// Blocks of fewer than sixteen rows take the lane walk, on ranks where the model has at
// most 32 features (its rows ranked once against the thresholds neoc writes), while
// batches take the bit walk, so the two walks check each other on real models: missing
// values, DART weights, several output groups, depths 3 to 8, hist's thresholds and the
// exact method's. (The breast cancer, diabetes, wine and iris models' runs of trees of one
// depth are mostly shorter than sixteen, so their small blocks take the scalar walk.)
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rules/testing/npy.h"
#include "testdata/xgboost/bc_dart.h"
#include "testdata/xgboost/bc_logistic.h"
#include "testdata/xgboost/bench_large.h"
#include "testdata/xgboost/bench_small.h"
#include "testdata/xgboost/diabetes_poisson.h"
#include "testdata/xgboost/digits_softprob.h"
#include "testdata/xgboost/exact_synthetic.h"
#include "testdata/xgboost/iris_dart.h"
#include "testdata/xgboost/wine_forest.h"

namespace {

std::vector<float> Rows(const std::string& path, size_t features, size_t most) {
  const neo::testing::NpyArray a = neo::testing::ReadNpy(path);
  EXPECT_EQ(a.shape.size(), 2u);
  EXPECT_EQ(static_cast<size_t>(a.shape[1]), features);
  const size_t n = std::min(static_cast<size_t>(a.shape[0]), most);
  std::vector<float> rows(n * features);
  std::memcpy(rows.data(), a.data.data(), rows.size() * sizeof(float));
  return rows;
}

// Margins of `rows` predicted in blocks of `block` rows.
template <typename Model>
std::vector<float> MarginsInBlocks(const std::vector<float>& rows, size_t block) {
  const size_t n = rows.size() / Model::kNumFeatures;
  std::vector<float> margins(n * Model::kNumGroups);
  std::vector<float> predictions(n * Model::kPredictionsPerRow);
  for (size_t i = 0; i < n; i += block) {
    const size_t m = std::min(block, n - i);
    Model::Predict(rows.data() + i * Model::kNumFeatures, m, margins.data() + i * Model::kNumGroups,
                   predictions.data() + i * Model::kPredictionsPerRow);
  }
  return margins;
}

// nan_every > 0: every nan_every-th value is made missing as well (bench_small's and
// bench_large's rows have none; trained without them, their splits send missing values
// right, while exact_synthetic's send them both ways).
template <typename Model>
void CheckSmallBlocks(const std::string& name, size_t most_rows = 5000, size_t nan_every = 0) {
  std::vector<float> rows =
      Rows("testdata/xgboost/" + name + "_input.npy", Model::kNumFeatures, most_rows);
  for (size_t i = 0; nan_every > 0 && i < rows.size(); i += nan_every) rows[i] = NAN;
  const std::vector<float> batch = MarginsInBlocks<Model>(rows, rows.size());
  for (const size_t block : {1u, 2u, 3u, 15u}) {
    const std::vector<float> small = MarginsInBlocks<Model>(rows, block);
    ASSERT_EQ(small.size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      ASSERT_EQ(std::memcmp(&small[i], &batch[i], sizeof(float)), 0)
          << name << ", blocks of " << block << ": margin " << i << " is " << small[i]
          << ", the batch's " << batch[i];
    }
  }
}

TEST(SingleRowsTest, BreastCancerLogisticWithMissingValues) {
  CheckSmallBlocks<BcLogistic>("bc_logistic");
}
TEST(SingleRowsTest, BreastCancerDart) { CheckSmallBlocks<BcDart>("bc_dart"); }
TEST(SingleRowsTest, DiabetesPoissonWithMissingValues) {
  CheckSmallBlocks<DiabetesPoisson>("diabetes_poisson");
}
TEST(SingleRowsTest, WineForestThreeGroups) { CheckSmallBlocks<WineForest>("wine_forest"); }
TEST(SingleRowsTest, IrisDart) { CheckSmallBlocks<IrisDart>("iris_dart"); }
// 64 features: no thresholds written, the float lane walk.
TEST(SingleRowsTest, DigitsSoftprob) { CheckSmallBlocks<DigitsSoftprob>("digits_softprob"); }
// XGBoost's exact method: hundreds of thresholds a feature, missing values both ways.
TEST(SingleRowsTest, ExactMethodWithMissingValues) {
  CheckSmallBlocks<ExactSynthetic>("exact_synthetic");
}
TEST(SingleRowsTest, BenchSmall) { CheckSmallBlocks<BenchSmall>("bench_small"); }
TEST(SingleRowsTest, BenchSmallWithMissingValues) {
  CheckSmallBlocks<BenchSmall>("bench_small", 5000, 13);
}
TEST(SingleRowsTest, BenchLarge) { CheckSmallBlocks<BenchLarge>("bench_large", 3000); }
TEST(SingleRowsTest, BenchLargeWithMissingValues) {
  CheckSmallBlocks<BenchLarge>("bench_large", 3000, 7);
}

}  // namespace

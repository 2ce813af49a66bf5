// predict.h: every transform against XGBoost's formulas written out plainly, and the
// block loop (base margin, NaN detection per block, null predictions).
#include "kernels/trees/predict.h"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/trees/test_forest.h"
#include "kernels/trees/walk.h"

namespace neo::kernels::trees {
namespace {

std::vector<float> Margins(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-6.0f, 6.0f);
  std::vector<float> m(n);
  for (float& v : m) v = u(rng);
  m[0] = 0.0f;
  if (n > 1) m[1] = -0.0f;
  return m;
}

template <Transform kTransform, size_t kGroups>
std::vector<float> Apply(const std::vector<float>& m) {
  const size_t rows = m.size() / kGroups;
  std::vector<float> p(rows * PredictionsPerRow(kTransform, kGroups), -1.0f);
  ApplyTransform<kTransform, kGroups>(m.data(), rows, p.data());
  return p;
}

bool SameBits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(TreeTransformTest, ElementWise) {
  const std::vector<float> m = Margins(60, 1);
  const auto identity = Apply<Transform::kIdentity, 1>(m);
  const auto sigmoid = Apply<Transform::kSigmoid, 1>(m);
  const auto exp = Apply<Transform::kExp, 1>(m);
  const auto hinge = Apply<Transform::kHinge, 1>(m);
  for (size_t i = 0; i < m.size(); ++i) {
    EXPECT_TRUE(SameBits(identity[i], m[i])) << i;
    EXPECT_TRUE(SameBits(sigmoid[i], 1.0f / (1.0f + expf(-m[i])))) << i;
    EXPECT_TRUE(SameBits(exp[i], expf(m[i]))) << i;
    EXPECT_EQ(hinge[i], m[i] > 0.0f ? 1.0f : 0.0f) << i;
  }
  EXPECT_EQ(hinge[0], 0.0f);  // 0 is not > 0
}

TEST(TreeTransformTest, ElementWiseCoversEveryGroup) {
  const std::vector<float> m = Margins(12, 2);  // 4 rows of 3
  const auto sigmoid = Apply<Transform::kSigmoid, 3>(m);
  ASSERT_EQ(sigmoid.size(), 12u);
  for (size_t i = 0; i < m.size(); ++i) {
    EXPECT_TRUE(SameBits(sigmoid[i], 1.0f / (1.0f + expf(-m[i])))) << i;
  }
}

TEST(TreeTransformTest, SoftmaxAsXgboost) {
  const std::vector<float> m = Margins(5 * 7, 3);
  const auto p = Apply<Transform::kSoftmax, 7>(m);
  for (size_t r = 0; r < 5; ++r) {
    const float* row = &m[r * 7];
    float top = row[0];
    for (int g = 1; g < 7; ++g) top = row[g] > top ? row[g] : top;
    float e[7];
    double sum = 0.0;
    for (int g = 0; g < 7; ++g) sum += e[g] = expf(row[g] - top);
    float total = 0.0f;
    for (int g = 0; g < 7; ++g) {
      EXPECT_TRUE(SameBits(p[r * 7 + g], e[g] / static_cast<float>(sum))) << r << "," << g;
      total += p[r * 7 + g];
    }
    EXPECT_NEAR(total, 1.0f, 1e-6f);
  }
}

TEST(TreeTransformTest, ArgmaxTakesTheFirstLargest) {
  const std::vector<float> m = {0.1f,  0.7f,  0.7f,  -1.0f,  // tie: the first one
                                2.0f,  1.0f,  0.0f,  1.5f,   // the first column
                                -3.0f, -2.0f, -1.0f, -0.5f};
  EXPECT_EQ((Apply<Transform::kArgmax, 4>(m)), (std::vector<float>{1.0f, 0.0f, 3.0f}));
}

// A NaN anywhere, in the vectorized sixteens or in the tail, is found; no NaN, none is.
TEST(TreePredictTest, AnyMissingFindsANanAnywhere) {
  for (size_t n = 0; n <= 40; ++n) {
    std::vector<float> x(n, 1.5f);
    EXPECT_FALSE(AnyMissing(x.data(), n)) << n;
    for (size_t at = 0; at < n; ++at) {
      x[at] = NAN;
      EXPECT_TRUE(AnyMissing(x.data(), n)) << n << " floats, NaN at " << at;
      x[at] = at % 2 == 0 ? INFINITY : -0.0f;  // not missing
    }
    EXPECT_FALSE(AnyMissing(x.data(), n)) << n;
  }
}

TEST(TreePredictTest, BlockRowsStayInL1) {
  EXPECT_EQ(BlockRows(1), 128u);
  EXPECT_EQ(BlockRows(32), 128u);
  EXPECT_EQ(BlockRows(64), 64u);
  EXPECT_EQ(BlockRows(1000), 16u);
  EXPECT_EQ(BlockRows(0), 128u);
}

TEST(TreePredictTest, BlocksMarginsAndTransform) {
  // 3 features: blocks of 128 rows; 300 rows make blocks of 128, 128 and 44. Only the
  // middle block holds a NaN.
  constexpr size_t kFeatures = 3, kRows = 300;
  std::vector<float> rows(kRows * kFeatures, 1.0f);
  rows[200 * kFeatures + 1] = NAN;
  std::vector<float> margins(kRows * 2, -7.0f), predictions(kRows * 2, -7.0f);
  std::vector<std::pair<size_t, bool>> blocks;
  auto add_trees = [&](const float* x, size_t n, float* m, bool missing) {
    blocks.push_back({n, missing});
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(m[2 * i], 0.25f);  // the base margin, in both groups
      EXPECT_EQ(m[2 * i + 1], 0.25f);
      m[2 * i] += static_cast<float>((x - rows.data()) / kFeatures + i);  // the row's index
    }
  };
  Predict<kFeatures, 2, Transform::kSoftmax>(rows.data(), kRows, 0.25f, margins.data(),
                                             predictions.data(), add_trees);
  EXPECT_EQ(blocks, (std::vector<std::pair<size_t, bool>>{{128, false}, {128, true}, {44, false}}));
  for (size_t r = 0; r < kRows; ++r) {
    EXPECT_EQ(margins[2 * r], 0.25f + static_cast<float>(r)) << r;
    EXPECT_EQ(margins[2 * r + 1], 0.25f) << r;
  }
  std::vector<float> want(kRows * 2);
  ApplyTransform<Transform::kSoftmax, 2>(margins.data(), kRows, want.data());
  EXPECT_EQ(predictions, want);

  // No predictions asked for: margins only.
  std::vector<float> again(kRows * 2, 0.0f);
  blocks.clear();
  Predict<kFeatures, 2, Transform::kSoftmax>(rows.data(), kRows, 0.25f, again.data(), nullptr,
                                             add_trees);
  EXPECT_EQ(again, margins);
}

TEST(TreePredictTest, ArgmaxWritesOnePredictionPerRow) {
  constexpr size_t kRows = 5;
  std::vector<float> rows(kRows, 0.0f), margins(kRows * 3), predictions(kRows + 1, -1.0f);
  Predict<1, 3, Transform::kArgmax>(rows.data(), kRows, 0.0f, margins.data(), predictions.data(),
                                    [](const float*, size_t n, float* m, bool) {
                                      for (size_t i = 0; i < n; ++i) m[3 * i + i % 3] = 1.0f;
                                    });
  EXPECT_EQ(predictions, (std::vector<float>{0, 1, 2, 0, 1, -1}));  // the last is untouched
}

// The whole path a compiled model takes: Predict over the step table of a shard.
constexpr std::array<Step, 2> kSteps = {PerfectRun(4, 16, 0, 0, 0), PerfectRun(4, 3, 240, 256, 16)};

TEST(TreePredictTest, PredictWalksTheShardsTrees) {
  std::mt19937 rng(9);
  std::vector<testing::Tree> trees;
  testing::Layout layout;
  for (int t = 0; t < 19; ++t) {
    trees.push_back(testing::RandomTree(rng, 4, 5));
    layout.AddPerfect(trees.back(), 4);
  }
  const ShardArrays arrays = layout.arrays();
  const size_t n = 301;
  const std::vector<float> rows = testing::RandomRows(rng, n, 5, 0.002);
  std::vector<float> margins(n), predictions(n);
  Predict<5, 1, Transform::kSigmoid>(
      rows.data(), n, -0.5f, margins.data(), predictions.data(),
      [&](const float* x, size_t rows_in_block, float* m, bool missing) {
        WalkSteps<kSteps>(arrays, RowBlock<5, 1>{x, rows_in_block, m, missing});
      });
  const std::vector<float> want = testing::ScalarMargins(trees, rows.data(), n, 5, 1, -0.5f);
  for (size_t r = 0; r < n; ++r) {
    EXPECT_TRUE(SameBits(margins[r], want[r])) << r;
    EXPECT_TRUE(SameBits(predictions[r], 1.0f / (1.0f + expf(-want[r])))) << r;
  }
}

}  // namespace
}  // namespace neo::kernels::trees

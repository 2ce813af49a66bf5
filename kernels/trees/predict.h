// Predicting with a compiled tree ensemble: what a generated `<model>.cc` calls. Rows go
// in blocks small enough to stay in L1 while every tree walks them; each block's margins
// start at the base margin, the shards add their trees (kernels/trees/walk.h), and the
// objective's transform turns margins into predictions.
//
// Transforms are written as XGBoost 1.x writes them, so predictions match
// Booster.predict bit for bit: sigmoid 1 / (1 + expf(-m)), softmax with the maximum
// subtracted and a double sum, argmax taking the first largest margin.
#ifndef NEO_KERNELS_TREES_PREDICT_H_
#define NEO_KERNELS_TREES_PREDICT_H_

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/trees/layout.h"
#include "kernels/trees/walk_lane_ranks.h"

namespace neo::kernels::trees {

// How margins become predictions (one per objective family).
enum class Transform {
  kIdentity,  // regression, logitraw, ranking: the margins themselves
  kSigmoid,   // 1 / (1 + exp(-m)): logistic objectives
  kExp,       // exp(m): poisson, gamma, tweedie
  kHinge,     // m > 0 ? 1 : 0
  kSoftmax,   // per row over the groups (multi:softprob)
  kArgmax,    // the index of the largest margin, as a float (multi:softmax)
};

// Predictions per row: one class index for kArgmax, otherwise one per group.
constexpr size_t PredictionsPerRow(Transform transform, size_t groups) {
  return transform == Transform::kArgmax ? 1 : groups;
}

// Rows per block: a block of rows stays in L1 (4 KB of features) while every tree walks
// it, and is at least 16 rows so each walk call has work to do.
constexpr size_t BlockRows(size_t features) {
  const size_t rows = 4096 / (features > 0 ? features : 1);
  return rows < 16 ? 16 : rows > 128 ? 128 : rows;
}

// Whether any of the n floats is a NaN (a missing value). Sixteen at a time with a fixed
// trip count, which GCC vectorizes at -O2 (a loop over all n stayed scalar, seven
// instructions a float: a tenth of bench_small's batch on an Intel Xeon).
inline bool AnyMissing(const float* x, size_t n) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    int missing = 0;
    for (size_t j = 0; j < 16; ++j) missing |= x[i + j] != x[i + j];
    if (missing != 0) return true;
  }
  for (; i < n; ++i) {
    if (x[i] != x[i]) return true;
  }
  return false;
}

// predictions = transform(margins) for n rows of kGroups margins each; predictions has
// PredictionsPerRow(kTransform, kGroups) floats per row.
template <Transform kTransform, size_t kGroups>
inline void ApplyTransform(const float* margins, size_t n, float* predictions) {
  const float* m = margins;
  float* p = predictions;
  if constexpr (kTransform == Transform::kIdentity) {
    for (size_t i = 0; i < n * kGroups; ++i) p[i] = m[i];
  } else if constexpr (kTransform == Transform::kSigmoid) {
    for (size_t i = 0; i < n * kGroups; ++i) p[i] = 1.0f / (1.0f + std::exp(-m[i]));
  } else if constexpr (kTransform == Transform::kExp) {
    for (size_t i = 0; i < n * kGroups; ++i) p[i] = std::exp(m[i]);
  } else if constexpr (kTransform == Transform::kHinge) {
    for (size_t i = 0; i < n * kGroups; ++i) p[i] = m[i] > 0.0f ? 1.0f : 0.0f;
  } else if constexpr (kTransform == Transform::kSoftmax) {
    for (size_t i = 0; i < n; ++i) {
      const float* row = m + i * kGroups;
      float* out = p + i * kGroups;
      float top = row[0];
      for (size_t g = 1; g < kGroups; ++g) top = std::fmax(row[g], top);
      double sum = 0.0;  // XGBoost sums in double
      for (size_t g = 0; g < kGroups; ++g) {
        out[g] = std::exp(row[g] - top);
        sum += out[g];
      }
      for (size_t g = 0; g < kGroups; ++g) out[g] /= static_cast<float>(sum);
    }
  } else {
    static_assert(kTransform == Transform::kArgmax);
    for (size_t i = 0; i < n; ++i) {
      const float* row = m + i * kGroups;
      size_t best = 0;
      for (size_t g = 1; g < kGroups; ++g) {
        if (row[g] > row[best]) best = g;
      }
      p[i] = static_cast<float>(best);
    }
  }
}

namespace internal {

// `ranks` (32 per row) for the n rows at x, against `model`'s thresholds, when the
// block will take the lane walk (fewer than sixteen rows, at most 32 features, a CPU
// with AVX-512F) and the model has thresholds; else null. One table per instantiation
// of Predict: a generated model passes the same thresholds on every call.
template <size_t kFeatures, typename AddTrees>
inline const RankedRows* RankBlock(const ModelThresholds* model, const float* x, size_t n,
                                   uint32_t* ranks, RankedRows* ranked) {
#if NEO_TREES_LANE_WALK
  if constexpr (kFeatures <= kMaxLaneFeatures) {
    if (model == nullptr || n >= 16 || !LaneWalkAvailable()) return nullptr;
    static LaneRankTable table;
    static const bool built = (BuildLaneRankTable(*model, &table), true);
    static_cast<void>(built);
    for (size_t i = 0; i < n; ++i) {
      RankLaneRow<kFeatures>(table, x + i * kFeatures, ranks + i * kMaxLaneFeatures);
    }
    *ranked = {model, ranks};
    return ranked;
  }
#endif
  static_cast<void>(model), static_cast<void>(x), static_cast<void>(n);
  static_cast<void>(ranks), static_cast<void>(ranked);
  return nullptr;
}

}  // namespace internal

// Computes n_rows rows (kFeatures floats each, NaN = missing): margins (kGroups per row,
// required) and, unless `predictions` is null, predictions. `add_trees(rows, n, margins,
// missing, ranked)` adds every tree to the margins of a block of n rows (the generated
// shards, in order); `missing` is false when the block holds no NaN, so the walks can
// skip the default directions; `ranked` is the rows ranked against `thresholds` (the
// model's, or null) where the block takes the lane walk, else null.
template <size_t kFeatures, size_t kGroups, Transform kTransform, typename AddTrees>
inline void Predict(const float* rows, size_t n_rows, float base_margin, float* margins,
                    float* predictions, const ModelThresholds* thresholds,
                    AddTrees&& add_trees) {
  constexpr size_t kBlockRows = BlockRows(kFeatures);
  constexpr size_t kPredictions = PredictionsPerRow(kTransform, kGroups);
  alignas(64) uint32_t ranks[15 * kMaxLaneFeatures];
  RankedRows ranked_rows;
  for (size_t begin = 0; begin < n_rows; begin += kBlockRows) {
    const size_t n = std::min(kBlockRows, n_rows - begin);
    const float* x = rows + begin * kFeatures;
    float* m = margins + begin * kGroups;
    std::fill(m, m + n * kGroups, base_margin);
    const RankedRows* ranked =
        internal::RankBlock<kFeatures, AddTrees>(thresholds, x, n, ranks, &ranked_rows);
    add_trees(x, n, m, AnyMissing(x, n * kFeatures), ranked);
    if (predictions == nullptr) continue;
    ApplyTransform<kTransform, kGroups>(m, n, predictions + begin * kPredictions);
  }
}

// Predict without thresholds: `add_trees(rows, n, margins, missing)`.
template <size_t kFeatures, size_t kGroups, Transform kTransform, typename AddTrees>
inline void Predict(const float* rows, size_t n_rows, float base_margin, float* margins,
                    float* predictions, AddTrees&& add_trees) {
  Predict<kFeatures, kGroups, kTransform>(
      rows, n_rows, base_margin, margins, predictions, nullptr,
      [&](const float* x, size_t n, float* m, bool missing, const RankedRows*) {
        add_trees(x, n, m, missing);
      });
}

}  // namespace neo::kernels::trees

#endif  // NEO_KERNELS_TREES_PREDICT_H_

// The arrays a generated shard holds and the block of rows its walk is given; walk.h
// describes the arrays and how the walks read them.
#ifndef NEO_KERNELS_TREES_LAYOUT_H_
#define NEO_KERNELS_TREES_LAYOUT_H_

#include <cstddef>
#include <cstdint>

namespace neo::kernels::trees {

// A split of a padded perfect tree (where a missing value goes is in missing_left).
struct PerfectNode {
  uint32_t feature;
  float threshold;
};

// A node of a tree walked as a node list: left < 0 marks a leaf whose value is `value`;
// a split's `value` is its threshold and bit 31 of its `feature` is kListMissingLeft.
struct ListNode {
  int32_t left, right;
  uint32_t feature;
  float value;
};

// Bit 31 of a ListNode's feature: a missing value goes left.
constexpr uint32_t kListMissingLeft = 0x80000000u;

// Most perfect trees walked side by side in one run.
constexpr int kMaxRunTrees = 16;

// Where a shard's arrays are (walk.h describes each).
struct ShardArrays {
  const PerfectNode* nodes;
  const uint8_t* missing_left;
  const float* leaves;
  const int32_t* groups;
  const ListNode* list;
};

// Most distinct thresholds a feature may have for ModelThresholds: XGBoost's hist method
// writes at most 255, its exact method (what 1.x's tree_method=auto picks for small
// training sets) one per distinct training value. A rank fills the upper 24 bits of a
// split's word on the lane walk on ranks; this bound keeps the ranking table at 512 KB
// and its search at most eight gathered steps.
constexpr size_t kMaxModelRanks = 4095;

// Each feature's distinct thresholds over a model's perfect trees, increasing, -0 and +0
// as one; feature f's are values[offsets[f]] to values[offsets[f + 1]). neoc writes them
// for models of at most 32 features with at most kMaxModelRanks per feature, for the lane
// walk on ranks (walk_lane_ranks.h).
struct ModelThresholds {
  const float* values;
  const uint32_t* offsets;  // features + 1 of them
  size_t features;
};

// A block's rows ranked against their model's thresholds (predict.h does it for blocks
// that take the lane walk): row i's 32 ranks at ranks + 32 i, as RankLaneRow writes them.
struct RankedRows {
  const ModelThresholds* model;
  const uint32_t* ranks;
};

// A block of n rows of kFeatures floats, row-major, and their margins (kGroups each).
// `missing`: the rows hold a NaN somewhere, so the walks must test default directions.
// `ranked`: the rows' ranks, or null (the lane walk then compares floats).
template <size_t kFeatures, size_t kGroups>
struct RowBlock {
  const float* rows;
  size_t n;
  float* margins;
  bool missing;
  const RankedRows* ranked = nullptr;
};

}  // namespace neo::kernels::trees

#endif  // NEO_KERNELS_TREES_LAYOUT_H_

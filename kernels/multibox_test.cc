// MultiBoxPrior and MultiBoxDetection on small cases worked out by hand from MXNet's
// definition. Coordinates are dyadic (k / 2^n) so that every float step is exact and the
// expected values are exact too. The kernel classes must give the reference's bytes.
// //tools/mxnet:multibox_reference_test compares with the numpy version on random inputs.
#include "kernels/multibox.h"

#include <gtest/gtest.h>

#include <vector>

#include "kernels/reference/multibox.h"

namespace neo::kernels {
namespace {

using Rows = std::vector<std::vector<float>>;

std::vector<float> Prior(const MultiBoxPriorParams& p) {
  const int per = p.num_sizes + p.num_ratios - 1;
  std::vector<float> ref(static_cast<size_t>(p.height) * p.width * per * 4, -7.0f);
  reference::MultiBoxPrior(p, ref.data());
  std::vector<float> out(ref.size(), -7.0f);
  Context context;
  MultiBoxPrior op(context, p, Backend::kReference, nullptr, out.data());
  op.Run();
  EXPECT_EQ(out, ref);
  return out;
}

TEST(MultiBoxPriorTest, DefaultsOnTwoByTwo) {
  MultiBoxPriorParams p;
  p.height = 2;
  p.width = 2;
  // Step 1/2, centres 1/4 and 3/4, half extents 1 * 2/2 * 1 / 2 = 1/2.
  EXPECT_EQ(Prior(p), (std::vector<float>{-0.25f, -0.25f, 0.75f, 0.75f,  //
                                          0.25f, -0.25f, 1.25f, 0.75f,   //
                                          -0.25f, 0.25f, 0.75f, 1.25f,   //
                                          0.25f, 0.25f, 1.25f, 1.25f}));
  p.clip = true;
  EXPECT_EQ(Prior(p), (std::vector<float>{0, 0, 0.75f, 0.75f, 0.25f, 0, 1, 0.75f,  //
                                          0, 0.25f, 0.75f, 1, 0.25f, 0.25f, 1, 1}));
}

TEST(MultiBoxPriorTest, SizesThenRatiosOnAWideMap) {
  MultiBoxPriorParams p;
  p.height = 1;
  p.width = 2;
  p.num_sizes = 2;
  p.sizes[0] = 0.5f;
  p.sizes[1] = 0.25f;
  p.num_ratios = 2;
  p.ratios[0] = 1.0f;
  p.ratios[1] = 4.0f;
  // Centre y 1/2, x 1/4 and 3/4. Half width = size * H / W * sqrt(ratio) / 2.
  // (0.5, r 1): w 1/8, h 1/4. (0.25, r 1): w 1/16, h 1/8. (0.5, r 4): w 1/4, h 1/8.
  EXPECT_EQ(Prior(p), (std::vector<float>{0.125f, 0.25f, 0.375f, 0.75f,      //
                                          0.1875f, 0.375f, 0.3125f, 0.625f,  //
                                          0.0f, 0.375f, 0.5f, 0.625f,        //
                                          0.625f, 0.25f, 0.875f, 0.75f,      //
                                          0.6875f, 0.375f, 0.8125f, 0.625f,  //
                                          0.5f, 0.375f, 1.0f, 0.625f}));
}

TEST(MultiBoxPriorTest, GivenStepsAndOffsets) {
  MultiBoxPriorParams p;
  p.height = 2;
  p.width = 1;
  p.step_y = 0.25f;
  p.step_x = 0.5f;
  p.offset_y = 0.0f;
  p.offset_x = 1.0f;
  p.sizes[0] = 0.25f;
  // Centres y 0 and 1/4, x 1/2; half width 0.25 * 2 / 1 / 2 = 1/4, half height 1/8.
  EXPECT_EQ(Prior(p), (std::vector<float>{0.25f, -0.125f, 0.75f, 0.125f,  //
                                          0.25f, 0.125f, 0.75f, 0.375f}));
  p.step_x = -1.0f;  // one sign only
  EXPECT_FALSE(MultiBoxPriorSupports(Backend::kReference, p));
  p.step_y = 0.0f;  // both non-positive: 1 / H, 1 / W
  EXPECT_TRUE(MultiBoxPriorSupports(Backend::kReference, p));
  EXPECT_FALSE(MultiBoxPriorSupports(Backend::kOnednn, p));
}

// A detection case: one batch item, classes in [class][anchor] order (class 0 first),
// boxes as anchors with loc_pred 0 (decoding then gives the anchor back exactly).
struct Case {
  MultiBoxDetectionParams p;
  std::vector<float> cls, loc, anchors;
};

Case MakeCase(const Rows& probs_by_class, const Rows& anchors) {
  Case c;
  c.p.batch = 1;
  c.p.num_classes = static_cast<int>(probs_by_class.size());
  c.p.num_anchors = static_cast<int>(anchors.size());
  for (const auto& r : probs_by_class) c.cls.insert(c.cls.end(), r.begin(), r.end());
  for (const auto& a : anchors) c.anchors.insert(c.anchors.end(), a.begin(), a.end());
  c.loc.assign(anchors.size() * 4, 0.0f);
  return c;
}

Rows Detect(const Case& c) {
  const size_t n = static_cast<size_t>(c.p.batch) * c.p.num_anchors * 6;
  std::vector<float> ref(n, 7.0f), out(n, 7.0f);
  std::vector<float> scratch(reference::MultiBoxDetectionScratchBytes(c.p) / 4 + 1);
  reference::MultiBoxDetection(c.p, c.cls.data(), c.loc.data(), c.anchors.data(), ref.data(),
                               scratch.data());
  Context context;
  MultiBoxDetection op(context, c.p, Backend::kReference, c.cls.data(), c.loc.data(),
                       c.anchors.data(), out.data());
  op.Run();
  op.Run();  // runs again from the same inputs to the same output
  EXPECT_EQ(out, ref);
  Rows rows;
  for (size_t i = 0; i < n; i += 6) rows.push_back({out.begin() + i, out.begin() + i + 6});
  return rows;
}

const std::vector<float> kNone = {-1, -1, -1, -1, -1, -1};

// Four disjoint boxes in a row.
const Rows kApart = {{0.0f, 0.0f, 0.125f, 0.125f},
                     {0.25f, 0.0f, 0.375f, 0.125f},
                     {0.5f, 0.0f, 0.625f, 0.125f},
                     {0.75f, 0.0f, 0.875f, 0.125f}};

TEST(MultiBoxDetectionTest, EqualScoresKeepAnchorOrder) {
  // Anchors 0, 1, 3 tie at 0.5 (class 1), anchor 2 is best: a stable descending sort.
  const Case c = MakeCase({{0, 0, 0, 0}, {0.5f, 0.5f, 0.75f, 0.5f}}, kApart);
  EXPECT_EQ(Detect(c), (Rows{{0, 0.75f, 0.5f, 0, 0.625f, 0.125f},
                             {0, 0.5f, 0, 0, 0.125f, 0.125f},
                             {0, 0.5f, 0.25f, 0, 0.375f, 0.125f},
                             {0, 0.5f, 0.75f, 0, 0.875f, 0.125f}}));
}

TEST(MultiBoxDetectionTest, BestNonBackgroundClassFirstOfEqualMaxima) {
  // Anchor 0: the background's 0.9 is ignored, classes 1 and 2 tie: class 1 (id 0) wins.
  // Anchor 1: class 2 (id 1). background_id does not exist in the kernel: MXNet ignores it.
  const Case c = MakeCase({{0.9f, 0.0f}, {0.25f, 0.125f}, {0.25f, 0.5f}},
                          {kApart[0], kApart[1]});
  EXPECT_EQ(Detect(c), (Rows{{1, 0.5f, 0.25f, 0, 0.375f, 0.125f},
                             {0, 0.25f, 0, 0, 0.125f, 0.125f}}));
}

TEST(MultiBoxDetectionTest, ThresholdKeepsEqualDropsBelow) {
  Case c = MakeCase({{0, 0, 0}, {0.5f, 0.49999997f, 0.75f}}, {kApart[0], kApart[1], kApart[2]});
  c.p.threshold = 0.5f;
  EXPECT_EQ(Detect(c), (Rows{{0, 0.75f, 0.5f, 0, 0.625f, 0.125f},
                             {0, 0.5f, 0, 0, 0.125f, 0.125f},
                             kNone}));
  c.p.threshold = 0.8f;  // nothing kept: all -1
  EXPECT_EQ(Detect(c), (Rows{kNone, kNone, kNone}));
}

// Boxes A = [0, 1/2]^2 and B = [0, 1/2] x [0, 1/4]: IoU exactly 1/2. C is disjoint.
const Rows kOverlap = {{0.0f, 0.0f, 0.5f, 0.5f},
                       {0.0f, 0.0f, 0.5f, 0.25f},
                       {0.75f, 0.75f, 1.0f, 1.0f}};

TEST(MultiBoxDetectionTest, NmsWithinClassAtExactlyTheThreshold) {
  // A and B are class 1: B (IoU 1/2 >= 1/2) is suppressed, keeping its score and box.
  Case c = MakeCase({{0, 0, 0}, {0.75f, 0.5f, 0.25f}, {0, 0, 0}}, kOverlap);
  EXPECT_EQ(Detect(c), (Rows{{0, 0.75f, 0, 0, 0.5f, 0.5f},
                             {-1, 0.5f, 0, 0, 0.5f, 0.25f},
                             {0, 0.25f, 0.75f, 0.75f, 1, 1}}));
  c.p.nms_threshold = 0.50000006f;  // just above: both stay
  EXPECT_EQ(Detect(c)[1], (std::vector<float>{0, 0.5f, 0, 0, 0.5f, 0.25f}));
}

TEST(MultiBoxDetectionTest, AcrossClassesOnlyWithForceSuppress) {
  // A is class 1 (id 0), B class 2 (id 1): different classes do not suppress...
  Case c = MakeCase({{0, 0, 0}, {0.75f, 0, 0.25f}, {0, 0.5f, 0}}, kOverlap);
  EXPECT_EQ(Detect(c), (Rows{{0, 0.75f, 0, 0, 0.5f, 0.5f},
                             {1, 0.5f, 0, 0, 0.5f, 0.25f},
                             {0, 0.25f, 0.75f, 0.75f, 1, 1}}));
  // ...unless force_suppress.
  c.p.force_suppress = true;
  EXPECT_EQ(Detect(c), (Rows{{0, 0.75f, 0, 0, 0.5f, 0.5f},
                             {-1, 0.5f, 0, 0, 0.5f, 0.25f},
                             {0, 0.25f, 0.75f, 0.75f, 1, 1}}));
}

TEST(MultiBoxDetectionTest, SuppressedRowsSuppressNothing) {
  // A suppresses B (IoU 1/2). E = [0, 1/2] x [1/8, 1/4] overlaps B at IoU 1/2 but A only
  // at 1/4: B, being suppressed, does not suppress E.
  const Rows anchors = {kOverlap[0], kOverlap[1], {0.0f, 0.125f, 0.5f, 0.25f}};
  const Case c = MakeCase({{0, 0, 0}, {0.75f, 0.5f, 0.25f}}, anchors);
  EXPECT_EQ(Detect(c), (Rows{{0, 0.75f, 0, 0, 0.5f, 0.5f},
                             {-1, 0.5f, 0, 0, 0.5f, 0.25f},
                             {0, 0.25f, 0, 0.125f, 0.5f, 0.25f}}));
}

TEST(MultiBoxDetectionTest, TopkLeavesPackedRowsBehindWithIdMinusOne) {
  // Five anchors, scores 0.25, 0.875, 0 (dropped), 0.5, 0.75: four kept, packed in anchor
  // order as rows p0..p3 = anchors 0, 1, 3, 4. Sorted: 1, 4, 3, 0. nms_topk 2: rows 0-1
  // are anchors 1 and 4; rows 2-3 keep p2 and p3 (anchors 3 and 4) with class id -1;
  // row 4 was never written: all -1.
  const Rows anchors = {kApart[0], kApart[1], kApart[2], kApart[3], {0.0f, 0.5f, 0.125f, 0.625f}};
  Case c = MakeCase({{0, 0, 0, 0, 0}, {0.25f, 0.875f, 0.0f, 0.5f, 0.75f}}, anchors);
  c.p.nms_topk = 2;
  EXPECT_EQ(Detect(c), (Rows{{0, 0.875f, 0.25f, 0, 0.375f, 0.125f},
                             {0, 0.75f, 0, 0.5f, 0.125f, 0.625f},
                             {-1, 0.5f, 0.75f, 0, 0.875f, 0.125f},
                             {-1, 0.75f, 0, 0.5f, 0.125f, 0.625f},
                             kNone}));
  c.p.nms_topk = 4;  // no fewer than kept: no effect
  EXPECT_EQ(Detect(c)[3], (std::vector<float>{0, 0.25f, 0, 0, 0.125f, 0.125f}));
}

TEST(MultiBoxDetectionTest, NmsThresholdOutsideRangeLeavesRowsUnsorted) {
  Case c = MakeCase({{0, 0, 0}, {0.25f, 0.875f, 0.5f}}, {kOverlap[0], kOverlap[0], kOverlap[2]});
  c.p.nms_threshold = 0.0f;
  c.p.nms_topk = 1;  // ignored too
  const Rows unsorted = {{0, 0.25f, 0, 0, 0.5f, 0.5f},
                         {0, 0.875f, 0, 0, 0.5f, 0.5f},
                         {0, 0.5f, 0.75f, 0.75f, 1, 1}};
  EXPECT_EQ(Detect(c), unsorted);
  c.p.nms_threshold = 1.5f;
  EXPECT_EQ(Detect(c), unsorted);
  c.p.nms_threshold = 1.0f;  // in range: sorted, identical boxes (IoU 1) suppressed
  c.p.nms_topk = -1;
  EXPECT_EQ(Detect(c), (Rows{{0, 0.875f, 0, 0, 0.5f, 0.5f},
                             {0, 0.5f, 0.75f, 0.75f, 1, 1},
                             {-1, 0.25f, 0, 0, 0.5f, 0.5f}}));
}

TEST(MultiBoxDetectionTest, DecodingVariancesAndClip) {
  // Anchor [0, 1/2]^2 (centre 1/4, extent 1/2). loc (1, -1, 0, 0) with variances 1/2:
  // centre x 1 * 1/2 * 1/2 + 1/4 = 1/2, y 0; extents unchanged (exp 0 = 1).
  Case c = MakeCase({{0, 0}, {0.5f, 0.5f}}, {kOverlap[0], {-0.25f, 0.5f, 1.25f, 0.75f}});
  c.loc = {1.0f, -1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
  c.p.variances[0] = c.p.variances[1] = 0.5f;
  EXPECT_EQ(Detect(c), (Rows{{0, 0.5f, 0.25f, 0, 0.75f, 0.25f},
                             {0, 0.5f, 0, 0.5f, 1, 0.75f}}));
  c.p.clip = false;
  EXPECT_EQ(Detect(c), (Rows{{0, 0.5f, 0.25f, -0.25f, 0.75f, 0.25f},
                             {0, 0.5f, -0.25f, 0.5f, 1.25f, 0.75f}}));
  // A log-scale of ln 2 / 0.2 doubles the width: exp(float) is as close as expf gets.
  c.loc = {0.0f, 0.0f, 3.4657359f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f};
  const Rows rows = Detect(c);
  EXPECT_FLOAT_EQ(rows[0][2], -0.25f);
  EXPECT_FLOAT_EQ(rows[0][4], 0.75f);
}

TEST(MultiBoxDetectionTest, BatchItemsShareTheFirstAnchorSet) {
  // anchors [2, 2, 4]: the second set is never read. Item 1 swaps the scores.
  Case c = MakeCase({{0, 0}, {0.5f, 0.75f}}, {kApart[0], kApart[1]});
  c.p.batch = 2;
  c.cls = {0, 0, 0.5f, 0.75f, 0, 0, 0.75f, 0.5f};
  c.loc.assign(16, 0.0f);
  c.anchors.insert(c.anchors.end(), {9, 9, 9, 9, 9, 9, 9, 9});
  EXPECT_EQ(Detect(c), (Rows{{0, 0.75f, 0.25f, 0, 0.375f, 0.125f},
                             {0, 0.5f, 0, 0, 0.125f, 0.125f},
                             {0, 0.75f, 0, 0, 0.125f, 0.125f},
                             {0, 0.5f, 0.25f, 0, 0.375f, 0.125f}}));
}

TEST(MultiBoxDetectionTest, OneClassDetectsNothing) {
  const Case c = MakeCase({{1.0f, 1.0f}}, {kApart[0], kApart[1]});
  EXPECT_EQ(Detect(c), (Rows{kNone, kNone}));
  EXPECT_TRUE(MultiBoxDetectionSupports(Backend::kReference, c.p));
  EXPECT_FALSE(MultiBoxDetectionSupports(Backend::kXnnpack, c.p));
}

}  // namespace
}  // namespace neo::kernels

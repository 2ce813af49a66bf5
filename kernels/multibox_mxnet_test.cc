// The C++ reference MultiBoxPrior and MultiBoxDetection against the numpy version written
// independently from MXNet's definition (tools/mxnet/multibox_reference.py), on 100 + 400
// random cases from kernels/testdata/gen_multibox_cases.py (seeds 0-99 and 1000-1399;
// ties, thresholds outside (0, 1], topk, force_suppress, several batch items and anchor
// sets). Anchors must match to the bit; detections too, except that decoded coordinates
// may differ by an ulp or two (exp: numpy takes it in double and rounds, the kernel uses
// expf).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "kernels/multibox.h"
#include "kernels/reference/multibox.h"

namespace neo::kernels {
namespace {

class Reader {
 public:
  explicit Reader(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    EXPECT_TRUE(f.good()) << path;
    bytes_.assign(std::istreambuf_iterator<char>(f), {});
  }
  int32_t Int() {
    int32_t v = 0;
    Take(&v, 4);
    return v;
  }
  std::vector<float> Floats(size_t n) {
    std::vector<float> v(n);
    Take(v.data(), n * 4);
    return v;
  }
  bool done() const { return pos_ == bytes_.size(); }

 private:
  void Take(void* to, size_t n) {
    ASSERT_LE(pos_ + n, bytes_.size()) << "cases file too short";
    std::memcpy(to, bytes_.data() + pos_, n);
    pos_ += n;
  }
  std::vector<char> bytes_;
  size_t pos_ = 0;
};

bool CloseCoordinate(float got, float want) {
  return std::fabs(got - want) <= 4e-7f * std::max(1.0f, std::fabs(want));
}

TEST(MultiBoxMxnetTest, MatchesTheNumpyReference) {
  Reader r("kernels/testdata/multibox_cases.bin");
  const int priors = r.Int(), detections = r.Int();
  ASSERT_EQ(priors, 100);
  ASSERT_EQ(detections, 400);

  for (int c = 0; c < priors; ++c) {
    MultiBoxPriorParams p;
    p.height = r.Int();
    p.width = r.Int();
    p.num_sizes = r.Int();
    p.num_ratios = r.Int();
    p.clip = r.Int() != 0;
    const auto sizes = r.Floats(p.num_sizes), ratios = r.Floats(p.num_ratios);
    std::copy(sizes.begin(), sizes.end(), p.sizes);
    std::copy(ratios.begin(), ratios.end(), p.ratios);
    const auto rest = r.Floats(4);
    p.step_y = rest[0];
    p.step_x = rest[1];
    p.offset_y = rest[2];
    p.offset_x = rest[3];
    const size_t n = static_cast<size_t>(p.height) * p.width * (p.num_sizes + p.num_ratios - 1) * 4;
    const auto want = r.Floats(n);
    ASSERT_TRUE(MultiBoxPriorSupports(Backend::kReference, p)) << "prior case " << c;
    std::vector<float> got(n);
    reference::MultiBoxPrior(p, got.data());
    EXPECT_EQ(got, want) << "prior case " << c;
  }

  // What the cases reached, so that a weaker generator fails here.
  int tied_kept = 0, suppressed = 0, topk_rows = 0, unsorted = 0, kept_rows = 0;
  for (int c = 0; c < detections; ++c) {
    MultiBoxDetectionParams p;
    p.batch = r.Int();
    p.num_classes = r.Int();
    p.num_anchors = r.Int();
    const int sets = r.Int();
    p.clip = r.Int() != 0;
    p.force_suppress = r.Int() != 0;
    p.nms_topk = r.Int();
    const auto f = r.Floats(6);
    p.threshold = f[0];
    p.nms_threshold = f[1];
    std::copy(f.begin() + 2, f.end(), p.variances);
    const size_t b = p.batch, k = p.num_classes, n = p.num_anchors;
    const auto cls = r.Floats(b * k * n), loc = r.Floats(b * n * 4);
    const auto anchors = r.Floats(sets * n * 4), want = r.Floats(b * n * 6);
    std::vector<float> got(want.size(), 7.0f);
    std::vector<float> scratch(reference::MultiBoxDetectionScratchBytes(p) / 4 + 1);
    reference::MultiBoxDetection(p, cls.data(), loc.data(), anchors.data(), got.data(),
                                 scratch.data());
    const bool sorts = p.nms_threshold > 0 && p.nms_threshold <= 1;
    for (size_t row = 0; row < b * n; ++row) {
      const float* g = &got[row * 6];
      const float* w = &want[row * 6];
      ASSERT_EQ(g[0], w[0]) << "case " << c << " row " << row << " class id";
      ASSERT_EQ(g[1], w[1]) << "case " << c << " row " << row << " score";
      for (int j = 2; j < 6; ++j) {
        ASSERT_TRUE(CloseCoordinate(g[j], w[j]))
            << "case " << c << " row " << row << " value " << j << ": " << g[j] << " vs " << w[j];
      }
      kept_rows += w[0] >= 0;
      if (row % n > 0 && w[0] >= 0 && w[-6] >= 0 && w[1] == w[-5]) ++tied_kept;
      suppressed += sorts && w[0] < 0 && w[1] >= 0;
      topk_rows += p.nms_topk > 0 && static_cast<int>(row % n) >= p.nms_topk && w[1] >= 0;
      unsorted += !sorts && w[0] >= 0;
    }
  }
  EXPECT_TRUE(r.done());
  EXPECT_GT(kept_rows, 1000);
  EXPECT_GT(tied_kept, 100);
  EXPECT_GT(suppressed, 100);
  EXPECT_GT(topk_rows, 50);
  EXPECT_GT(unsorted, 50);
}

}  // namespace
}  // namespace neo::kernels

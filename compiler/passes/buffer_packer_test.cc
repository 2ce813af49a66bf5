#include "compiler/passes/buffer_packer.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>

namespace neo::passes {
namespace {

struct Buf {
  size_t size;
  int first, last;
};

// Checks that buffers alive at the same step never share a byte, that offsets are
// aligned and inside the total.
void ExpectValid(const BufferPacker& p, const std::vector<Buf>& bufs) {
  for (size_t i = 0; i < bufs.size(); ++i) {
    size_t oi = p.GetOffset(static_cast<int>(i));
    EXPECT_EQ(oi % kArenaAlignment, 0u);
    EXPECT_LE(oi + bufs[i].size, p.GetTotalBytes());
    for (size_t j = i + 1; j < bufs.size(); ++j) {
      bool live_together = bufs[i].first <= bufs[j].last && bufs[j].first <= bufs[i].last;
      if (!live_together) continue;
      size_t oj = p.GetOffset(static_cast<int>(j));
      bool disjoint = oi + bufs[i].size <= oj || oj + bufs[j].size <= oi;
      EXPECT_TRUE(disjoint) << "buffers " << i << " and " << j;
    }
  }
  EXPECT_EQ(p.GetTotalBytes() % kArenaAlignment, 0u);
}

// No plan can be smaller than the bytes alive at the busiest step.
size_t PeakLiveBytes(const std::vector<Buf>& bufs) {
  size_t peak = 0;
  for (int step = 0; step < 64; ++step) {
    size_t live = 0;
    for (const Buf& b : bufs) {
      if (b.first <= step && step <= b.last) live += AlignUp(b.size);
    }
    peak = std::max(peak, live);
  }
  return peak;
}

TEST(BufferPackerTest, RandomLifetimesNeverOverlap) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<Buf> bufs;
    int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      int first = static_cast<int>(rng() % 30);
      int last = first + static_cast<int>(rng() % 10);
      size_t size = rng() % 3 == 0 ? 1 + rng() % 100 : 1 + rng() % 100000;
      bufs.push_back({size, first, last});
    }
    GreedyBufferPacker greedy;
    LinearBufferPacker linear;
    for (const Buf& b : bufs) {
      greedy.AddBuffer(b.size, b.first, b.last);
      linear.AddBuffer(b.size, b.first, b.last);
    }
    ExpectValid(greedy, bufs);
    ExpectValid(linear, bufs);
    EXPECT_GE(greedy.GetTotalBytes(), PeakLiveBytes(bufs));
    EXPECT_LE(greedy.GetTotalBytes(), linear.GetTotalBytes());
  }
}

TEST(BufferPackerTest, ChainsNeedOnlyTheirPeak) {
  // Each value lives from its producer to its consumer, as in a chain of operators.
  std::vector<std::vector<size_t>> chains = {
      {1000, 1000, 1000, 1000, 1000},
      {100, 300, 200, 50},
      {4096, 64, 8192, 64, 4096, 128, 16},
  };
  for (const auto& sizes : chains) {
    std::vector<Buf> bufs;
    GreedyBufferPacker greedy;
    for (size_t i = 0; i < sizes.size(); ++i) {
      bufs.push_back({sizes[i], static_cast<int>(i), static_cast<int>(i + 1)});
      greedy.AddBuffer(sizes[i], static_cast<int>(i), static_cast<int>(i + 1));
    }
    ExpectValid(greedy, bufs);
    EXPECT_EQ(greedy.GetTotalBytes(), PeakLiveBytes(bufs));
  }
}

TEST(BufferPackerTest, LinearPlacesBuffersBackToBack) {
  LinearBufferPacker p;
  p.AddBuffer(10, 0, 0);
  p.AddBuffer(100, 1, 1);
  p.AddBuffer(64, 2, 2);
  EXPECT_EQ(p.GetOffset(0), 0u);
  EXPECT_EQ(p.GetOffset(1), 64u);
  EXPECT_EQ(p.GetOffset(2), 192u);
  EXPECT_EQ(p.GetTotalBytes(), 256u);
}

TEST(BufferPackerTest, GreedyReusesFreedMemory) {
  GreedyBufferPacker p;
  p.AddBuffer(1000, 0, 1);
  p.AddBuffer(1000, 1, 2);
  p.AddBuffer(1000, 2, 3);  // may take the first buffer's place
  EXPECT_EQ(p.GetOffset(2), p.GetOffset(0));
  EXPECT_EQ(p.GetTotalBytes(), 2 * AlignUp(1000));
}

}  // namespace
}  // namespace neo::passes

#include "kernels/broadcast.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace neo::kernels {
namespace {

TEST(BroadcastTest, NumpyBroadcastTo) {
  // numpy.broadcast_to([[1], [2], [3]], (2, 3, 2)).
  const std::vector<float> x = {1, 2, 3};
  BroadcastParams p{{3, 1}, {2, 3, 2}};
  ASSERT_TRUE(BroadcastSupports(Backend::kReference, p));
  std::vector<float> out(12);
  Context context(1);
  Broadcast op(context, p, Backend::kReference, x.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<float>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
}

TEST(BroadcastTest, ScalarAndBytes) {
  const std::vector<uint8_t> x = {7};
  BroadcastParams p{{}, {2, 2}, 1};
  std::vector<uint8_t> out(4);
  Context context(1);
  Broadcast op(context, p, Backend::kReference, x.data(), out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<uint8_t>{7, 7, 7, 7}));
}

TEST(BroadcastTest, Declines) {
  EXPECT_FALSE(BroadcastSupports(Backend::kReference, {{2}, {3}}));
  EXPECT_FALSE(BroadcastSupports(Backend::kReference, {{2, 3}, {3}}));
  EXPECT_FALSE(BroadcastSupports(Backend::kOnednn, {{1}, {3}}));
  EXPECT_TRUE(BroadcastSupports(Backend::kReference, {{1, 3}, {0, 3}}));
}

}  // namespace
}  // namespace neo::kernels

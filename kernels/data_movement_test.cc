#include "kernels/data_movement.h"

#include <algorithm>
#include <random>

#include "kernels/reference/data_movement.h"
#include "kernels/transpose_blocked.h"
#include "kernels/transpose_interleave.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace neo::kernels {
namespace {

TEST(ConcatTest, ChannelsOfNhwc) {
  // [1, 2, 2, 1] ++ [1, 2, 2, 2] along axis 3.
  const std::vector<float> a = {0, 1, 2, 3}, b = {10, 11, 12, 13, 14, 15, 16, 17};
  ConcatParams p{3, {1, 2, 2, 3}, {{1, 2, 2, 1}, {1, 2, 2, 2}}};
  ASSERT_TRUE(ConcatSupports(Backend::kReference, p));
  EXPECT_FALSE(ConcatSupports(Backend::kXnnpack, p));
  std::vector<float> out(12);
  Context context(1);
  Concat op(context, p, Backend::kReference, {a.data(), b.data()}, out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<float>{0, 10, 11, 1, 12, 13, 2, 14, 15, 3, 16, 17}));
}

TEST(ConcatTest, LeadingAxisAndOtherElementSizes) {
  const std::vector<int64_t> a = {1, 2, 3}, b = {4, 5, 6, 7, 8, 9};
  ConcatParams p{0, {3, 3}, {{1, 3}, {2, 3}}, sizeof(int64_t)};
  std::vector<int64_t> out(9);
  Context context(1);
  Concat op(context, p, Backend::kReference, {a.data(), b.data()}, out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

// ONNX's expanded LayerNormalization concatenates an empty shape tensor, which has no
// buffer: no memcpy may see its null pointer (UBSan, --config=ubsan, found this).
TEST(ConcatTest, EmptyInputWithoutBuffer) {
  const std::vector<int64_t> a = {1, 2}, b = {3};
  ConcatParams p{0, {3}, {{2}, {0}, {1}}, sizeof(int64_t)};
  ASSERT_TRUE(ConcatSupports(Backend::kReference, p));
  std::vector<int64_t> out(3);
  Context context(1);
  Concat op(context, p, Backend::kReference, {a.data(), nullptr, b.data()}, out.data());
  op.Run();
  EXPECT_EQ(out, (std::vector<int64_t>{1, 2, 3}));
}

TEST(ConcatTest, RejectsMismatchedShapes) {
  EXPECT_FALSE(ConcatSupports(Backend::kReference, {1, {2, 5}, {{2, 2}, {3, 2}}}));
  EXPECT_FALSE(ConcatSupports(Backend::kReference, {1, {2, 5}, {{2, 2}, {2, 2}}}));
}

TEST(TransposeTest, NchwToNhwcAgainstIndexFormula) {
  const int n = 2, c = 3, h = 4, w = 5;
  std::vector<float> in(n * c * h * w);
  std::iota(in.begin(), in.end(), 0.0f);
  TransposeParams p{{n, c, h, w}, {0, 2, 3, 1}};
  std::vector<float> out(in.size());
  Context context(1);
  Transpose op(context, p, Backend::kReference, in.data(), out.data());
  op.Run();
  for (int i0 = 0; i0 < n; ++i0)
    for (int i1 = 0; i1 < c; ++i1)
      for (int i2 = 0; i2 < h; ++i2)
        for (int i3 = 0; i3 < w; ++i3)
          ASSERT_EQ(out[((i0 * h + i2) * w + i3) * c + i1], in[((i0 * c + i1) * h + i2) * w + i3]);
}

TEST(TransposeTest, BytesAndRank1) {
  const std::vector<uint8_t> in = {1, 2, 3, 4, 5, 6};
  std::vector<uint8_t> out(6);
  Context context(1);
  Transpose t(context, {{2, 3}, {1, 0}, 1}, Backend::kReference, in.data(), out.data());
  t.Run();
  EXPECT_EQ(out, (std::vector<uint8_t>{1, 4, 2, 5, 3, 6}));
  Transpose id(context, {{6}, {0}, 1}, Backend::kReference, in.data(), out.data());
  id.Run();
  EXPECT_EQ(out, in);
  EXPECT_FALSE(TransposeSupports(Backend::kReference, {{2, 3}, {0, 0}}));
}

TEST(CopyTest, CopiesBytes) {
  const std::vector<float> in = {1, 2, 3};
  std::vector<float> out(3);
  Context context(1);
  Copy copy(context, sizeof(float) * 3, in.data(), out.data());
  copy.Run();
  EXPECT_EQ(out, in);
  Copy empty(context, 0, nullptr, nullptr);  // an empty tensor has no buffer
  empty.Run();
}

}  // namespace
}  // namespace neo::kernels

namespace neo::kernels {
namespace {

// Every permutation of random shapes up to rank 5, element sizes 1, 4 and 8: the
// Transpose class (tiled fast path where it applies) against the reference loops.
TEST(TransposeTest, MatchesReferenceOnRandomPermutations) {
  std::mt19937 rng(7);
  Context context(1);
  int fast_paths = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = 1 + static_cast<int>(rng() % 5);
    TransposeParams p;
    p.input_shape.rank = rank;
    p.perm.rank = rank;
    for (int i = 0; i < rank; ++i) {
      p.input_shape[i] = 1 + static_cast<int64_t>(rng() % (rank <= 2 ? 40 : 7));
      p.perm[i] = i;
    }
    std::shuffle(p.perm.d, p.perm.d + rank, rng);
    p.element_size = std::vector<size_t>{1, 4, 8}[rng() % 3];
    const size_t bytes = static_cast<size_t>(p.input_shape.num_elements()) * p.element_size;
    std::vector<uint8_t> in(bytes), want(bytes), got(bytes, 0xEE);
    for (auto& b : in) b = static_cast<uint8_t>(rng());
    reference::Transpose(p, in.data(), want.data());
    Transpose op(context, p, Backend::kReference, in.data(), got.data());
    op.Run();
    BatchedTranspose bt;
    fast_paths += AsBatchedTranspose(p, &bt);
    ASSERT_EQ(got, want) << "trial " << trial;
  }
  EXPECT_GT(fast_paths, 100);  // the fast path really ran
}

}  // namespace
}  // namespace neo::kernels

namespace neo::kernels {
namespace {

// Arbitrary 32-bit patterns (NaN payloads, denormals, int32 values): oneDNN must copy
// them bit for bit although it is told they are f32.
std::vector<uint32_t> RandomBits(size_t n, std::mt19937& rng) {
  std::vector<uint32_t> v(n);
  for (auto& x : v) x = static_cast<uint32_t>(rng());
  if (n > 0) v[0] = 0x7FA00001u;  // a signalling NaN with a payload
  return v;
}

TEST(TransposeOnednnTest, RandomPermutationsMatchReferenceBitForBit) {
  std::mt19937 rng(17);
  Context one(1), two(2);
  for (int trial = 0; trial < 200; ++trial) {
    const int rank = 1 + static_cast<int>(rng() % 6);
    TransposeParams p;
    p.input_shape.rank = p.perm.rank = rank;
    for (int i = 0; i < rank; ++i) {
      p.input_shape[i] = 1 + static_cast<int64_t>(rng() % (rank <= 2 ? 70 : 6));
      p.perm[i] = i;
    }
    std::shuffle(p.perm.d, p.perm.d + rank, rng);
    ASSERT_TRUE(TransposeSupports(Backend::kOnednn, p)) << "trial " << trial;
    const auto in = RandomBits(p.input_shape.num_elements(), rng);
    std::vector<uint32_t> want(in.size()), got(in.size(), 0xEEEEEEEEu);
    reference::Transpose(p, in.data(), want.data());
    Transpose op(trial % 2 ? two : one, p, Backend::kOnednn, in.data(), got.data());
    op.Run();
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

// Interleaving 2 to 4 rows (transpose_interleave.h): the input's NCHW -> NHWC with 3
// planes, ShuffleNet's two-group channel shuffle, four rows, column counts with and
// without a tail, several batch items, one and two threads, on every backend: the same
// bits as the reference, and our loop where the CPU has AVX-512F.
TEST(TransposeTest, SmallInterleavesMatchReferenceBitForBit) {
  std::mt19937 rng(29);
  const std::vector<TransposeParams> cases = {
      {{1, 3, 224, 224}, {0, 2, 3, 1}},  // the input image
      {{1, 3, 7, 5}, {0, 2, 3, 1}},      // 35 columns: two blocks and a tail of 3
      {{784, 2, 58}, {0, 2, 1}},         // channel shuffle at 28x28x116
      {{3, 2, 16}, {0, 2, 1}},           // exactly one block per item
      {{2, 4, 37}, {0, 2, 1}},           // four rows
      {{5, 4, 16, 1}, {0, 2, 1, 3}},     // a trailing 1 merges away
  };
  for (const TransposeParams& p : cases) {
    BatchedTranspose t;
    ASSERT_TRUE(AsBatchedTranspose(p, &t));
    ASSERT_TRUE(internal::IsSmallInterleave(t)) << t.rows << "x" << t.cols;
    const auto in = RandomBits(p.input_shape.num_elements(), rng);
    std::vector<uint32_t> want(in.size());
    reference::Transpose(p, in.data(), want.data());
    for (int threads : {1, 2}) {
      Context context(threads);
      for (Backend b : {Backend::kReference, Backend::kOnednn}) {
        std::vector<uint32_t> got(in.size(), 0xEEEEEEEEu);
        Transpose op(context, p, b, in.data(), got.data());
        context.BeginRun();
        op.Run();
        EXPECT_EQ(got, want) << t.rows << "x" << t.cols << " " << threads << " threads";
#if defined(__x86_64__)
        if (__builtin_cpu_supports("avx512f")) {
          EXPECT_STREQ(op.implementation(), "neo_interleave:avx512");
        }
#endif
      }
    }
  }
  // Not interleaves: five rows, 8-byte elements, fewer than 16 columns.
  BatchedTranspose t;
  ASSERT_TRUE(AsBatchedTranspose({{2, 5, 40}, {0, 2, 1}}, &t));
  EXPECT_FALSE(internal::IsSmallInterleave(t));
  ASSERT_TRUE(AsBatchedTranspose({{2, 2, 40}, {0, 2, 1}, 8}, &t));
  EXPECT_FALSE(internal::IsSmallInterleave(t));
  ASSERT_TRUE(AsBatchedTranspose({{2, 3, 15}, {0, 2, 1}}, &t));
  EXPECT_FALSE(internal::IsSmallInterleave(t));
}

TEST(TransposeOnednnTest, Declines) {
  EXPECT_FALSE(TransposeSupports(Backend::kOnednn, {{2, 3}, {1, 0}, 1}));  // bytes
  EXPECT_FALSE(TransposeSupports(Backend::kOnednn, {{2, 3}, {1, 0}, 8}));  // int64
  EXPECT_FALSE(TransposeSupports(Backend::kOnednn, {{1, 1, 1, 1, 1, 1, 2}, {0, 1, 2, 3, 4, 6, 5}}));
  EXPECT_FALSE(TransposeSupports(Backend::kOnednn, {{2, 0}, {1, 0}}));  // empty
  EXPECT_FALSE(TransposeSupports(Backend::kOnednn, {{2, 3}, {0, 0}}));
  EXPECT_TRUE(TransposeSupports(Backend::kOnednn, {{1, 3, 224, 224}, {0, 2, 3, 1}}));
}

TEST(ConcatOnednnTest, RandomShapesMatchReferenceBitForBit) {
  std::mt19937 rng(23);
  Context one(1), two(2);
  for (int trial = 0; trial < 150; ++trial) {
    const int rank = 1 + static_cast<int>(rng() % 6);
    ConcatParams p;
    p.axis = static_cast<int>(rng() % rank);
    p.output_shape.rank = rank;
    for (int i = 0; i < rank; ++i) p.output_shape[i] = 1 + static_cast<int64_t>(rng() % 5);
    p.output_shape[p.axis] = 0;
    const int count = 1 + static_cast<int>(rng() % 4);
    std::vector<std::vector<uint32_t>> inputs;
    std::vector<const void*> pointers;
    for (int k = 0; k < count; ++k) {
      Dims in = p.output_shape;
      in[p.axis] = 1 + static_cast<int64_t>(rng() % 7);
      p.output_shape[p.axis] += in[p.axis];
      p.input_shapes.push_back(in);
      inputs.push_back(RandomBits(in.num_elements(), rng));
      pointers.push_back(inputs.back().data());
    }
    ASSERT_TRUE(ConcatSupports(Backend::kOnednn, p)) << "trial " << trial;
    std::vector<uint32_t> want(p.output_shape.num_elements()),
        got(want.size(), 0xEEEEEEEEu);
    reference::Concat(p, pointers.data(), want.data());
    Concat op(trial % 2 ? two : one, p, Backend::kOnednn, pointers, got.data());
    op.Run();
    ASSERT_EQ(got, want) << "trial " << trial << " axis " << p.axis;
  }
}

// Our own loop splits the output's rows over the context's threads from 2^15 elements:
// NHWC channel concatenations of SqueezeNet's and GoogLeNet's sizes, and odd row counts,
// on one thread and two, the same bits as the reference.
TEST(ConcatTest, ThreadedRowsMatchReference) {
  std::mt19937 rng(29);
  Context one(1), two(2);
  const std::vector<std::vector<int64_t>> cases = {{55, 55, 64, 64},
                                                   {27, 27, 128, 128},
                                                   {28, 28, 64, 128, 32, 32},
                                                   {7, 13, 3, 1, 5},
                                                   {1, 1, 8, 8}};
  for (const std::vector<int64_t>& c : cases) {
    ConcatParams p;
    p.axis = 3;
    p.output_shape = Dims({1, c[0], c[1], 0});
    std::vector<std::vector<uint32_t>> inputs;
    std::vector<const void*> pointers;
    for (size_t k = 2; k < c.size(); ++k) {
      p.input_shapes.push_back(Dims({1, c[0], c[1], c[k]}));
      p.output_shape[3] += c[k];
      inputs.push_back(RandomBits(c[0] * c[1] * c[k], rng));
      pointers.push_back(inputs.back().data());
    }
    std::vector<uint32_t> want(p.output_shape.num_elements());
    reference::Concat(p, pointers.data(), want.data());
    for (Context* context : {&one, &two}) {
      std::vector<uint32_t> got(want.size(), 0xEEEEEEEEu);
      Concat op(*context, p, Backend::kReference, pointers, got.data());
      op.Run();
      ASSERT_EQ(got, want) << c[0] << "x" << c[1] << ", " << context->num_threads() << " threads";
    }
  }
}

TEST(ConcatOnednnTest, Declines) {
  // int64 elements, and an empty input (oneDNN rejects zero-sized sources).
  EXPECT_FALSE(ConcatSupports(Backend::kOnednn, {0, {3, 3}, {{1, 3}, {2, 3}}, 8}));
  EXPECT_FALSE(ConcatSupports(Backend::kOnednn, {0, {2, 3}, {{0, 3}, {2, 3}}}));
  EXPECT_TRUE(ConcatSupports(Backend::kOnednn, {3, {1, 2, 2, 3}, {{1, 2, 2, 1}, {1, 2, 2, 2}}}));
}

}  // namespace
}  // namespace neo::kernels

#include "kernels/conv2d_winograd.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/cpu_features.h"
#include "kernels/parallel_rows.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NEO_WINOGRAD_AVX512 1
#else
#define NEO_WINOGRAD_AVX512 0
#endif

namespace neo::kernels::internal {

namespace {

constexpr int kTile = 4;        // outputs per tile side
constexpr int kPositions = 36;  // the 6x6 transformed tile
constexpr int kColumns = 64;    // output channels per block of the products: four vectors

int TilesHigh(const Conv2DParams& p) { return (p.output_height + kTile - 1) / kTile; }
int TilesWide(const Conv2DParams& p) { return (p.output_width + kTile - 1) / kTile; }

// Over the batch.
int64_t Tiles(const Conv2DParams& p) { return int64_t{p.batch} * TilesHigh(p) * TilesWide(p); }

}  // namespace

#if NEO_WINOGRAD_AVX512
namespace {

// G of F(4x4, 3x3) with interpolation points 0, 1, -1, 2, -2 and infinity (Lavin and
// Gray, 2015): a filter g becomes G g G^T. The input's B^T and the output's A^T with the
// same points are written out in InputRowsAvx512 and OutputRowsAvx512.
constexpr double kG[6][3] = {{1.0 / 4, 0, 0},
                             {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                             {-1.0 / 6, 1.0 / 6, -1.0 / 6},
                             {1.0 / 24, 1.0 / 12, 1.0 / 6},
                             {1.0 / 24, -1.0 / 12, 1.0 / 6},
                             {0, 0, 1}};

// A run of at most 64 output channels whose products are computed together, and where
// its transformed weights start.
struct ColumnBlock {
  int first, width;
  size_t offset;
};

// [position][input channel][width] per block: the rows one product streams through.
// Computed in double, rounded once.
std::vector<float> TransformWeights(const Conv2DParams& p, const float* filter,
                                    const std::vector<ColumnBlock>& blocks) {
  const int in = p.input_channels;
  std::vector<float> u(static_cast<size_t>(kPositions) * in * p.output_channels);
  for (const ColumnBlock& block : blocks) {
    for (int o = block.first; o < block.first + block.width; ++o) {
      for (int i = 0; i < in; ++i) {
        const float* g = filter + (static_cast<size_t>(o) * in + i) * 9;
        double gg[6][3] = {};
        for (int r = 0; r < 6; ++r)
          for (int c = 0; c < 3; ++c)
            for (int k = 0; k < 3; ++k) gg[r][c] += kG[r][k] * g[k * 3 + c];
        for (int r = 0; r < 6; ++r)
          for (int s = 0; s < 6; ++s) {
            double value = 0;
            for (int c = 0; c < 3; ++c) value += gg[r][c] * kG[s][c];
            u[block.offset + (static_cast<size_t>(r * 6 + s) * in + i) * block.width + o -
              block.first] = static_cast<float>(value);
          }
      }
    }
  }
  return u;
}

// Channels [first, last) in blocks of at most 64, appended.
void AddColumnBlocks(int first, int last, int in, std::vector<ColumnBlock>& blocks) {
  for (int c = first; c < last; c += kColumns) {
    const size_t offset = blocks.empty() ? 0
                                         : blocks.back().offset + static_cast<size_t>(kPositions) *
                                                                      in * blocks.back().width;
    blocks.push_back({c, std::min(kColumns, last - c), offset});
  }
}

struct Geometry {
  int height, width, in;
  int out_height, out_width, out;
  int pad_top, pad_left;
  int tiles_wide, tiles;  // per image
  float lo, hi;
  bool accumulate;
};

// The products read each block's transformed inputs and write their sums through this
// much cache: V and M of the block's tiles together (768 KB). Blocks of more tiles read
// the weights fewer times; this keeps V and M in L2 on both Zen 5 (1 MB) and Intel's 2 MB.
constexpr int64_t kBlockFloats = 192 * 1024;

// B^T d over six rows (or columns) d.
__attribute__((target("avx512f"), always_inline)) inline void InputRowsAvx512(const __m512 d[6],
                                                                              __m512 r[6]) {
  const __m512 two = _mm512_set1_ps(2.0f), four = _mm512_set1_ps(4.0f), five = _mm512_set1_ps(5.0f);
  r[0] = _mm512_fmadd_ps(four, d[0], _mm512_fnmadd_ps(five, d[2], d[4]));
  r[1] = _mm512_fnmadd_ps(four, _mm512_add_ps(d[1], d[2]), _mm512_add_ps(d[3], d[4]));
  r[2] = _mm512_fmadd_ps(four, _mm512_sub_ps(d[1], d[2]), _mm512_sub_ps(d[4], d[3]));
  const __m512 d42 = _mm512_sub_ps(d[4], d[2]), d31 = _mm512_sub_ps(d[3], d[1]);
  r[3] = _mm512_fmadd_ps(two, d31, d42);
  r[4] = _mm512_fnmadd_ps(two, d31, d42);
  r[5] = _mm512_fmadd_ps(four, d[1], _mm512_fnmadd_ps(five, d[3], d[5]));
}

// A^T m over six rows (or columns) m: four outputs.
__attribute__((target("avx512f"), always_inline)) inline void OutputRowsAvx512(const __m512 m[6],
                                                                               __m512 o[4]) {
  const __m512 two = _mm512_set1_ps(2.0f), four = _mm512_set1_ps(4.0f),
               eight = _mm512_set1_ps(8.0f);
  const __m512 a = _mm512_add_ps(m[1], m[2]), b = _mm512_sub_ps(m[1], m[2]),
               c = _mm512_add_ps(m[3], m[4]), d = _mm512_sub_ps(m[3], m[4]);
  o[0] = _mm512_add_ps(_mm512_add_ps(m[0], a), c);
  o[1] = _mm512_fmadd_ps(two, d, b);
  o[2] = _mm512_fmadd_ps(four, c, a);
  o[3] = _mm512_add_ps(_mm512_fmadd_ps(eight, d, b), m[5]);
}

// Sixteen channels of one tile's 6x6 inputs, at base + k * row + j * col, transformed, to
// v[position * stride]. The columns first, row by row, through a buffer in L1, then the
// rows: with all 36 vectors live at once GCC spilled them and computed 36 addresses a
// tile. Tiles reaching into the padding come through a zero-filled copy, so these loops
// carry no bounds checks.
__attribute__((target("avx512f"), always_inline)) inline void InputVectorsAvx512(
    const float* base, ptrdiff_t row, ptrdiff_t col, float* v, size_t stride) {
  __m512 h[36];
#pragma GCC unroll 6
  for (int k = 0; k < 6; ++k) {
    __m512 d[6];
#pragma GCC unroll 6
    for (int j = 0; j < 6; ++j) d[j] = _mm512_loadu_ps(base + k * row + j * col);
    InputRowsAvx512(d, h + k * 6);
  }
#pragma GCC unroll 6
  for (int s = 0; s < 6; ++s) {
    __m512 d[6], r[6];
#pragma GCC unroll 6
    for (int k = 0; k < 6; ++k) d[k] = h[k * 6 + s];
    InputRowsAvx512(d, r);
#pragma GCC unroll 6
    for (int k = 0; k < 6; ++k) _mm512_storeu_ps(v + (k * 6 + s) * stride, r[k]);
  }
}

// One tile's inputs, all channels, to v[position * stride + channel]. A tile reaching into
// the padding is first copied with its zeros into `patch` (6 x 6 x 16 floats).
__attribute__((target("avx512f"), always_inline)) inline void InputTileAvx512(
    const Geometry& g, const float* image, int ty, int tx, float* v, size_t stride, float* patch) {
  const int y0 = ty * kTile - g.pad_top, x0 = tx * kTile - g.pad_left;
  const ptrdiff_t row = static_cast<ptrdiff_t>(g.width) * g.in;
  if (y0 >= 0 && x0 >= 0 && y0 + 6 <= g.height && x0 + 6 <= g.width) {
    const float* base = image + y0 * row + static_cast<ptrdiff_t>(x0) * g.in;
    for (int c = 0; c < g.in; c += 16) InputVectorsAvx512(base + c, row, g.in, v + c, stride);
    return;
  }
  for (int c = 0; c < g.in; c += 16) {
    for (int k = 0; k < 6; ++k)
      for (int j = 0; j < 6; ++j) {
        const int y = y0 + k, x = x0 + j;
        const bool inside = y >= 0 && y < g.height && x >= 0 && x < g.width;
        _mm512_storeu_ps(
            patch + (k * 6 + j) * 16,
            inside ? _mm512_loadu_ps(image + y * row + static_cast<ptrdiff_t>(x) * g.in + c)
                   : _mm512_setzero_ps());
      }
    InputVectorsAvx512(patch, 6 * 16, 16, v + c, stride);
  }
}

// One tile's `width` channels of products m[position * stride], transformed back, plus
// bias (and the residual already in the output), clamped, stored where inside the image.
// As the input's: the rows of positions first, through a buffer, then the columns.
__attribute__((target("avx512f"), always_inline)) inline void OutputTileAvx512(
    const Geometry& g, const float* m, size_t stride, int width, const float* bias, int ty, int tx,
    float* image) {
  const __m512 lo = _mm512_set1_ps(g.lo), hi = _mm512_set1_ps(g.hi);
  const int rows = std::min(kTile, g.out_height - ty * kTile);
  const int cols = std::min(kTile, g.out_width - tx * kTile);
  for (int c = 0; c < width; c += 16) {
    __m512 h[24];  // [position row][output column]
#pragma GCC unroll 6
    for (int k = 0; k < 6; ++k) {
      __m512 d[6];
#pragma GCC unroll 6
      for (int s = 0; s < 6; ++s) d[s] = _mm512_loadu_ps(m + (k * 6 + s) * stride + c);
      OutputRowsAvx512(d, h + k * 4);
    }
    const __m512 b = _mm512_loadu_ps(bias + c);
    for (int q = 0; q < cols; ++q) {
      __m512 d[6], y[4];
#pragma GCC unroll 6
      for (int k = 0; k < 6; ++k) d[k] = h[k * 4 + q];
      OutputRowsAvx512(d, y);
      float* out =
          image + (static_cast<ptrdiff_t>(ty * kTile) * g.out_width + tx * kTile + q) * g.out + c;
      for (int k = 0; k < rows; ++k) {
        float* o = out + static_cast<ptrdiff_t>(k) * g.out_width * g.out;
        __m512 value = _mm512_add_ps(y[k], b);
        if (g.accumulate) value = _mm512_add_ps(value, _mm512_loadu_ps(o));
        value = _mm512_maskz_min_ps(0xFFFF, _mm512_maskz_max_ps(0xFFFF, value, lo), hi);
        _mm512_storeu_ps(o, value);
      }
    }
  }
}

// m[r][0 .. 16 NV) = sum over k of v[r][k] u[k][0 .. 16 NV), for kRows rows of tiles: the
// accumulators stay in registers for the whole sum. Every sum runs k in order, whatever
// the blocking, so the result does not depend on the thread count. With `next`, each step
// also asks for the matching line of the next position's weights (which follow these) to be
// brought into L2: a 256x256 layer at 14x14 streams 9.4 MB of them from L3 per run, and
// without the prefetch each position's products waited for its weights before starting.
template <int kRows, int NV, bool kPrefetch>
__attribute__((target("avx512f"), always_inline)) inline void ProductRowsAvx512(
    const float* v, int in, const float* u, float* m, const float* next) {
  __m512 acc[kRows][NV];
#pragma GCC unroll 16
  for (int r = 0; r < kRows; ++r)
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) acc[r][j] = _mm512_setzero_ps();
  for (int k = 0; k < in; ++k) {
    __m512 w[NV];
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) {
      w[j] = _mm512_loadu_ps(u + (k * NV + j) * 16);
      if (kPrefetch)
        _mm_prefetch(reinterpret_cast<const char*>(next + (k * NV + j) * 16), _MM_HINT_T1);
    }
#pragma GCC unroll 16
    for (int r = 0; r < kRows; ++r) {
      const __m512 a = _mm512_set1_ps(v[r * in + k]);
#pragma GCC unroll 4
      for (int j = 0; j < NV; ++j) acc[r][j] = _mm512_fmadd_ps(a, w[j], acc[r][j]);
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < kRows; ++r)
#pragma GCC unroll 4
    for (int j = 0; j < NV; ++j) _mm512_storeu_ps(m + r * kColumns + j * 16, acc[r][j]);
}

// The last rows < kRows of a product, one instance per count.
template <int kRows, int NV>
__attribute__((target("avx512f"), always_inline)) inline void ProductTailAvx512(
    int rows, const float* v, int in, const float* u, float* m) {
  if constexpr (kRows > 0) {
    if (rows == kRows) {
      ProductRowsAvx512<kRows, NV, false>(v, in, u, m, nullptr);
    } else {
      ProductTailAvx512<kRows - 1, NV>(rows, v, in, u, m);
    }
  }
}

// 24 accumulators at most: with the NV weight vectors and a broadcast, within 32 registers.
template <int NV>
constexpr int kProductRows = NV == 1 ? 16 : 24 / NV;

// "Avx512" in the name: //tools/platforms:isa_check_test leaves it out, as it is called
// only after the run-time check.
template <int NV>
__attribute__((target("avx512f"), noinline)) void ProductAvx512(const float* v, int rows, int in,
                                                                const float* u, float* m) {
  constexpr int R = kProductRows<NV>;
  int r = 0;
  if (r + R <= rows) {  // the first rows fetch the next weights; the others find them in L2
    ProductRowsAvx512<R, NV, true>(v, in, u, m, u + static_cast<size_t>(in) * NV * 16);
    r += R;
  }
  for (; r + R <= rows; r += R) {
    ProductRowsAvx512<R, NV, false>(v + r * in, in, u, m + r * kColumns, nullptr);
  }
  if (r < rows) ProductTailAvx512<R - 1, NV>(rows - r, v + r * in, in, u, m + r * kColumns);
}

__attribute__((target("avx512f"), noinline)) void InputTilesAvx512(const Geometry& g,
                                                                   const float* input, int first,
                                                                   int count, float* v,
                                                                   size_t stride) {
  alignas(64) float patch[36 * 16];
  const size_t image = static_cast<size_t>(g.height) * g.width * g.in;
  for (int i = 0; i < count; ++i) {
    const int t = first + i, n = t / g.tiles, tile = t % g.tiles;
    InputTileAvx512(g, input + n * image, tile / g.tiles_wide, tile % g.tiles_wide,
                    v + static_cast<size_t>(i) * g.in, stride, patch);
  }
}

__attribute__((target("avx512f"), noinline)) void OutputTilesAvx512(const Geometry& g,
                                                                    const float* m, int first,
                                                                    int count, size_t stride,
                                                                    int width, const float* bias,
                                                                    float* output) {
  const size_t image = static_cast<size_t>(g.out_height) * g.out_width * g.out;
  for (int i = 0; i < count; ++i) {
    const int t = first + i, n = t / g.tiles, tile = t % g.tiles;
    OutputTileAvx512(g, m + static_cast<size_t>(i) * kColumns, stride, width, bias,
                     tile / g.tiles_wide, tile % g.tiles_wide, output + n * image);
  }
}

// What RowThreads weighs against its 2^15 threshold, made from the products' multiply-adds
// so that the threshold falls at 2^22 of them (4.2M). Counted by output elements (the
// threshold's own measure, for one pass over them), SqueezeNet's 48->192 at 13x13 (5.3M,
// 0.15 ms) ran on one thread; on two it took 0.095 ms. DenseNet's 128->32 at 14x14 (2.4M)
// was no faster on two.
int64_t ThreadsMeasure(const Conv2DParams& p) {
  return Tiles(p) * kPositions * p.input_channels * p.output_channels >> 7;
}

class WinogradF4Conv final : public Op {
 public:
  WinogradF4Conv(Context& context, const Conv2DParams& p, const float* filter, const float* bias,
                 const float* input, float* output)
      : g_{p.input_height,   p.input_width,
           p.input_channels, p.output_height,
           p.output_width,   p.output_channels,
           p.pad_top,        p.pad_left,
           TilesWide(p),     TilesHigh(p) * TilesWide(p),
           p.output_min,     p.output_max,
           p.accumulate},
        bias_(static_cast<size_t>(p.output_channels), 0.0f),
        input_(input),
        output_(output),
        threads_(RowThreads::AfterOnednn(context, ThreadsMeasure(p))) {
    if (bias != nullptr) std::copy(bias, bias + p.output_channels, bias_.begin());
    total_tiles_ = static_cast<int>(Tiles(p));
    const int64_t tile_floats = int64_t{kPositions} * (g_.in + kColumns);
    int blocks = static_cast<int>(
        std::max<int64_t>(1, (total_tiles_ * tile_floats + kBlockFloats - 1) / kBlockFloats));
    parts_ = threads_.threads;
    // Two threads share the tiles when there are blocks enough for both, else the output
    // channels, in multiples of 16 (each thread then transforms every tile's input: a few
    // percent of the products' work, where sharing tiles would make both read all the
    // weights).
    const int vectors = g_.out / 16;
    if (parts_ > 1 && blocks < parts_ && vectors >= parts_) {
      split_columns_ = true;
    } else if (parts_ > 1) {
      blocks = (blocks + parts_ - 1) / parts_ * parts_;
      if (blocks > total_tiles_) parts_ = 1;
    }
    if (parts_ == 1) threads_.threads = 1;
    block_tiles_ = (total_tiles_ + blocks - 1) / blocks;
    blocks_ = (total_tiles_ + block_tiles_ - 1) / block_tiles_;
    const int column_parts = split_columns_ ? parts_ : 1;
    for (int part = 0; part < column_parts; ++part) {
      part_columns_.push_back(static_cast<int>(columns_.size()));
      AddColumnBlocks(vectors * part / column_parts * 16, vectors * (part + 1) / column_parts * 16,
                      g_.in, columns_);
    }
    part_columns_.push_back(static_cast<int>(columns_.size()));
    weights_ = TransformWeights(p, filter, columns_);
    // One cache line more than the block between positions: a tile's 36 transformed
    // vectors are written (and its products read) 36 positions apart, and strides of a
    // multiple of 4 KB put them all in one set of L1 (twelve ways), where each tile evicted
    // its own lines: the input transform was then 30% of the 256-channel layer's time.
    v_stride_ = static_cast<size_t>(block_tiles_) * g_.in + 16;
    m_stride_ = static_cast<size_t>(block_tiles_) * kColumns + 16;
    scratch_.assign(static_cast<size_t>(parts_),
                    std::vector<float>(kPositions * (v_stride_ + m_stride_)));
  }

  void Run() override {
    threads_.Run(parts_, [this](int64_t begin, int64_t end) {
      for (int64_t part = begin; part < end; ++part) RunPart(static_cast<int>(part));
    });
  }

  const char* implementation() const override { return "neo_winograd_f4x4_3x3:avx512"; }

 private:
  void RunPart(int part) {
    int first_block = 0, last_block = blocks_, first_column = 0,
        last_column = static_cast<int>(columns_.size());
    if (split_columns_) {
      first_column = part_columns_[static_cast<size_t>(part)];
      last_column = part_columns_[static_cast<size_t>(part) + 1];
    } else {
      first_block = blocks_ * part / parts_;
      last_block = blocks_ * (part + 1) / parts_;
    }
    float* v = scratch_[static_cast<size_t>(part)].data();
    float* m = v + kPositions * v_stride_;
    const size_t v_stride = v_stride_, m_stride = m_stride_;
    for (int block = first_block; block < last_block; ++block) {
      const int first = block * block_tiles_;
      const int count = std::min(block_tiles_, total_tiles_ - first);
      InputTilesAvx512(g_, input_, first, count, v, v_stride);
      for (int column = first_column; column < last_column; ++column) {
        const ColumnBlock& c = columns_[static_cast<size_t>(column)];
        for (int x = 0; x < kPositions; ++x) {
          const float* vx = v + x * v_stride;
          const float* ux = weights_.data() + c.offset + static_cast<size_t>(x) * g_.in * c.width;
          float* mx = m + x * m_stride;
          switch (c.width / 16) {
            case 1:
              ProductAvx512<1>(vx, count, g_.in, ux, mx);
              break;
            case 2:
              ProductAvx512<2>(vx, count, g_.in, ux, mx);
              break;
            case 3:
              ProductAvx512<3>(vx, count, g_.in, ux, mx);
              break;
            default:
              ProductAvx512<4>(vx, count, g_.in, ux, mx);
              break;
          }
        }
        OutputTilesAvx512(g_, m, first, count, m_stride, c.width, bias_.data() + c.first,
                          output_ + c.first);
      }
    }
  }

  Geometry g_;
  std::vector<float> bias_;
  const float* input_;
  float* output_;
  RowThreads threads_;
  int total_tiles_ = 0, block_tiles_ = 0, blocks_ = 0, parts_ = 1;
  size_t v_stride_ = 0, m_stride_ = 0;  // floats between positions in V and in M
  bool split_columns_ = false;
  std::vector<ColumnBlock> columns_;
  std::vector<int> part_columns_;  // part p computes columns_[part_columns_[p] ..[p + 1])
  std::vector<float> weights_;
  std::vector<std::vector<float>> scratch_;  // per part: V, then M
};

}  // namespace
#endif  // NEO_WINOGRAD_AVX512

bool WinogradF4WeightsBound(const Conv2DParams& p) {
  const int64_t bytes = int64_t{kPositions} * p.input_channels * p.output_channels * 4;
  return bytes > Tiles(p) * (int64_t{512} << 10);
}

std::unique_ptr<Op> MakeWinogradF4Conv(Context& context, const Conv2DParams& p, const float* filter,
                                       const float* bias, const float* input, float* output) {
#if NEO_WINOGRAD_AVX512
  if (Conv2DWinogradF4Applies(p) && CpuHasAvx512F() &&
      (context.num_threads() == 1 || !WinogradF4WeightsBound(p))) {
    return std::make_unique<WinogradF4Conv>(context, p, filter, bias, input, output);
  }
#else
  (void)context, (void)p, (void)filter, (void)bias, (void)input, (void)output;
#endif
  return nullptr;
}

}  // namespace neo::kernels::internal

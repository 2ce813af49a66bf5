#include "kernels/reference/resize.h"

#include <cmath>
#include <cstring>

#include "kernels/reference/index_walk.h"

namespace neo::kernels::reference {

namespace {

// Output index x -> input coordinate along one dimension.
double SourceCoordinate(ResizeCoordinates mode, int64_t x, double scale, int64_t in) {
  const double out = scale * static_cast<double>(in);
  const double xd = static_cast<double>(x);
  switch (mode) {
    case ResizeCoordinates::kAlignCorners:
      return out == 1.0 ? 0.0 : xd * static_cast<double>(in - 1) / (out - 1.0);
    case ResizeCoordinates::kAsymmetric: return xd / scale;
    case ResizeCoordinates::kPytorchHalfPixel:
      return out == 1.0 ? -0.5 : (xd + 0.5) / scale - 0.5;
    case ResizeCoordinates::kHalfPixel: return (xd + 0.5) / scale - 0.5;
    case ResizeCoordinates::kTfHalfPixelForNn: return (xd + 0.5) / scale;
  }
  return 0.0;
}

int64_t Clamp(int64_t i, int64_t n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }

int64_t NearestIndex(ResizeNearest mode, double x, int64_t n) {
  const double f = std::floor(x);
  int64_t i = static_cast<int64_t>(f);
  const double ratio = x - f;
  if (ratio != 0.0) {
    switch (mode) {
      case ResizeNearest::kRoundPreferFloor: i += ratio > 0.5; break;
      case ResizeNearest::kRoundPreferCeil: i += ratio >= 0.5; break;
      case ResizeNearest::kFloor: break;
      case ResizeNearest::kCeil: i += 1; break;
    }
  }
  return Clamp(i, n);
}

}  // namespace

bool ResizeValid(const ResizeParams& p) {
  const int r = p.input_shape.rank;
  if (p.output_shape.rank != r || r < 1) return false;
  for (int i = 0; i < r; ++i) {
    if (!(p.scales[i] > 0.0) || p.output_shape[i] < 0 || p.input_shape[i] < 0) return false;
  }
  if (p.mode == ResizeMode::kLinear && p.element_size != 4) return false;
  if (p.element_size < 1) return false;
  return p.input_shape.num_elements() > 0 || p.output_shape.num_elements() == 0;
}

void Resize(const ResizeParams& p, const void* input, void* output) {
  const int r = p.input_shape.rank;
  int64_t stride[Dims::kMaxRank];
  RowMajorStrides(p.input_shape, stride);
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  ForEachIndex(p.output_shape, [&](const int64_t* index, int64_t n) {
    if (p.mode == ResizeMode::kNearest) {
      int64_t offset = 0;
      for (int i = 0; i < r; ++i) {
        const double x = SourceCoordinate(p.coordinates, index[i], p.scales[i], p.input_shape[i]);
        offset += NearestIndex(p.nearest, x, p.input_shape[i]) * stride[i];
      }
      std::memcpy(dst + n * p.element_size, src + offset * p.element_size, p.element_size);
      return;
    }
    // Dimensions whose coordinate falls between two pixels, with the far pixel's weight.
    int64_t base = 0;
    double weight[Dims::kMaxRank];
    int64_t far[Dims::kMaxRank];  // the far neighbour's offset from the near one
    int k = 0;
    for (int i = 0; i < r; ++i) {
      const double x = SourceCoordinate(p.coordinates, index[i], p.scales[i], p.input_shape[i]);
      const double f = std::floor(x);
      const int64_t i0 = static_cast<int64_t>(f);
      base += Clamp(i0, p.input_shape[i]) * stride[i];
      if (x != f) {
        weight[k] = x - f;
        far[k] = (Clamp(i0 + 1, p.input_shape[i]) - Clamp(i0, p.input_shape[i])) * stride[i];
        ++k;
      }
    }
    const float* in = static_cast<const float*>(input);
    double sum = 0.0;
    for (int mask = 0; mask < (1 << k); ++mask) {
      double w = 1.0;
      int64_t offset = base;
      for (int j = 0; j < k; ++j) {
        if (mask & (1 << j)) {
          w *= weight[j];
          offset += far[j];
        } else {
          w *= 1.0 - weight[j];
        }
      }
      sum += w * static_cast<double>(in[offset]);
    }
    static_cast<float*>(output)[n] = static_cast<float>(sum);
  });
}

}  // namespace neo::kernels::reference

#include "kernels/reference/resize.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "kernels/reference/index_walk.h"

namespace neo::kernels::reference {

namespace {

// Output index x -> input coordinate along dimension d.
double SourceCoordinate(const ResizeParams& p, int d, int64_t x) {
  const double scale = p.scales[d];
  const int64_t in = p.input_shape[d];
  const double out = scale * static_cast<double>(in);  // the reference's resized length
  const double xd = static_cast<double>(x);
  switch (p.coordinates) {
    case ResizeCoordinates::kAlignCorners:
      return out == 1.0 ? 0.0 : xd * static_cast<double>(in - 1) / (out - 1.0);
    case ResizeCoordinates::kAsymmetric: return xd / scale;
    case ResizeCoordinates::kPytorchHalfPixel:
      return out == 1.0 ? -0.5 : (xd + 0.5) / scale - 0.5;
    case ResizeCoordinates::kHalfPixel: return (xd + 0.5) / scale - 0.5;
    case ResizeCoordinates::kTfHalfPixelForNn: return (xd + 0.5) / scale;
    case ResizeCoordinates::kTfCropAndResize: {
      // The roi spans (end - start) * (in - 1) input steps; a single output sample sits
      // in its middle.
      const double span = (p.roi_end[d] - p.roi_start[d]) * static_cast<double>(in - 1);
      const double start = p.roi_start[d] * static_cast<double>(in - 1);
      return start + (out == 1.0 ? span / 2.0 : xd * span / (out - 1.0));
    }
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

// Keys' cubic convolution kernel with parameter a, at distance t >= 0 from the sample:
// (a + 2) t^3 - (a + 3) t^2 + 1 up to 1, a t^3 - 5a t^2 + 8a t - 4a up to 2, 0 beyond.
double CubicWeight(double t, double a) {
  if (t <= 1.0) return ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0;
  if (t < 2.0) return ((a * t - 5.0 * a) * t + 8.0 * a) * t - 4.0 * a;
  return 0.0;
}

ResizeTaps TapsAt(const ResizeParams& p, int d, int64_t x, int64_t stride) {
  ResizeTaps t;
  const int64_t in = p.input_shape[d];
  const double c = SourceCoordinate(p, d, x);
  if (p.coordinates == ResizeCoordinates::kTfCropAndResize &&
      (c < 0.0 || c > static_cast<double>(in - 1))) {
    t.outside = true;
    return t;
  }
  const double f = std::floor(c);
  const int64_t i0 = static_cast<int64_t>(f);
  if (p.mode == ResizeMode::kNearest || c == f) {
    t.count = 1;
    t.weight[0] = 1.0;
    const int64_t i = p.mode == ResizeMode::kNearest ? NearestIndex(p.nearest, c, in) : Clamp(i0, in);
    t.offset[0] = i * stride;
    return t;
  }
  // Linear reads i0 and i0 + 1; cubic i0 - 1 to i0 + 2, at distances 1 + r, r, 1 - r, 2 - r.
  const double r = c - f;
  int64_t first = i0;
  if (p.mode == ResizeMode::kLinear) {
    t.count = 2;
    t.weight[0] = 1.0 - r;
    t.weight[1] = r;
  } else {
    t.count = 4;
    first = i0 - 1;
    const double a = p.cubic_coeff_a;
    t.weight[0] = CubicWeight(1.0 + r, a);
    t.weight[1] = CubicWeight(r, a);
    t.weight[2] = CubicWeight(1.0 - r, a);
    t.weight[3] = CubicWeight(2.0 - r, a);
  }
  double sum = 0.0;
  for (int k = 0; k < t.count; ++k) {
    const int64_t i = first + k;
    if (p.exclude_outside && (i < 0 || i >= in)) t.weight[k] = 0.0;
    sum += t.weight[k];
    t.offset[k] = Clamp(i, in) * stride;
  }
  // At least one of the two nearest neighbours lies inside, so sum is not 0.
  if (p.exclude_outside && sum != 0.0) {
    for (int k = 0; k < t.count; ++k) t.weight[k] /= sum;
  }
  return t;
}

}  // namespace

bool ResizeValid(const ResizeParams& p) {
  const int r = p.input_shape.rank;
  if (p.output_shape.rank != r || r < 1) return false;
  for (int i = 0; i < r; ++i) {
    if (!(p.scales[i] > 0.0) || p.output_shape[i] < 0 || p.input_shape[i] < 0) return false;
  }
  const bool needs_float = p.mode != ResizeMode::kNearest ||
                           p.coordinates == ResizeCoordinates::kTfCropAndResize;
  if (needs_float && p.element_size != 4) return false;
  if (p.element_size < 1) return false;
  return p.input_shape.num_elements() > 0 || p.output_shape.num_elements() == 0;
}

ResizePlan MakeResizePlan(const ResizeParams& p) {
  int64_t stride[Dims::kMaxRank];
  RowMajorStrides(p.input_shape, stride);
  ResizePlan plan;
  for (int d = 0; d < p.input_shape.rank; ++d) {
    plan.taps[d].resize(static_cast<size_t>(p.output_shape[d]));
    for (int64_t x = 0; x < p.output_shape[d]; ++x) plan.taps[d][x] = TapsAt(p, d, x, stride[d]);
  }
  return plan;
}

void Resize(const ResizeParams& p, const ResizePlan& plan, const void* input, void* output) {
  const int r = p.input_shape.rank;
  const auto* src = static_cast<const unsigned char*>(input);
  auto* dst = static_cast<unsigned char*>(output);
  const float* in = static_cast<const float*>(input);
  ForEachIndex(p.output_shape, [&](const int64_t* index, int64_t n) {
    // Dimensions reading one element add its offset to `base`; the others are `spread`.
    int64_t base = 0;
    const ResizeTaps* spread[Dims::kMaxRank];
    int k = 0;
    bool outside = false;
    for (int d = 0; d < r; ++d) {
      const ResizeTaps& t = plan.taps[d][index[d]];
      outside = outside || t.outside;
      if (t.count == 1) {
        base += t.offset[0];
      } else {
        spread[k++] = &t;
      }
    }
    if (outside) {
      static_cast<float*>(output)[n] = p.extrapolation_value;
      return;
    }
    if (k == 0) {
      std::memcpy(dst + n * p.element_size, src + base * p.element_size, p.element_size);
      return;
    }
    // Sum over every choice of one tap per spread dimension (an odometer over `pick`).
    int pick[Dims::kMaxRank] = {};
    double sum = 0.0;
    for (;;) {
      double w = 1.0;
      int64_t offset = base;
      for (int j = 0; j < k; ++j) {
        w *= spread[j]->weight[pick[j]];
        offset += spread[j]->offset[pick[j]];
      }
      sum += w * static_cast<double>(in[offset]);
      int j = k - 1;
      for (; j >= 0; --j) {
        if (++pick[j] < spread[j]->count) break;
        pick[j] = 0;
      }
      if (j < 0) break;
    }
    static_cast<float*>(output)[n] = static_cast<float>(sum);
  });
}

void Resize(const ResizeParams& p, const void* input, void* output) {
  Resize(p, MakeResizePlan(p), input, output);
}

}  // namespace neo::kernels::reference

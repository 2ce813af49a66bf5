// Resize (ONNX Resize / Upsample): nearest for any rank and element size, linear
// (N-linear) and cubic (N-cubic) for float at any rank; rank-4 NCHW bilinear is the
// common case. Coordinates follow the ONNX backend tests' reference
// (onnx/backend/test/case/node/resize.py): computed in double from the float scales, with
// the "resized length" in align_corners, pytorch_half_pixel and tf_crop_and_resize being
// scale * input length (not the rounded output length); neighbours outside the input take
// the edge value unless exclude_outside drops them. Every dimension is sampled, also one
// whose scale is 1 (tf_crop_and_resize's roi may still move it); an integral source
// coordinate reads its element alone, as the reference's weights (0 elsewhere) do.
#ifndef NEO_KERNELS_RESIZE_H_
#define NEO_KERNELS_RESIZE_H_

#include <cstddef>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class ResizeMode { kNearest, kLinear, kCubic };
enum class ResizeCoordinates {
  kHalfPixel,         // (x + 0.5) / scale - 0.5
  kAsymmetric,        // x / scale
  kAlignCorners,      // x * (in - 1) / (scale * in - 1), 0 when scale * in == 1
  kPytorchHalfPixel,  // as half_pixel, -0.5 when scale * in == 1
  kTfHalfPixelForNn,  // (x + 0.5) / scale
  // x * (end - start) * (in - 1) / (scale * in - 1) + start * (in - 1), the roi's start
  // and end being fractions of the input; outside [0, in - 1] reads extrapolation_value.
  kTfCropAndResize,
};
// How nearest rounds a coordinate with a fractional part (an integral one is used as is).
enum class ResizeNearest { kRoundPreferFloor, kRoundPreferCeil, kFloor, kCeil };

struct ResizeParams {
  ResizeMode mode = ResizeMode::kNearest;
  ResizeCoordinates coordinates = ResizeCoordinates::kHalfPixel;
  ResizeNearest nearest = ResizeNearest::kRoundPreferFloor;
  Dims input_shape;
  Dims output_shape;
  double scales[Dims::kMaxRank] = {};  // per dimension, > 0
  size_t element_size = 4;             // linear, cubic and tf_crop_and_resize: 4 (float)
  // Cubic: Keys' kernel with this `a`; exclude_outside (any mode but nearest) gives the
  // neighbours outside the input weight 0 and rescales the others to sum to 1.
  double cubic_coeff_a = -0.75;
  bool exclude_outside = false;
  // tf_crop_and_resize: the region sampled per dimension, as fractions of the input
  // length, and the value of samples falling outside the input.
  double roi_start[Dims::kMaxRank] = {};
  double roi_end[Dims::kMaxRank] = {1, 1, 1, 1, 1, 1, 1, 1};
  float extrapolation_value = 0.0f;
};
static_assert(Dims::kMaxRank == 8, "roi_end's initializer has one 1 per possible dimension");

inline const char* EnumeratorName(ResizeMode m) {
  switch (m) {
    case ResizeMode::kNearest: return "kNearest";
    case ResizeMode::kLinear: return "kLinear";
    case ResizeMode::kCubic: return "kCubic";
  }
  return "";
}

inline const char* EnumeratorName(ResizeCoordinates c) {
  switch (c) {
    case ResizeCoordinates::kHalfPixel: return "kHalfPixel";
    case ResizeCoordinates::kAsymmetric: return "kAsymmetric";
    case ResizeCoordinates::kAlignCorners: return "kAlignCorners";
    case ResizeCoordinates::kPytorchHalfPixel: return "kPytorchHalfPixel";
    case ResizeCoordinates::kTfHalfPixelForNn: return "kTfHalfPixelForNn";
    case ResizeCoordinates::kTfCropAndResize: return "kTfCropAndResize";
  }
  return "";
}

inline const char* EnumeratorName(ResizeNearest n) {
  switch (n) {
    case ResizeNearest::kRoundPreferFloor: return "kRoundPreferFloor";
    case ResizeNearest::kRoundPreferCeil: return "kRoundPreferCeil";
    case ResizeNearest::kFloor: return "kFloor";
    case ResizeNearest::kCeil: return "kCeil";
  }
  return "";
}

// scales: one field per dimension of the input ("scales[0]", ...). The cubic and
// crop-and-resize fields are listed where they differ from their defaults, so the code
// written for nearest and linear resizes stays as it was before they existed.
inline void VisitFields(const ResizeParams& p, FieldVisitor& v) {
  v.Enum("mode", "neo::kernels::ResizeMode", EnumeratorName(p.mode));
  v.Enum("coordinates", "neo::kernels::ResizeCoordinates", EnumeratorName(p.coordinates));
  v.Enum("nearest", "neo::kernels::ResizeNearest", EnumeratorName(p.nearest));
  v.Shape("input_shape", p.input_shape);
  v.Shape("output_shape", p.output_shape);
  for (int i = 0; i < p.input_shape.rank; ++i) {
    v.Double("scales[" + std::to_string(i) + "]", p.scales[i]);
  }
  v.Int("element_size", static_cast<int64_t>(p.element_size));
  if (p.cubic_coeff_a != -0.75) v.Double("cubic_coeff_a", p.cubic_coeff_a);
  if (p.exclude_outside) v.Bool("exclude_outside", true);
  for (int i = 0; i < p.input_shape.rank; ++i) {
    if (p.roi_start[i] != 0.0) v.Double("roi_start[" + std::to_string(i) + "]", p.roi_start[i]);
  }
  for (int i = 0; i < p.input_shape.rank; ++i) {
    if (p.roi_end[i] != 1.0) v.Double("roi_end[" + std::to_string(i) + "]", p.roi_end[i]);
  }
  if (p.extrapolation_value != 0.0f) v.Float("extrapolation_value", p.extrapolation_value);
}

// Reference only. Linear, cubic and tf_crop_and_resize need float elements; an empty
// input with a non-empty output is declined (nothing to sample).
bool ResizeSupports(Backend backend, const ResizeParams& p);

// Works out where each output coordinate samples at construction (a few dozen bytes per
// output coordinate of each dimension); Run() allocates nothing.
class Resize : public Kernel {
 public:
  Resize(Context& context, const ResizeParams& params, Backend backend, const void* input,
         void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_RESIZE_H_

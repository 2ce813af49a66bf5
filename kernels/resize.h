// Resize (ONNX Resize / Upsample): nearest for any rank and element size, linear
// (N-linear, float) for any rank; rank-4 NCHW bilinear is the common case. Coordinates
// follow the ONNX backend tests' reference (onnx/backend/test/case/node/resize.py):
// computed in double from the float scales, with the "resized length" in align_corners
// and pytorch_half_pixel being scale * input length (not the rounded output length);
// neighbours outside the input take the edge value.
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

enum class ResizeMode { kNearest, kLinear };
enum class ResizeCoordinates {
  kHalfPixel,         // (x + 0.5) / scale - 0.5
  kAsymmetric,        // x / scale
  kAlignCorners,      // x * (in - 1) / (scale * in - 1), 0 when scale * in == 1
  kPytorchHalfPixel,  // as half_pixel, -0.5 when scale * in == 1
  kTfHalfPixelForNn,  // (x + 0.5) / scale
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
  size_t element_size = 4;             // linear: 4 (float)
};

inline const char* EnumeratorName(ResizeCoordinates c) {
  switch (c) {
    case ResizeCoordinates::kHalfPixel: return "kHalfPixel";
    case ResizeCoordinates::kAsymmetric: return "kAsymmetric";
    case ResizeCoordinates::kAlignCorners: return "kAlignCorners";
    case ResizeCoordinates::kPytorchHalfPixel: return "kPytorchHalfPixel";
    case ResizeCoordinates::kTfHalfPixelForNn: return "kTfHalfPixelForNn";
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

// scales: one field per dimension of the input ("scales[0]", ...).
inline void VisitFields(const ResizeParams& p, FieldVisitor& v) {
  v.Enum("mode", "neo::kernels::ResizeMode", p.mode == ResizeMode::kLinear ? "kLinear" : "kNearest");
  v.Enum("coordinates", "neo::kernels::ResizeCoordinates", EnumeratorName(p.coordinates));
  v.Enum("nearest", "neo::kernels::ResizeNearest", EnumeratorName(p.nearest));
  v.Shape("input_shape", p.input_shape);
  v.Shape("output_shape", p.output_shape);
  for (int i = 0; i < p.input_shape.rank; ++i) {
    v.Double("scales[" + std::to_string(i) + "]", p.scales[i]);
  }
  v.Int("element_size", static_cast<int64_t>(p.element_size));
}

// Reference only. Linear needs float elements; an empty input with a non-empty output
// is declined (nothing to sample).
bool ResizeSupports(Backend backend, const ResizeParams& p);

class Resize : public Kernel {
 public:
  Resize(Context& context, const ResizeParams& params, Backend backend, const void* input,
         void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_RESIZE_H_

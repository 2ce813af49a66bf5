// Max and average pooling over NHWC activations, windowed and global.
#ifndef NEO_KERNELS_POOLING_H_
#define NEO_KERNELS_POOLING_H_

#include <limits>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

enum class PoolingKind { kMax, kAverage };

struct Pooling2DParams {
  PoolingKind kind;
  int batch, channels;
  int input_height, input_width;
  int output_height, output_width;
  int kernel_height, kernel_width;
  int stride_height, stride_width;
  int dilation_height = 1, dilation_width = 1;  // max pooling only
  // Padding, including the extra bottom/right rows and columns a ceil-mode output needs.
  // Padded positions never win a max and never add to a sum.
  int pad_top, pad_left, pad_bottom, pad_right;
  // Average pooling's divisor: when count_include_pad, the window clipped to the input
  // grown by the counted_pad_* margins; otherwise the window clipped to the input.
  bool count_include_pad = false;
  int counted_pad_top = 0, counted_pad_left = 0, counted_pad_bottom = 0,
      counted_pad_right = 0;
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
};

inline const char* EnumeratorName(PoolingKind k) {
  return k == PoolingKind::kMax ? "kMax" : "kAverage";
}

inline void VisitFields(const Pooling2DParams& p, FieldVisitor& v) {
  v.Enum("kind", "neo::kernels::PoolingKind", EnumeratorName(p.kind));
  v.Int("batch", p.batch);
  v.Int("channels", p.channels);
  v.Int("input_height", p.input_height);
  v.Int("input_width", p.input_width);
  v.Int("output_height", p.output_height);
  v.Int("output_width", p.output_width);
  v.Int("kernel_height", p.kernel_height);
  v.Int("kernel_width", p.kernel_width);
  v.Int("stride_height", p.stride_height);
  v.Int("stride_width", p.stride_width);
  v.Int("dilation_height", p.dilation_height);
  v.Int("dilation_width", p.dilation_width);
  v.Int("pad_top", p.pad_top);
  v.Int("pad_left", p.pad_left);
  v.Int("pad_bottom", p.pad_bottom);
  v.Int("pad_right", p.pad_right);
  v.Bool("count_include_pad", p.count_include_pad);
  v.Int("counted_pad_top", p.counted_pad_top);
  v.Int("counted_pad_left", p.counted_pad_left);
  v.Int("counted_pad_bottom", p.counted_pad_bottom);
  v.Int("counted_pad_right", p.counted_pad_right);
  v.Float("output_min", p.output_min);
  v.Float("output_max", p.output_max);
}

bool Pooling2DSupports(Backend backend, const Pooling2DParams& p);

class Pooling2D : public Kernel {
 public:
  Pooling2D(Context& context, const Pooling2DParams& params, Backend backend,
            const float* input, float* output);
};

// Reduces [batch, pixels, channels] to [batch, channels].
struct GlobalPoolingParams {
  PoolingKind kind;
  int batch, pixels, channels;
};

inline void VisitFields(const GlobalPoolingParams& p, FieldVisitor& v) {
  v.Enum("kind", "neo::kernels::PoolingKind", EnumeratorName(p.kind));
  v.Int("batch", p.batch);
  v.Int("pixels", p.pixels);
  v.Int("channels", p.channels);
}

bool GlobalPoolingSupports(Backend backend, const GlobalPoolingParams& p);

class GlobalPooling : public Kernel {
 public:
  GlobalPooling(Context& context, const GlobalPoolingParams& params, Backend backend,
                const float* input, float* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_POOLING_H_

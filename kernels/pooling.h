// Max and average pooling over NHWC activations, windowed and global.
#ifndef NEO_KERNELS_POOLING_H_
#define NEO_KERNELS_POOLING_H_

#include <limits>
#include <memory>

#include "kernels/backend.h"
#include "kernels/context.h"

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

bool Pooling2DSupports(Backend backend, const Pooling2DParams& p);

class Pooling2D {
 public:
  Pooling2D(Context& context, const Pooling2DParams& params, Backend backend,
            const float* input, float* output);
  ~Pooling2D();
  Pooling2D(const Pooling2D&) = delete;
  Pooling2D& operator=(const Pooling2D&) = delete;
  void Run();
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Reduces [batch, pixels, channels] to [batch, channels].
struct GlobalPoolingParams {
  PoolingKind kind;
  int batch, pixels, channels;
};

bool GlobalPoolingSupports(Backend backend, const GlobalPoolingParams& p);

class GlobalPooling {
 public:
  GlobalPooling(Context& context, const GlobalPoolingParams& params, Backend backend,
                const float* input, float* output);
  ~GlobalPooling();
  GlobalPooling(const GlobalPooling&) = delete;
  GlobalPooling& operator=(const GlobalPooling&) = delete;
  void Run();
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_POOLING_H_

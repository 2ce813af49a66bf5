// ChannelAffine: a per-channel scale and shift, then a clamp, over the concatenation of
// its inputs along their last (channel) axis. It is BatchNorm (+ ReLU) after a Concat, as
// DenseNet places one before every convolution: one pass that reads each input once and
// writes the output once, instead of a concatenation, a multiplication and an addition
// that each read and write the whole tensor.
#ifndef NEO_KERNELS_CHANNEL_AFFINE_H_
#define NEO_KERNELS_CHANNEL_AFFINE_H_

#include <limits>
#include <vector>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/dims.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// y[p, c] = clamp(x[p, c] * scale[c] + shift[c], output_min, output_max) for every pixel p
// (all dimensions but the last), where x is the inputs joined along the last axis. Float
// only. The inputs agree on every dimension but the last.
struct ChannelAffineParams {
  std::vector<Dims> input_shapes;
  float output_min = -std::numeric_limits<float>::infinity();
  float output_max = std::numeric_limits<float>::infinity();
};

// The clamp bounds are listed only when set.
inline void VisitFields(const ChannelAffineParams& p, FieldVisitor& v) {
  v.Shapes("input_shapes", p.input_shapes);
  if (p.output_min != -std::numeric_limits<float>::infinity()) v.Float("output_min", p.output_min);
  if (p.output_max != std::numeric_limits<float>::infinity()) v.Float("output_max", p.output_max);
}

// Reference only (our own loop): at least one input, all of one rank >= 1, agreeing on
// every dimension but the last.
bool ChannelAffineSupports(Backend backend, const ChannelAffineParams& p);

class ChannelAffine : public Kernel {
 public:
  // `scale` and `shift` hold one float per output channel (the sum of the inputs' last
  // dimensions); they are read at every Run().
  ChannelAffine(Context& context, const ChannelAffineParams& params, Backend backend,
                const float* scale, const float* shift, std::vector<const void*> inputs,
                void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_CHANNEL_AFFINE_H_

#include "kernels/channel_affine.h"

#include <cstring>

#include "kernels/internal.h"
#include "kernels/parallel_rows.h"
#include "kernels/reference/channel_affine.h"

namespace neo::kernels {

namespace {

// Four floats in GCC's portable vector type: one SSE2 or NEON register, so that the
// comparisons below stay vector instructions on every target (wider types are split into
// scalars where the build's instruction set lacks them). No run-time dispatch: the code
// depends only on the build flags.
typedef float Floats4 __attribute__((vector_size(16)));

Floats4 Load(const float* p) {
  Floats4 v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// One pixel's run of `n` channels; the same operations in the same order as the
// reference, so the results are identical.
void AffineRun(const float* x, const float* scale, const float* shift, float lo, float hi,
               int64_t n, float* y) {
  const Floats4 vlo = {lo, lo, lo, lo};
  const Floats4 vhi = {hi, hi, hi, hi};
  int64_t k = 0;
  for (; k + 4 <= n; k += 4) {
    Floats4 v = Load(x + k) * Load(scale + k) + Load(shift + k);
    v = v < vlo ? vlo : v;
    v = vhi < v ? vhi : v;
    std::memcpy(y + k, &v, sizeof(v));
  }
  for (; k < n; ++k) {
    float v = x[k] * scale[k] + shift[k];
    v = v < lo ? lo : v;
    y[k] = hi < v ? hi : v;
  }
}

// Everything one Run() needs, fixed at construction.
struct AffinePlan {
  int64_t pixels = 0;
  int64_t total = 0;  // output channels
  std::vector<int64_t> channels;
  std::vector<const float*> inputs;
  const float* scale = nullptr;
  const float* shift = nullptr;
  float lo = 0, hi = 0;
  float* output = nullptr;

  void Pixels(int64_t begin, int64_t end) const {
    for (int64_t px = begin; px < end; ++px) {
      int64_t c = 0;
      for (size_t i = 0; i < inputs.size(); ++i) {
        AffineRun(inputs[i] + px * channels[i], scale + c, shift + c, lo, hi, channels[i],
                  output + px * total + c);
        c += channels[i];
      }
    }
  }
};

}  // namespace

ChannelAffine::ChannelAffine(Context& context, const ChannelAffineParams& params,
                             Backend backend, const float* scale, const float* shift,
                             std::vector<const void*> inputs, void* output) {
  if (!ChannelAffineSupports(backend, params) || inputs.size() != params.input_shapes.size()) {
    internal::Unsupported("ChannelAffine", BackendName(backend));
  }
  AffinePlan plan;
  const Dims& first = params.input_shapes[0];
  plan.pixels = 1;
  for (int d = 0; d + 1 < first.rank; ++d) plan.pixels *= first[d];
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Dims& s = params.input_shapes[i];
    plan.channels.push_back(s[s.rank - 1]);
    plan.total += plan.channels.back();
    plan.inputs.push_back(static_cast<const float*>(inputs[i]));
  }
  plan.scale = scale;
  plan.shift = shift;
  plan.lo = params.output_min;
  plan.hi = params.output_max;
  plan.output = static_cast<float*>(output);
  const internal::RowThreads threads(context, plan.pixels * plan.total);
  op_ = internal::MakeOp([plan = std::move(plan), threads] {
    threads.Run(plan.pixels, [&plan](int64_t begin, int64_t end) { plan.Pixels(begin, end); });
  });
}

}  // namespace neo::kernels

#include "kernels/resize.h"

#include <cstring>
#include <utility>

#include "kernels/internal.h"
#include "kernels/parallel_rows.h"
#include "kernels/reference/resize.h"

namespace neo::kernels {

namespace {

// The common case, images resized over their last two dimensions (DeepLab's bilinear
// upsampling of the class scores to the input size): float, nothing outside the input, and
// every other dimension reading a single element per output coordinate. The reference
// walks the output with a generic odometer; this walks rows and columns with each row's
// and column's taps at hand, doing the reference's arithmetic in the reference's order
// (double products of the weights, summed in tap order), so the results are identical.
class ImagePlan {
 public:
  // Whether `plan` is of that kind.
  static bool Fits(const ResizeParams& p, const reference::ResizePlan& plan) {
    const int r = p.input_shape.rank;
    if (r < 2 || p.element_size != 4 || p.coordinates == ResizeCoordinates::kTfCropAndResize) {
      return false;
    }
    for (int d = 0; d < r; ++d) {
      for (const reference::ResizeTaps& t : plan.taps[d]) {
        if (t.outside || t.count > 2 || (d < r - 2 && t.count != 1)) return false;
      }
    }
    return true;
  }

  ImagePlan(const ResizeParams& p, reference::ResizePlan plan, const void* input, void* output)
      : plan_(std::move(plan)),
        input_(static_cast<const float*>(input)),
        output_(static_cast<float*>(output)) {
    const int r = p.input_shape.rank;
    rows_ = 1;
    for (int d = 0; d < r - 2; ++d) rows_ *= p.output_shape[d];
    height_ = p.output_shape[r - 2];
    width_ = p.output_shape[r - 1];
    rank_ = r;
    for (int d = 0; d < r; ++d) shape_[d] = p.output_shape[d];
  }

  // Output rows [begin, end) of the (outer images x height) rows.
  void Rows(int64_t begin, int64_t end) const {
    const auto& rows_taps = plan_.taps[rank_ - 2];
    const auto& cols_taps = plan_.taps[rank_ - 1];
    for (int64_t row = begin; row < end; ++row) {
      const int64_t image = row / height_, h = row % height_;
      int64_t base = 0;
      int64_t rest = image;
      for (int d = rank_ - 3; d >= 0; --d) {
        base += plan_.taps[d][static_cast<size_t>(rest % shape_[d])].offset[0];
        rest /= shape_[d];
      }
      const reference::ResizeTaps& th = rows_taps[static_cast<size_t>(h)];
      float* out = output_ + row * width_;
      if (th.count == 1) {
        const float* in = input_ + base + th.offset[0];
        for (int64_t w = 0; w < width_; ++w) {
          const reference::ResizeTaps& tw = cols_taps[static_cast<size_t>(w)];
          if (tw.count == 1) {
            out[w] = in[tw.offset[0]];
          } else {
            double sum = 0.0;  // as the reference starts (so -0.0 terms give +0.0)
            sum += tw.weight[0] * static_cast<double>(in[tw.offset[0]]);
            sum += tw.weight[1] * static_cast<double>(in[tw.offset[1]]);
            out[w] = static_cast<float>(sum);
          }
        }
        continue;
      }
      const float* in0 = input_ + base + th.offset[0];
      const float* in1 = input_ + base + th.offset[1];
      const double h0 = th.weight[0], h1 = th.weight[1];
      for (int64_t w = 0; w < width_; ++w) {
        const reference::ResizeTaps& tw = cols_taps[static_cast<size_t>(w)];
        if (tw.count == 1) {
          double sum = 0.0;
          sum += h0 * static_cast<double>(in0[tw.offset[0]]);
          sum += h1 * static_cast<double>(in1[tw.offset[0]]);
          out[w] = static_cast<float>(sum);
        } else {
          const double w0 = tw.weight[0], w1 = tw.weight[1];
          double sum = 0.0;
          sum += h0 * w0 * static_cast<double>(in0[tw.offset[0]]);
          sum += h0 * w1 * static_cast<double>(in0[tw.offset[1]]);
          sum += h1 * w0 * static_cast<double>(in1[tw.offset[0]]);
          sum += h1 * w1 * static_cast<double>(in1[tw.offset[1]]);
          out[w] = static_cast<float>(sum);
        }
      }
    }
  }

  int64_t rows() const { return rows_ * height_; }
  int64_t elements() const { return rows_ * height_ * width_; }

 private:
  reference::ResizePlan plan_;
  const float* input_;
  float* output_;
  int64_t rows_ = 0, height_ = 0, width_ = 0;
  int rank_ = 0;
  int64_t shape_[Dims::kMaxRank] = {};
};

}  // namespace

Resize::Resize(Context& context, const ResizeParams& params, Backend backend, const void* input,
               void* output) {
  if (!ResizeSupports(backend, params)) internal::Unsupported("Resize", BackendName(backend));
  // The sampling plan is made here, once: Run() only reads it.
  reference::ResizePlan plan = reference::MakeResizePlan(params);
  if (!ImagePlan::Fits(params, plan)) {
    op_ = internal::MakeOp([params, plan = std::move(plan), input, output] {
      reference::Resize(params, plan, input, output);
    });
    return;
  }
  ImagePlan image(params, std::move(plan), input, output);
  const internal::RowThreads threads(context, image.elements());
  op_ = internal::MakeOp([image = std::move(image), threads] {
    threads.Run(image.rows(), [&image](int64_t begin, int64_t end) { image.Rows(begin, end); });
  });
}

}  // namespace neo::kernels

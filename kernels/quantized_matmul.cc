// QuantizedMatMul's backends: the reference loops, and for a QLinearMatMul of int8
// operands by a constant symmetric matrix, QuantizedConv2D's XNNPACK path as a 1x1
// convolution: the rows of a are the pixels, K the input channels, N the output
// channels, and b (K x N) transposed is the OIHW filter. That path's requantization is
// proven per channel and corrected by the reference where it must be, so the result is
// ONNX's bit for bit.
#include "kernels/quantized_matmul.h"

#include <vector>

#include "kernels/internal.h"
#include "kernels/quantized_conv.h"
#include "kernels/reference/quantized_matmul.h"

namespace neo::kernels {
namespace {

// Owns the transposed weights the convolution reads (its corrections read them at Run).
class AsConvolution final : public internal::Op {
 public:
  AsConvolution(Context& context, const QuantizedMatMulParams& p, const void* a,
                const void* a_zero_point, const void* b, const float* a_scale,
                const float* b_scale, const float* y_scale, const void* y_zero_point,
                void* output) {
    const int64_t k = p.a_shape[p.a_shape.rank - 1], n = p.b_shape[1];
    const int64_t rows = p.output_shape.num_elements() / n;
    const int8_t* bk = static_cast<const int8_t*>(b);
    filter_.resize(static_cast<size_t>(n * k));
    for (int64_t j = 0; j < n; ++j)
      for (int64_t q = 0; q < k; ++q) filter_[static_cast<size_t>(j * k + q)] = bk[q * n + j];
    QuantizedConv2DParams c{};
    c.batch = static_cast<int>(rows);
    c.input_height = c.input_width = c.output_height = c.output_width = 1;
    c.input_channels = static_cast<int>(k);
    c.output_channels = static_cast<int>(n);
    c.kernel_height = c.kernel_width = c.stride_height = c.stride_width = 1;
    c.dilation_height = c.dilation_width = c.groups = 1;
    c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = 0;
    c.input_type = c.weight_type = c.output_type = ElementType::kInt8;
    c.weight_scale_per_channel = p.b_scale_per_column;
    c.static_quantization = c.symmetric_weights = true;
    conv_ = std::make_unique<QuantizedConv2D>(context, c, Backend::kXnnpack, a, a_zero_point,
                                              filter_.data(), nullptr, a_scale, b_scale,
                                              y_scale, y_zero_point, nullptr, output);
  }
  void Run() override { conv_->Run(); }
  const char* implementation() const override { return conv_->implementation(); }

 private:
  std::vector<int8_t> filter_;
  std::unique_ptr<QuantizedConv2D> conv_;
};

}  // namespace

QuantizedMatMul::QuantizedMatMul(Context& context, const QuantizedMatMulParams& params,
                                 Backend backend, const void* a, const void* a_zero_point,
                                 const void* b, const void* b_zero_point, const float* a_scale,
                                 const float* b_scale, const float* y_scale,
                                 const void* y_zero_point, void* output) {
  if (!QuantizedMatMulSupports(backend, params)) {
    internal::Unsupported("QuantizedMatMul", BackendName(backend));
  }
  if (backend == Backend::kXnnpack) {
    if (!QuantizedMatMulSymmetricWeights(params, b_zero_point)) {
      internal::Unsupported("QuantizedMatMul (b's zero points are not 0)", "xnnpack");
    }
    op_ = std::make_unique<AsConvolution>(context, params, a, a_zero_point, b, a_scale, b_scale,
                                          y_scale, y_zero_point, output);
    return;
  }
  op_ = internal::MakeOp([=] {
    reference::QuantizedMatMul(params, a, a_zero_point, b, b_zero_point, a_scale, b_scale,
                               y_scale, y_zero_point, output);
  });
}

}  // namespace neo::kernels

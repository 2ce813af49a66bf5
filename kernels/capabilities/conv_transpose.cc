// ConvTranspose2D: which backend runs which transposed convolution (pure; see conv2d.cc).
#include "kernels/conv_transpose.h"
#include "kernels/reference/conv_transpose.h"

namespace neo::kernels {
namespace {

// oneDNN 2.6.3 deconvolution_forward (direct): the reference implementation runs it as
// a backward-data convolution, so deconv_desc_init's and conv_desc_init's conditions
// apply: non-empty tensors, non-negative left paddings, and right paddings (the ONNX pad
// minus the output padding) above -stride; the output size is ONNX's formula by
// construction, and a valid clamp (min <= max) is an eltwise post-op it applies itself.
bool Onednn(const ConvTranspose2DParams& p) {
  return p.batch >= 1 && p.input_height >= 1 && p.input_width >= 1 && p.output_height >= 1 &&
         p.output_width >= 1 && p.pad_top >= 0 && p.pad_left >= 0 && p.pad_bottom >= 0 &&
         p.pad_right >= 0 &&
         p.pad_bottom - p.output_padding_height + p.stride_height > 0 &&
         p.pad_right - p.output_padding_width + p.stride_width > 0;
}

}  // namespace

bool ConvTranspose2DSupports(Backend backend, const ConvTranspose2DParams& p) {
  if (!reference::ConvTranspose2DValid(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kOnednn: return Onednn(p);
    default: return false;
  }
}

}  // namespace neo::kernels

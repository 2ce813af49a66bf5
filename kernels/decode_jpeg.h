// DecodeJpeg: TensorFlow's DecodeJpeg for one image of a size fixed at compile time. The
// input is a neo::Bytes (kernels/model.h) pointing at the caller's JPEG; the output is
// uint8 [height, width, channels], RGB or grayscale, decoded by libjpeg-turbo.
//
// The bytes are checked at every Run(): data that does not decode (corrupt, truncated,
// CMYK), or decodes to another height, width or channel count than the parameters say,
// zero-fills the output and reports a message through the Context (Context::run_status),
// which generated models return from run_status(). Nothing is ever written beyond the
// output, and libjpeg's errors never exit the process.
#ifndef NEO_KERNELS_DECODE_JPEG_H_
#define NEO_KERNELS_DECODE_JPEG_H_

#include <cstdint>

#include "kernels/backend.h"
#include "kernels/context.h"
#include "kernels/kernel.h"
#include "kernels/params_fields.h"

namespace neo::kernels {

// TensorFlow's dct_method: "" (libjpeg's default, which is its accurate integer IDCT),
// "INTEGER_FAST" (JDCT_IFAST) and "INTEGER_ACCURATE" (JDCT_ISLOW).
enum class JpegDct { kDefault, kIntegerFast, kIntegerAccurate };

inline const char* EnumeratorName(JpegDct d) {
  switch (d) {
    case JpegDct::kDefault: return "kDefault";
    case JpegDct::kIntegerFast: return "kIntegerFast";
    case JpegDct::kIntegerAccurate: return "kIntegerAccurate";
  }
  return "";
}

struct DecodeJpegParams {
  // The decoded image, after `ratio`: what the bytes must decode to.
  int height = 0;
  int width = 0;
  int channels = 3;  // 1 (grayscale) or 3 (RGB)
  // TensorFlow's channels = 0: no conversion, so the JPEG itself must have `channels`
  // components (a grayscale file 1, a color file 3). Otherwise libjpeg converts.
  bool channels_from_file = false;
  int ratio = 1;  // 1, 2, 4 or 8: libjpeg's scale_denom
  JpegDct dct_method = JpegDct::kDefault;
  bool fancy_upscaling = true;  // libjpeg's do_fancy_upsampling (chroma upsampling)
};

inline void VisitFields(const DecodeJpegParams& p, FieldVisitor& v) {
  v.Int("height", p.height);
  v.Int("width", p.width);
  v.Int("channels", p.channels);
  v.Bool("channels_from_file", p.channels_from_file);
  v.Int("ratio", p.ratio);
  v.Enum("dct_method", "neo::kernels::JpegDct", EnumeratorName(p.dct_method));
  v.Bool("fancy_upscaling", p.fancy_upscaling);
}

// Reference only (libjpeg-turbo). Declines empty or oversized images (more than 2^31
// bytes), channels other than 1 and 3, and ratios other than 1, 2, 4 and 8.
bool DecodeJpegSupports(Backend backend, const DecodeJpegParams& p);

class DecodeJpeg : public Kernel {
 public:
  // `input` is a const neo::Bytes*; it is read at Run(), so the caller may point it at
  // new bytes between runs. `output` holds height * width * channels bytes.
  DecodeJpeg(Context& context, const DecodeJpegParams& params, Backend backend,
             const void* input, void* output);
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_DECODE_JPEG_H_

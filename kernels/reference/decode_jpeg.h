// Reference DecodeJpeg (see kernels/decode_jpeg.h): libjpeg-turbo with an error handler
// that returns instead of exiting. The compiler's evaluator folds DecodeJpeg of a
// constant JPEG with it, and the runtime kernel runs it. Its own library
// (:decode_jpeg), so that only what decodes JPEGs links libjpeg.
#ifndef NEO_KERNELS_REFERENCE_DECODE_JPEG_H_
#define NEO_KERNELS_REFERENCE_DECODE_JPEG_H_

#include <cstddef>
#include <cstdint>

#include "kernels/decode_jpeg.h"
#include "kernels/model.h"

namespace neo::kernels::reference {

// Room for any message below (libjpeg's own are at most 200 characters).
constexpr size_t kJpegMessageSize = 320;

// Decodes `jpeg` into `output` (p.height * p.width * p.channels bytes) and returns true,
// or returns false with a one-line reason in `message` (kJpegMessageSize bytes, always
// NUL-terminated) and the output zero-filled. Writes only within `output`; allocates
// (libjpeg's working memory, freed before it returns). Warnings that mean pixels were
// made up (truncated data, bad entropy codes) are failures; harmless ones (extraneous
// bytes between markers) are not.
bool DecodeJpeg(const DecodeJpegParams& p, const Bytes& jpeg, uint8_t* output, char* message);

// The header of `jpeg` only: the decoded size at `ratio` (1, 2, 4, 8) and the number of
// color components in the file (1 grayscale, 3 color, 4 CMYK/YCCK). False with a message
// as above when the header does not parse.
struct JpegHeader {
  int height = 0;
  int width = 0;
  int components = 0;
};
bool ReadJpegHeader(const Bytes& jpeg, int ratio, JpegHeader* header, char* message);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_DECODE_JPEG_H_

// DecodeJpeg: an encoded input (kBytes) to its image.
#ifndef NEO_COMPILER_IR_OPS_DECODE_JPEG_H_
#define NEO_COMPILER_IR_OPS_DECODE_JPEG_H_

#include <string>
#include <vector>

#include "compiler/ir/op_def.h"

namespace neo::ir {
namespace op {
inline constexpr char kDecodeJpeg[] = "DecodeJpeg";
}  // namespace op

std::vector<OpDef> DecodeJpegOps();

// What a JPEG held in `bytes` decodes to at `ratio` (1, 2, 4, 8), from its header: the
// height and width, and the color components of the file (1 grayscale, 3 color, 4
// CMYK). False, with `error` saying why, when the header does not parse. For frontends
// whose JPEG is a constant, so that they can give DecodeJpeg its output size.
struct JpegSize {
  int64_t height = 0;
  int64_t width = 0;
  int components = 0;
};
bool ReadJpegSize(const std::vector<uint8_t>& bytes, int ratio, JpegSize* size,
                  std::string* error);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OPS_DECODE_JPEG_H_

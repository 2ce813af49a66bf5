#include "kernels/reference/decode_jpeg.h"

// jpeglib.h uses FILE and size_t without including their headers.
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <limits>

// jpeglib.h first: jerror.h lists some codes only under jconfig.h's feature macros.
extern "C" {
#include <jpeglib.h>
#include <jerror.h>
}

namespace neo::kernels::reference {

namespace {

// libjpeg's error_exit must not return (its default calls exit()); this one jumps back
// to the setjmp of the call that started decoding, with the message saved.
struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char* message;
};

void SaveMessage(j_common_ptr cinfo) {
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  char text[JMSG_LENGTH_MAX];
  (*cinfo->err->format_message)(cinfo, text);
  std::snprintf(e->message, kJpegMessageSize, "not a decodable JPEG: %s", text);
}

[[noreturn]] void ErrorExit(j_common_ptr cinfo) {
  SaveMessage(cinfo);
  std::longjmp(reinterpret_cast<ErrorManager*>(cinfo->err)->jump, 1);
}

// Warnings after which the decoder invents pixels (grey blocks for missing data): the
// image is not the one that was encoded, so the caller must hear about it.
bool LosesPixels(int code) {
  switch (code) {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
      return true;
    default:
      return false;
  }
}

void EmitMessage(j_common_ptr cinfo, int level) {
  if (level < 0 && LosesPixels(cinfo->err->msg_code)) ErrorExit(cinfo);
}

void OutputMessage(j_common_ptr) {}  // nothing is printed: messages go to the caller

void Fail(char* message, const char* text) { std::snprintf(message, kJpegMessageSize, "%s", text); }

// Sets up `cinfo` on `jpeg` and reads its header. Call only after setjmp(err->jump).
void Begin(jpeg_decompress_struct* cinfo, const Bytes& jpeg) {
  jpeg_create_decompress(cinfo);
  jpeg_mem_src(cinfo, static_cast<const unsigned char*>(jpeg.data),
               static_cast<unsigned long>(jpeg.size));
  jpeg_read_header(cinfo, TRUE);
}

void InitErrors(jpeg_decompress_struct* cinfo, ErrorManager* err, char* message) {
  // Zeroed so that jpeg_destroy_decompress after an early jump sees no memory manager.
  std::memset(cinfo, 0, sizeof(*cinfo));
  cinfo->err = jpeg_std_error(&err->pub);
  err->pub.error_exit = ErrorExit;
  err->pub.emit_message = EmitMessage;
  err->pub.output_message = OutputMessage;
  err->message = message;
}

bool CheckInput(const Bytes& jpeg, char* message) {
  if (jpeg.data == nullptr || jpeg.size == 0) {
    Fail(message, "no JPEG bytes (the input is empty)");
    return false;
  }
  if (jpeg.size > std::numeric_limits<unsigned long>::max()) {
    Fail(message, "the JPEG is too large");
    return false;
  }
  return true;
}

J_DCT_METHOD DctMethod(JpegDct d) {
  switch (d) {
    case JpegDct::kIntegerFast: return JDCT_IFAST;
    case JpegDct::kIntegerAccurate: return JDCT_ISLOW;
    case JpegDct::kDefault: break;
  }
  return JDCT_DEFAULT;
}

}  // namespace

bool ReadJpegHeader(const Bytes& jpeg, int ratio, JpegHeader* header, char* message) {
  message[0] = '\0';
  if (!CheckInput(jpeg, message)) return false;
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  InitErrors(&cinfo, &err, message);
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  Begin(&cinfo, jpeg);
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned int>(ratio);
  jpeg_calc_output_dimensions(&cinfo);
  header->height = static_cast<int>(cinfo.output_height);
  header->width = static_cast<int>(cinfo.output_width);
  header->components = cinfo.num_components;
  jpeg_destroy_decompress(&cinfo);
  return true;
}

bool DecodeJpeg(const DecodeJpegParams& p, const Bytes& jpeg, uint8_t* output, char* message) {
  const size_t row_bytes = static_cast<size_t>(p.width) * static_cast<size_t>(p.channels);
  const size_t total = row_bytes * static_cast<size_t>(p.height);
  message[0] = '\0';
  if (!CheckInput(jpeg, message)) {
    std::memset(output, 0, total);
    return false;
  }
  jpeg_decompress_struct cinfo;
  ErrorManager err;
  InitErrors(&cinfo, &err, message);
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    std::memset(output, 0, total);
    return false;
  }
  Begin(&cinfo, jpeg);
  // libjpeg converts neither to RGB nor to grayscale from these (TensorFlow inverts
  // and converts them itself); rare enough to be refused rather than done by hand.
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
    Fail(message, "the JPEG is CMYK (or YCCK); only grayscale and color (YCbCr or RGB) "
                  "JPEGs are decoded");
    jpeg_destroy_decompress(&cinfo);
    std::memset(output, 0, total);
    return false;
  }
  if (p.channels_from_file) {
    const int file = cinfo.num_components;
    if (file != p.channels) {
      std::snprintf(message, kJpegMessageSize,
                    "the JPEG has %d color component%s; the model decodes it as it is "
                    "(channels=0) to %d channel%s",
                    file, file == 1 ? "" : "s", p.channels, p.channels == 1 ? "" : "s");
      jpeg_destroy_decompress(&cinfo);
      std::memset(output, 0, total);
      return false;
    }
  }
  cinfo.out_color_space = p.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  cinfo.scale_num = 1;
  cinfo.scale_denom = static_cast<unsigned int>(p.ratio);
  cinfo.dct_method = DctMethod(p.dct_method);
  cinfo.do_fancy_upsampling = p.fancy_upscaling ? TRUE : FALSE;
  jpeg_calc_output_dimensions(&cinfo);
  if (cinfo.output_height != static_cast<JDIMENSION>(p.height) ||
      cinfo.output_width != static_cast<JDIMENSION>(p.width) ||
      cinfo.output_components != p.channels) {
    std::snprintf(message, kJpegMessageSize,
                  "the JPEG decodes to height %u, width %u at ratio %d; the model was "
                  "compiled for height %d, width %d",
                  cinfo.output_height, cinfo.output_width, p.ratio, p.height, p.width);
    jpeg_destroy_decompress(&cinfo);
    std::memset(output, 0, total);
    return false;
  }
  jpeg_start_decompress(&cinfo);
  // The dimensions were checked above, so every row lands inside `output`.
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = output + static_cast<size_t>(cinfo.output_scanline) * row_bytes;
    if (jpeg_read_scanlines(&cinfo, &row, 1) != 1) {
      // The memory source never suspends; should it ever, fail rather than spin.
      Fail(message, "not a decodable JPEG: the decoder stopped early");
      jpeg_destroy_decompress(&cinfo);
      std::memset(output, 0, total);
      return false;
    }
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

}  // namespace neo::kernels::reference

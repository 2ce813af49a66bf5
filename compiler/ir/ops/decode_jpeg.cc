// DecodeJpeg(contents: bytes scalar) -> uint8 [height, width, channels] (kernels/
// decode_jpeg.h). The size is fixed at compile time: a graph input's from the data
// shape, a constant's from its header. The generated code checks each run's bytes
// against it; the evaluator decodes constants (folding) and test inputs with the same
// reference.
#include "compiler/ir/ops/decode_jpeg.h"

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/graph_edit.h"
#include "kernels/decode_jpeg.h"
#include "kernels/model.h"
#include "kernels/reference/decode_jpeg.h"

namespace neo::ir {

namespace {

using kernels::Backend;

bool ValidRatio(int64_t r) { return r == 1 || r == 2 || r == 4 || r == 8; }

OutputType DecodeJpegShape(const NodeContext& c) {
  if (c.dtype(0) != DType::kBytes || !c.shape(0).empty()) {
    c.Fail("contents must be one string of JPEG bytes (a bytes scalar)");
  }
  if (c.Int("channels") == 2) c.Fail("channels must be 1 or 3");
  if (!ValidRatio(c.Int("ratio"))) c.Fail("ratio must be 1, 2, 4 or 8");
  return {{c.Int("height"), c.Int("width"), c.Int("channels")}, DType::kUInt8};
}

kernels::JpegDct DctMethod(const std::string& name) {
  if (name == "INTEGER_FAST") return kernels::JpegDct::kIntegerFast;
  if (name == "INTEGER_ACCURATE") return kernels::JpegDct::kIntegerAccurate;
  return kernels::JpegDct::kDefault;
}

KernelCall DecodeJpegKernel(const NodeContext& c) {
  kernels::DecodeJpegParams p;
  p.height = c.ToInt(c.Int("height"));
  p.width = c.ToInt(c.Int("width"));
  p.channels = c.ToInt(c.Int("channels"));
  p.channels_from_file = c.Int("channels_from_file") != 0;
  p.ratio = c.ToInt(c.Int("ratio"));
  p.dct_method = DctMethod(c.Str("dct_method"));
  p.fancy_upscaling = c.Int("fancy_upscaling") != 0;
  if (!kernels::DecodeJpegSupports(Backend::kReference, p)) c.NotImplemented("an image this large");
  KernelCall k = MakeKernelCall("DecodeJpeg", "kernels/decode_jpeg.h", "DecodeJpegParams", p,
                                kernels::DecodeJpegSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.checks_input = true;
  k.allocates = true;
  k.summary = "DecodeJpeg " + ShapeToString(c.output_shape()) +
              (p.ratio == 1 ? std::string() : " ratio " + std::to_string(p.ratio));
  if (c.input(0).is_constant()) {
    // Folding decodes a constant JPEG or fails the compile; one reaching codegen would
    // be read as a neo::Bytes, which its weights are not.
    k.kernel.clear();
    k.not_compiled = "a constant JPEG that was not decoded at compile time";
  }
  const std::string node = Describe(c.node(), 0);
  k.reference = [p, node](const ReferenceBuffers& b) {
    char message[kernels::reference::kJpegMessageSize];
    if (!kernels::reference::DecodeJpeg(p, *b.in<Bytes>(0), b.out<uint8_t>(0), message)) {
      throw MalformedInputError("The JPEG of " + node + " cannot be used: " + message + ".");
    }
  };
  return k;
}

}  // namespace

bool ReadJpegSize(const std::vector<uint8_t>& bytes, int ratio, JpegSize* size,
                  std::string* error) {
  char message[kernels::reference::kJpegMessageSize];
  kernels::reference::JpegHeader header;
  if (!kernels::reference::ReadJpegHeader(Bytes{bytes.data(), bytes.size()}, ratio, &header,
                                          message)) {
    *error = message;
    return false;
  }
  size->height = header.height;
  size->width = header.width;
  size->components = header.components;
  return true;
}

std::vector<OpDef> DecodeJpegOps() {
  OpDef d;
  d.name = op::kDecodeJpeg;
  d.doc = "DecodeJpeg(contents: bytes scalar) -> uint8 [height, width, channels]: "
          "TensorFlow's DecodeJpeg by libjpeg-turbo at 1/ratio scale; the size is fixed, "
          "and bytes that decode to another one (or not at all) are a run-time error of "
          "the generated model (run_status); channels_from_file: no color conversion, the "
          "file must have `channels` components";
  d.attrs = {IntAttr("height").Min(1),
             IntAttr("width").Min(1),
             IntAttr("channels").Min(1).Max(3),
             IntAttr("channels_from_file").Min(0).Max(1).Default(int64_t{0}),
             IntAttr("ratio").Min(1).Max(8).Default(int64_t{1}),
             StringAttr("dct_method").OneOf({"", "INTEGER_FAST", "INTEGER_ACCURATE"})
                 .Default(std::string()),
             IntAttr("fancy_upscaling").Min(0).Max(1).Default(int64_t{1})};
  d.shape = DecodeJpegShape;
  d.kernel = DecodeJpegKernel;
  return {d};
}

}  // namespace neo::ir

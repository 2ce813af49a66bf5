// DecodeJpeg, and the string inputs it reads (jpeg_input.h).
#include <set>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/jpeg_input.h"
#include "compiler/frontends/tensorflow/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::tf_frontend {

namespace {

// The node names reading `tensor` ("node:k"), by data edges.
std::vector<const tensorflow::NodeDef*> Readers(const tensorflow::GraphDef& graph,
                                                const std::string& tensor) {
  std::vector<const tensorflow::NodeDef*> out;
  for (const auto& node : graph.node()) {
    for (const std::string& in : node.input()) {
      if (CanonicalTensorName(in) == tensor) {
        out.push_back(&node);
        break;
      }
    }
  }
  return out;
}

}  // namespace

void CheckJpegInput(const tensorflow::GraphDef& graph, const std::string& key,
                    const std::string& tensor, const tensorflow::TensorShapeProto* shape) {
  const std::string what = "input " + key + " of type DT_STRING";
  if (shape && !shape->unknown_rank() && shape->dim_size() != 0) {
    throw AttributeNotImplementedError(what + " that is not a scalar (one JPEG)", "Placeholder");
  }
  std::vector<std::string> pending = {CanonicalTensorName(tensor)};
  std::set<std::string> seen;
  while (!pending.empty()) {
    const std::string t = pending.back();
    pending.pop_back();
    if (!seen.insert(t).second) continue;
    for (const tensorflow::NodeDef* reader : Readers(graph, t)) {
      if (reader->op() == "Identity") {
        pending.push_back(reader->name() + ":0");
      } else if (reader->op() != "DecodeJpeg") {
        throw AttributeNotImplementedError(
            what + " read by " + reader->op() + " '" + reader->name() +
                "' (only DecodeJpeg may read string inputs)",
            "Placeholder");
      }
    }
  }
}

void LowerDecodeJpeg(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const int64_t channels = n.IntAttr("channels", 0);
  if (channels != 0 && channels != 1 && channels != 3) n.NotValid("channels", "must be 0, 1 or 3");
  const int64_t ratio = n.IntAttr("ratio", 1);
  if (ratio != 1 && ratio != 2 && ratio != 4 && ratio != 8) {
    n.NotValid("ratio", "must be 1, 2, 4 or 8");
  }
  const std::string dct = n.StringAttr("dct_method", "");
  if (dct != "" && dct != "INTEGER_FAST" && dct != "INTEGER_ACCURATE") {
    n.NotValid("dct_method", "must be '', 'INTEGER_FAST' or 'INTEGER_ACCURATE'");
  }
  // Both keep a truncated JPEG's first rows and blacken the rest; such bytes are a
  // run-time error here, as they are in TensorFlow at the defaults.
  if (n.BoolAttr("try_recover_truncated", false)) n.NotSupported("try_recover_truncated");
  if (n.FloatAttr("acceptable_fraction", 1.0f) != 1.0f) n.NotSupported("acceptable_fraction");

  const std::string who = "DecodeJpeg '" + n.node().name() + "'";
  const ir::Value& contents = n.input_value(0);
  ir::Shape hwc;
  if (const ir::Shape* image = n.ImageShape(n.input(0))) {
    const std::string entry = "The data shape of input '" + contents.name + "' (JPEG bytes for " +
                              who + ")";
    if (image->size() != 3) {
      throw MalformedInputError(entry + " must be the decoded image's [height, width, channels]; "
                                "it gives " + ir::ShapeToString(*image) + ".");
    }
    hwc = *image;
    if (channels != 0 && hwc[2] != channels) {
      throw MalformedInputError(entry + " has " + std::to_string(hwc[2]) + " channels, but it "
                                "decodes to channels=" + std::to_string(channels) + ".");
    }
    if (hwc[2] != 1 && hwc[2] != 3) {
      throw MalformedInputError(entry + " must have 1 or 3 channels; it gives " +
                                ir::ShapeToString(*image) + ".");
    }
  } else if (contents.is_constant() && contents.dtype == ir::DType::kBytes) {
    ir::JpegSize size;
    std::string error;
    if (!ir::ReadJpegSize(*contents.data, static_cast<int>(ratio), &size, &error)) {
      throw MalformedInputError("The constant JPEG of " + who + " cannot be used: " + error + ".");
    }
    if (channels == 0 && size.components != 1 && size.components != 3) {
      throw MalformedInputError("The constant JPEG of " + who + " has " +
                                std::to_string(size.components) +
                                " color components; only 1 and 3 are decoded.");
    }
    hwc = {size.height, size.width, channels != 0 ? channels : size.components};
  } else {
    n.NotSupported("contents computed in the graph (not a model input or a constant)");
  }
  ir::Attributes attrs;
  attrs.set("height", hwc[0]);
  attrs.set("width", hwc[1]);
  attrs.set("channels", hwc[2]);
  attrs.set("channels_from_file", int64_t{channels == 0 ? 1 : 0});
  attrs.set("ratio", ratio);
  attrs.set("dct_method", dct);
  attrs.set("fancy_upscaling", int64_t{n.BoolAttr("fancy_upscaling", true) ? 1 : 0});
  n.SetOutput(0, n.Emit(ir::op::kDecodeJpeg, {n.input(0)}, attrs, ir::DType::kUInt8));
}

}  // namespace neo::tf_frontend

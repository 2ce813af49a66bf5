// The ONNX frontend: a serialized ModelProto in, a framework-neutral IR graph out.
//
// Two steps, because data_shape is checked against the model's declared inputs before
// anything is lowered: ParseOnnxModel reads and validates the file and reports its
// inputs; LowerOnnxModel fixes the input shapes and lowers every node.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_ONNX_IMPORT_H_
#define NEO_COMPILER_FRONTENDS_ONNX_ONNX_IMPORT_H_

#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/load/protobuf_parse.h"

namespace neo::onnx_frontend {

struct OnnxInput {
  std::string name;
  ir::DType dtype;
  std::vector<int64_t> dims;  // -1 for a symbolic or unknown dimension
  bool has_rank;              // false when the model declares no shape at all
};

class OnnxModel;

// Parses `bytes` (the .onnx file called `file_name`). Throws NeoError: Malformed input
// for a file that is not an ONNX model or exceeds `limits`; OperatorNotImplemented listing
// every operator outside the table, with the nodes that use each on detail lines.
std::shared_ptr<OnnxModel> ParseOnnxModel(const std::string& bytes, const std::string& file_name,
                                          const ProtobufLimits& limits = ProtobufLimits());

// The graph inputs the user must feed (initializers listed as inputs are not among them).
std::vector<OnnxInput> OnnxModelInputs(const OnnxModel& model);

// Lowers the model with its inputs fixed to `input_shapes` (model input order).
ir::Graph LowerOnnxModel(const OnnxModel& model, const std::vector<ir::Shape>& input_shapes);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_ONNX_IMPORT_H_

// Generates a model's C++: `<name>.h` (the class users include), `<name>.cc` (its
// construction and Run), `<name>_weights.S` (embeds `<name>_weights.bin` with .incbin).
//
// Input: an IR graph after the standard passes (NHWC inside, shapes static) and where
// each non-constant value lives in the arena. The output is deterministic: the same
// graph and options give byte-identical files.
#ifndef NEO_COMPILER_CODEGEN_CODEGEN_H_
#define NEO_COMPILER_CODEGEN_CODEGEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/codegen/backend_choice.h"
#include "compiler/codegen/cpp_names.h"
#include "compiler/ir/graph.h"

namespace neo::codegen {

struct ArenaLayout {
  std::vector<int64_t> offsets;  // per ValueId; -1 for constants and unused values
  size_t bytes = 0;
};

struct CodegenOptions {
  std::string name;                // file stem, e.g. "resnet18"
  CppClassName cpp_class;
  std::string header_path;         // how the .cc includes the header, e.g. "models/resnet18.h"
  std::string incbin_path;         // the path the assembler opens for the weights blob
  std::string provenance;          // e.g. "resnet18.tar.gz (onnx)", for the banner
  std::string source_sha256;       // the model file's digest for the header; may be empty
  std::string target;              // Neo target name, for the banner
  // Per graph input / output, in order: the source model's "NCHW" or "NHWC" for image
  // tensors, "" for plain row-major ones (passes::FindInterfaceLayouts). Missing
  // entries count as "".
  std::vector<std::string> input_layouts, output_layouts;
  BackendPolicy policy;
};

// What codegen chose for one node, for compile reports.
struct NodeChoice {
  std::string member;   // the generated class's member, e.g. "op3_conv2d"
  std::string op;       // the IR operator
  std::string name;     // the node's name from the source model
  std::string kernel;   // the kernel's summary, e.g. "Conv2D 3x3/1 64->64 56x56 +relu"
  std::string backend;  // "onednn", "xnnpack", "reference", ...; "" for views and copies
  int64_t macs = 0;     // multiply-accumulates per Run() (0 where not counted)
  // The node's values (absent optional inputs left out), for drawing the graph.
  std::vector<ir::ValueId> inputs, outputs;
};

struct GeneratedCode {
  std::string header;
  std::string source;
  std::string assembly;
  std::vector<uint8_t> weights;
  // One line per node: its kernel, backend and arena offsets (neoc prints it on request).
  std::string report;
  std::vector<NodeChoice> nodes;  // the same, as data
};

GeneratedCode GenerateCode(const ir::Graph& graph, const ArenaLayout& arena,
                           const CodegenOptions& options);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_CODEGEN_H_

// One compilation, from a model tarball to generated C++ files: what neoc does after
// parsing its flags. Every failure is a NeoError (bugs surface as other exceptions, which
// neoc reports as Neo's System Error); no partial output is left behind.
#ifndef NEO_COMPILER_DRIVER_H_
#define NEO_COMPILER_DRIVER_H_

#include <string>

#include "compiler/codegen/backend_choice.h"
#include "compiler/load/archive.h"
#include "compiler/load/protobuf_parse.h"
#include "compiler/report/compile_report.h"

namespace neo {

struct CompileOptions {
  std::string framework;    // onnx | pytorch | tensorflow | mxnet | xgboost
  std::string model_path;   // the .tar.gz
  std::string data_shape;   // JSON, any accepted form
  std::string name;         // file stem of the outputs
  std::string output_dir;
  std::string target;       // Neo target name; "" = host
  std::string cpp_class;    // "" = CamelCase(name) at global scope
  std::string header_path;  // how the .cc includes the header; "" = "<name>.h"
  std::string incbin_path;  // how the .S names the weights blob; "" = "<name>_weights.bin"
  codegen::BackendPolicy policy;
  std::string pytorch_frontend;  // libneo_pytorch_frontend.so; "" = look beside neoc
  int shards = 1;           // XGBoost: number of <name>_trees_<k>.cc files
  std::string signature;    // TensorFlow SavedModel: signature key; "" = serving_default
  ArchiveLimits archive_limits;  // what the tarball may unpack to
  ProtobufLimits protobuf_limits;  // ONNX and TensorFlow files
  // Also write <name>_report.txt and <name>_report.json (the report without phase times)
  // beside the code, atomically with it.
  bool write_report = false;
  // Also write the compiled graph in Graphviz's language to this path; with
  // graph_profile (a benchmark's --profile output), coloured by each node's share of
  // the run.
  std::string graph_path;
  std::string graph_profile;
  // Print each phase's end on stderr (neoc: when stderr is a terminal, or --progress).
  bool progress = false;
};

struct CompileResult {
  report::CompileReport report;
};

CompileResult Compile(const CompileOptions& options);

// Test hook: when the environment variable NEOC_INJECT_FAULT names a stage ("load",
// "frontend", "passes", "codegen", "write"), that stage throws std::runtime_error, to
// prove unexpected failures reach the user as the System Error.
void MaybeInjectFault(const char* stage);

}  // namespace neo

#endif  // NEO_COMPILER_DRIVER_H_

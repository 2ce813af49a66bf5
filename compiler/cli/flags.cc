#include "compiler/cli/flags.h"

#include "compiler/load/archive.h"
#include "compiler/load/protobuf_parse.h"
#include "gflags/gflags.h"

DEFINE_string(framework, "", "onnx | pytorch | tensorflow | mxnet | xgboost");
DEFINE_string(model, "", "the model tarball (.tar.gz or plain .tar) as Neo takes it");
DEFINE_string(data_shape, "",
              "input shapes as JSON, e.g. {\"data\":[1,3,224,224]} or [[1,3,224,224]]");
DEFINE_string(name, "", "file stem of the generated files: <name>.h, <name>.cc, ...");
DEFINE_string(output_dir, "", "where the generated files go (must exist)");
DEFINE_string(target, "",
              "Neo target name, e.g. ml_c5 or ml_c6g (default host: any x86-64 CPU); "
              "see --list_targets");
DEFINE_string(cpp_class, "", "generated class, e.g. vision::ResNet18 (default: CamelCase name)");
DEFINE_string(header_path, "", "how the generated .cc includes the header (default <name>.h)");
DEFINE_string(incbin_path, "",
              "path the generated .S passes to .incbin (default <name>_weights.bin)");
DEFINE_string(signature, "",
              "TensorFlow SavedModel: the signature to compile (default serving_default, or "
              "the only one)");
DEFINE_string(pytorch_frontend, "",
              "PyTorch: libneo_pytorch_frontend.so to load (default: beside neoc)");
DEFINE_int32(shards, 1, "XGBoost: number of <name>_trees_<k>.cc files the trees are split into");
DEFINE_string(conv_algorithm, "auto",
              "auto (Winograd where it measured faster) | direct | winograd");
DEFINE_bool(reference_kernels, false, "run every node on the reference kernels (for debugging)");
DEFINE_bool(allocation_free_run, false,
            "use only kernels whose Run() makes no heap allocation (no oneDNN)");
DEFINE_uint64(max_unpacked_bytes, neo::ArchiveLimits().max_total_bytes,
              "the most bytes the tarball's members may unpack to");
DEFINE_uint64(max_archive_members, neo::ArchiveLimits().max_members,
              "the most entries the tarball may hold");
DEFINE_uint64(max_compression_ratio, neo::ArchiveLimits().max_compression_ratio,
              "the most unpacked bytes per tarball byte once past 64 MiB (stops gzip bombs)");
DEFINE_int32(max_protobuf_depth, neo::ProtobufLimits().max_depth,
             "ONNX and TensorFlow files: the deepest nesting of messages (an ONNX subgraph "
             "takes three levels)");
DEFINE_uint64(max_protobuf_bytes, neo::ProtobufLimits().max_bytes,
              "ONNX and TensorFlow files: the largest serialized model (protobuf's own limit "
              "is 2 GiB - 1)");
DEFINE_bool(report, false,
            "print the compile report on stdout: operators by kind, what each pass changed, "
            "each node's kernel, backend and MACs, FLOPs, weight and arena bytes, time per "
            "phase");
DEFINE_string(report_format, "text", "--report's form: text | json");
DEFINE_bool(write_report, false,
            "also write <name>_report.txt and <name>_report.json (without times) beside the "
            "code");
DEFINE_string(graph, "",
              "also write the compiled graph to this file in Graphviz's language (dot -Tsvg "
              "renders it): kernels, backends, tensors with shapes and arena offsets");
DEFINE_string(graph_profile, "",
              "with --graph: a benchmark's --profile output; colours each node by its share "
              "of the run");
DEFINE_string(error_format, "text",
              "text (Neo's wording, then detail lines) | json (one JSON object per error on "
              "stderr: class, keyword, exit code, message, operators and nodes, file, member)");
DEFINE_string(progress, "auto",
              "auto (on stderr when it is a terminal, so Bazel actions stay quiet) | always "
              "| never: a line as each phase of the compile ends");
DEFINE_bool(list_targets, false,
            "print the Neo target names neoc compiles for (name, CPU family, -march/-mcpu, "
            "CPU) as tab-separated lines and exit");
DEFINE_bool(list_operators, false,
            "print the supported operators of --framework (XGBoost: objectives) and exit");
DEFINE_bool(never_compiled, false,
            "with --list_operators --framework=onnx: print the operators Neo never compiles, "
            "by design, each with why");
DEFINE_bool(list_ir_operators, false,
            "print the IR's operators (name, layout class, flags, inputs, attributes, meaning) "
            "as tab-separated lines and exit");

namespace neo::cli {

const std::vector<FlagGroup>& FlagGroups() {
  static const auto* groups = new std::vector<FlagGroup>{
      {"Model and output",
       {{"framework", "NAME"},
        {"model", "FILE"},
        {"data_shape", "JSON"},
        {"name", "NAME"},
        {"output_dir", "DIR"},
        {"target", "NAME"}}},
      {"Generated code",
       {{"cpp_class", "NS::CLASS"},
        {"header_path", "PATH"},
        {"incbin_path", "PATH"},
        {"conv_algorithm", "ALGORITHM", {"direct", "winograd", "auto"}},
        {"reference_kernels", nullptr},
        {"allocation_free_run", nullptr}}},
      {"Per framework",
       {{"signature", "NAME"}, {"pytorch_frontend", "FILE"}, {"shards", "N"}}},
      {"Limits on untrusted input",
       {{"max_unpacked_bytes", "BYTES"},
        {"max_archive_members", "N"},
        {"max_compression_ratio", "N"},
        {"max_protobuf_depth", "N"},
        {"max_protobuf_bytes", "BYTES"}}},
      {"Reports and errors",
       {{"report", nullptr},
        {"report_format", "FORMAT", {"text", "json"}},
        {"write_report", nullptr},
        {"graph", "FILE.dot"},
        {"graph_profile", "FILE"},
        {"error_format", "FORMAT", {"text", "json"}},
        {"progress", "WHEN", {"auto", "always", "never"}}}},
      {"Information (print and exit)",
       {{"list_targets", nullptr},
        {"list_operators", nullptr},
        {"never_compiled", nullptr},
        {"list_ir_operators", nullptr}}},
  };
  return *groups;
}

}  // namespace neo::cli

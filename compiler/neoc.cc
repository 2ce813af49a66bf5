// neoc: compiles a Neo model tarball into C++ (see README.md).
//
//   neoc --framework=onnx --model=m.tar.gz --data_shape='{"data":[1,3,224,224]}'
//        --name=resnet18 --output_dir=out/ [--target=ml_c5] [--cpp_class=vision::ResNet18]
//
// Exit status: 0 on success, else the error class's code (compiler/diagnostics).
#include <cstdio>
#include <exception>
#include <iostream>
#include <new>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/driver.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/pytorch/plugin_loader.h"
#include "compiler/frontends/tensorflow/operator_table.h"
#include "compiler/ir/op_registry.h"
#include "compiler/targets.h"
#include "gflags/gflags.h"

DEFINE_string(framework, "", "onnx | pytorch | tensorflow | mxnet | xgboost");
DEFINE_string(model, "", "the model tarball (.tar.gz) as Neo takes it");
DEFINE_string(data_shape, "", "input shapes as JSON, e.g. {\"data\":[1,3,224,224]}");
DEFINE_string(name, "", "file stem of the generated files: <name>.h, <name>.cc, ...");
DEFINE_string(output_dir, "", "where the generated files go (must exist)");
DEFINE_string(target, "",
              "Neo target name, e.g. ml_c5 or ml_c6g (default host: any x86-64 CPU); "
              "see --list_targets");
DEFINE_string(cpp_class, "", "generated class, e.g. vision::ResNet18 (default: CamelCase name)");
DEFINE_string(header_path, "", "how the generated .cc includes the header (default <name>.h)");
DEFINE_string(incbin_path, "", "path the generated .S passes to .incbin (default <name>_weights.bin)");
DEFINE_string(conv_algorithm, "auto",
              "auto (Winograd where it measured faster) | direct | winograd");
DEFINE_bool(reference_kernels, false, "run every node on the reference kernels (for debugging)");
DEFINE_bool(allocation_free_run, false,
            "use only kernels whose Run() makes no heap allocation (no oneDNN)");
DEFINE_int32(shards, 1, "XGBoost: number of <name>_trees_<k>.cc files the trees are split into");
DEFINE_string(signature, "",
              "TensorFlow SavedModel: the signature to compile (default serving_default, or "
              "the only one)");
DEFINE_string(pytorch_frontend, "",
              "libneo_pytorch_frontend.so for --framework=pytorch (default: beside neoc)");
DEFINE_bool(report, false, "print each node's kernel and backend");
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
DEFINE_bool(list_targets, false,
            "print the Neo target names neoc compiles for (name, CPU family, -march/-mcpu, "
            "CPU) as tab-separated lines and exit");
DEFINE_bool(list_operators, false, "print the supported operators of --framework and exit");
DEFINE_bool(never_compiled, false,
            "with --list_operators --framework=onnx: print the operators Neo never compiles, "
            "by design, each with why");
DEFINE_bool(list_ir_operators, false,
            "print the IR's operators (name, layout class, flags, inputs, attributes, meaning) "
            "as tab-separated lines and exit");

namespace {

int ListOperators() {
  if (FLAGS_framework == "pytorch") {
    for (const auto& op : neo::pytorch_frontend::PytorchOperatorsWithPlugin(FLAGS_pytorch_frontend)) {
      std::cout << op << "\n";
    }
    return 0;
  }
  // TensorFlow and MXNet: name, then "(not yet compiled)" or nothing, then the spec
  // operator a spelling shares its semantics with ("same as Add"), "beyond the spec" or
  // nothing.
  auto print = [](const char* name, bool compiled, const char* seed) {
    std::string note;
    if (seed) note = *seed ? std::string("same as ") + seed : "beyond the spec";
    std::cout << name << "\t" << (compiled ? "" : "(not yet compiled)") << "\t" << note << "\n";
  };
  if (FLAGS_framework == "tensorflow") {
    for (const auto& op : neo::tf_frontend::TfOperatorTable()) print(op.name, op.lower, op.seed);
    return 0;
  }
  if (FLAGS_framework == "mxnet") {
    for (const auto& op : neo::mx_frontend::MxOperatorTable()) print(op.name, op.lower, op.seed);
    return 0;
  }
  if (!FLAGS_framework.empty() && FLAGS_framework != "onnx") {
    std::cerr << "--list_operators: only the ONNX, PyTorch, TensorFlow and MXNet tables exist "
                 "in this version\n";
    return 1;
  }
  if (FLAGS_never_compiled) {
    for (const auto& [op, why] : neo::onnx_frontend::NeverCompiledOperators()) {
      std::cout << op << "\t" << why << "\n";
    }
    return 0;
  }
  // ONNX: name, "(not yet compiled)" or nothing, "beyond the spec" or nothing.
  for (const auto& op : neo::onnx_frontend::OnnxOperatorTable()) {
    std::cout << op.name << "\t" << (op.lower ? "" : "(not yet compiled)") << "\t"
              << (op.beyond_spec ? "beyond the spec" : "") << "\n";
  }
  return 0;
}

int ListTargets() {
  for (const neo::Target& t : neo::KnownTargets()) {
    std::cout << t.name << "\t" << neo::CpuFamilyName(t.family) << "\t" << t.isa << "\t"
              << t.description << "\n";
  }
  return 0;
}

// The operator registry as data (compiler/ir/ops/*.cc), one tab-separated line each.
int ListIrOperators() {
  for (const neo::ir::OpDef* d : neo::ir::AllOps()) {
    std::string flags;
    if (d->fuses_activation) flags += "fuses_activation ";
    if (d->view) flags += "view ";
    if (d->shape_only) flags += "shape_only ";
    if (!d->layout_axis.empty()) flags += "layout_axis=" + d->layout_axis + " ";
    if (!d->layout_axes.empty()) flags += "layout_axes=" + d->layout_axes + " ";
    if (!d->layout_dims.empty()) {
      flags += "layout_dims=";
      for (size_t i = 0; i < d->layout_dims.size(); ++i) {
        flags += (i ? "," : "") + d->layout_dims[i];
      }
      flags += " ";
    }
    if (!flags.empty()) flags.pop_back();
    std::string inputs = std::to_string(d->min_inputs);
    if (d->max_inputs != d->min_inputs) {
      inputs += d->max_inputs < 0 ? "+" : "-" + std::to_string(d->max_inputs);
    }
    std::string attrs;
    for (const auto& a : d->attrs) attrs += (attrs.empty() ? "" : "; ") + neo::ir::DescribeAttr(a);
    std::cout << d->name << "\t" << neo::ir::LayoutClassName(d->layout) << "\t" << flags
              << "\t" << inputs << "\t" << attrs << "\t" << d->doc << "\n";
  }
  return 0;
}

int Run() {
  if (FLAGS_list_targets) return ListTargets();
  if (FLAGS_list_operators) return ListOperators();
  if (FLAGS_list_ir_operators) return ListIrOperators();
  neo::CompileOptions o;
  o.framework = FLAGS_framework;
  o.model_path = FLAGS_model;
  o.data_shape = FLAGS_data_shape;
  o.name = FLAGS_name;
  o.output_dir = FLAGS_output_dir;
  o.target = FLAGS_target;
  o.cpp_class = FLAGS_cpp_class;
  o.header_path = FLAGS_header_path;
  o.incbin_path = FLAGS_incbin_path;
  o.pytorch_frontend = FLAGS_pytorch_frontend;
  o.shards = FLAGS_shards;
  o.signature = FLAGS_signature;
  o.archive_limits.max_total_bytes = FLAGS_max_unpacked_bytes;
  o.archive_limits.max_members = FLAGS_max_archive_members;
  if (FLAGS_max_compression_ratio < 1) {
    throw neo::MalformedInputError("--max_compression_ratio must be at least 1.");
  }
  o.archive_limits.max_compression_ratio = FLAGS_max_compression_ratio;
  if (FLAGS_max_protobuf_depth < 1) {
    throw neo::MalformedInputError("--max_protobuf_depth must be at least 1.");
  }
  o.protobuf_limits.max_depth = FLAGS_max_protobuf_depth;
  o.protobuf_limits.max_bytes = FLAGS_max_protobuf_bytes;
  if (FLAGS_conv_algorithm == "direct") {
    o.policy.conv_algorithm = neo::codegen::ConvAlgorithm::kDirect;
  } else if (FLAGS_conv_algorithm == "winograd") {
    o.policy.conv_algorithm = neo::codegen::ConvAlgorithm::kWinograd;
  } else if (FLAGS_conv_algorithm == "auto") {
    o.policy.conv_algorithm = neo::codegen::ConvAlgorithm::kAuto;
  } else {
    throw neo::MalformedInputError("--conv_algorithm must be direct, winograd or auto.");
  }
  o.policy.reference_only = FLAGS_reference_kernels;
  o.policy.allocation_free_run = FLAGS_allocation_free_run;
  if (o.model_path.empty()) throw neo::MalformedInputError("--model is required.");
  if (o.framework.empty()) throw neo::MalformedInputError("--framework is required.");
  neo::CompileResult r = neo::Compile(o);
  if (FLAGS_report) {
    std::cout << r.report << "arena " << r.arena_bytes << " bytes, weights " << r.weight_bytes
              << " bytes\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  gflags::SetUsageMessage("neoc --framework=onnx --model=m.tar.gz --data_shape=JSON "
                          "--name=NAME --output_dir=DIR [--target=ml_c5] [--cpp_class=ns::Class]");
  gflags::ParseCommandLineFlags(&argc, &argv, true);
  try {
    return Run();
  } catch (const neo::NeoError& e) {
    std::cerr << e.Headline() << "\n";
    for (const auto& line : e.details()) std::cerr << line << "\n";
    return neo::ExitCode(e.error_class());
  } catch (const std::exception& e) {
    // Anything else is our bug or the machine's trouble: Neo's one System Error line, and
    // the cause on the next for whoever files the ticket.
    std::cerr << neo::ErrorPrefix(neo::ErrorClass::kSystem) << ": " << neo::kSystemErrorMessage
              << "\n  (" << e.what() << ")\n";
    return neo::ExitCode(neo::ErrorClass::kSystem);
  } catch (...) {
    std::cerr << neo::ErrorPrefix(neo::ErrorClass::kSystem) << ": " << neo::kSystemErrorMessage
              << "\n";
    return neo::ExitCode(neo::ErrorClass::kSystem);
  }
}

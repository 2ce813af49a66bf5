// neoc: compiles a Neo model tarball into C++ (see README.md).
//
//   neoc --framework=onnx --model=m.tar.gz --data_shape='{"data":[1,3,224,224]}'
//        --name=resnet18 --output_dir=out/ [--target=ml_c5] [--cpp_class=vision::ResNet18]
//
// Exit status: 0 on success, else the error class's code (compiler/diagnostics).
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <new>

#include "compiler/cli/command_line.h"
#include "compiler/cli/error_json.h"
#include "compiler/cli/flags.h"
#include "compiler/cli/version.h"
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/driver.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/pytorch/plugin_loader.h"
#include "compiler/frontends/tensorflow/operator_table.h"
#include "compiler/frontends/xgboost/xgboost_import.h"
#include "compiler/ir/op_registry.h"
#include "compiler/targets.h"

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
  if (FLAGS_framework == "xgboost") {
    // Trees have no operators; what a model may use is its booster and objective.
    std::cout << "booster\tgbtree\tthe sum of its trees' leaves (the margin)\n"
                 "booster\tdart\tthe sum of its trees' leaves, each times its tree's weight\n";
    for (const auto& [name, prediction] : neo::xgboost_frontend::SupportedObjectives()) {
      std::cout << "objective\t" << name << "\t" << prediction << "\n";
    }
    return 0;
  }
  if (!FLAGS_framework.empty() && FLAGS_framework != "onnx") {
    throw neo::MalformedInputError("--list_operators: --framework must be onnx, pytorch, "
                                   "tensorflow, mxnet or xgboost, not " +
                                   neo::PythonQuote(FLAGS_framework) + ".");
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
  } else {  // "auto"; the command line took no other word
    o.policy.conv_algorithm = neo::codegen::ConvAlgorithm::kAuto;
  }
  o.policy.reference_only = FLAGS_reference_kernels;
  o.policy.allocation_free_run = FLAGS_allocation_free_run;
  if (o.model_path.empty()) throw neo::MalformedInputError("--model is required.");
  if (o.framework.empty()) throw neo::MalformedInputError("--framework is required.");
  o.write_report = FLAGS_write_report;
  o.progress = FLAGS_progress == "always" || (FLAGS_progress == "auto" && ::isatty(2) == 1);
  o.graph_path = FLAGS_graph;
  o.graph_profile = FLAGS_graph_profile;
  if (o.graph_path.empty() && !o.graph_profile.empty()) {
    throw neo::MalformedInputError("--graph_profile needs --graph.");
  }
  neo::CompileResult r = neo::Compile(o);
  if (FLAGS_report) {
    std::cout << (FLAGS_report_format == "json" ? neo::report::ReportJson(r.report, true)
                                                : neo::report::ReportText(r.report, true));
  }
  return 0;
}

// The error as --error_format asks: Neo's line and detail lines, or one JSON object.
void PrintError(const neo::NeoError& e) {
  if (FLAGS_error_format == "json") {
    std::cerr << neo::cli::ErrorJson(e) << "\n";
    return;
  }
  std::cerr << e.Headline() << "\n";
  for (const auto& line : e.details()) std::cerr << line << "\n";
}

// Anything but a NeoError is our bug or the machine's trouble: Neo's one System Error
// line, and the cause on the next for whoever files the ticket.
void PrintSystemError(const std::string& cause) {
  if (FLAGS_error_format == "json") {
    std::cerr << neo::cli::SystemErrorJson(cause) << "\n";
    return;
  }
  std::cerr << neo::ErrorPrefix(neo::ErrorClass::kSystem) << ": " << neo::kSystemErrorMessage
            << "\n";
  if (!cause.empty()) std::cerr << "  (" << cause << ")\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    switch (neo::cli::ParseCommandLine(argc, argv)) {
      case neo::cli::Request::kHelp:
        std::cout << neo::cli::HelpText();
        return 0;
      case neo::cli::Request::kVersion:
        std::cout << neo::cli::VersionText();
        return 0;
      case neo::cli::Request::kRun:
        break;
    }
    return Run();
  } catch (const neo::NeoError& e) {
    PrintError(e);
    return neo::ExitCode(e.error_class());
  } catch (const std::exception& e) {
    PrintSystemError(e.what());
    return neo::ExitCode(neo::ErrorClass::kSystem);
  } catch (...) {
    PrintSystemError("");
    return neo::ExitCode(neo::ErrorClass::kSystem);
  }
}

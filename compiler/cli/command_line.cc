#include "compiler/cli/command_line.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "compiler/cli/flags.h"
#include "compiler/diagnostics/diagnostics.h"
#include "gflags/gflags.h"

namespace neo::cli {

namespace {

const FlagEntry* FindFlag(const std::string& name) {
  for (const FlagGroup& g : FlagGroups()) {
    for (const FlagEntry& f : g.flags) {
      if (name == f.name) return &f;
    }
  }
  return nullptr;
}

// Only flags.cc's flags are neoc's; the flags library defines others for itself.
bool IsNeocFlag(const std::string& name, gflags::CommandLineFlagInfo* info) {
  return FindFlag(name) != nullptr && gflags::GetCommandLineFlagInfo(name.c_str(), info);
}

struct Assignment {
  std::string name, value;
  std::string error;  // set when the argument cannot be read; thrown in order
};

// One argument (and the next, for "--name value") into an assignment, without throwing.
Assignment ReadArgument(int argc, const char* const* argv, int* i) {
  const std::string arg = argv[*i];
  Assignment a;
  if (arg.size() < 2 || arg[0] != '-' || arg == "--") {
    a.error = "neoc takes no positional arguments, but got " + PythonQuote(arg) +
              " (neoc --help lists the flags)";
    return a;
  }
  const size_t dashes = arg[1] == '-' ? 2 : 1;
  const size_t eq = arg.find('=');
  a.name = arg.substr(dashes, eq == std::string::npos ? std::string::npos : eq - dashes);
  const bool has_value = eq != std::string::npos;
  if (has_value) a.value = arg.substr(eq + 1);
  gflags::CommandLineFlagInfo info;
  if (IsNeocFlag(a.name, &info)) {
    if (has_value) return a;
    if (info.type == "bool") {
      a.value = "true";
    } else if (*i + 1 < argc) {
      a.value = argv[++*i];
    } else {
      a.error = "--" + a.name + " needs a value (--" + a.name + "=...)";
    }
    return a;
  }
  if (a.name.rfind("no", 0) == 0 && IsNeocFlag(a.name.substr(2), &info) && info.type == "bool" &&
      !has_value) {
    a.name = a.name.substr(2);
    a.value = "false";
    return a;
  }
  a.error = "unknown flag " + PythonQuote(arg) + " (neoc --help lists the flags)";
  return a;
}

// "a", "a or b", "a, b or c".
std::string ChoiceList(const std::vector<const char*>& choices) {
  std::string out;
  for (size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += i + 1 == choices.size() ? " or " : ", ";
    out += choices[i];
  }
  return out;
}

// Throws unless `value` is one of the words a choice flag takes (any value for others).
void CheckChoice(const std::string& name, const std::string& value) {
  const FlagEntry* f = FindFlag(name);
  if (f == nullptr || f->choices.empty()) return;
  for (const char* c : f->choices) {
    if (value == c) return;
  }
  throw MalformedInputError("--" + name + " must be " + ChoiceList(f->choices) + ", not " +
                            PythonQuote(value) + ".");
}

void Apply(const Assignment& a) {
  if (!a.error.empty()) throw MalformedInputError(a.error);
  CheckChoice(a.name, a.value);
  if (gflags::SetCommandLineOption(a.name.c_str(), a.value.c_str()).empty()) {
    gflags::CommandLineFlagInfo info;
    gflags::GetCommandLineFlagInfo(a.name.c_str(), &info);
    throw MalformedInputError("--" + a.name + " takes " +
                              (info.type == "bool" ? std::string("true or false")
                                                   : "a value of type " + info.type) +
                              ", not " + PythonQuote(a.value));
  }
}

bool IsHelp(const std::string& arg) {
  for (const char* name : kHelpNames) {
    if (arg == std::string("-") + name || arg == std::string("--") + name) return true;
  }
  return false;
}

}  // namespace

Request ParseCommandLine(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    if (IsHelp(argv[i])) return Request::kHelp;
  }
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == std::string("--") + kVersionName || arg == std::string("-") + kVersionName) {
      return Request::kVersion;
    }
  }
  std::vector<Assignment> assignments;
  for (int i = 1; i < argc; ++i) assignments.push_back(ReadArgument(argc, argv, &i));
  for (const Assignment& a : assignments) {
    if (a.error.empty() && a.name == "error_format") Apply(a);
  }
  for (const Assignment& a : assignments) Apply(a);
  return Request::kRun;
}

std::string HelpText() {
  std::ostringstream out;
  out << "neoc compiles a trained model into C++ for a Neo target: a header, a source, and\n"
         "its weights as an assembler file and the data it includes.\n"
         "\n"
         "Usage: neoc --framework=NAME --model=FILE --data_shape=JSON --name=NAME "
         "--output_dir=DIR [flags]\n";
  for (const FlagGroup& g : FlagGroups()) {
    out << "\n" << g.title << ":\n";
    for (const FlagEntry& f : g.flags) {
      gflags::CommandLineFlagInfo info;
      gflags::GetCommandLineFlagInfo(f.name, &info);
      out << "  --" << f.name;
      if (f.value) out << "=" << f.value;
      if (info.type != "bool" && !info.default_value.empty()) {
        out << "  (default " << info.default_value << ")";
      }
      out << "\n      " << info.description << "\n";
    }
  }
  out << "\n"
         "Also: -h, --help (this text); --version (neoc's version and the libraries it "
         "links).\n"
         "\n"
         "Examples:\n"
         "  neoc --framework=onnx --model=resnet18.tar.gz "
         "--data_shape='{\"input\":[1,3,224,224]}' \\\n"
         "       --name=resnet18 --output_dir=out --target=ml_c5 --cpp_class=vision::ResNet18\n"
         "  neoc --framework=pytorch --model=model.tar.gz --data_shape='[[1,3,224,224]]' "
         "--name=net --output_dir=out\n"
         "  neoc --framework=xgboost --model=trees.tar.gz --name=trees --output_dir=out "
         "--shards=4\n"
         "  neoc --list_operators --framework=tensorflow\n"
         "\n"
         "Exit status: 0 on success, else the error's class:\n";
  for (ErrorClass c : AllErrorClasses()) out << "  " << ExitCode(c) << "  " << ErrorPrefix(c) << "\n";
  return out.str();
}

}  // namespace neo::cli

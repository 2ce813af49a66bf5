#include "compiler/cli/command_line.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/cli/flags.h"
#include "compiler/diagnostics/diagnostics.h"
#include "gflags/gflags.h"

namespace neo::cli {
namespace {

// Parses `args` as neoc's command line (argv[0] is added).
Request Parse(std::vector<std::string> args) {
  std::vector<const char*> argv = {"neoc"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  return ParseCommandLine(static_cast<int>(argv.size()), argv.data());
}

// The Malformed input error's line for `args`, or "" if they parse.
std::string ErrorFor(std::vector<std::string> args) {
  try {
    Parse(std::move(args));
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput);
    return e.Headline();
  }
  return "";
}

TEST(FlagGroupsTest, EveryFlagOfFlagsCcIsInExactlyOneGroup) {
  std::map<std::string, int> grouped;
  for (const FlagGroup& g : FlagGroups()) {
    for (const FlagEntry& f : g.flags) ++grouped[f.name];
  }
  std::vector<gflags::CommandLineFlagInfo> all;
  gflags::GetAllFlags(&all);
  int defined = 0;
  for (const auto& info : all) {
    if (info.filename.find("compiler/cli/flags.cc") == std::string::npos) continue;
    ++defined;
    EXPECT_EQ(grouped[info.name], 1) << "--" << info.name;
    // A boolean shows no value placeholder in --help, any other flag shows one.
    for (const FlagGroup& g : FlagGroups()) {
      for (const FlagEntry& f : g.flags) {
        if (info.name == f.name) {
          EXPECT_EQ(info.type == "bool", f.value == nullptr) << f.name;
        }
      }
    }
  }
  EXPECT_EQ(defined, static_cast<int>(grouped.size()));
  EXPECT_GE(defined, 20);
}

TEST(CommandLineTest, ValueForms) {
  gflags::FlagSaver saver;
  EXPECT_EQ(Parse({"--framework=onnx", "--model", "m.tar.gz", "-name=net", "--shards=3",
                   "--data_shape={\"a\":[1]}"}),
            Request::kRun);
  EXPECT_EQ(FLAGS_framework, "onnx");
  EXPECT_EQ(FLAGS_model, "m.tar.gz");
  EXPECT_EQ(FLAGS_name, "net");
  EXPECT_EQ(FLAGS_shards, 3);
  EXPECT_EQ(FLAGS_data_shape, "{\"a\":[1]}");
  // An '=' inside the value belongs to it.
  Parse({"--cpp_class=a::B", "--output_dir=x=y"});
  EXPECT_EQ(FLAGS_output_dir, "x=y");
}

TEST(CommandLineTest, BooleanForms) {
  gflags::FlagSaver saver;
  Parse({"--report"});
  EXPECT_TRUE(FLAGS_report);
  Parse({"--noreport"});
  EXPECT_FALSE(FLAGS_report);
  Parse({"--report=true", "--reference_kernels=1"});
  EXPECT_TRUE(FLAGS_report);
  EXPECT_TRUE(FLAGS_reference_kernels);
  Parse({"--report=false"});
  EXPECT_FALSE(FLAGS_report);
  // A boolean never takes the next argument as its value.
  EXPECT_EQ(ErrorFor({"--report", "false"}),
            "Malformed input error: neoc takes no positional arguments, but got 'false' "
            "(neoc --help lists the flags)");
}

TEST(CommandLineTest, MistakesAreMalformedInputErrors) {
  gflags::FlagSaver saver;
  EXPECT_EQ(ErrorFor({"--frameworks=onnx"}),
            "Malformed input error: unknown flag '--frameworks=onnx' (neoc --help lists the "
            "flags)");
  // The flags library's own flags are not neoc's.
  EXPECT_EQ(ErrorFor({"--flagfile=/etc/passwd"}),
            "Malformed input error: unknown flag '--flagfile=/etc/passwd' (neoc --help lists "
            "the flags)");
  EXPECT_EQ(ErrorFor({"--noshards"}),
            "Malformed input error: unknown flag '--noshards' (neoc --help lists the flags)");
  EXPECT_EQ(ErrorFor({"--noreport=true"}),
            "Malformed input error: unknown flag '--noreport=true' (neoc --help lists the "
            "flags)");
  EXPECT_EQ(ErrorFor({"model.tar.gz"}),
            "Malformed input error: neoc takes no positional arguments, but got "
            "'model.tar.gz' (neoc --help lists the flags)");
  EXPECT_EQ(ErrorFor({"--", "--model=m"}),
            "Malformed input error: neoc takes no positional arguments, but got '--' (neoc "
            "--help lists the flags)");
  EXPECT_EQ(ErrorFor({"--model"}),
            "Malformed input error: --model needs a value (--model=...)");
  EXPECT_EQ(ErrorFor({"--shards=four"}),
            "Malformed input error: --shards takes a value of type int32, not 'four'");
  EXPECT_EQ(ErrorFor({"--report=maybe"}),
            "Malformed input error: --report takes true or false, not 'maybe'");
  EXPECT_EQ(ErrorFor({"--max_unpacked_bytes=-1"}),
            "Malformed input error: --max_unpacked_bytes takes a value of type uint64, not "
            "'-1'");
}

TEST(CommandLineTest, ErrorFormatIsSetBeforeAnEarlierMistakeIsReported) {
  gflags::FlagSaver saver;
  EXPECT_NE(ErrorFor({"--bogus", "--error_format=json"}), "");
  EXPECT_EQ(FLAGS_error_format, "json");
}

TEST(CommandLineTest, ChoiceFlagsTakeOnlyTheirWords) {
  gflags::FlagSaver saver;
  EXPECT_EQ(ErrorFor({"--conv_algorithm=fft"}),
            "Malformed input error: --conv_algorithm must be direct, winograd or auto, not "
            "'fft'.");
  EXPECT_EQ(ErrorFor({"--report_format=yaml"}),
            "Malformed input error: --report_format must be text or json, not 'yaml'.");
  EXPECT_EQ(ErrorFor({"--progress", "sometimes"}),
            "Malformed input error: --progress must be auto, always or never, not "
            "'sometimes'.");
  EXPECT_EQ(ErrorFor({"--conv_algorithm=winograd", "--report_format=json", "--progress=never"}),
            "");
  // A bad --error_format is reported before anything else, in text.
  EXPECT_EQ(ErrorFor({"--bogus", "--error_format=xml"}),
            "Malformed input error: --error_format must be text or json, not 'xml'.");
  EXPECT_EQ(FLAGS_error_format, "text");
}

TEST(CommandLineTest, HelpAndVersionWinAnywhere) {
  gflags::FlagSaver saver;
  EXPECT_EQ(Parse({"--bogus", "--help"}), Request::kHelp);
  EXPECT_EQ(Parse({"-h"}), Request::kHelp);
  EXPECT_EQ(Parse({"--model=m", "--version"}), Request::kVersion);
  EXPECT_EQ(Parse({"--version", "--help"}), Request::kHelp);
}

TEST(HelpTextTest, ShowsNeocsFlagsOnlyWithGroupsExamplesAndExitCodes) {
  const std::string help = HelpText();
  for (const FlagGroup& g : FlagGroups()) {
    EXPECT_NE(help.find("\n" + std::string(g.title) + ":\n"), std::string::npos) << g.title;
    for (const FlagEntry& f : g.flags) {
      EXPECT_NE(help.find("  --" + std::string(f.name) + (f.value ? "=" : "\n")),
                std::string::npos)
          << f.name;
    }
  }
  for (const char* internal : {"flagfile", "tab_completion", "fromenv", "helpxml"}) {
    EXPECT_EQ(help.find(internal), std::string::npos) << internal;
  }
  EXPECT_NE(help.find("--conv_algorithm=ALGORITHM  (default auto)"), std::string::npos);
  EXPECT_NE(help.find("Examples:\n  neoc --framework=onnx"), std::string::npos);
  EXPECT_NE(help.find("  30  Compilation Error: OperatorNotImplemented\n"), std::string::npos);
  EXPECT_NE(help.find("  40  Malformed input error\n"), std::string::npos);
}

}  // namespace
}  // namespace neo::cli

// neoc's flags, defined once (flags.cc) and grouped for --help.
//
// Only these flags are accepted on neoc's command line (command_line.h): the flags the
// flags library defines for itself (--flagfile, --fromenv, ...) are not neoc's interface.
#ifndef NEO_COMPILER_CLI_FLAGS_H_
#define NEO_COMPILER_CLI_FLAGS_H_

#include <cstdint>
#include <vector>

#include "gflags/gflags_declare.h"

DECLARE_string(framework);
DECLARE_string(model);
DECLARE_string(data_shape);
DECLARE_string(name);
DECLARE_string(output_dir);
DECLARE_string(target);
DECLARE_string(cpp_class);
DECLARE_string(header_path);
DECLARE_string(incbin_path);
DECLARE_string(signature);
DECLARE_string(pytorch_frontend);
DECLARE_int32(shards);
DECLARE_string(conv_algorithm);
DECLARE_bool(reference_kernels);
DECLARE_bool(allocation_free_run);
DECLARE_uint64(max_unpacked_bytes);
DECLARE_uint64(max_archive_members);
DECLARE_uint64(max_compression_ratio);
DECLARE_int32(max_protobuf_depth);
DECLARE_uint64(max_protobuf_bytes);
DECLARE_bool(report);
DECLARE_string(report_format);
DECLARE_bool(write_report);
DECLARE_string(graph);
DECLARE_string(graph_profile);
DECLARE_string(error_format);
DECLARE_string(progress);
DECLARE_bool(list_targets);
DECLARE_bool(list_operators);
DECLARE_bool(never_compiled);
DECLARE_bool(list_ir_operators);

namespace neo::cli {

// A flag as --help shows it: "--name=VALUE" (no value for booleans).
struct FlagEntry {
  const char* name;
  const char* value;  // placeholder, e.g. "FILE"; nullptr for booleans
  // For a flag that takes one of a few words: those words, in the order error messages
  // list them. ParseCommandLine refuses any other value.
  std::vector<const char*> choices = {};
};

struct FlagGroup {
  const char* title;
  std::vector<FlagEntry> flags;
};

// Every flag of flags.cc in exactly one group, in --help's order (a test checks it).
const std::vector<FlagGroup>& FlagGroups();

// Names command_line.h handles itself rather than as flags.
inline constexpr const char* kHelpNames[] = {"help", "h"};
inline constexpr char kVersionName[] = "version";

}  // namespace neo::cli

#endif  // NEO_COMPILER_CLI_FLAGS_H_

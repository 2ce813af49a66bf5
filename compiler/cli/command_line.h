// neoc's command line: parsing into the flags of flags.h, and --help.
#ifndef NEO_COMPILER_CLI_COMMAND_LINE_H_
#define NEO_COMPILER_CLI_COMMAND_LINE_H_

#include <string>

namespace neo::cli {

enum class Request { kRun, kHelp, kVersion };

// Sets neoc's flags from argv[1..argc). Accepts --name=value, --name value, -name=value,
// --flag and --noflag for booleans. -h, --help and --version anywhere ask for that and
// nothing else. --error_format is applied before anything else, so a mistake elsewhere
// on the line is already reported in the format asked for.
// Throws a Malformed input error (neoc's exit code 40) naming the argument for an unknown
// flag, a value of the wrong type, a missing value or a positional argument.
Request ParseCommandLine(int argc, const char* const* argv);

// neoc's own flags by group, each with its value, default and meaning; then examples and
// the exit codes.
std::string HelpText();

}  // namespace neo::cli

#endif  // NEO_COMPILER_CLI_COMMAND_LINE_H_

// neoc --version: the compiler's version and the libraries neoc and generated code link.
#ifndef NEO_COMPILER_CLI_VERSION_H_
#define NEO_COMPILER_CLI_VERSION_H_

#include <string>

namespace neo::cli {

// "neoc 0.17.0" and then one line per library: its name, its Debian package's version at
// build time, the package and what it is for.
std::string VersionText();

}  // namespace neo::cli

#endif  // NEO_COMPILER_CLI_VERSION_H_

// neoc's version: printed by --version and written into every generated header's banner.
//
// Raise it when what users see changes: the generated code's API or bytes, neoc's flags
// or messages. Generated files name it, so two builds that differ in it are expected to
// differ in their output, and two that agree in it and in their inputs must not.
#ifndef NEO_COMPILER_VERSION_H_
#define NEO_COMPILER_VERSION_H_

namespace neo {

inline constexpr char kCompilerVersion[] = "0.17.0";

}  // namespace neo

#endif  // NEO_COMPILER_VERSION_H_

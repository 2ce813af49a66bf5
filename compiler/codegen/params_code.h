// C++ source text for kernel parameter structs: what the generated constructor passes is
// exactly the struct the compiler checked with the kernels' Supports functions.
#ifndef NEO_COMPILER_CODEGEN_PARAMS_CODE_H_
#define NEO_COMPILER_CODEGEN_PARAMS_CODE_H_

#include <string>

#include "compiler/ir/kernel_call.h"
#include "kernels/dims.h"

namespace neo::codegen {

// A float literal that reads back to the same float ("0.5f", "-inf" as a limits call).
std::string FloatCode(float v);
// A double literal that reads back to the same double.
std::string DoubleCode(double v);
std::string DimsCode(const kernels::Dims& d);

// The body of a function that builds and returns the struct, one field per line, e.g.
// "  neo::kernels::Conv2DParams p;\n  p.batch = 1;\n ...  return p;\n" (the fields as
// the kernel's VisitFields lists them).
std::string ParamsCode(const ir::KernelParams& params);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_PARAMS_CODE_H_

// C++ source text for kernel parameter structs: what the generated constructor passes is
// exactly the struct the compiler checked with the kernels' Supports functions.
#ifndef NEO_COMPILER_CODEGEN_PARAMS_CODE_H_
#define NEO_COMPILER_CODEGEN_PARAMS_CODE_H_

#include <string>

#include "kernels/binary.h"
#include "kernels/conv2d.h"
#include "kernels/data_movement.h"
#include "kernels/fully_connected.h"
#include "kernels/pooling.h"
#include "kernels/softmax.h"
#include "kernels/unary.h"

namespace neo::codegen {

// A float literal that reads back to the same float ("0.5f", "-inf" as a limits call).
std::string FloatCode(float v);
std::string DimsCode(const kernels::Dims& d);

// Each returns the body of a function that builds and returns the struct, one field per
// line, e.g. "  neo::kernels::Conv2DParams p;\n  p.batch = 1;\n ...  return p;\n".
std::string ParamsCode(const kernels::Conv2DParams& p);
std::string ParamsCode(const kernels::FullyConnectedParams& p);
std::string ParamsCode(const kernels::Pooling2DParams& p);
std::string ParamsCode(const kernels::GlobalPoolingParams& p);
std::string ParamsCode(const kernels::BinaryParams& p);
std::string ParamsCode(const kernels::UnaryParams& p);
std::string ParamsCode(const kernels::ConcatParams& p);
std::string ParamsCode(const kernels::TransposeParams& p);
std::string ParamsCode(const kernels::SoftmaxParams& p);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_PARAMS_CODE_H_

// C++ source text for kernel parameter structs: what the generated constructor passes is
// exactly the struct the compiler checked with the kernels' Supports functions.
#ifndef NEO_COMPILER_CODEGEN_PARAMS_CODE_H_
#define NEO_COMPILER_CODEGEN_PARAMS_CODE_H_

#include <string>

#include "kernels/batch_matmul.h"
#include "kernels/binary.h"
#include "kernels/broadcast.h"
#include "kernels/cast.h"
#include "kernels/conv2d.h"
#include "kernels/conv_transpose.h"
#include "kernels/data_movement.h"
#include "kernels/fully_connected.h"
#include "kernels/gather.h"
#include "kernels/lrn.h"
#include "kernels/pad.h"
#include "kernels/pooling.h"
#include "kernels/reduce.h"
#include "kernels/resize.h"
#include "kernels/slice.h"
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
// Tensor operators (params_code_tensor.cc).
std::string ParamsCode(const kernels::ConvTranspose2DParams& p);
std::string ParamsCode(const kernels::LrnParams& p);
std::string ParamsCode(const kernels::ReduceParams& p);
std::string ParamsCode(const kernels::ArgReduceParams& p);
std::string ParamsCode(const kernels::BatchMatMulParams& p);
std::string ParamsCode(const kernels::GatherParams& p);
std::string ParamsCode(const kernels::SliceParams& p);
std::string ParamsCode(const kernels::PadParams& p);
std::string ParamsCode(const kernels::CastParams& p);
std::string ParamsCode(const kernels::ResizeParams& p);
std::string ParamsCode(const kernels::BroadcastParams& p);
// "neo::ElementType::kInt64" etc.
std::string ElementTypeCode(ElementType t);
// A double literal that reads back to the same double.
std::string DoubleCode(double v);

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_PARAMS_CODE_H_

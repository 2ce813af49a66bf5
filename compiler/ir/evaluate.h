// The compiler's oracle: evaluating IR nodes on the reference kernels (//kernels/reference)
// with the very parameters codegen gives the generated code (KernelCall, op_def.h).
// Constant folding and the test interpreter both use it, so what the compiler folds at
// build time, what its tests expect and what the generated code computes share one
// definition per operator.
#ifndef NEO_COMPILER_IR_EVALUATE_H_
#define NEO_COMPILER_IR_EVALUATE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::ir {

// A tensor's elements in row-major order, in its dtype (kBytes: one string's bytes).
struct TensorData {
  DType dtype = DType::kFloat32;
  Shape shape;
  std::vector<uint8_t> bytes;
};

// The constant value `v` as a TensorData.
TensorData ConstantData(const Value& v);

// Evaluates node `index` of `g`. `inputs` follow node.inputs (null for an absent optional
// input); the node's output values must have their shapes and dtypes (shape inference
// ran). Both layouts work: a spatial node still in the source layout (NCHW, before the
// layout pass) runs on NHWC copies of its activation, as the kernels take them.
//
// Integer tensors reaching a kernel that computes in float32 only (Unary, Reduce, ... in
// shape arithmetic) go through float32 when every input value is an integer below 2^24 in
// magnitude and every result converts back exactly; otherwise, and for nodes the kernels
// do not implement for these types, the result is nullopt: the node cannot be evaluated
// at compile time and is left to run in the generated code (or, in a test, is a failure).
// Malformed input errors (shapes) are thrown.
std::optional<std::vector<TensorData>> EvaluateNode(const Graph& g, size_t index,
                                                    const std::vector<const TensorData*>& inputs);

// Elements of any size permuted like a Transpose with `perm` (via the reference kernel).
std::vector<uint8_t> TransposeBytes(const std::vector<uint8_t>& in, const Shape& shape,
                                    const std::vector<int64_t>& perm, size_t element_size);

// Any numeric tensor's elements as floats (int64 shapes, float weights).
std::vector<float> ToFloats(const TensorData& t);
std::vector<float> FloatsOf(const Value& constant);

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_EVALUATE_H_

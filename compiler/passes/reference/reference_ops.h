// Straightforward float implementations of every IR operator, in both layouts.
//
// They are the compiler's own evaluator: constant folding runs them at compile time,
// and the test interpreter runs whole graphs with them to check that passes preserve
// results. Written for clarity, not speed (loops over output elements).
#ifndef NEO_COMPILER_PASSES_REFERENCE_REFERENCE_OPS_H_
#define NEO_COMPILER_PASSES_REFERENCE_REFERENCE_OPS_H_

#include <cstdint>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::passes::reference {

struct Tensor {
  ir::Shape shape;
  std::vector<float> data;  // row-major, as stored (NCHW or NHWC per the node)
};

// Evaluates `node`. `inputs` follow node.inputs (nullptr for an absent optional input);
// `output_shapes` are the inferred shapes of node.outputs (Reshape takes its shape from
// there). Throws std::logic_error for an operator it does not know.
std::vector<Tensor> EvaluateNode(const ir::Node& node, const std::vector<const Tensor*>& inputs,
                                 const std::vector<ir::Shape>& output_shapes);

// Per-family entry points (EvaluateNode dispatches to these).
Tensor Conv2D(const ir::Node& node, const Tensor& x, const Tensor& w, const Tensor* bias,
              const ir::Shape& out_shape);
Tensor Pool2D(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape);
Tensor GlobalPool(const ir::Node& node, const Tensor& x);
Tensor BatchNorm(const ir::Node& node, const Tensor& x, const Tensor& scale, const Tensor& bias,
                 const Tensor& mean, const Tensor& var);
Tensor FullyConnected(const ir::Node& node, const Tensor& x, const Tensor& w, const Tensor* bias);
Tensor MatMul(const Tensor& a, const Tensor& b, const ir::Shape& out_shape);
Tensor Binary(const ir::Node& node, const Tensor& a, const Tensor& b);
Tensor Unary(const ir::Node& node, const Tensor& x);
Tensor Softmax(const ir::Node& node, const Tensor& x);
// Clamps in place to the node's act_min/act_max, if any.
void ApplyActivation(const ir::Node& node, Tensor& t);

// Data movement on raw elements of any size, so int64 constants fold too.
std::vector<uint8_t> TransposeBytes(const std::vector<uint8_t>& in, const ir::Shape& shape,
                                    const std::vector<int64_t>& perm, size_t element_size);
std::vector<uint8_t> ConcatBytes(const std::vector<const std::vector<uint8_t>*>& ins,
                                 const std::vector<ir::Shape>& shapes, int64_t axis,
                                 size_t element_size);
Tensor Transpose(const Tensor& x, const std::vector<int64_t>& perm);
Tensor Concat(const std::vector<const Tensor*>& xs, int64_t axis);

}  // namespace neo::passes::reference

#endif  // NEO_COMPILER_PASSES_REFERENCE_REFERENCE_OPS_H_

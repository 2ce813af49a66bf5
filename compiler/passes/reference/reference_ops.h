// Straightforward float implementations of every IR operator, in both layouts.
//
// They are the compiler's own evaluator: constant folding runs them at compile time,
// and the test interpreter runs whole graphs with them to check that passes preserve
// results. Written for clarity, not speed (loops over output elements).
#ifndef NEO_COMPILER_PASSES_REFERENCE_REFERENCE_OPS_H_
#define NEO_COMPILER_PASSES_REFERENCE_REFERENCE_OPS_H_

#include <cstdint>
#include <string>
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
// Tensor operators (issue 4).
Tensor ConvTranspose2D(const ir::Node& node, const Tensor& x, const Tensor& w, const Tensor* bias,
                       const ir::Shape& out_shape);
Tensor LRN(const ir::Node& node, const Tensor& x);
Tensor Reduce(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape);
Tensor ArgReduce(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape);
Tensor Resize(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape);
// Cast of float-held values: the value `v` takes in dtype `to`, held as a float again.
float CastValue(float v, ir::DType to);
Tensor Cast(const ir::Node& node, const Tensor& x);
// Gather, Slice, Pad, Broadcast: each output element copies one input element.
bool IsIndexingOp(const std::string& op);
// The input element (row-major offset) each output element copies; -1 for Pad's
// constant. `indices` are Gather's (empty otherwise); `in_shapes` follow node.inputs.
std::vector<int64_t> SourceIndices(const ir::Node& node, const std::vector<ir::Shape>& in_shapes,
                                   const std::vector<int64_t>& indices, const ir::Shape& out_shape);
// Applies SourceIndices to raw elements; `fill` is one element for the -1 entries.
std::vector<uint8_t> GatherBytes(const std::vector<uint8_t>& in, const std::vector<int64_t>& sources,
                                 const std::vector<uint8_t>& fill, size_t element_size);
Tensor Indexing(const ir::Node& node, const std::vector<const Tensor*>& in, const ir::Shape& out_shape);

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

// Dispatch from an IR node to the per-family reference implementations.
#include <stdexcept>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

namespace op = ir::op;

std::vector<Tensor> EvaluateNode(const ir::Node& node, const std::vector<const Tensor*>& in,
                                 const std::vector<ir::Shape>& out_shapes) {
  const std::string& o = node.op;
  auto opt = [&](size_t i) { return i < in.size() ? in[i] : nullptr; };
  if (o == op::kConv2D) return {Conv2D(node, *in[0], *in[1], opt(2), out_shapes[0])};
  if (o == op::kMaxPool2D || o == op::kAveragePool2D) return {Pool2D(node, *in[0], out_shapes[0])};
  if (o == op::kGlobalAveragePool || o == op::kGlobalMaxPool) return {GlobalPool(node, *in[0])};
  if (o == op::kBatchNorm) return {BatchNorm(node, *in[0], *in[1], *in[2], *in[3], *in[4])};
  if (o == op::kFullyConnected) return {FullyConnected(node, *in[0], *in[1], opt(2))};
  if (o == op::kMatMul || o == op::kBatchMatMul) return {MatMul(*in[0], *in[1], out_shapes[0])};
  if (o == op::kConvTranspose2D) return {ConvTranspose2D(node, *in[0], *in[1], opt(2), out_shapes[0])};
  if (o == op::kLRN) return {LRN(node, *in[0])};
  if (o == op::kReduce) return {Reduce(node, *in[0], out_shapes[0])};
  if (o == op::kArgReduce) return {ArgReduce(node, *in[0], out_shapes[0])};
  if (o == op::kResize) return {Resize(node, *in[0], out_shapes[0])};
  if (o == op::kCast) return {Cast(node, *in[0])};
  if (IsIndexingOp(o)) return {Indexing(node, in, out_shapes[0])};
  if (IsBinaryOp(o)) return {Binary(node, *in[0], *in[1])};
  if (IsUnaryOp(o)) return {Unary(node, *in[0])};
  if (o == op::kSoftmax || o == op::kLogSoftmax) return {Softmax(node, *in[0])};
  if (o == op::kConcat) return {Concat(in, node.attrs.GetInt("axis"))};
  if (o == op::kTranspose) return {Transpose(*in[0], node.attrs.GetInts("perm"))};
  if (o == op::kReshape || o == op::kIdentity) return {Tensor{out_shapes[0], in[0]->data}};
  throw std::logic_error("reference: no implementation of " + o);
}

}  // namespace neo::passes::reference

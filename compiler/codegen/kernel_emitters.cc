#include "compiler/codegen/kernel_emitters.h"

#include <limits>
#include <stdexcept>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/ops.h"

namespace neo::codegen {

int ToInt(int64_t v) {
  if (v < 0 || v > std::numeric_limits<int>::max()) {
    throw MalformedInputError("A dimension of " + std::to_string(v) +
                              " does not fit the kernels' 32-bit sizes.");
  }
  return static_cast<int>(v);
}

const ir::Shape& ShapeOf(const ir::Graph& g, ir::ValueId v) {
  const ir::Value& value = g.value(v);
  if (!value.has_shape) throw std::logic_error("codegen: shape unknown for " + value.name);
  return value.shape;
}

void RequireLayout(const ir::Node& n, const char* layout) {
  if (n.attrs.GetString("layout", "") != layout) {
    throw std::logic_error("codegen: " + n.op + " '" + n.name + "' is not in " + layout +
                           " layout; the layout pass should have run");
  }
}

std::vector<kernels::Backend> LightOperatorBackends(const BackendPolicy& policy) {
  if (policy.openmp_model) return {kernels::Backend::kOnednn, kernels::Backend::kXnnpack};
  return {kernels::Backend::kXnnpack, kernels::Backend::kOnednn};
}

namespace {

// Families whose kernels compute in float32 only: any other element type is refused here
// rather than reinterpreted.
bool FloatOnly(const std::string& op) {
  return op == ir::op::kConv2D || op == ir::op::kFullyConnected || op == ir::op::kMaxPool2D ||
         op == ir::op::kAveragePool2D || op == ir::op::kGlobalAveragePool ||
         op == ir::op::kGlobalMaxPool || op == ir::op::kSoftmax || op == ir::op::kLogSoftmax;
}

}  // namespace

KernelMember EmitKernel(const ir::Graph& graph, const ir::Node& node,
                        const TensorAddresses& addresses, const BackendPolicy& policy) {
  const std::string& op = node.op;
  if (FloatOnly(op)) {
    for (ir::ValueId v : node.inputs) {
      if (v != ir::kNoValue && graph.value(v).dtype != ir::DType::kFloat32) {
        throw AttributeNotImplementedError(
            std::string("input of type ") + ir::DTypeName(graph.value(v).dtype),
            node.source_op.empty() ? node.op : node.source_op);
      }
    }
  }
  if (op == ir::op::kConv2D) return EmitConv2D(graph, node, addresses, policy);
  if (op == ir::op::kFullyConnected) return EmitFullyConnected(graph, node, addresses, policy);
  if (op == ir::op::kMaxPool2D || op == ir::op::kAveragePool2D) {
    return EmitPooling(graph, node, addresses, policy);
  }
  if (op == ir::op::kGlobalAveragePool || op == ir::op::kGlobalMaxPool) {
    return EmitGlobalPooling(graph, node, addresses, policy);
  }
  if (op == ir::op::kAdd || op == ir::op::kSub || op == ir::op::kMul || op == ir::op::kDiv ||
      op == ir::op::kPow || op == ir::op::kMaximum || op == ir::op::kMinimum ||
      op == ir::op::kPRelu) {
    return EmitBinary(graph, node, addresses, policy);
  }
  if (op == ir::op::kSoftmax || op == ir::op::kLogSoftmax) {
    return EmitSoftmax(graph, node, addresses, policy);
  }
  if (op == ir::op::kConcat || op == ir::op::kTranspose || op == ir::op::kReshape ||
      op == ir::op::kIdentity) {
    return EmitDataMovement(graph, node, addresses, policy);
  }
  if (op == ir::op::kConvTranspose2D) return EmitConvTranspose2D(graph, node, addresses, policy);
  if (op == ir::op::kLRN) return EmitLrn(graph, node, addresses, policy);
  if (op == ir::op::kReduce) return EmitReduce(graph, node, addresses, policy);
  if (op == ir::op::kArgReduce) return EmitArgReduce(graph, node, addresses, policy);
  if (op == ir::op::kCast) return EmitCast(graph, node, addresses, policy);
  if (op == ir::op::kGather) return EmitGather(graph, node, addresses, policy);
  if (op == ir::op::kSlice) return EmitSlice(graph, node, addresses, policy);
  if (op == ir::op::kPad) return EmitPad(graph, node, addresses, policy);
  if (op == ir::op::kResize) return EmitResize(graph, node, addresses, policy);
  if (op == ir::op::kBatchMatMul) return EmitBatchMatMul(graph, node, addresses, policy);
  if (op == ir::op::kBroadcast) return EmitBroadcast(graph, node, addresses, policy);
  if (op == ir::op::kMatMul) {
    throw AttributeNotImplementedError("non-constant or batched B", node.source_op);
  }
  return EmitUnary(graph, node, addresses, policy);
}

}  // namespace neo::codegen

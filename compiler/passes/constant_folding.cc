#include "compiler/passes/constant_folding.h"

#include <memory>

#include "compiler/ir/ops.h"
#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

using Bytes = std::vector<uint8_t>;

// Folds data-movement operators byte-wise, whatever the dtype. False if `node` is not one.
bool MoveBytes(const ir::Graph& g, const ir::Node& node, Bytes* out) {
  const ir::Value& x = g.value(node.inputs[0]);
  size_t elem = ir::DTypeSize(x.dtype);
  if (node.op == op::kReshape || node.op == op::kIdentity) {
    *out = *x.data;
  } else if (node.op == op::kTranspose) {
    *out = reference::TransposeBytes(*x.data, x.shape, node.attrs.GetInts("perm"), elem);
  } else if (node.op == op::kConcat) {
    std::vector<const Bytes*> ins;
    std::vector<ir::Shape> shapes;
    for (ir::ValueId v : node.inputs) {
      if (g.value(v).dtype != x.dtype) return false;
      ins.push_back(g.value(v).data.get());
      shapes.push_back(g.value(v).shape);
    }
    *out = reference::ConcatBytes(ins, shapes, node.attrs.GetInt("axis"), elem);
  } else {
    return false;
  }
  return true;
}

bool Evaluate(const ir::Graph& g, const ir::Node& node, Bytes* out) {
  if (MoveBytes(g, node, out)) return true;
  std::vector<reference::Tensor> tensors;
  tensors.reserve(node.inputs.size());
  for (ir::ValueId v : node.inputs) {
    if (v == ir::kNoValue) continue;
    if (g.value(v).dtype != ir::DType::kFloat32) return false;
    tensors.push_back({g.value(v).shape, FloatsOf(g.value(v))});
  }
  std::vector<const reference::Tensor*> ins;
  size_t k = 0;
  for (ir::ValueId v : node.inputs) ins.push_back(v == ir::kNoValue ? nullptr : &tensors[k++]);
  std::vector<reference::Tensor> result =
      reference::EvaluateNode(node, ins, {g.value(node.outputs[0]).shape});
  *out = FloatBytes(result[0].data);
  return true;
}

}  // namespace

int FoldConstants(ir::Graph& g) {
  std::vector<bool> folded(g.nodes().size(), false);
  int count = 0;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& node = g.nodes()[i];
    if (node.outputs.size() != 1 || IsGraphOutput(g, node.outputs[0])) continue;
    bool all_constant = !node.inputs.empty();
    for (ir::ValueId v : node.inputs) {
      if (v != ir::kNoValue && !g.value(v).is_constant()) all_constant = false;
    }
    if (!all_constant) continue;
    Bytes bytes;
    if (!Evaluate(g, node, &bytes)) continue;
    ir::Value& out = g.value(node.outputs[0]);
    out.data = std::make_shared<const Bytes>(std::move(bytes));
    folded[i] = true;
    ++count;
  }
  EraseNodes(g, folded);
  return count;
}

}  // namespace neo::passes

#include "compiler/ir/node_emitter.h"

#include "compiler/ir/fold.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"

namespace neo::ir {

ValueId NodeEmitter::Emit(const std::string& ir_op, std::vector<ValueId> inputs,
                          const Attributes& attrs, DType dtype, const Shape* preset_shape) {
  std::string base = name_;
  if (emitted_ > 0) base += "/" + ir_op;
  ++emitted_;
  const ValueId out = graph_.AddValue(base, dtype);
  if (preset_shape) {
    graph_.value(out).shape = *preset_shape;
    graph_.value(out).has_shape = true;
  }
  Node& n = graph_.AddNode(ir_op, std::move(inputs), {out});
  n.name = name_;
  n.source_op = source_op_;
  n.attrs = attrs;
  const size_t index = graph_.nodes().size() - 1;
  InferNodeShape(graph_, index);
  bool constant = true;
  for (ValueId v : graph_.nodes()[index].inputs) {
    if (v != kNoValue && !graph_.value(v).is_constant()) constant = false;
  }
  folded_.resize(graph_.nodes().size(), false);
  if (constant) folded_[index] = FoldNode(graph_, index);
  return out;
}

ValueId NodeEmitter::EmitLike(const std::string& ir_op, std::vector<ValueId> inputs,
                              const Attributes& attrs) {
  const DType dtype = graph_.value(inputs.at(0)).dtype;
  return Emit(ir_op, std::move(inputs), attrs, dtype);
}

ValueId NodeEmitter::Constant(DType dtype, const Shape& shape, std::vector<uint8_t> bytes,
                              const std::string& suffix) {
  return graph_.AddConstant(name_ + "/" + suffix, dtype, shape, std::move(bytes));
}

ValueId NodeEmitter::FloatConstant(const Shape& shape, const std::vector<float>& v,
                                   const std::string& suffix) {
  return graph_.AddFloatConstant(name_ + "/" + suffix, shape, v);
}

ValueId NodeEmitter::Int64Constant(const Shape& shape, const std::vector<int64_t>& v,
                                   const std::string& suffix) {
  return graph_.AddInt64Constant(name_ + "/" + suffix, shape, v);
}

ValueId NodeEmitter::Reshape(ValueId x, const Shape& shape) {
  Attributes a;
  a.set("shape", std::vector<int64_t>(shape));
  return EmitLike(op::kReshape, {x}, a);
}

ValueId NodeEmitter::Broadcast(ValueId x, const Shape& shape) {
  return Emit(op::kBroadcast, {x}, {}, graph_.value(x).dtype, &shape);
}

ValueId NodeEmitter::Transpose(ValueId x, const std::vector<int64_t>& perm) {
  Attributes a;
  a.set("perm", perm);
  return EmitLike(op::kTranspose, {x}, a);
}

}  // namespace neo::ir

// Reduce(x) -> y over `axes` (sorted, distinct; none: a copy); ArgReduce(x) -> int64
// indices of the first (or last) extreme value along `axis`; TopK(x) -> int64 indices of
// the k extreme values.
#include "compiler/ir/ops/reduce.h"

#include "kernels/reduce.h"
#include "kernels/reference/reduce.h"

namespace neo::ir {

namespace {

using kernels::Backend;

void CheckAxis(const NodeContext& c, int64_t axis, size_t rank) {
  if (axis < 0 || axis >= static_cast<int64_t>(rank)) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  }
}

Shape Reduced(const NodeContext& c, const std::vector<int64_t>& axes, bool keepdims) {
  const Shape& x = c.shape(0);
  std::vector<bool> reduced(x.size(), false);
  for (int64_t a : axes) {
    CheckAxis(c, a, x.size());
    reduced[static_cast<size_t>(a)] = true;
  }
  Shape out;
  for (size_t d = 0; d < x.size(); ++d) {
    if (!reduced[d]) out.push_back(x[d]);
    else if (keepdims) out.push_back(1);
  }
  return out;
}

OutputType ReduceShape(const NodeContext& c) {
  return {Reduced(c, c.Ints("axes"), c.Int("keepdims") != 0), c.dtype(0)};
}

OutputType ArgReduceShape(const NodeContext& c) {
  return {Reduced(c, {c.Int("axis")}, c.Int("keepdims") != 0), DType::kInt64};
}

OutputType TopKShape(const NodeContext& c) {
  Shape out = c.shape(0);
  const int64_t axis = c.Int("axis");
  CheckAxis(c, axis, out.size());
  if (c.Int("k") > out[static_cast<size_t>(axis)]) c.Fail("k exceeds the axis' size");
  out[static_cast<size_t>(axis)] = c.Int("k");
  return {out, DType::kInt64};
}

KernelCall ReduceKernel(const NodeContext& c) {
  c.RequireFloat(0);
  const std::string kind = c.Str("kind");
  kernels::ReduceParams p;
  if (kind == "sum") p.kind = kernels::ReduceKind::kSum;
  else if (kind == "mean") p.kind = kernels::ReduceKind::kMean;
  else if (kind == "max") p.kind = kernels::ReduceKind::kMax;
  else if (kind == "min") p.kind = kernels::ReduceKind::kMin;
  else p.kind = kernels::ReduceKind::kProd;
  p.input_shape = c.ToDims(c.shape(0));
  p.axes = c.ToDims(c.Ints("axes"));
  if (!kernels::ReduceSupports(Backend::kReference, p)) c.NotImplemented("these reduction axes");
  KernelCall k = MakeKernelCall("Reduce", "kernels/reduce.h", "ReduceParams", p,
                                kernels::ReduceSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = "Reduce " + kind + " " + ShapeToString(c.shape(0)) + " axes " +
              ShapeToString(c.Ints("axes"));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Reduce(p, b.in<float>(0), b.out<float>(0));
  };
  return k;
}

KernelCall ArgReduceKernel(const NodeContext& c) {
  c.RequireFloat(0);
  const std::string kind = c.Str("kind");
  kernels::ArgReduceParams p;
  p.kind = kind == "max" ? kernels::ArgReduceKind::kMax : kernels::ArgReduceKind::kMin;
  p.input_shape = c.ToDims(c.shape(0));
  p.axis = static_cast<int>(c.Int("axis"));
  p.select_last_index = c.Int("select_last_index") != 0;
  if (!kernels::ArgReduceSupports(Backend::kReference, p)) {
    c.NotImplemented("an arg-reduction over an empty axis");
  }
  KernelCall k = MakeKernelCall("ArgReduce", "kernels/reduce.h", "ArgReduceParams", p,
                                kernels::ArgReduceSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = "Arg" + kind + " " + ShapeToString(c.shape(0)) + " axis " + std::to_string(p.axis);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::ArgReduce(p, b.in<float>(0), b.out<int64_t>(0));
  };
  return k;
}

KernelCall TopKKernel(const NodeContext& c) {
  c.RequireFloat(0);
  kernels::TopKParams p;
  p.input_shape = c.ToDims(c.shape(0));
  p.axis = static_cast<int>(c.Int("axis"));
  p.k = c.Int("k");
  p.largest = c.Int("largest") != 0;
  if (!kernels::TopKSupports(Backend::kReference, p)) c.NotImplemented("this TopK");
  KernelCall k = MakeKernelCall("TopK", "kernels/reduce.h", "TopKParams", p, kernels::TopKSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = std::string(p.largest ? "TopK largest " : "TopK smallest ") + std::to_string(p.k) +
              " of " + ShapeToString(c.shape(0)) + " axis " + std::to_string(p.axis);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::TopK(p, b.in<float>(0), b.out<int64_t>(0));
  };
  return k;
}

}  // namespace

std::vector<OpDef> ReduceOps() {
  OpDef reduce;
  reduce.name = op::kReduce;
  reduce.doc = "Reduce(x) -> y: kind over `axes` (sorted, distinct; empty: y == x); an empty "
               "input reduces to the identity element";
  reduce.attrs = {StringAttr("kind").OneOf({"sum", "mean", "max", "min", "prod"}),
                  IntsAttr("axes").Min(0).Default(std::vector<int64_t>{}),
                  IntAttr("keepdims").Min(0).Max(1).Default(int64_t{1})};
  reduce.shape = ReduceShape;
  reduce.kernel = ReduceKernel;
  reduce.layout = LayoutClass::kReduce;
  reduce.layout_axes = "axes";

  OpDef arg;
  arg.name = op::kArgReduce;
  arg.doc = "ArgReduce(x) -> int64 index of the first (select_last_index: last) max or min "
            "along `axis`";
  arg.attrs = {StringAttr("kind").OneOf({"max", "min"}), IntAttr("axis").Min(0),
               IntAttr("keepdims").Min(0).Max(1).Default(int64_t{1}),
               IntAttr("select_last_index").Min(0).Max(1).Default(int64_t{0})};
  arg.shape = ArgReduceShape;
  arg.kernel = ArgReduceKernel;

  OpDef top_k;
  top_k.name = op::kTopK;
  top_k.doc = "TopK(x) -> int64 indices along `axis` of the k largest (largest=0: smallest) "
              "values, in order, ties by lower index; the values are a GatherElements of them";
  top_k.attrs = {IntAttr("axis").Min(0), IntAttr("k").Min(1),
                 IntAttr("largest").Min(0).Max(1).Default(int64_t{1})};
  top_k.shape = TopKShape;
  top_k.kernel = TopKKernel;
  return {reduce, arg, top_k};
}

}  // namespace neo::ir

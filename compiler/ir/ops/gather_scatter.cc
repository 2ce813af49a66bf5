// GatherElements(data, indices) -> y of indices' shape; GatherND(data, indices) -> y;
// ScatterND(data, indices, updates) and ScatterElements(data, indices, updates) -> a copy
// of data with updates written or combined (`reduction`) where indices say. Indices are
// int32 or int64; negative ones count from the end (kernels/gather.h, kernels/scatter.h).
#include "compiler/ir/ops/gather_scatter.h"

#include "compiler/ir/ops/elementwise_util.h"
#include "compiler/ir/shape_util.h"
#include "kernels/gather.h"
#include "kernels/reference/gather.h"
#include "kernels/reference/scatter.h"
#include "kernels/scatter.h"

namespace neo::ir {

namespace {

using kernels::Backend;

void RequireIndices(const NodeContext& c, size_t i) {
  if (c.dtype(i) != DType::kInt64 && c.dtype(i) != DType::kInt32) c.Fail("indices must be int32 or int64");
}

kernels::ScatterReduction Reduction(const NodeContext& c) {
  const std::string r = c.Str("reduction");
  if (r == "add") return kernels::ScatterReduction::kAdd;
  if (r == "mul") return kernels::ScatterReduction::kMul;
  if (r == "max") return kernels::ScatterReduction::kMax;
  if (r == "min") return kernels::ScatterReduction::kMin;
  return kernels::ScatterReduction::kNone;
}

OutputType GatherElementsShape(const NodeContext& c) {
  RequireIndices(c, 1);
  const Shape& x = c.shape(0);
  const Shape& idx = c.shape(1);
  const int64_t axis = c.Int("axis");
  if (axis >= static_cast<int64_t>(x.size()) || idx.size() != x.size()) {
    c.Fail("indices must have data's rank, and axis must be below it");
  }
  return {idx, c.dtype(0)};
}

KernelCall GatherElementsKernel(const NodeContext& c) {
  kernels::GatherElementsParams p;
  p.data_shape = c.ToDims(c.shape(0));
  p.indices_shape = c.ToDims(c.shape(1));
  p.axis = static_cast<int>(c.Int("axis"));
  p.element_size = DTypeSize(c.dtype(0));
  p.index_size = DTypeSize(c.dtype(1));
  if (!kernels::GatherElementsSupports(Backend::kReference, p)) {
    c.NotImplemented("indices larger than the data off the axis, or an empty axis");
  }
  KernelCall k = MakeKernelCall("GatherElements", "kernels/gather.h", "GatherElementsParams", p,
                                kernels::GatherElementsSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Output(0)};
  k.summary = "GatherElements " + ShapeToString(c.shape(0)) + " axis " + std::to_string(p.axis);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::GatherElements(p, b.inputs[0], b.inputs[1], b.outputs[0]);
  };
  return k;
}

OutputType GatherNDShape(const NodeContext& c) {
  RequireIndices(c, 1);
  const Shape& x = c.shape(0);
  const Shape& idx = c.shape(1);
  const int64_t b = c.Int("batch_dims");
  if (idx.empty()) c.Fail("indices need a rank of at least 1");
  const int64_t k = idx.back();
  if (b >= static_cast<int64_t>(idx.size()) || k < 1 || b + k > static_cast<int64_t>(x.size())) {
    c.Fail("indices' last dimension and batch_dims do not fit data's rank");
  }
  for (int64_t d = 0; d < b; ++d) {
    if (idx[d] != x[d]) c.Fail("batch dimensions of data and indices differ");
  }
  Shape out(idx.begin(), idx.end() - 1);
  out.insert(out.end(), x.begin() + b + k, x.end());
  return {out, c.dtype(0)};
}

KernelCall GatherNDKernel(const NodeContext& c) {
  kernels::GatherNDParams p;
  p.data_shape = c.ToDims(c.shape(0));
  p.indices_shape = c.ToDims(c.shape(1));
  p.batch_dims = static_cast<int>(c.Int("batch_dims"));
  p.element_size = DTypeSize(c.dtype(0));
  p.index_size = DTypeSize(c.dtype(1));
  if (!kernels::GatherNDSupports(Backend::kReference, p)) c.NotImplemented("a gather from an empty dimension");
  KernelCall k = MakeKernelCall("GatherND", "kernels/gather.h", "GatherNDParams", p,
                                kernels::GatherNDSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Output(0)};
  k.summary = "GatherND " + ShapeToString(c.shape(0)) + " by " + ShapeToString(c.shape(1));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::GatherND(p, b.inputs[0], b.inputs[1], b.outputs[0]);
  };
  return k;
}

OutputType ScatterNDShape(const NodeContext& c) {
  RequireIndices(c, 1);
  const Shape& x = c.shape(0);
  const Shape& idx = c.shape(1);
  if (c.dtype(2) != c.dtype(0)) c.Fail("updates must have data's element type");
  if (idx.empty() || idx.back() < 1 || idx.back() > static_cast<int64_t>(x.size())) {
    c.Fail("indices' last dimension must be between 1 and data's rank");
  }
  Shape want(idx.begin(), idx.end() - 1);
  want.insert(want.end(), x.begin() + idx.back(), x.end());
  if (c.shape(2) != want) c.Fail("updates must have shape " + ShapeToString(want));
  return {x, c.dtype(0)};
}

KernelCall ScatterNDKernel(const NodeContext& c) {
  kernels::ScatterNDParams p;
  p.data_shape = c.ToDims(c.shape(0));
  p.indices_shape = c.ToDims(c.shape(1));
  p.reduction = Reduction(c);
  p.type = ElementTypeOf(c.dtype(0));
  p.index_size = DTypeSize(c.dtype(1));
  if (!kernels::ScatterNDSupports(Backend::kReference, p)) {
    c.NotImplemented("reduction " + c.Str("reduction") + " of " + DTypeName(c.dtype(0)));
  }
  KernelCall k = MakeKernelCall("ScatterND", "kernels/scatter.h", "ScatterNDParams", p,
                                kernels::ScatterNDSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Input(2), Operand::Output(0)};
  k.summary = "ScatterND " + ShapeToString(c.shape(0)) + " by " + ShapeToString(c.shape(1));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::ScatterND(p, b.inputs[0], b.inputs[1], b.inputs[2], b.outputs[0]);
  };
  return k;
}

OutputType ScatterElementsShape(const NodeContext& c) {
  RequireIndices(c, 1);
  if (c.dtype(2) != c.dtype(0)) c.Fail("updates must have data's element type");
  if (c.shape(2) != c.shape(1)) c.Fail("updates must have indices' shape");
  if (c.shape(1).size() != c.shape(0).size() || c.Int("axis") >= static_cast<int64_t>(c.shape(0).size())) {
    c.Fail("indices must have data's rank, and axis must be below it");
  }
  return {c.shape(0), c.dtype(0)};
}

KernelCall ScatterElementsKernel(const NodeContext& c) {
  kernels::ScatterElementsParams p;
  p.data_shape = c.ToDims(c.shape(0));
  p.indices_shape = c.ToDims(c.shape(1));
  p.axis = static_cast<int>(c.Int("axis"));
  p.reduction = Reduction(c);
  p.type = ElementTypeOf(c.dtype(0));
  p.index_size = DTypeSize(c.dtype(1));
  if (!kernels::ScatterElementsSupports(Backend::kReference, p)) {
    c.NotImplemented("reduction " + c.Str("reduction") + " of " + DTypeName(c.dtype(0)) +
                     ", or indices larger than the data off the axis");
  }
  KernelCall k = MakeKernelCall("ScatterElements", "kernels/scatter.h", "ScatterElementsParams", p,
                                kernels::ScatterElementsSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Input(2), Operand::Output(0)};
  k.summary = "ScatterElements " + ShapeToString(c.shape(0)) + " axis " + std::to_string(p.axis);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::ScatterElements(p, b.inputs[0], b.inputs[1], b.inputs[2], b.outputs[0]);
  };
  return k;
}

AttrSpec ReductionAttr() {
  return StringAttr("reduction").OneOf({"none", "add", "mul", "max", "min"}).Default(std::string("none"));
}

}  // namespace

std::vector<OpDef> GatherScatterOps() {
  OpDef gather_elements;
  gather_elements.name = op::kGatherElements;
  gather_elements.doc = "GatherElements(data, indices) -> y[i] = data[i with i[axis] = indices[i]]";
  gather_elements.min_inputs = gather_elements.max_inputs = 2;
  gather_elements.attrs = {IntAttr("axis").Min(0).Default(int64_t{0})};
  gather_elements.shape = GatherElementsShape;
  gather_elements.kernel = GatherElementsKernel;

  OpDef gather_nd;
  gather_nd.name = op::kGatherND;
  gather_nd.doc = "GatherND(data, indices[..., k]) -> the slices of data that index tuples "
                  "address, after batch_dims shared leading dimensions";
  gather_nd.min_inputs = gather_nd.max_inputs = 2;
  gather_nd.attrs = {IntAttr("batch_dims").Min(0).Default(int64_t{0})};
  gather_nd.shape = GatherNDShape;
  gather_nd.kernel = GatherNDKernel;

  OpDef scatter_nd;
  scatter_nd.name = op::kScatterND;
  scatter_nd.doc = "ScatterND(data, indices[..., k], updates) -> data with updates written (or "
                   "combined by `reduction`) at the slices index tuples address";
  scatter_nd.min_inputs = scatter_nd.max_inputs = 3;
  scatter_nd.attrs = {ReductionAttr()};
  scatter_nd.shape = ScatterNDShape;
  scatter_nd.kernel = ScatterNDKernel;

  OpDef scatter_elements;
  scatter_elements.name = op::kScatterElements;
  scatter_elements.doc = "ScatterElements(data, indices, updates) -> data with updates[i] at i "
                         "with i[axis] = indices[i] (or combined by `reduction`)";
  scatter_elements.min_inputs = scatter_elements.max_inputs = 3;
  scatter_elements.attrs = {IntAttr("axis").Min(0).Default(int64_t{0}), ReductionAttr()};
  scatter_elements.shape = ScatterElementsShape;
  scatter_elements.kernel = ScatterElementsKernel;
  return {gather_elements, gather_nd, scatter_nd, scatter_elements};
}

}  // namespace neo::ir

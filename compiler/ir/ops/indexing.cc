// Gather(data, indices[int32/int64]) -> y along `axis` (negative indices count from the
// end); Slice(x) -> y by starts/ends/steps resolved as numpy does; Pad(x) -> y with
// constant, reflect or edge padding (negative pads crop).
#include "compiler/ir/ops/indexing.h"

#include "compiler/ir/ops/elementwise_util.h"
#include "compiler/ir/shape_util.h"
#include "kernels/gather.h"
#include "kernels/pad.h"
#include "kernels/reference/gather.h"
#include "kernels/reference/pad.h"
#include "kernels/reference/slice.h"
#include "kernels/slice.h"

namespace neo::ir {

namespace {

using kernels::Backend;

OutputType GatherShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const int64_t axis = c.Int("axis");
  if (axis >= static_cast<int64_t>(x.size())) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(x.size()));
  }
  if (c.dtype(1) != DType::kInt64 && c.dtype(1) != DType::kInt32) {
    c.Fail("indices must be int32 or int64");
  }
  Shape out(x.begin(), x.begin() + axis);
  out.insert(out.end(), c.shape(1).begin(), c.shape(1).end());
  out.insert(out.end(), x.begin() + axis + 1, x.end());
  return {out, c.dtype(0)};
}

KernelCall GatherKernel(const NodeContext& c) {
  kernels::GatherParams p;
  p.data_shape = c.ToDims(c.shape(0));
  p.axis = static_cast<int>(c.Int("axis"));
  p.num_indices = c.input(1).num_elements();
  p.element_size = DTypeSize(c.dtype(0));
  p.index_size = DTypeSize(c.dtype(1));
  if (!kernels::GatherSupports(Backend::kReference, p)) {
    c.NotImplemented("a gather from an empty axis");
  }
  KernelCall k = MakeKernelCall("Gather", "kernels/gather.h", "GatherParams", p,
                                kernels::GatherSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Output(0)};
  k.summary = "Gather " + ShapeToString(c.shape(0)) + " axis " + std::to_string(p.axis) + " by " +
              std::to_string(p.num_indices);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Gather(p, b.inputs[0], b.inputs[1], b.outputs[0]);
  };
  return k;
}

OutputType SliceShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const auto starts = c.Ints("starts");
  const auto ends = c.Ints("ends");
  const auto steps = c.Ints("steps");
  if (starts.size() != x.size() || ends.size() != x.size() || steps.size() != x.size()) {
    c.Fail("starts, ends and steps need one entry per dimension");
  }
  Shape out(x.size());
  for (size_t d = 0; d < x.size(); ++d) {
    out[d] = SliceLength(starts[d], ends[d], steps[d]);
    if (steps[d] == 0 || out[d] < 0 ||
        (out[d] > 0 && (starts[d] < 0 || starts[d] >= x[d] ||
                        starts[d] + (out[d] - 1) * steps[d] < 0 ||
                        starts[d] + (out[d] - 1) * steps[d] >= x[d]))) {
      c.Fail("slice of dimension " + std::to_string(d) + " is outside the input");
    }
  }
  return {out, c.dtype(0)};
}

KernelCall SliceKernel(const NodeContext& c) {
  kernels::SliceParams p;
  p.input_shape = c.ToDims(c.shape(0));
  p.output_shape = c.ToDims(c.output_shape());
  p.starts = c.ToDims(c.Ints("starts"));
  p.steps = c.ToDims(c.Ints("steps"));
  p.element_size = DTypeSize(c.dtype(0));
  if (!kernels::SliceSupports(Backend::kReference, p)) {
    throw std::logic_error("IR: Slice '" + c.node().name + "' reads outside its input");
  }
  KernelCall k = MakeKernelCall("Slice", "kernels/slice.h", "SliceParams", p,
                                kernels::SliceSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = "Slice " + ShapeToString(c.shape(0)) + "->" + ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Slice(p, b.inputs[0], b.outputs[0]);
  };
  return k;
}

OutputType PadShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const auto pads = c.Ints("pads");
  if (pads.size() != 2 * x.size()) c.Fail("pads need two entries per dimension");
  Shape out(x.size());
  for (size_t d = 0; d < x.size(); ++d) {
    out[d] = x[d] + pads[d] + pads[d + x.size()];
    if (out[d] < 0) c.Fail("pads crop more than dimension " + std::to_string(d) + " holds");
  }
  return {out, c.dtype(0)};
}

KernelCall PadKernel(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const auto pads = c.Ints("pads");
  const size_t r = x.size();
  const std::string mode = c.Str("mode");
  kernels::PadParams p;
  if (mode == "constant") p.mode = kernels::PadMode::kConstant;
  else if (mode == "reflect") p.mode = kernels::PadMode::kReflect;
  else p.mode = kernels::PadMode::kEdge;
  p.input_shape = c.ToDims(x);
  p.begin = c.ToDims(std::vector<int64_t>(pads.begin(), pads.begin() + static_cast<long>(r)));
  p.end = c.ToDims(std::vector<int64_t>(pads.begin() + static_cast<long>(r), pads.end()));
  p.value = c.Float("value");
  p.type = ElementTypeOf(c.dtype(0));
  if (!kernels::PadSupports(Backend::kReference, p)) {
    c.NotImplemented(mode + " padding of an empty dimension");
  }
  KernelCall k = MakeKernelCall("Pad", "kernels/pad.h", "PadParams", p, kernels::PadSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = "Pad " + mode + " " + ShapeToString(x) + "->" + ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Pad(p, b.inputs[0], b.outputs[0]);
  };
  return k;
}

}  // namespace

std::vector<OpDef> IndexingOps() {
  OpDef gather;
  gather.name = op::kGather;
  gather.doc = "Gather(data, indices[int32/int64]) -> y: data's slices along `axis` at the "
               "indices; negative indices count from the end";
  gather.min_inputs = gather.max_inputs = 2;
  gather.attrs = {IntAttr("axis").Min(0).Default(int64_t{0})};
  gather.shape = GatherShape;
  gather.kernel = GatherKernel;

  OpDef slice;
  slice.name = op::kSlice;
  slice.doc = "Slice(x) -> y: starts, ends, steps one per dimension, resolved and clamped as "
              "numpy would (steps != 0; ends may be -1 for a negative step past 0)";
  slice.attrs = {IntsAttr("starts"), IntsAttr("ends"), IntsAttr("steps")};
  slice.layout = LayoutClass::kPerDimension;
  slice.layout_dims = {"starts", "ends", "steps"};
  slice.shape = SliceShape;
  slice.kernel = SliceKernel;

  OpDef pad;
  pad.name = op::kPad;
  pad.doc = "Pad(x) -> y: pads [begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}] (negative: "
            "cropping); mode constant (with value), reflect or edge";
  pad.attrs = {IntsAttr("pads"),
               StringAttr("mode").OneOf({"constant", "reflect", "edge"}).Default(std::string("constant")),
               FloatAttr("value").Default(0.0)};
  pad.shape = PadShape;
  pad.kernel = PadKernel;
  return {gather, slice, pad};
}

}  // namespace neo::ir

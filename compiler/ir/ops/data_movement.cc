// Reshape(x) -> y (the data unchanged), Identity(x) -> x, Transpose(x) -> y by `perm`,
// Concat(x0, x1, ...) -> y along `axis`, Broadcast(x) -> y with y's shape (numpy rules),
// ChannelShuffle(x) -> y interleaving `groups` blocks of `axis`.
#include "compiler/ir/ops/data_movement.h"

#include <algorithm>
#include <cstring>

#include "compiler/ir/shape_util.h"
#include "kernels/broadcast.h"
#include "kernels/data_movement.h"
#include "kernels/reference/broadcast.h"
#include "kernels/reference/data_movement.h"

namespace neo::ir {

namespace {

using kernels::Backend;

// Reshape and Identity copy their input's bytes, or nothing when both share a buffer.
KernelCall CopyKernel(const NodeContext& c) {
  KernelCall k;
  k.kernel = "Copy";
  k.header = "kernels/data_movement.h";
  k.operands = {Operand::ByteSize(0), Operand::Input(0), Operand::Output(0)};
  k.identity = true;
  k.summary = c.node().op + " " + ShapeToString(c.output_shape());
  const size_t bytes = c.output().byte_size();
  k.reference = [bytes](const ReferenceBuffers& b) {
    if (bytes) std::memcpy(b.outputs[0], b.inputs[0], bytes);
  };
  return k;
}

OutputType ReshapeShape(const NodeContext& c) {
  Shape out;
  if (c.Has("shape")) {
    out = c.Ints("shape");
  } else if (c.output().has_shape) {
    out = c.output().shape;
  } else {
    c.Fail("has neither a `shape` attribute nor an output shape");
  }
  for (int64_t d : out) {
    if (d < 0) c.Fail("target shape " + ShapeToString(out) + " is not fully resolved");
  }
  if (NumElements(out) != c.input(0).num_elements()) {
    c.Fail("cannot reshape " + ShapeToString(c.shape(0)) + " to " + ShapeToString(out));
  }
  return {out, c.dtype(0)};
}

OutputType SameShape(const NodeContext& c) { return {c.shape(0), c.dtype(0)}; }

OutputType TransposeShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  std::vector<int64_t> perm = c.Ints("perm");
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i] != static_cast<int64_t>(i)) sorted.clear();
  }
  if (perm.size() != x.size() || sorted.size() != x.size()) {
    c.Fail("perm " + ShapeToString(perm) + " is not a permutation of rank " +
           std::to_string(x.size()));
  }
  return {PermuteShape(x, perm), c.dtype(0)};
}

KernelCall TransposeKernel(const NodeContext& c) {
  kernels::TransposeParams p;
  p.input_shape = c.ToDims(c.shape(0));
  p.perm = c.ToDims(c.Ints("perm"));
  p.element_size = DTypeSize(c.output().dtype);
  KernelCall k = MakeKernelCall("Transpose", "kernels/data_movement.h", "TransposeParams", p,
                                kernels::TransposeSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = "Transpose " + ShapeToString(c.shape(0)) + " perm " + ShapeToString(c.Ints("perm"));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Transpose(p, b.inputs[0], b.outputs[0]);
  };
  return k;
}

OutputType ConcatShape(const NodeContext& c) {
  if (c.num_inputs() == 0) c.Fail("needs at least one input");
  Shape out = c.shape(0);
  int64_t axis = c.Int("axis");
  if (axis >= static_cast<int64_t>(out.size())) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for rank " +
           std::to_string(out.size()));
  }
  for (size_t i = 1; i < c.num_inputs(); ++i) {
    const Shape& s = c.shape(i);
    bool ok = s.size() == out.size();
    for (size_t d = 0; ok && d < s.size(); ++d) {
      if (d != static_cast<size_t>(axis) && s[d] != out[d]) ok = false;
    }
    if (!ok) {
      c.Fail("input shapes " + ShapeToString(c.shape(0)) + " and " + ShapeToString(s) +
             " differ outside axis " + std::to_string(axis));
    }
    out[static_cast<size_t>(axis)] += s[static_cast<size_t>(axis)];
  }
  return {out, c.dtype(0)};
}

KernelCall ConcatKernel(const NodeContext& c) {
  for (size_t i = 1; i < c.num_inputs(); ++i) {
    if (c.dtype(i) != c.dtype(0)) c.NotImplemented("inputs of different types");
  }
  kernels::ConcatParams p;
  p.axis = c.ToInt(c.Int("axis"));
  p.output_shape = c.ToDims(c.output_shape());
  p.element_size = DTypeSize(c.output().dtype);
  for (size_t i = 0; i < c.num_inputs(); ++i) p.input_shapes.push_back(c.ToDims(c.shape(i)));
  KernelCall k = MakeKernelCall("Concat", "kernels/data_movement.h", "ConcatParams", p,
                                kernels::ConcatSupports);
  k.operands = {Operand::AllInputs(), Operand::Output(0)};
  // Our own loop first (kernels/data_movement.cc: oneDNN's was 3x slower on two threads).
  k.backends = {Backend::kReference, Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = "Concat of " + std::to_string(c.num_inputs()) + " on axis " + std::to_string(p.axis);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Concat(p, b.inputs.data(), b.outputs[0]);
  };
  return k;
}

OutputType ChannelShuffleShape(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const int64_t axis = c.Int("axis");
  const int64_t groups = c.Int("groups");
  if (axis >= static_cast<int64_t>(x.size())) {
    c.Fail("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(x.size()));
  }
  if (x[static_cast<size_t>(axis)] % groups != 0) {
    c.Fail(std::to_string(groups) + " groups do not divide " +
           std::to_string(x[static_cast<size_t>(axis)]) + " channels");
  }
  return {x, c.dtype(0)};
}

// The shuffle is the transpose of [outer, groups, C/groups, inner] to
// [outer, C/groups, groups, inner]; the inner dimension is dropped when it is 1 (NHWC),
// so that the transpose kernels see a plain 3-D swap.
KernelCall ChannelShuffleKernel(const NodeContext& c) {
  const Shape& x = c.shape(0);
  const size_t axis = static_cast<size_t>(c.Int("axis"));
  const int64_t groups = c.Int("groups");
  int64_t outer = 1, inner = 1;
  for (size_t d = 0; d < axis; ++d) outer *= x[d];
  for (size_t d = axis + 1; d < x.size(); ++d) inner *= x[d];
  kernels::TransposeParams p;
  std::vector<int64_t> shape = {outer, groups, x[axis] / groups};
  std::vector<int64_t> perm = {0, 2, 1};
  if (inner != 1) {
    shape.push_back(inner);
    perm.push_back(3);
  }
  p.input_shape = c.ToDims(shape);
  p.perm = c.ToDims(perm);
  p.element_size = DTypeSize(c.output().dtype);
  KernelCall k = MakeKernelCall("Transpose", "kernels/data_movement.h", "TransposeParams", p,
                                kernels::TransposeSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kXnnpack, Backend::kOnednn};
  k.light = true;
  k.summary = "ChannelShuffle " + ShapeToString(x) + " axis " + std::to_string(axis) + " groups " +
              std::to_string(groups);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Transpose(p, b.inputs[0], b.outputs[0]);
  };
  return k;
}

OutputType BroadcastShape(const NodeContext& c) {
  if (!c.output().has_shape) c.Fail("has no output shape");
  const Shape& target = c.output().shape;
  Shape merged;
  if (!BroadcastShapes(c.shape(0), target, &merged) || merged != target) {
    c.Fail("cannot broadcast " + ShapeToString(c.shape(0)) + " to " + ShapeToString(target));
  }
  return {target, c.dtype(0)};
}

KernelCall BroadcastKernel(const NodeContext& c) {
  kernels::BroadcastParams p;
  p.input_shape = c.ToDims(c.shape(0));
  p.output_shape = c.ToDims(c.output_shape());
  p.element_size = DTypeSize(c.dtype(0));
  if (!kernels::BroadcastSupports(Backend::kReference, p)) {
    throw std::logic_error("IR: Broadcast '" + c.node().name + "' shapes do not broadcast");
  }
  KernelCall k = MakeKernelCall("Broadcast", "kernels/broadcast.h", "BroadcastParams", p,
                                kernels::BroadcastSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = "Broadcast " + ShapeToString(c.shape(0)) + "->" + ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Broadcast(p, b.inputs[0], b.outputs[0]);
  };
  return k;
}

}  // namespace

std::vector<OpDef> DataMovementOps() {
  OpDef reshape;
  reshape.name = op::kReshape;
  reshape.doc = "Reshape(x) -> y: the same elements in `shape` (or the output value's shape)";
  reshape.attrs = {IntsAttr("shape").Min(0).Optional()};
  reshape.view = true;
  reshape.shape = ReshapeShape;
  reshape.kernel = CopyKernel;

  OpDef identity;
  identity.name = op::kIdentity;
  identity.doc = "Identity(x) -> x; the passes remove it except where it copies a graph input "
                 "or a constant to a graph output";
  identity.layout = LayoutClass::kElementwise;
  identity.shape = SameShape;
  identity.kernel = CopyKernel;

  OpDef transpose;
  transpose.name = op::kTranspose;
  transpose.doc = "Transpose(x) -> y with y's dimension i = x's dimension perm[i]";
  transpose.attrs = {IntsAttr("perm").Min(0)};
  transpose.shape = TransposeShape;
  transpose.kernel = TransposeKernel;

  OpDef concat;
  concat.name = op::kConcat;
  concat.doc = "Concat(x0, x1, ...) -> y joined along `axis`";
  concat.max_inputs = -1;
  concat.attrs = {IntAttr("axis").Min(0)};
  concat.layout = LayoutClass::kBroadcasting;
  concat.layout_axis = "axis";
  concat.shape = ConcatShape;
  concat.kernel = ConcatKernel;

  OpDef broadcast;
  broadcast.name = op::kBroadcast;
  broadcast.doc = "Broadcast(x) -> y: x repeated to the output value's shape (numpy rules)";
  broadcast.shape = BroadcastShape;
  broadcast.kernel = BroadcastKernel;

  OpDef shuffle;
  shuffle.name = op::kChannelShuffle;
  shuffle.doc = "ChannelShuffle(x) -> y: `axis` read as [groups, C/groups] and written as "
                "[C/groups, groups] (ShuffleNet's reshape-transpose-reshape)";
  shuffle.attrs = {IntAttr("groups").Min(1), IntAttr("axis").Min(0)};
  shuffle.layout = LayoutClass::kElementwise;
  shuffle.layout_axis = "axis";
  shuffle.shape = ChannelShuffleShape;
  shuffle.kernel = ChannelShuffleKernel;
  return {reshape, identity, transpose, concat, broadcast, shuffle};
}

}  // namespace neo::ir

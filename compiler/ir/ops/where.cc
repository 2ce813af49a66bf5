// Where(condition[bool], x, y) -> condition ? x : y, numpy broadcasting of all three.
#include "compiler/ir/ops/where.h"

#include "compiler/ir/shape_util.h"
#include "kernels/reference/where.h"
#include "kernels/where.h"

namespace neo::ir {

namespace {

using kernels::Backend;

OutputType WhereShape(const NodeContext& c) {
  if (c.dtype(0) != DType::kBool) c.Fail("condition must be bool");
  if (c.dtype(1) != c.dtype(2)) c.Fail("x and y must have one element type");
  Shape xy, out;
  if (!BroadcastShapes(c.shape(1), c.shape(2), &xy) || !BroadcastShapes(c.shape(0), xy, &out)) {
    c.Fail("shapes " + ShapeToString(c.shape(0)) + ", " + ShapeToString(c.shape(1)) + " and " +
           ShapeToString(c.shape(2)) + " do not broadcast");
  }
  return {out, c.dtype(1)};
}

KernelCall WhereKernel(const NodeContext& c) {
  kernels::WhereParams p;
  p.condition_shape = c.ToDims(c.shape(0));
  p.x_shape = c.ToDims(c.shape(1));
  p.y_shape = c.ToDims(c.shape(2));
  p.output_shape = c.ToDims(c.output_shape());
  p.element_size = DTypeSize(c.dtype(1));
  if (!kernels::WhereSupports(Backend::kReference, p)) {
    c.NotImplemented(std::string("Where of ") + DTypeName(c.dtype(1)) + " elements");
  }
  KernelCall k = MakeKernelCall("Where", "kernels/where.h", "WhereParams", p,
                                kernels::WhereSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Input(2), Operand::Output(0)};
  k.summary = "Where " + ShapeToString(c.output_shape());
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::Where(p, b.inputs[0], b.inputs[1], b.inputs[2], b.outputs[0]);
  };
  return k;
}

}  // namespace

std::vector<OpDef> WhereOps() {
  OpDef where;
  where.name = op::kWhere;
  where.doc = "Where(condition[bool], x, y) -> condition ? x : y, numpy broadcasting of all "
              "three; x and y of any one element type";
  where.min_inputs = where.max_inputs = 3;
  where.shape = WhereShape;
  where.kernel = WhereKernel;
  return {where};
}

}  // namespace neo::ir

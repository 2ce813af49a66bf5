// Cast(x) -> y of dtype `to` with numpy's conversions (kernels/cast.h).
#include "compiler/ir/ops/cast.h"

#include "compiler/ir/ops/elementwise_util.h"
#include "compiler/ir/shape_util.h"
#include "kernels/cast.h"
#include "kernels/reference/cast.h"

namespace neo::ir {

namespace {

using kernels::Backend;

OutputType CastShape(const NodeContext& c) {
  DType to;
  if (!DTypeFromName(c.Str("to"), &to)) c.Fail("unknown dtype to cast to");
  return {c.shape(0), to};
}

KernelCall CastKernel(const NodeContext& c) {
  kernels::CastParams p;
  p.from = ElementTypeOf(c.dtype(0));
  p.to = ElementTypeOf(c.output().dtype);
  p.count = c.input(0).num_elements();
  if (!kernels::CastSupports(Backend::kReference, p)) c.NotImplemented("this cast");
  KernelCall k = MakeKernelCall("Cast", "kernels/cast.h", "CastParams", p, kernels::CastSupports);
  k.operands = {Operand::Input(0), Operand::Output(0)};
  k.summary = std::string("Cast ") + DTypeName(c.dtype(0)) + "->" + DTypeName(c.output().dtype) +
              " " + ShapeToString(c.shape(0));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::CastElements(p.from, p.to, b.inputs[0], b.outputs[0], p.count);
  };
  return k;
}

}  // namespace

std::vector<OpDef> CastOps() {
  OpDef cast;
  cast.name = op::kCast;
  cast.doc = "Cast(x) -> y of dtype `to` (float32, int64, int32, bool, uint8, int8): float to "
             "integer truncates, anything to bool is != 0, integers wrap";
  cast.attrs = {StringAttr("to").OneOf({"float32", "int64", "int32", "bool", "uint8", "int8"})};
  cast.shape = CastShape;
  cast.kernel = CastKernel;
  return {cast};
}

}  // namespace neo::ir

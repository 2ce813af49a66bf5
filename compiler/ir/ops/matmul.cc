// FullyConnected(x[M, K], w[N, K], bias[N]?) -> y[M, N] = x * w^T + bias, and
// BatchMatMul(a[..., M, K], b[..., K, N]) -> numpy.matmul with broadcast batch dimensions.
#include "compiler/ir/ops/matmul.h"

#include "compiler/ir/shape_util.h"
#include "kernels/batch_matmul.h"
#include "kernels/fully_connected.h"
#include "kernels/reference/batch_matmul.h"
#include "kernels/reference/conv2d.h"

namespace neo::ir {

namespace {

using kernels::Backend;

OutputType FullyConnectedShape(const NodeContext& c) {
  c.ExpectRank(0, 2);
  c.ExpectRank(1, 2);
  const Shape &x = c.shape(0), &w = c.shape(1);
  if (x[1] != w[1]) {
    c.Fail("input " + ShapeToString(x) + " and weights " + ShapeToString(w) + " disagree on K");
  }
  if (c.has_input(2) && c.input(2).num_elements() != w[0]) {
    c.Fail("bias shape " + ShapeToString(c.shape(2)) + " does not match " +
           std::to_string(w[0]) + " outputs");
  }
  return {{x[0], w[0]}, c.dtype(0)};
}

KernelCall FullyConnectedKernel(const NodeContext& c) {
  c.RequireFloatInputs();
  const Shape& x = c.shape(0);
  const Shape& w = c.shape(1);
  kernels::FullyConnectedParams p;
  p.batch = c.ToInt(x[0]);
  p.input_channels = c.ToInt(x[1]);
  p.output_channels = c.ToInt(w[0]);
  p.output_min = c.ActMin();
  p.output_max = c.ActMax();
  c.SetActivation(p);
  KernelCall k = MakeKernelCall("FullyConnected", "kernels/fully_connected.h",
                                "FullyConnectedParams", p, kernels::FullyConnectedSupports);
  k.operands = {Operand::Input(1), c.has_input(2) ? Operand::Input(2) : Operand::Absent(),
                Operand::Input(0), Operand::Output(0)};
  k.backends = {Backend::kOnednn, Backend::kXnnpack};
  k.heavy = true;
  k.macs = int64_t{p.batch} * p.input_channels * p.output_channels;
  k.summary = "FullyConnected " + std::to_string(p.input_channels) + "->" +
              std::to_string(p.output_channels);
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::FullyConnected(p, b.in<float>(1), b.in<float>(2), b.in<float>(0),
                                       b.out<float>(0));
  };
  return k;
}

OutputType BatchMatMulShape(const NodeContext& c) {
  Shape a = c.shape(0), b = c.shape(1);
  if (a.empty() || b.empty()) c.Fail("MatMul operands cannot be scalars");
  bool a_vec = a.size() == 1, b_vec = b.size() == 1;
  if (a_vec) a.insert(a.begin(), 1);
  if (b_vec) b.push_back(1);
  if (a.back() != b[b.size() - 2]) {
    c.Fail("operand shapes " + ShapeToString(c.shape(0)) + " and " + ShapeToString(c.shape(1)) +
           " disagree on K");
  }
  Shape batch;
  if (!BroadcastShapes(Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2), &batch)) {
    c.Fail("batch dimensions of " + ShapeToString(c.shape(0)) + " and " +
           ShapeToString(c.shape(1)) + " do not broadcast");
  }
  Shape out = batch;
  if (!a_vec) out.push_back(a[a.size() - 2]);
  if (!b_vec) out.push_back(b.back());
  return {out, c.dtype(0)};
}

KernelCall BatchMatMulKernel(const NodeContext& c) {
  c.RequireFloat(0);
  c.RequireFloat(1);
  kernels::BatchMatMulParams p;
  p.a_shape = c.ToDims(c.shape(0));
  p.b_shape = c.ToDims(c.shape(1));
  p.output_shape = c.ToDims(c.output_shape());
  if (!kernels::BatchMatMulSupports(Backend::kReference, p)) {
    throw std::logic_error("IR: BatchMatMul '" + c.node().name + "' has inconsistent shapes");
  }
  KernelCall k = MakeKernelCall("BatchMatMul", "kernels/batch_matmul.h", "BatchMatMulParams", p,
                                kernels::BatchMatMulSupports);
  k.operands = {Operand::Input(0), Operand::Input(1), Operand::Output(0)};
  k.backends = {Backend::kOnednn};
  k.heavy = true;
  k.macs = c.output().num_elements() * c.shape(0).back();
  k.summary = "BatchMatMul " + ShapeToString(c.shape(0)) + " x " + ShapeToString(c.shape(1));
  k.reference = [p](const ReferenceBuffers& b) {
    kernels::reference::BatchMatMul(p, b.in<float>(0), b.in<float>(1), b.out<float>(0));
  };
  return k;
}

}  // namespace

std::vector<OpDef> MatMulOps() {
  OpDef fc;
  fc.name = op::kFullyConnected;
  fc.doc = "FullyConnected(x[M, K], w[N, K], bias[N]?) -> y[M, N] = x * w^T + bias, with a "
           "fused activation and clamp";
  fc.min_inputs = 2;
  fc.max_inputs = 3;
  fc.attrs = {ActMinAttr(), ActMaxAttr(), ActFnAttr(), ActAlphaAttr(), ActBetaAttr()};
  fc.fuses_activation = true;
  fc.shape = FullyConnectedShape;
  fc.kernel = FullyConnectedKernel;

  OpDef bmm;
  bmm.name = op::kBatchMatMul;
  bmm.doc = "BatchMatMul(a[..., M, K], b[..., K, N]) -> numpy.matmul(a, b) for rank >= 2 "
            "operands with broadcast batch dimensions (frontends reshape rank-1 operands)";
  bmm.min_inputs = bmm.max_inputs = 2;
  bmm.shape = BatchMatMulShape;
  bmm.kernel = BatchMatMulKernel;
  return {fc, bmm};
}

}  // namespace neo::ir

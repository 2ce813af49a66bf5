// The MXNet operator table: every operator of the spec's MXNet column, the aliases and
// close relatives MXNet exports also write, and the function that lowers each to the IR.
// The support check, `neoc --list_operators --framework=mxnet` and docs/operators.md all
// read this one table.
#ifndef NEO_COMPILER_FRONTENDS_MXNET_OPERATOR_TABLE_H_
#define NEO_COMPILER_FRONTENDS_MXNET_OPERATOR_TABLE_H_

#include <string>
#include <vector>

#include "compiler/frontends/mxnet/lowering.h"

namespace neo::mx_frontend {

using LowerFn = void (*)(NodeLowering&);

struct MxOperator {
  const char* name;  // MXNet's operator name
  LowerFn lower;     // null: in the table but not compiled by this version yet
  // Null for an operator of the spec's column; otherwise the spec operator this spelling
  // shares its semantics with (_plus -> _Plus), or "" for one that has none there.
  const char* seed;
  // The training heads' label input (SoftmaxOutput's softmax_label): not an input of the
  // compiled model, never read at inference. -1 for none.
  int label_input = -1;
};

// Sorted by name (byte order).
const std::vector<MxOperator>& MxOperatorTable();

// The entry for `op`, or null when the operator is outside the table.
const MxOperator* FindMxOperator(const std::string& op);

// Lowering functions, one family per file.
void LowerConvolution(NodeLowering& n);       // lower_conv.cc
void LowerDeconvolution(NodeLowering& n);
void LowerFullyConnected(NodeLowering& n);
void LowerPooling(NodeLowering& n);           // lower_pool.cc
void LowerUpSampling(NodeLowering& n);
void LowerBatchNorm(NodeLowering& n);         // lower_norm.cc
void LowerLRN(NodeLowering& n);
void LowerSoftmax(NodeLowering& n);           // lower_softmax.cc
void LowerSoftmaxOutput(NodeLowering& n);
void LowerSoftmaxActivation(NodeLowering& n);
void LowerRegressionOutput(NodeLowering& n);
void LowerUnary(NodeLowering& n);             // lower_elementwise.cc
void LowerActivation(NodeLowering& n);
void LowerLeakyReLU(NodeLowering& n);
void LowerBinary(NodeLowering& n);
void LowerScalar(NodeLowering& n);
void LowerAddN(NodeLowering& n);
void LowerClip(NodeLowering& n);
void LowerCast(NodeLowering& n);
void LowerIdentity(NodeLowering& n);
void LowerReshape(NodeLowering& n);           // lower_shape.cc
void LowerFlatten(NodeLowering& n);
void LowerExpandDims(NodeLowering& n);
void LowerTranspose(NodeLowering& n);
void LowerReshapeLike(NodeLowering& n);
void LowerBroadcastTo(NodeLowering& n);
void LowerConcat(NodeLowering& n);            // lower_slice.cc
void LowerSliceChannel(NodeLowering& n);
void LowerCrop(NodeLowering& n);
void LowerSliceLike(NodeLowering& n);
void LowerReduce(NodeLowering& n);            // lower_reduce.cc
void LowerArgReduce(NodeLowering& n);
void LowerMultiBoxPrior(NodeLowering& n);     // lower_detection.cc
void LowerMultiBoxDetection(NodeLowering& n);

}  // namespace neo::mx_frontend

#endif  // NEO_COMPILER_FRONTENDS_MXNET_OPERATOR_TABLE_H_

// The TensorFlow operator table: every operator of the spec's TensorFlow column, the
// same-semantics spellings TensorFlow 2 and grappler write, and the function that lowers
// each to the IR. The support check, `neoc --list_operators --framework=tensorflow` and
// docs/operators.md all read this one table.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_OPERATOR_TABLE_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_OPERATOR_TABLE_H_

#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/lowering.h"

namespace neo::tf_frontend {

using LowerFn = void (*)(NodeLowering&);

struct TfOperator {
  const char* name;  // TensorFlow's op name
  LowerFn lower;     // null: in the table but not compiled by this version yet
  // Null for an operator of the spec's column; otherwise the spec operator this spelling
  // shares its semantics with (AddV2 -> Add), or "" for one that has none there.
  const char* seed;
};

// Sorted by name.
const std::vector<TfOperator>& TfOperatorTable();

// The entry for `op`, or null when the operator is outside the table.
const TfOperator* FindTfOperator(const std::string& op);

// Operators whose every use is handled before lowering: graph inputs, constants, and
// nodes that only order execution.
bool IsStructural(const std::string& op);

// Control flow: reported as OperatorAttributeNotImplemented (its predicate or trip count
// is data-dependent), not as an unknown operator.
bool IsControlFlow(const std::string& op);

// Lowering functions, one family per file.
void LowerConv2D(NodeLowering& n);                 // lower_conv.cc
void LowerDepthwiseConv2D(NodeLowering& n);
void LowerConv2DBackpropInput(NodeLowering& n);
void LowerFusedConv2D(NodeLowering& n);
void LowerBiasAdd(NodeLowering& n);
void LowerMaxPool(NodeLowering& n);                // lower_pool.cc
void LowerAvgPool(NodeLowering& n);
void LowerFusedBatchNorm(NodeLowering& n);         // lower_norm.cc
void LowerBatchNormGlobal(NodeLowering& n);
void LowerLRN(NodeLowering& n);
void LowerSoftmax(NodeLowering& n);
void LowerUnary(NodeLowering& n);                  // lower_elementwise.cc
void LowerBinary(NodeLowering& n);
void LowerAddN(NodeLowering& n);
void LowerCompare(NodeLowering& n);
void LowerFloorDiv(NodeLowering& n);
void LowerMatMul(NodeLowering& n);                 // lower_matmul.cc
void LowerFusedMatMul(NodeLowering& n);
void LowerIdentity(NodeLowering& n);               // lower_array.cc
void LowerReshape(NodeLowering& n);
void LowerExpandDims(NodeLowering& n);
void LowerSqueeze(NodeLowering& n);
void LowerTranspose(NodeLowering& n);
void LowerConcat(NodeLowering& n);
void LowerPack(NodeLowering& n);
void LowerUnpack(NodeLowering& n);
void LowerPad(NodeLowering& n);
void LowerGatherV2(NodeLowering& n);
void LowerGatherNd(NodeLowering& n);
void LowerCast(NodeLowering& n);
void LowerShape(NodeLowering& n);
void LowerRank(NodeLowering& n);
void LowerFill(NodeLowering& n);
void LowerRange(NodeLowering& n);
void LowerStridedSlice(NodeLowering& n);           // lower_strided_slice.cc
void LowerReduce(NodeLowering& n);                 // lower_reduce.cc
void LowerArgReduce(NodeLowering& n);
void LowerResize(NodeLowering& n);                 // lower_resize.cc
void LowerDecodeJpeg(NodeLowering& n);             // lower_image.cc

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_OPERATOR_TABLE_H_

// The ONNX operator table: every operator the spec's PyTorch/ONNX column names, the ones
// beyond it that this compiler also takes, and the function that lowers each to the IR. The compiler's support check, `neoc
// --list_operators` and docs/operators.md all read this one table.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_OPERATOR_TABLE_H_
#define NEO_COMPILER_FRONTENDS_ONNX_OPERATOR_TABLE_H_

#include <string>
#include <utility>
#include <vector>

#include "compiler/frontends/onnx/lowering.h"

namespace neo::onnx_frontend {

using LowerFn = void (*)(NodeLowering&);

struct OnnxOperator {
  const char* name;  // ONNX op_type, default domain
  LowerFn lower;     // null: in Neo's table but not compiled by this version yet
  // Not in the spec's PyTorch/ONNX column (Neo's 2020 list) but written by today's
  // exporters; //docs:operator_table_spec_test checks this against the spec's table.
  bool beyond_spec = false;
};

inline constexpr bool kBeyondSpec = true;

// Sorted by name.
const std::vector<OnnxOperator>& OnnxOperatorTable();

// The table entry for `op_type`, or null when the operator is outside it or has no
// lowering yet.
LowerFn FindLowering(const std::string& op_type);

// Why Neo never compiles `op` (data-dependent shapes, sequences, optionals, strings,
// random generators, training operators), or null. Non-default domains are spelled
// "<domain>.<op_type>".
const char* WhyNotCompiled(const std::string& op);
// Every operator WhyNotCompiled knows, sorted, with its reason (for docs and
// `neoc --list_operators --never_compiled`).
std::vector<std::pair<std::string, std::string>> NeverCompiledOperators();

// Lowering functions, one family per file.
void LowerLogic(NodeLowering&);
void LowerNot(NodeLowering&);
void LowerWhere(NodeLowering&);
void LowerMod(NodeLowering&);
void LowerExpand(NodeLowering&);
void LowerConstantOfShape(NodeLowering&);
void LowerRange(NodeLowering&);
void LowerWindow(NodeLowering&);
void LowerMelWeightMatrix(NodeLowering&);
void LowerEinsum(NodeLowering&);
void LowerReduceMath(NodeLowering&);  // lower_reduce_math.cc
void LowerSize(NodeLowering&);
void LowerCastLike(NodeLowering&);
void LowerTrilu(NodeLowering&);
void LowerBitShift(NodeLowering&);
void LowerCumSum(NodeLowering&);
void LowerDepthToSpace(NodeLowering&);
void LowerEyeLike(NodeLowering&);
void LowerHardmax(NodeLowering&);
void LowerIsInf(NodeLowering&);
void LowerIsNaN(NodeLowering&);
void LowerNegativeLogLikelihoodLoss(NodeLowering&);
void LowerOneHot(NodeLowering&);
void LowerReverseSequence(NodeLowering&);
void LowerRoiAlign(NodeLowering&);   // lower_roi_align.cc
void LowerTfIdfVectorizer(NodeLowering&);  // lower_tfidf.cc
void LowerSoftmaxCrossEntropyLoss(NodeLowering&);
void LowerSpaceToDepth(NodeLowering&);
void LowerTile(NodeLowering&);
void LowerTopK(NodeLowering&);
void LowerLpPool(NodeLowering&);  // lower_lp_pool.cc
void LowerGlobalLpPool(NodeLowering&);
void LowerMaxRoiPool(NodeLowering&);
void LowerDft(NodeLowering&);  // lower_spectral.cc
void LowerStft(NodeLowering&);
void LowerMaxUnpool(NodeLowering&);  // lower_unpool_det.cc
void LowerDet(NodeLowering&);
void LowerGridSample(NodeLowering&);  // lower_grid_sample.cc
void LowerConv3D(NodeLowering&);  // lower_conv_3d.cc, for Conv and ConvTranspose
void LowerConvTranspose3D(NodeLowering&);
// If and Scan: inlined into the graph before lowering (inline_control_flow.h); reaching
// this is a bug.
void LowerInlinedControlFlow(NodeLowering&);
void LowerGatherElements(NodeLowering&);
void LowerGatherND(NodeLowering&);
void LowerScatterND(NodeLowering&);
void LowerScatterElements(NodeLowering&);
void LowerConv(NodeLowering& n);                // lower_conv.cc
void LowerConvInteger(NodeLowering& n);         // lower_quantized_conv.cc
void LowerQLinearConv(NodeLowering& n);
void LowerMatMulInteger(NodeLowering& n);       // lower_quantized_matmul.cc
void LowerQLinearMatMul(NodeLowering& n);
void LowerQuantizeLinear(NodeLowering& n);      // lower_quantize.cc
void LowerDequantizeLinear(NodeLowering& n);
void LowerDynamicQuantizeLinear(NodeLowering& n);
void LowerMaxPool(NodeLowering& n);             // lower_pool.cc
void LowerAveragePool(NodeLowering& n);
void LowerGlobalAveragePool(NodeLowering& n);
void LowerGlobalMaxPool(NodeLowering& n);
void LowerBatchNormalization(NodeLowering& n);  // lower_norm.cc
void LowerUnary(NodeLowering& n);               // lower_elementwise.cc
void LowerClip(NodeLowering& n);
void LowerBinary(NodeLowering& n);
void LowerVariadic(NodeLowering& n);
void LowerPRelu(NodeLowering& n);
void LowerGemm(NodeLowering& n);                // lower_gemm.cc
void LowerMatMul(NodeLowering& n);
void LowerSoftmax(NodeLowering& n);             // lower_softmax.cc
void LowerConcat(NodeLowering& n);              // lower_tensor.cc
void LowerReshape(NodeLowering& n);
void LowerFlatten(NodeLowering& n);
void LowerTranspose(NodeLowering& n);
void LowerIdentity(NodeLowering& n);
void LowerDropout(NodeLowering& n);
void LowerConstant(NodeLowering& n);
void LowerShape(NodeLowering& n);
void LowerSqueeze(NodeLowering& n);
void LowerUnsqueeze(NodeLowering& n);
void LowerReduce(NodeLowering& n);              // lower_reduce.cc
void LowerArgReduce(NodeLowering& n);
void LowerSlice(NodeLowering& n);               // lower_slice.cc
void LowerSplit(NodeLowering& n);
void LowerGather(NodeLowering& n);              // lower_gather.cc
void LowerPad(NodeLowering& n);                 // lower_pad.cc
void LowerCast(NodeLowering& n);                // lower_cast.cc
void LowerConstantFill(NodeLowering& n);
void LowerConvTranspose(NodeLowering& n);       // lower_conv_transpose.cc
void LowerLRN(NodeLowering& n);                 // lower_norm.cc
void LowerLayerNormalization(NodeLowering& n);  // lower_layer_norm.cc
void LowerInstanceNormalization(NodeLowering& n);
void LowerGroupNormalization(NodeLowering& n);
void LowerMeanVarianceNormalization(NodeLowering& n);  // lower_norm_reduce.cc
void LowerLpNormalization(NodeLowering& n);
void LowerUpsample(NodeLowering& n);            // lower_upsample.cc
void LowerResize(NodeLowering& n);              // lower_resize.cc
void LowerFC(NodeLowering& n);                  // lower_legacy.cc
void LowerImageScaler(NodeLowering& n);
void LowerParametricSoftplus(NodeLowering& n);
void LowerScale(NodeLowering& n);
void LowerScaledTanh(NodeLowering& n);
void LowerSpatialBN(NodeLowering& n);
void LowerRnn(NodeLowering& n);                 // lower_rnn.cc
void LowerGru(NodeLowering& n);
void LowerLstm(NodeLowering& n);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_OPERATOR_TABLE_H_

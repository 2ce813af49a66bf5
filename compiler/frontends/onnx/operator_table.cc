#include "compiler/frontends/onnx/operator_table.h"

#include <algorithm>
#include <cstring>

namespace neo::onnx_frontend {

const std::vector<OnnxOperator>& OnnxOperatorTable() {
  static const std::vector<OnnxOperator> table = {
      {"Abs", LowerUnary},
      {"Acos", LowerUnary, kBeyondSpec},
      {"Acosh", LowerUnary, kBeyondSpec},
      {"Add", LowerBinary},
      {"ArgMax", LowerArgReduce},
      {"ArgMin", LowerArgReduce},
      {"Asin", LowerUnary, kBeyondSpec},
      {"Asinh", LowerUnary, kBeyondSpec},
      {"Atan", LowerUnary, kBeyondSpec},
      {"Atanh", LowerUnary, kBeyondSpec},
      {"AveragePool", LowerAveragePool},
      {"BatchNormalization", LowerBatchNormalization},
      {"Cast", LowerCast},
      {"Ceil", LowerUnary},
      {"Celu", LowerUnary, kBeyondSpec},
      {"Clip", LowerClip},
      {"Concat", LowerConcat},
      {"Constant", LowerConstant},
      {"ConstantFill", LowerConstantFill},
      {"Conv", LowerConv},
      {"ConvTranspose", LowerConvTranspose},
      {"Cos", LowerUnary, kBeyondSpec},
      {"Cosh", LowerUnary, kBeyondSpec},
      {"Div", LowerBinary},
      {"Dropout", LowerDropout},
      {"Elu", LowerUnary},
      {"Erf", LowerUnary, kBeyondSpec},
      {"Exp", LowerUnary},
      {"FC", LowerFC},
      {"Flatten", LowerFlatten},
      {"Floor", LowerUnary},
      {"Gather", LowerGather},
      {"Gemm", LowerGemm},
      {"GlobalAveragePool", LowerGlobalAveragePool},
      {"GlobalMaxPool", LowerGlobalMaxPool},
      {"GroupNormalization", LowerGroupNormalization, kBeyondSpec},
      {"HardSigmoid", LowerUnary},
      {"HardSwish", LowerUnary, kBeyondSpec},
      {"Identity", LowerIdentity},
      {"ImageScaler", LowerImageScaler},
      {"InstanceNormalization", LowerInstanceNormalization, kBeyondSpec},
      {"LRN", LowerLRN},
      {"LayerNormalization", LowerLayerNormalization, kBeyondSpec},
      {"LeakyRelu", LowerUnary},
      {"Log", LowerUnary},
      {"LogSoftmax", LowerSoftmax},
      {"LpNormalization", LowerLpNormalization, kBeyondSpec},
      {"MatMul", LowerMatMul},
      {"Max", LowerVariadic},
      {"MaxPool", LowerMaxPool},
      {"Mean", LowerVariadic},
      {"MeanVarianceNormalization", LowerMeanVarianceNormalization, kBeyondSpec},
      {"Min", LowerVariadic},
      {"Mul", LowerBinary},
      {"Neg", LowerUnary},
      {"PRelu", LowerPRelu},
      {"Pad", LowerPad},
      {"ParametricSoftplus", LowerParametricSoftplus},
      {"Pow", LowerBinary},
      {"Reciprocal", LowerUnary},
      {"ReduceMax", LowerReduce},
      {"ReduceMean", LowerReduce},
      {"ReduceMin", LowerReduce},
      {"ReduceProd", LowerReduce},
      {"ReduceSum", LowerReduce},
      {"Relu", LowerUnary},
      {"Reshape", LowerReshape},
      {"Round", LowerUnary, kBeyondSpec},
      {"Scale", LowerScale},
      {"ScaledTanh", LowerScaledTanh},
      {"Selu", LowerUnary},
      {"Shape", LowerShape},
      {"Shrink", LowerUnary, kBeyondSpec},
      {"Sigmoid", LowerUnary},
      {"Sign", LowerUnary, kBeyondSpec},
      {"Sin", LowerUnary, kBeyondSpec},
      {"Sinh", LowerUnary, kBeyondSpec},
      {"Slice", LowerSlice},
      {"Softmax", LowerSoftmax},
      {"Softplus", LowerUnary},  // the spec's 'SoftPlus'; ONNX spells it Softplus
      {"Softsign", LowerUnary},
      {"SpatialBN", LowerSpatialBN},
      {"Split", LowerSplit},
      {"Sqrt", LowerUnary},
      {"Squeeze", LowerSqueeze},
      {"Sub", LowerBinary},
      {"Sum", LowerVariadic},
      {"Tan", LowerUnary, kBeyondSpec},
      {"Tanh", LowerUnary},
      {"ThresholdedRelu", LowerUnary},
      {"Transpose", LowerTranspose},
      {"Unsqueeze", LowerUnsqueeze},
      {"Upsample", LowerUpsample},
  };
  return table;
}

LowerFn FindLowering(const std::string& op_type) {
  const auto& table = OnnxOperatorTable();
  auto it = std::lower_bound(table.begin(), table.end(), op_type,
                             [](const OnnxOperator& op, const std::string& name) {
                               return std::strcmp(op.name, name.c_str()) < 0;
                             });
  if (it == table.end() || op_type != it->name) return nullptr;
  return it->lower;
}

}  // namespace neo::onnx_frontend

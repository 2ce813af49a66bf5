#include "compiler/frontends/onnx/operator_table.h"

#include <algorithm>
#include <cstring>

namespace neo::onnx_frontend {

const std::vector<OnnxOperator>& OnnxOperatorTable() {
  static const std::vector<OnnxOperator> table = {
      {"Abs", LowerUnary},
      {"Add", LowerBinary},
      {"ArgMax", nullptr},
      {"ArgMin", nullptr},
      {"AveragePool", LowerAveragePool},
      {"BatchNormalization", LowerBatchNormalization},
      {"Cast", nullptr},
      {"Ceil", LowerUnary},
      {"Clip", LowerClip},
      {"Concat", LowerConcat},
      {"Constant", LowerConstant},
      {"ConstantFill", nullptr},
      {"Conv", LowerConv},
      {"ConvTranspose", nullptr},
      {"Div", LowerBinary},
      {"Dropout", LowerDropout},
      {"Elu", LowerUnary},
      {"Exp", LowerUnary},
      {"FC", nullptr},
      {"Flatten", LowerFlatten},
      {"Floor", LowerUnary},
      {"Gather", nullptr},
      {"Gemm", LowerGemm},
      {"GlobalAveragePool", LowerGlobalAveragePool},
      {"GlobalMaxPool", LowerGlobalMaxPool},
      {"HardSigmoid", LowerUnary},
      {"Identity", LowerIdentity},
      {"ImageScaler", nullptr},
      {"LRN", nullptr},
      {"LeakyRelu", LowerUnary},
      {"Log", LowerUnary},
      {"LogSoftmax", LowerSoftmax},
      {"MatMul", LowerMatMul},
      {"Max", LowerVariadic},
      {"MaxPool", LowerMaxPool},
      {"Mean", LowerVariadic},
      {"Min", LowerVariadic},
      {"Mul", LowerBinary},
      {"Neg", LowerUnary},
      {"PRelu", LowerPRelu},
      {"Pad", nullptr},
      {"ParametricSoftplus", nullptr},
      {"Pow", LowerBinary},
      {"Reciprocal", LowerUnary},
      {"ReduceMax", nullptr},
      {"ReduceMean", nullptr},
      {"ReduceMin", nullptr},
      {"ReduceProd", nullptr},
      {"ReduceSum", nullptr},
      {"Relu", LowerUnary},
      {"Reshape", LowerReshape},
      {"Scale", nullptr},
      {"ScaledTanh", nullptr},
      {"Selu", LowerUnary},
      {"Shape", LowerShape},
      {"Sigmoid", LowerUnary},
      {"Slice", nullptr},
      {"Softmax", LowerSoftmax},
      {"Softplus", LowerUnary},  // the spec's 'SoftPlus'; ONNX spells it Softplus
      {"Softsign", LowerUnary},
      {"SpatialBN", nullptr},
      {"Split", nullptr},
      {"Sqrt", LowerUnary},
      {"Squeeze", LowerSqueeze},
      {"Sub", LowerBinary},
      {"Sum", LowerVariadic},
      {"Tanh", LowerUnary},
      {"ThresholdedRelu", LowerUnary},
      {"Transpose", LowerTranspose},
      {"Unsqueeze", LowerUnsqueeze},
      {"Upsample", nullptr},
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

#include "compiler/frontends/tensorflow/operator_table.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace neo::tf_frontend {

const std::vector<TfOperator>& TfOperatorTable() {
  // seed nullptr: the spec's own operator.
  static const std::vector<TfOperator> table = {
      {"Abs", LowerUnary, ""},
      {"Add", LowerBinary, nullptr},
      {"AddN", LowerAddN, "Add"},
      {"AddV2", LowerBinary, "Add"},
      {"ArgMax", LowerArgReduce, nullptr},
      {"ArgMin", LowerArgReduce, nullptr},
      {"AvgPool", LowerAvgPool, nullptr},
      {"BatchNormWithGlobalNormalization", LowerBatchNormGlobal, nullptr},
      {"BiasAdd", LowerBiasAdd, nullptr},
      {"BiasAddV1", LowerBiasAdd, "BiasAdd"},
      {"Cast", LowerCast, nullptr},
      {"Ceil", LowerUnary, nullptr},
      {"CheckNumerics", LowerIdentity, nullptr},
      {"Concat", LowerConcat, nullptr},
      {"ConcatV2", LowerConcat, nullptr},
      {"Conv2D", LowerConv2D, nullptr},
      {"Conv2DBackpropInput", LowerConv2DBackpropInput, ""},
      {"DecodeJpeg", LowerDecodeJpeg, nullptr},
      {"DepthwiseConv2dNative", LowerDepthwiseConv2D, nullptr},
      {"Elu", LowerUnary, nullptr},
      {"Equal", LowerCompare, nullptr},
      {"Exp", LowerUnary, ""},
      {"ExpandDims", LowerExpandDims, nullptr},
      {"Fill", LowerFill, nullptr},
      {"Floor", LowerUnary, nullptr},
      {"FloorDiv", LowerFloorDiv, ""},
      {"FusedBatchNorm", LowerFusedBatchNorm, nullptr},
      {"FusedBatchNormV2", LowerFusedBatchNorm, nullptr},
      {"FusedBatchNormV3", LowerFusedBatchNorm, "FusedBatchNorm"},
      {"FusedDepthwiseConv2dNative", LowerFusedConv2D, "DepthwiseConv2dNative"},
      {"GatherNd", LowerGatherNd, ""},
      {"GatherV2", LowerGatherV2, nullptr},
      {"Greater", LowerCompare, nullptr},
      {"GreaterEqual", LowerCompare, nullptr},
      {"Identity", LowerIdentity, nullptr},
      {"LRN", LowerLRN, nullptr},
      {"LeakyRelu", LowerUnary, nullptr},
      {"Less", LowerCompare, nullptr},
      {"LessEqual", LowerCompare, nullptr},
      {"Log", LowerUnary, ""},
      {"MatMul", LowerMatMul, nullptr},
      {"Max", LowerReduce, ""},
      {"MaxPool", LowerMaxPool, nullptr},
      {"Maximum", LowerBinary, nullptr},
      {"Mean", LowerReduce, nullptr},
      {"Min", LowerReduce, ""},
      {"Minimum", LowerBinary, nullptr},
      {"Mul", LowerBinary, nullptr},
      {"Neg", LowerUnary, ""},
      {"NotEqual", LowerCompare, nullptr},
      {"Pack", LowerPack, nullptr},
      {"Pad", LowerPad, nullptr},
      {"PadV2", LowerPad, nullptr},
      {"Prelu", LowerBinary, ""},
      {"Prod", LowerReduce, ""},
      {"Range", LowerRange, nullptr},
      {"Rank", LowerRank, nullptr},
      {"RealDiv", LowerBinary, ""},
      {"Reciprocal", LowerUnary, ""},
      {"Relu", LowerUnary, nullptr},
      {"Relu6", LowerUnary, nullptr},
      {"Reshape", LowerReshape, nullptr},
      {"ResizeBilinear", LowerResize, nullptr},
      {"ResizeNearestNeighbor", LowerResize, "ResizeBilinear"},
      {"Rsqrt", LowerUnary, nullptr},
      {"Selu", LowerUnary, nullptr},
      {"Shape", LowerShape, nullptr},
      {"Sigmoid", LowerUnary, nullptr},
      {"Softmax", LowerSoftmax, nullptr},
      {"Softplus", LowerUnary, ""},
      {"Sqrt", LowerUnary, ""},
      {"Square", LowerUnary, nullptr},
      {"SquaredDifference", LowerBinary, "Sub"},
      {"Squeeze", LowerSqueeze, nullptr},
      {"StopGradient", LowerIdentity, "Identity"},
      {"StridedSlice", LowerStridedSlice, nullptr},
      {"Sub", LowerBinary, nullptr},
      {"Sum", LowerReduce, nullptr},
      {"Tanh", LowerUnary, nullptr},
      {"Transpose", LowerTranspose, nullptr},
      {"Unpack", LowerUnpack, ""},
      {"_FusedConv2D", LowerFusedConv2D, "Conv2D"},
      {"_FusedDepthwiseConv2dNative", LowerFusedConv2D, "DepthwiseConv2dNative"},
      {"_FusedMatMul", LowerFusedMatMul, "MatMul"},
  };
  return table;
}

const TfOperator* FindTfOperator(const std::string& op) {
  const auto& t = TfOperatorTable();
  auto it = std::lower_bound(t.begin(), t.end(), op, [](const TfOperator& e, const std::string& n) {
    return std::strcmp(e.name, n.c_str()) < 0;
  });
  return it != t.end() && op == it->name ? &*it : nullptr;
}

bool IsStructural(const std::string& op) {
  static const std::set<std::string> ops = {"Placeholder", "PlaceholderWithDefault", "Const",
                                            "NoOp"};
  return ops.count(op) != 0;
}

bool IsControlFlow(const std::string& op) {
  static const std::set<std::string> ops = {
      "Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond", "RefSwitch",
      "RefMerge", "RefEnter", "RefExit", "While", "StatelessWhile", "If", "StatelessIf",
      "Case", "StatelessCase"};
  return ops.count(op) != 0;
}

}  // namespace neo::tf_frontend

#include "compiler/frontends/mxnet/operator_table.h"

#include <algorithm>
#include <cstring>

namespace neo::mx_frontend {

const std::vector<MxOperator>& MxOperatorTable() {
  // seed nullptr: the spec's own operator.
  static const std::vector<MxOperator> table = [] {
    std::vector<MxOperator> t = {
        {"Activation", LowerActivation, nullptr},
        {"BatchNorm", LowerBatchNorm, nullptr},
        {"BatchNorm_v1", LowerBatchNorm, nullptr},
        {"BlockGrad", LowerIdentity, "_copy"},
        {"Cast", LowerCast, nullptr},
        {"Concat", LowerConcat, nullptr},
        {"Convolution", LowerConvolution, nullptr},
        {"Convolution_v1", LowerConvolution, nullptr},
        {"Crop", LowerCrop, nullptr},
        {"Deconvolution", LowerDeconvolution, nullptr},
        {"Dropout", LowerIdentity, nullptr},
        {"ElementWiseSum", LowerAddN, "add_n"},
        {"Flatten", LowerFlatten, nullptr},
        {"FullyConnected", LowerFullyConnected, nullptr},
        {"LRN", LowerLRN, nullptr},
        {"LeakyReLU", LowerLeakyReLU, nullptr},
        {"LinearRegressionOutput", LowerRegressionOutput, nullptr, 1},
        {"LogisticRegressionOutput", LowerRegressionOutput, "", 1},
        {"MAERegressionOutput", LowerRegressionOutput, "LinearRegressionOutput", 1},
        {"Pooling", LowerPooling, nullptr},
        {"Pooling_v1", LowerPooling, nullptr},
        {"Reshape", LowerReshape, nullptr},
        {"SliceChannel", LowerSliceChannel, nullptr},
        // MXNet's deprecated name of SoftmaxOutput, label included.
        {"Softmax", LowerSoftmaxOutput, nullptr, 1},
        {"SoftmaxActivation", LowerSoftmaxActivation, nullptr},
        {"SoftmaxOutput", LowerSoftmaxOutput, nullptr, 1},
        {"UpSampling", LowerUpSampling, nullptr},
        {"_Plus", LowerBinary, nullptr},
        {"_add", LowerBinary, "_Plus"},
        {"_add_scalar", LowerScalar, nullptr},
        {"_add_symbol", LowerBinary, nullptr},
        {"_contrib_MultiBoxDetection", LowerMultiBoxDetection, nullptr},
        {"_contrib_MultiBoxPrior", LowerMultiBoxPrior, nullptr},
        {"_copy", LowerIdentity, nullptr},
        {"_div", LowerBinary, "_div_symbol"},
        {"_div_scalar", LowerScalar, nullptr},
        {"_div_symbol", LowerBinary, nullptr},
        {"_maximum", LowerBinary, ""},
        {"_maximum_scalar", LowerScalar, ""},
        {"_minimum", LowerBinary, ""},
        {"_minimum_scalar", LowerScalar, ""},
        {"_minus", LowerBinary, "_sub_symbol"},
        {"_minus_scalar", LowerScalar, nullptr},
        {"_mul", LowerBinary, "_mul_symbol"},
        {"_mul_scalar", LowerScalar, ""},
        {"_mul_symbol", LowerBinary, nullptr},
        {"_plus", LowerBinary, "_Plus"},
        {"_plus_scalar", LowerScalar, nullptr},
        {"_pow_scalar", LowerScalar, nullptr},
        {"_rdiv_scalar", LowerScalar, nullptr},
        {"_rminus_scalar", LowerScalar, nullptr},
        {"_rpow_scalar", LowerScalar, nullptr},
        {"_rsub_scalar", LowerScalar, nullptr},
        {"_sub", LowerBinary, "_sub_symbol"},
        {"_sub_scalar", LowerScalar, nullptr},
        {"_sub_symbol", LowerBinary, nullptr},
        {"abs", LowerUnary, ""},
        {"add_n", LowerAddN, nullptr},
        {"argmax", LowerArgReduce, nullptr},
        {"argmin", LowerArgReduce, ""},
        {"broadcast_add", LowerBinary, nullptr},
        {"broadcast_div", LowerBinary, nullptr},
        {"broadcast_maximum", LowerBinary, ""},
        {"broadcast_minimum", LowerBinary, ""},
        {"broadcast_minus", LowerBinary, "broadcast_sub"},
        {"broadcast_mul", LowerBinary, nullptr},
        {"broadcast_plus", LowerBinary, "broadcast_add"},
        {"broadcast_power", LowerBinary, ""},
        {"broadcast_sub", LowerBinary, nullptr},
        {"broadcast_to", LowerBroadcastTo, nullptr},
        {"cast", LowerCast, nullptr},
        {"clip", LowerClip, nullptr},
        {"concat", LowerConcat, nullptr},
        {"elemwise_add", LowerBinary, nullptr},
        {"elemwise_div", LowerBinary, nullptr},
        {"elemwise_mul", LowerBinary, nullptr},
        {"elemwise_sub", LowerBinary, nullptr},
        {"exp", LowerUnary, nullptr},
        {"expand_dims", LowerExpandDims, nullptr},
        {"flatten", LowerFlatten, nullptr},
        {"identity", LowerIdentity, "_copy"},
        {"log", LowerUnary, nullptr},
        {"log_softmax", LowerSoftmax, nullptr},
        {"max", LowerReduce, nullptr},
        {"max_axis", LowerReduce, nullptr},
        {"mean", LowerReduce, ""},
        {"min", LowerReduce, nullptr},
        {"min_axis", LowerReduce, nullptr},
        {"negative", LowerUnary, nullptr},
        {"prod", LowerReduce, ""},
        {"relu", LowerUnary, nullptr},
        {"reshape", LowerReshape, nullptr},
        {"reshape_like", LowerReshapeLike, nullptr},
        {"sigmoid", LowerUnary, nullptr},
        {"slice_like", LowerSliceLike, nullptr},
        {"softmax", LowerSoftmax, nullptr},
        {"split", LowerSliceChannel, nullptr},
        {"sqrt", LowerUnary, ""},
        {"square", LowerUnary, ""},
        {"stop_gradient", LowerIdentity, "_copy"},
        {"sum", LowerReduce, nullptr},
        {"sum_axis", LowerReduce, nullptr},
        {"tanh", LowerUnary, nullptr},
        {"transpose", LowerTranspose, nullptr},
    };
    std::sort(t.begin(), t.end(), [](const MxOperator& a, const MxOperator& b) {
      return std::strcmp(a.name, b.name) < 0;
    });
    return t;
  }();
  return table;
}

const MxOperator* FindMxOperator(const std::string& op) {
  const auto& t = MxOperatorTable();
  auto it = std::lower_bound(t.begin(), t.end(), op, [](const MxOperator& e, const std::string& n) {
    return std::strcmp(e.name, n.c_str()) < 0;
  });
  return it != t.end() && op == it->name ? &*it : nullptr;
}

}  // namespace neo::mx_frontend

// Batch normalisation (inference form only), LRN and Softmax.
#include <cmath>

#include "compiler/diagnostics/diagnostics.h"

#include "compiler/frontends/tensorflow/operator_table.h"

namespace neo::tf_frontend {

// FusedBatchNorm(x, scale, offset, mean, variance): y is output 0; the batch statistics
// it also returns are only defined when training.
void LowerFusedBatchNorm(NodeLowering& n) {
  n.RequireInputs(5, 5);
  // TensorFlow's default is is_training = true; a frozen inference graph sets it false.
  if (n.BoolAttr("is_training", true)) n.NotSupported("is_training=true");
  const bool nchw = n.IsNchw();
  ir::Attributes a;
  a.set("epsilon", static_cast<double>(n.FloatAttr("epsilon", 1e-4f)));
  a.set("layout", std::string(nchw ? "NCHW" : "NHWC"));
  // exponential_avg_factor only matters when training.
  n.SetOutput(0, n.Emit("BatchNorm", {n.input(0), n.input(1), n.input(2), n.input(3),
                                      n.input(4)}, a));
}

// BatchNormWithGlobalNormalization(t, mean, variance, beta, gamma): NHWC only, gamma used
// only with scale_after_normalization.
void LowerBatchNormGlobal(NodeLowering& n) {
  n.RequireInputs(5, 5);
  if (n.input_rank(0) != 4) n.NotSupported("input of rank " + std::to_string(n.input_rank(0)));
  if (!n.has_attr("scale_after_normalization")) {
    throw AttributeRequiredError("scale_after_normalization", n.op());
  }
  if (!n.has_attr("variance_epsilon")) throw AttributeRequiredError("variance_epsilon", n.op());
  ir::ValueId gamma = n.input(4);
  if (!n.BoolAttr("scale_after_normalization", false)) {
    const int64_t c = n.input_shape(1).at(0);
    gamma = n.FloatConstant({c}, std::vector<float>(static_cast<size_t>(c), 1.0f), "gamma");
  }
  ir::Attributes a;
  a.set("epsilon", static_cast<double>(n.FloatAttr("variance_epsilon", 0.0f)));
  a.set("layout", std::string("NHWC"));
  n.SetOutput(0, n.Emit("BatchNorm", {n.input(0), gamma, n.input(3), n.input(1), n.input(2)}, a));
}

// TensorFlow's LRN sums squares over 2 * depth_radius + 1 channels and scales the sum by
// alpha itself; the IR (as ONNX) divides alpha by the window size.
void LowerLRN(NodeLowering& n) {
  n.RequireInputs(1, 1);
  if (n.input_rank(0) != 4) n.NotSupported("input of rank " + std::to_string(n.input_rank(0)));
  const int64_t radius = n.IntAttr("depth_radius", 5);
  if (radius < 0) n.NotValid("depth_radius", "cannot be negative");
  const int64_t size = 2 * radius + 1;
  ir::Attributes a;
  a.set("size", size);
  a.set("alpha", static_cast<double>(n.FloatAttr("alpha", 1.0f)) * static_cast<double>(size));
  a.set("beta", static_cast<double>(n.FloatAttr("beta", 0.5f)));
  a.set("bias", static_cast<double>(n.FloatAttr("bias", 1.0f)));
  a.set("layout", std::string("NHWC"));
  n.SetOutput(0, n.Emit("LRN", {n.input(0)}, a));
}

void LowerSoftmax(NodeLowering& n) {
  n.RequireInputs(1, 1);
  if (n.input_rank(0) < 1) n.NotValid("logits", "must have rank 1 or more");
  ir::Attributes a;
  a.set("axis", n.input_rank(0) - 1);
  n.SetOutput(0, n.Emit("Softmax", {n.input(0)}, a));
}

}  // namespace neo::tf_frontend

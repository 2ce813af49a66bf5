#include "compiler/frontends/tensorflow/emit_util.h"

namespace neo::tf_frontend {

bool IsActivation(const std::string& tf_op) {
  return tf_op == "Relu" || tf_op == "Relu6" || tf_op == "Elu" || tf_op == "LeakyRelu" ||
         tf_op == "Sigmoid" || tf_op == "Tanh";
}

ir::ValueId EmitActivation(NodeLowering& n, const std::string& tf_op, ir::ValueId x,
                           float alpha) {
  ir::Attributes a;
  if (tf_op == "Relu6") {
    a.set("min", 0.0);
    a.set("max", 6.0);
    return n.EmitLike("Clamp", {x}, a);
  }
  if (tf_op == "Elu") {
    a.set("alpha", 1.0);
    return n.EmitLike("Elu", {x}, a);
  }
  if (tf_op == "LeakyRelu") {
    a.set("alpha", static_cast<double>(alpha));
    return n.EmitLike("LeakyRelu", {x}, a);
  }
  return n.EmitLike(tf_op, {x}, a);  // Relu, Sigmoid, Tanh: the IR's names
}

ir::ValueId EmitChannelAdd(NodeLowering& n, ir::ValueId x, ir::ValueId bias, bool nchw) {
  const ir::Shape xs = n.graph().value(x).shape;
  const ir::Shape bs = n.graph().value(bias).shape;
  const size_t c_axis = nchw ? 1 : xs.size() - 1;
  if (bs.size() != 1 || xs.size() <= c_axis || bs[0] != xs[c_axis]) {
    n.NotValid("bias", "must have one value per channel");
  }
  if (nchw) {
    ir::Shape s(xs.size() - 1, 1);
    s[0] = bs[0];
    bias = n.Reshape(bias, s);
  }
  return n.EmitLike("Add", {x, bias});
}


ir::ValueId ApplyFusedOps(NodeLowering& n, ir::ValueId y, int first_arg, bool nchw,
                          const std::vector<std::string>& ops, bool bias_done) {
  int arg = first_arg;
  auto next_arg = [&]() {
    if (arg >= n.num_inputs()) n.NotValid("num_args", "is smaller than fused_ops needs");
    return n.input(arg++);
  };
  for (size_t i = 0; i < ops.size(); ++i) {
    const std::string& op = ops[i];
    if (op == "BiasAdd") {
      ir::ValueId bias = next_arg();
      if (!(i == 0 && bias_done)) y = EmitChannelAdd(n, y, bias, nchw);
    } else if (op == "Add") {
      y = n.Emit("Add", {y, next_arg()});
    } else if (op == "FusedBatchNorm") {
      std::vector<ir::ValueId> in = {y};
      for (int k = 0; k < 4; ++k) in.push_back(next_arg());
      ir::Attributes a;
      a.set("epsilon", static_cast<double>(n.FloatAttr("epsilon", 1e-4f)));
      a.set("layout", std::string(nchw ? "NCHW" : "NHWC"));
      y = n.Emit("BatchNorm", in, a);
    } else if (IsActivation(op)) {
      y = EmitActivation(n, op, y, n.FloatAttr("leakyrelu_alpha", 0.2f));
    } else {
      n.NotSupported("fused_ops " + op);
    }
  }
  return y;
}

}  // namespace neo::tf_frontend

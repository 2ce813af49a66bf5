// BatchNorm (and BatchNorm_v1) and LRN.
#include <utility>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

void LowerBatchNorm(NodeLowering& n) {
  n.RequireInputs(5, 5);
  const ir::Shape x = n.input_shape(0);
  if (x.size() < 2 || x.size() > 4) n.NotSupported("an input of rank " + std::to_string(x.size()));
  const int64_t rank = static_cast<int64_t>(x.size());
  const int64_t axis = n.op() == "BatchNorm_v1"
                           ? 1
                           : NormalizeAxis(n, "axis", n.attrs().Int("axis", 1), rank);
  if (n.attrs().Bool("output_mean_var", false)) n.NotSupported("output_mean_var");
  const double eps = n.attrs().Float("eps", 1e-3);
  if (eps < 0) n.NotValid("eps", "cannot be negative");
  const int64_t c = x[static_cast<size_t>(axis)];
  const char* names[] = {"gamma", "beta", "moving_mean", "moving_var"};
  for (int i = 1; i < 5; ++i) {
    const ir::Value& v = n.ConstantInput(i, names[i - 1]);
    if (v.shape != ir::Shape{c}) {
      throw MalformedInputError("BatchNorm node '" + n.node().name + "': " + names[i - 1] + " '" +
                                v.name + "' has shape " + ir::ShapeToString(v.shape) + ", not [" +
                                std::to_string(c) + "].");
    }
  }
  // fix_gamma (MXNet's default) means gamma is 1 whatever the file holds.
  ir::ValueId gamma = n.input(1);
  if (n.attrs().Bool("fix_gamma", true)) {
    gamma = n.FloatConstant({c}, std::vector<float>(static_cast<size_t>(c), 1.0f), "unit_gamma");
  }
  ir::Attributes a;
  a.set("epsilon", eps);
  a.set("layout", std::string("NCHW"));
  // The IR normalises axis 1: another axis is swapped there and back.
  std::vector<int64_t> perm;
  for (int64_t i = 0; i < rank; ++i) perm.push_back(i);
  std::swap(perm[1], perm[static_cast<size_t>(axis)]);
  const ir::ValueId x_in = axis == 1 ? n.input(0) : n.Transpose(n.input(0), perm);
  const ir::ValueId y = n.Emit(ir::op::kBatchNorm, {x_in, gamma, n.input(2), n.input(3), n.input(4)}, a);
  n.SetOutput(0, axis == 1 ? y : n.Transpose(y, perm));
}

void LowerLRN(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape x = n.input_shape(0);
  if (x.size() != 4) n.NotSupported("an input of rank " + std::to_string(x.size()));
  const int64_t size = n.attrs().Int("nsize");
  if (size < 1) n.NotValid("nsize", "must be at least 1");
  ir::Attributes a;
  a.set("size", size);
  a.set("alpha", n.attrs().Float("alpha", 1e-4));
  a.set("beta", n.attrs().Float("beta", 0.75));
  a.set("bias", n.attrs().Float("knorm", 2.0));
  a.set("layout", std::string("NCHW"));
  n.SetOutput(0, n.Emit(ir::op::kLRN, {n.input(0)}, a));
}

}  // namespace neo::mx_frontend

// Reductions (Mean, Sum, Max, Min, Prod over reduction_indices) and ArgMax/ArgMin.
#include <algorithm>
#include <map>

#include "compiler/frontends/tensorflow/operator_table.h"

namespace neo::tf_frontend {

void LowerReduce(NodeLowering& n) {
  n.RequireInputs(2, 2);
  static const std::map<std::string, std::string> kind = {
      {"Mean", "mean"}, {"Sum", "sum"}, {"Max", "max"}, {"Min", "min"}, {"Prod", "prod"}};
  const int64_t rank = n.input_rank(0);
  std::vector<int64_t> axes;
  for (int64_t a : n.ConstantInts(1, "reduction_indices")) {
    axes.push_back(NormalizeAxis(n, "reduction_indices", a, rank));
  }
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  ir::Attributes a;
  a.set("kind", kind.at(n.op()));
  a.set("axes", axes);
  a.set("keepdims", static_cast<int64_t>(n.BoolAttr("keep_dims", false)));
  n.SetOutput(0, n.EmitLike("Reduce", {n.input(0)}, a));
}

void LowerArgReduce(NodeLowering& n) {
  n.RequireInputs(2, 2);
  const std::vector<int64_t> dim = n.ConstantInts(1, "dimension");
  if (dim.size() != 1) n.NotValid("dimension", "must be a single value");
  ir::Attributes a;
  a.set("kind", std::string(n.op() == "ArgMax" ? "max" : "min"));
  a.set("axis", NormalizeAxis(n, "dimension", dim[0], n.input_rank(0)));
  a.set("keepdims", int64_t{0});
  ir::ValueId y = n.Emit("ArgReduce", {n.input(0)}, a, ir::DType::kInt64);
  const tensorflow::DataType out = n.TypeAttr("output_type", tensorflow::DT_INT64);
  if (out != tensorflow::DT_INT64) {
    const ir::DType to = IrDType(out, "output_type", n.op());
    ir::Attributes c;
    c.set("to", std::string(ir::DTypeName(to)));
    y = n.Emit("Cast", {y}, c, to);
  }
  n.SetOutput(0, y);
}

}  // namespace neo::tf_frontend

// MaxPool and AvgPool. TensorFlow's SAME average pooling divides by the number of input
// elements under the window (padding never counts), which is the IR's
// count_include_pad = 0.
#include "compiler/frontends/tensorflow/operator_table.h"
#include "compiler/frontends/tensorflow/spatial.h"

namespace neo::tf_frontend {
namespace {

void LowerPool(NodeLowering& n, const char* ir_op) {
  n.RequireInputs(1, 1);
  const bool nchw = n.IsNchw();
  const std::vector<int64_t> kernel = SpatialPair(n, "ksize", n.IntsAttr("ksize"), nchw);
  Window w = ReadWindow(n, kernel);
  ir::Attributes a;
  SetWindowAttrs(w, a, false);
  a.set("kernel", kernel);
  n.SetOutput(0, n.EmitLike(ir_op, {n.input(0)}, a));
}

}  // namespace

void LowerMaxPool(NodeLowering& n) { LowerPool(n, "MaxPool2D"); }
void LowerAvgPool(NodeLowering& n) { LowerPool(n, "AveragePool2D"); }

}  // namespace neo::tf_frontend

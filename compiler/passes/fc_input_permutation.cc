#include "compiler/passes/fc_input_permutation.h"

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// The single node reading `v`, or -1 (also when `v` is a graph output).
int SoleConsumer(const ir::Graph& g, ir::ValueId v) {
  if (ir::IsGraphOutput(g, v)) return -1;
  int found = -1;
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    for (ir::ValueId in : g.nodes()[i].inputs) {
      if (in != v) continue;
      if (found >= 0 && found != static_cast<int>(i)) return -1;
      found = static_cast<int>(i);
    }
  }
  return found;
}

}  // namespace

int FoldTransposesIntoFullyConnected(ir::Graph& g) {
  int folded = 0;
  for (size_t t = 0; t < g.nodes().size(); ++t) {
    const ir::Node& transpose = g.nodes()[t];
    if (transpose.op != op::kTranspose ||
        transpose.attrs.GetInts("perm") != std::vector<int64_t>{0, 3, 1, 2}) {
      continue;
    }
    const ir::ValueId nhwc = transpose.inputs[0];
    const ir::Shape& in = g.value(nhwc).shape;  // [N, H, W, C]
    const int r = SoleConsumer(g, transpose.outputs[0]);
    if (r < 0 || g.nodes()[static_cast<size_t>(r)].op != op::kReshape) continue;
    const ir::Node& reshape = g.nodes()[static_cast<size_t>(r)];
    const int64_t n = in[0], h = in[1], w = in[2], c = in[3];
    if (reshape.attrs.GetInts("shape") != std::vector<int64_t>{n, h * w * c}) continue;
    const int f = SoleConsumer(g, reshape.outputs[0]);
    if (f < 0 || g.nodes()[static_cast<size_t>(f)].op != op::kFullyConnected) continue;
    const ir::Value& weights = g.value(g.nodes()[static_cast<size_t>(f)].inputs[1]);
    if (!weights.is_constant() || weights.dtype != ir::DType::kFloat32 ||
        g.nodes()[static_cast<size_t>(f)].inputs[0] != reshape.outputs[0]) {
      continue;
    }
    // Column (c, y, x) of the NCHW flattening becomes column (y, x, c).
    const int64_t outputs = weights.shape[0], k = h * w * c;
    const float* src = weights.data_as<float>();
    std::vector<float> permuted(static_cast<size_t>(outputs * k));
    for (int64_t o = 0; o < outputs; ++o) {
      for (int64_t ch = 0; ch < c; ++ch) {
        for (int64_t p = 0; p < h * w; ++p) {
          permuted[static_cast<size_t>(o * k + p * c + ch)] = src[o * k + ch * h * w + p];
        }
      }
    }
    const ir::ValueId new_weights =
        g.AddFloatConstant(g.UniqueName(weights.name + "_nhwc"), weights.shape, permuted);
    // The reshape now flattens the NHWC map itself.
    g.nodes()[static_cast<size_t>(r)].inputs[0] = nhwc;
    g.nodes()[static_cast<size_t>(f)].inputs[1] = new_weights;
    ++folded;
  }
  return folded;
}

}  // namespace neo::passes

#include "compiler/passes/global_pool_reduces.h"

#include <string>
#include <utility>
#include <vector>

#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

// The global pool that computes `node`, or nullptr.
const char* GlobalPoolFor(const ir::Graph& g, const ir::Node& node) {
  if (node.op != op::kReduce || node.inputs.size() != 1 || node.outputs.size() != 1) {
    return nullptr;
  }
  const ir::Value& x = g.value(node.inputs[0]);
  if (x.dtype != ir::DType::kFloat32 || x.shape.size() != 4 || x.shape[2] < 1 ||
      x.shape[3] < 1) {
    return nullptr;
  }
  if (node.attrs.GetInts("axes", {}) != std::vector<int64_t>{2, 3}) return nullptr;
  const std::string kind = node.attrs.GetString("kind", "");
  if (kind == "mean") return op::kGlobalAveragePool;
  if (kind == "max") return op::kGlobalMaxPool;
  return nullptr;
}

}  // namespace

int GlobalPoolReduces(ir::Graph& g) {
  std::vector<ir::Node> nodes = std::move(g.nodes());
  g.nodes().clear();
  int replaced = 0;
  for (ir::Node& node : nodes) {
    const char* pool = GlobalPoolFor(g, node);
    if (pool == nullptr) {
      g.nodes().push_back(std::move(node));
      continue;
    }
    ++replaced;
    const ir::ValueId y = node.outputs[0];
    const bool keepdims = node.attrs.GetInt("keepdims", 1) != 0;
    ir::Node p;
    p.op = pool;
    p.name = node.name;
    p.inputs = node.inputs;
    p.attrs.set("layout", std::string("NCHW"));
    if (keepdims) {
      p.outputs = {y};
      g.nodes().push_back(std::move(p));
      continue;
    }
    // The pool's [N, C, 1, 1], then the Reshape to the Reduce's [N, C].
    const ir::Shape x = g.value(node.inputs[0]).shape;  // a copy: AddValue may move values
    ir::Value pooled;
    pooled.name = g.UniqueName(g.value(y).name + "/pooled");
    pooled.dtype = g.value(y).dtype;
    pooled.shape = {x[0], x[1], 1, 1};
    pooled.has_shape = true;
    const ir::ValueId mid = g.AddValue(std::move(pooled));
    p.outputs = {mid};
    ir::Node reshape;
    reshape.op = op::kReshape;
    reshape.name = node.name + "/reshape";
    reshape.inputs = {mid};
    reshape.outputs = {y};
    reshape.attrs.set("shape", std::vector<int64_t>{x[0], x[1]});
    g.nodes().push_back(std::move(p));
    g.nodes().push_back(std::move(reshape));
  }
  return replaced;
}

}  // namespace neo::passes

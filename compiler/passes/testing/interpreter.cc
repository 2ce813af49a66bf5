#include "compiler/passes/testing/interpreter.h"

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>

#include "compiler/passes/pass_util.h"

namespace neo::passes::testing {

std::vector<Tensor> Interpret(const ir::Graph& g, const std::vector<Tensor>& inputs) {
  if (inputs.size() != g.inputs().size()) throw std::logic_error("interpreter: input count");
  std::map<ir::ValueId, Tensor> env;
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].shape != g.value(g.inputs()[i]).shape) {
      throw std::logic_error("interpreter: input shape");
    }
    env[g.inputs()[i]] = inputs[i];
  }
  auto lookup = [&](ir::ValueId v) -> const Tensor* {
    if (v == ir::kNoValue) return nullptr;
    auto it = env.find(v);
    if (it != env.end()) return &it->second;
    const ir::Value& val = g.value(v);
    if (!val.is_constant()) {
      throw std::logic_error("interpreter: '" + val.name + "' read before it is written");
    }
    return &(env[v] = Tensor{val.shape, FloatsOf(val)});
  };
  for (const ir::Node& node : g.nodes()) {
    std::vector<const Tensor*> ins;
    for (ir::ValueId v : node.inputs) ins.push_back(lookup(v));
    std::vector<ir::Shape> out_shapes;
    for (ir::ValueId v : node.outputs) out_shapes.push_back(g.value(v).shape);
    std::vector<Tensor> outs = reference::EvaluateNode(node, ins, out_shapes);
    for (size_t i = 0; i < outs.size(); ++i) {
      if (outs[i].shape != out_shapes[i]) {
        throw std::logic_error("interpreter: " + node.op + " '" + node.name + "' computed " +
                               ir::ShapeToString(outs[i].shape) + " but its value says " +
                               ir::ShapeToString(out_shapes[i]));
      }
      // The evaluators compute in float; an integer value holds what the typed kernels
      // give: truncation toward zero and wraparound (Cast's conversion), and 0 for a
      // non-finite result (an integer division by zero).
      const ir::DType dtype = g.value(node.outputs[i]).dtype;
      if (dtype != ir::DType::kFloat32 && dtype != ir::DType::kBool) {
        for (float& f : outs[i].data) f = std::isfinite(f) ? reference::CastValue(f, dtype) : 0.0f;
      }
      env[node.outputs[i]] = std::move(outs[i]);
    }
  }
  std::vector<Tensor> result;
  for (ir::ValueId v : g.outputs()) result.push_back(*lookup(v));
  return result;
}

std::vector<Tensor> RandomInputs(const ir::Graph& g, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<Tensor> out;
  for (ir::ValueId v : g.inputs()) {
    Tensor t{g.value(v).shape, std::vector<float>(static_cast<size_t>(g.value(v).num_elements()))};
    for (float& f : t.data) f = dist(rng);
    out.push_back(std::move(t));
  }
  return out;
}

double MaxAbsDiff(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (a.size() != b.size()) return kInf;
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].shape != b[i].shape || a[i].data.size() != b[i].data.size()) return kInf;
    for (size_t k = 0; k < a[i].data.size(); ++k) {
      double d = std::fabs(static_cast<double>(a[i].data[k]) - b[i].data[k]);
      if (std::isnan(d)) return kInf;
      m = std::max(m, d);
    }
  }
  return m;
}

}  // namespace neo::passes::testing

#include "compiler/ir/testing/interpreter.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/ops/elementwise_util.h"
#include "kernels/reference/cast.h"

namespace neo::ir::testing {

namespace {

TensorData FromFloats(const Tensor& t, DType dtype) {
  TensorData d;
  d.dtype = dtype;
  d.shape = t.shape;
  d.bytes.resize(t.data.size() * DTypeSize(dtype));
  kernels::reference::CastElements(ElementType::kFloat32, ElementTypeOf(dtype), t.data.data(),
                                   d.bytes.data(), static_cast<int64_t>(t.data.size()));
  return d;
}

}  // namespace

std::vector<Tensor> Interpret(const Graph& g, const std::vector<Tensor>& inputs) {
  if (inputs.size() != g.inputs().size()) throw std::logic_error("interpreter: input count");
  std::map<ValueId, TensorData> env;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Value& v = g.value(g.inputs()[i]);
    if (inputs[i].shape != v.shape) throw std::logic_error("interpreter: input shape");
    env[g.inputs()[i]] = FromFloats(inputs[i], v.dtype);
  }
  auto lookup = [&](ValueId v) -> const TensorData* {
    if (v == kNoValue) return nullptr;
    auto it = env.find(v);
    if (it != env.end()) return &it->second;
    const Value& val = g.value(v);
    if (!val.is_constant()) {
      throw std::logic_error("interpreter: '" + val.name + "' read before it is written");
    }
    return &(env[v] = ConstantData(val));
  };
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const Node& node = g.nodes()[i];
    std::vector<const TensorData*> ins;
    for (ValueId v : node.inputs) ins.push_back(lookup(v));
    auto outs = EvaluateNode(g, i, ins);
    if (!outs) {
      throw std::logic_error("interpreter: the reference kernels cannot evaluate " + node.op +
                             " '" + node.name + "'");
    }
    for (size_t k = 0; k < outs->size(); ++k) env[node.outputs[k]] = std::move((*outs)[k]);
  }
  std::vector<Tensor> result;
  for (ValueId v : g.outputs()) {
    const TensorData* t = lookup(v);
    result.push_back({t->shape, ToFloats(*t)});
  }
  return result;
}

std::vector<Tensor> RandomInputs(const Graph& g, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<Tensor> out;
  for (ValueId v : g.inputs()) {
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

}  // namespace neo::ir::testing

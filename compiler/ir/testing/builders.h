// Terse helpers for building IR graphs by hand in tests.
#ifndef NEO_COMPILER_IR_TESTING_BUILDERS_H_
#define NEO_COMPILER_IR_TESTING_BUILDERS_H_

#include <random>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"

namespace neo::ir::testing {

// A graph input with a known shape.
inline ir::ValueId Input(ir::Graph& g, const std::string& name, ir::Shape shape) {
  ir::Value v;
  v.name = name;
  v.shape = std::move(shape);
  v.has_shape = true;
  ir::ValueId id = g.AddValue(std::move(v));
  g.inputs().push_back(id);
  return id;
}

// A value some node will compute (shape unknown until inference).
inline ir::ValueId Tmp(ir::Graph& g, const std::string& name) {
  return g.AddValue(name, ir::DType::kFloat32);
}

inline std::vector<float> RandomFloats(size_t n, unsigned seed, float lo = -1, float hi = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& f : v) f = dist(rng);
  return v;
}

inline ir::ValueId RandomConst(ir::Graph& g, const std::string& name, ir::Shape shape,
                               unsigned seed, float lo = -1, float hi = 1) {
  size_t n = static_cast<size_t>(ir::NumElements(shape));
  return g.AddFloatConstant(name, std::move(shape), RandomFloats(n, seed, lo, hi));
}

// Adds `op(inputs) -> new value named name`, returning the node; out is set to the value.
inline ir::Node& Op(ir::Graph& g, const std::string& op, std::vector<ir::ValueId> inputs,
                    const std::string& name, ir::ValueId* out = nullptr) {
  ir::ValueId v = Tmp(g, name);
  if (out) *out = v;
  ir::Node& n = g.AddNode(op, std::move(inputs), {v});
  n.name = name;
  return n;
}

// Conv2D in NCHW with the common attributes.
inline ir::Node& Conv(ir::Graph& g, ir::ValueId x, ir::ValueId w, ir::ValueId b,
                      const std::string& name, ir::ValueId* out, std::vector<int64_t> pads = {0, 0, 0, 0},
                      std::vector<int64_t> strides = {1, 1}, int64_t group = 1) {
  std::vector<ir::ValueId> ins = {x, w};
  if (b != ir::kNoValue) ins.push_back(b);
  ir::Node& n = Op(g, ir::op::kConv2D, ins, name, out);
  n.attrs.set("pads", pads);
  n.attrs.set("strides", strides);
  n.attrs.set("dilations", std::vector<int64_t>{1, 1});
  n.attrs.set("group", group);
  n.attrs.set("layout", std::string("NCHW"));
  return n;
}

inline int CountOps(const ir::Graph& g, const std::string& op) {
  int n = 0;
  for (const ir::Node& node : g.nodes()) n += node.op == op;
  return n;
}

}  // namespace neo::ir::testing

#endif  // NEO_COMPILER_IR_TESTING_BUILDERS_H_

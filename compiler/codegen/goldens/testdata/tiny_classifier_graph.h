// The hand-built graph behind the tiny_classifier goldens, shared by codegen_golden_test (which
// generates the text) and golden_model_test (which compiles the golden and checks its
// numbers against plain loops over the same weights).
#ifndef NEO_COMPILER_CODEGEN_GOLDENS_TESTDATA_TINY_CLASSIFIER_GRAPH_H_
#define NEO_COMPILER_CODEGEN_GOLDENS_TESTDATA_TINY_CLASSIFIER_GRAPH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"

namespace neo::codegen::testing {

// input "data" [1,3,8,8] NCHW -> Conv2D 3->4, 3x3, pad 1, bias -> Relu
// -> GlobalAveragePool -> Reshape [1,4] -> FullyConnected 4->5 + bias -> "logits" [1,5].
constexpr int kChannels = 3, kSize = 8, kFilters = 4, kClasses = 5;

// Small multiples of powers of two: exact in float, so no rounding hides in the goldens.
struct TinyClassifierWeights {
  std::vector<float> conv_w, conv_b, fc_w, fc_b;
};

inline TinyClassifierWeights TinyClassifierWeightValues() {
  TinyClassifierWeights w;
  for (int i = 0; i < kFilters * kChannels * 9; ++i) {
    w.conv_w.push_back(static_cast<float>((i * 7) % 11 - 5) * 0.0625f);
  }
  w.conv_b = {0.25f, -0.5f, 0.125f, 0.0f};
  for (int i = 0; i < kClasses * kFilters; ++i) {
    w.fc_w.push_back(static_cast<float>((i * 3) % 7 - 3) * 0.125f);
  }
  w.fc_b = {0.5f, -0.25f, 0.0f, 1.0f, -1.0f};
  return w;
}

// `op(inputs) -> out`, named `name` with source_op = op.
inline ir::Node& AddOp(ir::Graph& g, const std::string& op, std::vector<ir::ValueId> inputs,
                       ir::ValueId out, const std::string& name) {
  ir::Node& n = g.AddNode(op, std::move(inputs), {out});
  n.name = name;
  n.source_op = op;
  return n;
}

inline ir::Graph TinyClassifierGraph() {
  const TinyClassifierWeights w = TinyClassifierWeightValues();
  ir::Graph g;
  ir::Value in;
  in.name = "data";
  in.shape = {1, kChannels, kSize, kSize};
  in.has_shape = true;
  const ir::ValueId x = g.AddValue(in);
  g.inputs().push_back(x);
  const ir::ValueId conv_w = g.AddFloatConstant("conv.weight", {kFilters, kChannels, 3, 3}, w.conv_w);
  const ir::ValueId conv_b = g.AddFloatConstant("conv.bias", {kFilters}, w.conv_b);
  const ir::ValueId conv = g.AddValue("conv", ir::DType::kFloat32);
  ir::Node& c = AddOp(g, ir::op::kConv2D, {x, conv_w, conv_b}, conv, "conv");
  c.attrs.set("strides", std::vector<int64_t>{1, 1});
  c.attrs.set("dilations", std::vector<int64_t>{1, 1});
  c.attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  c.attrs.set("group", int64_t{1});
  c.attrs.set("layout", std::string("NCHW"));
  const ir::ValueId relu = g.AddValue("relu", ir::DType::kFloat32);
  AddOp(g, ir::op::kRelu, {conv}, relu, "relu");
  const ir::ValueId gap = g.AddValue("gap", ir::DType::kFloat32);
  AddOp(g, ir::op::kGlobalAveragePool, {relu}, gap, "gap").attrs.set("layout", std::string("NCHW"));
  const ir::ValueId flat = g.AddValue("flat", ir::DType::kFloat32);
  AddOp(g, ir::op::kReshape, {gap}, flat, "flatten")
      .attrs.set("shape", std::vector<int64_t>{1, kFilters});
  const ir::ValueId fc_w = g.AddFloatConstant("fc.weight", {kClasses, kFilters}, w.fc_w);
  const ir::ValueId fc_b = g.AddFloatConstant("fc.bias", {kClasses}, w.fc_b);
  const ir::ValueId logits = g.AddValue("logits", ir::DType::kFloat32);
  AddOp(g, ir::op::kFullyConnected, {flat, fc_w, fc_b}, logits, "fc");
  g.outputs().push_back(logits);
  return g;
}

inline CodegenOptions TinyClassifierOptions() {
  CodegenOptions o;
  o.name = "tiny_classifier";
  o.cpp_class = ParseCppClass("golden::TinyClassifier");
  o.header_path = "compiler/codegen/goldens/testdata/tiny_classifier.h";
  // The assembler reads the checked-in golden blob itself (see golden_model_test).
  o.incbin_path = "compiler/codegen/goldens/testdata/tiny_classifier_weights.bin.golden";
  o.provenance = "hand-built IR (codegen_test)";
  o.target = "host";
  return o;
}

}  // namespace neo::codegen::testing

#endif  // NEO_COMPILER_CODEGEN_GOLDENS_TESTDATA_TINY_CLASSIFIER_GRAPH_H_

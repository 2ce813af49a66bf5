// Test helpers over ModelBuilder models: run one through the frontend and the test
// interpreter, or catch the Neo error its lowering raises.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_LOWERING_TEST_UTIL_H_
#define NEO_COMPILER_FRONTENDS_ONNX_LOWERING_TEST_UTIL_H_

#include <random>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/model_builder.h"
#include "compiler/frontends/onnx/onnx_import.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/ir/testing/interpreter.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {

// The model's outputs for `feeds` (one per model input, in order; their shapes are the
// data_shape).
inline std::vector<ir::testing::Tensor> Evaluate(
    const ModelBuilder& b, const std::vector<ir::testing::Tensor>& feeds) {
  auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
  std::vector<ir::Shape> shapes;
  for (const auto& t : feeds) shapes.push_back(t.shape);
  ir::Graph g = LowerOnnxModel(*model, shapes);
  ir::InferShapes(g);
  return ir::testing::Interpret(g, feeds);
}

// `count` floats uniform in [lo, hi) from a seeded generator: the same on every machine.
inline std::vector<float> RandomFloats(int64_t count, unsigned seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(lo, hi);
  std::vector<float> v(static_cast<size_t>(count));
  for (float& x : v) x = u(rng);
  return v;
}

// The message of the Neo error that parsing or lowering the model raises ("no error"
// when none), expecting it to be of class `expected`. No `shapes`: the model's own.
inline std::string LoweringError(const ModelBuilder& b, std::vector<ir::Shape> shapes,
                                 ErrorClass expected) {
  try {
    auto model = ParseOnnxModel(b.Bytes(), "m.onnx");
    if (shapes.empty()) {
      for (const OnnxInput& in : OnnxModelInputs(*model)) shapes.push_back(in.dims);
    }
    LowerOnnxModel(*model, shapes);
  } catch (const NeoError& e) {
    EXPECT_EQ(e.error_class(), expected) << e.what();
    return e.what();
  }
  return "no error";
}

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_LOWERING_TEST_UTIL_H_

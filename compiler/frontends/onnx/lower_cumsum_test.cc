// CumSum's log-step scan against running sums: ONNX's CumSum node tests are all double,
// which Neo does not compile, so these are the numeric check, in float32 and int64, on
// lengths that are and are not powers of two, every exclusive/reverse combination.
#include <vector>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

// Running sums of x [rows, n] along axis 1.
std::vector<float> Direct(const std::vector<float>& x, int64_t rows, int64_t n, bool exclusive,
                          bool reverse) {
  std::vector<float> y(x.size());
  for (int64_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (int64_t k = 0; k < n; ++k) {
      const int64_t i = reverse ? n - 1 - k : k;
      const size_t at = static_cast<size_t>(r * n + i);
      if (exclusive) {
        y[at] = static_cast<float>(sum);
        sum += x[at];
      } else {
        sum += x[at];
        y[at] = static_cast<float>(sum);
      }
    }
  }
  return y;
}

void Check(int elem_type, int64_t n, bool exclusive, bool reverse) {
  SCOPED_TRACE(std::to_string(n) + (exclusive ? " exclusive" : "") + (reverse ? " reverse" : ""));
  MB b(14);
  b.TypedInput("x", elem_type, {3, n});
  b.IntTensor("axis", onnx::TensorProto::INT32, {}, {-1});
  auto* node = b.Node("CumSum", {"x", "axis"}, {"y"});
  MB::Int(node, "exclusive", exclusive);
  MB::Int(node, "reverse", reverse);
  b.Output("y");
  std::vector<float> x(static_cast<size_t>(3 * n));
  for (size_t k = 0; k < x.size(); ++k) x[k] = static_cast<float>((k * 7) % 11) - 4.0f;
  const auto y = Evaluate(b, {{{3, n}, x}});
  ASSERT_EQ(y[0].shape, (ir::Shape{3, n}));
  const std::vector<float> want = Direct(x, 3, n, exclusive, reverse);
  for (size_t k = 0; k < want.size(); ++k) EXPECT_FLOAT_EQ(y[0].data[k], want[k]) << "@" << k;
}

TEST(LowerCumSumTest, Float32AndInt64EveryMode) {
  for (int t : {onnx::TensorProto::FLOAT, onnx::TensorProto::INT64, onnx::TensorProto::INT32}) {
    for (int64_t n : {1, 2, 5, 8, 13}) {
      for (bool exclusive : {false, true}) {
        for (bool reverse : {false, true}) Check(t, n, exclusive, reverse);
      }
    }
  }
}

TEST(LowerCumSumTest, AlongTheFirstAxis) {
  MB b(14);
  b.Input("x", {4, 2});
  b.IntTensor("axis", onnx::TensorProto::INT32, {}, {0});
  b.Node("CumSum", {"x", "axis"}, {"y"});
  b.Output("y");
  const auto y = Evaluate(b, {{{4, 2}, {1, 10, 2, 20, 3, 30, 4, 40}}});
  EXPECT_EQ(y[0].data, (std::vector<float>{1, 10, 3, 30, 6, 60, 10, 100}));
}

}  // namespace
}  // namespace neo::onnx_frontend

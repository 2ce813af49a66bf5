// Kernel parameter structs as C++: float and double literals that read back exactly, and
// the struct text from a kernel's VisitFields.
#include "compiler/codegen/params_code.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "compiler/ir/kernel_call.h"
#include "kernels/fully_connected.h"

namespace neo::codegen {
namespace {

// FloatCode's text, as the generated .cc's compiler reads it (strtof, the "f" dropped).
float ReadBack(const std::string& code) {
  EXPECT_EQ(code.back(), 'f') << code;
  const std::string number = code.substr(0, code.size() - 1);
  char* end = nullptr;
  const float v = std::strtof(number.c_str(), &end);
  EXPECT_EQ(*end, '\0') << code;
  // A C++ floating literal needs a '.' or an exponent to take the f suffix.
  EXPECT_NE(number.find_first_of(".e"), std::string::npos) << code;
  return v;
}

uint32_t Bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

TEST(ParamsCodeTest, FloatCodeExamples) {
  EXPECT_EQ(FloatCode(0.5f), "0.5f");
  EXPECT_EQ(FloatCode(6.0f), "6.0f");
  EXPECT_EQ(FloatCode(0.0f), "0.0f");
  EXPECT_EQ(FloatCode(-0.0f), "-0.0f");
  EXPECT_EQ(FloatCode(1e10f), "1e+10f");
  EXPECT_EQ(FloatCode(0.1f), "0.100000001f");
  EXPECT_EQ(FloatCode(std::numeric_limits<float>::infinity()),
            "std::numeric_limits<float>::infinity()");
  EXPECT_EQ(FloatCode(-std::numeric_limits<float>::infinity()),
            "-std::numeric_limits<float>::infinity()");
}

TEST(ParamsCodeTest, FloatCodeRoundTripsEveryFiniteKind) {
  std::vector<float> values = {
      0.0f, -0.0f, 1.0f, -1.0f, 0.1f, 1.0f / 3.0f, 6.0f, 1e-5f, 3.14159265f,
      std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest(),
      std::numeric_limits<float>::min(), std::numeric_limits<float>::denorm_min(),
      std::numeric_limits<float>::epsilon(), 16777217.0f, 123456789.0f};
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    uint32_t u = static_cast<uint32_t>(rng());
    float f;
    std::memcpy(&f, &u, sizeof f);
    if (std::isfinite(f)) values.push_back(f);
  }
  for (float v : values) {
    const std::string code = FloatCode(v);
    EXPECT_EQ(Bits(ReadBack(code)), Bits(v)) << code;
  }
}

// A NaN can reach FloatCode from a model attribute (e.g. LeakyRelu alpha, Clip bounds);
// "%g" would print "nan", which is not C++.
TEST(ParamsCodeTest, FloatCodeNaNIsValidCpp) {
  const std::string code = FloatCode(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(code, "std::numeric_limits<float>::quiet_NaN()");
}

TEST(ParamsCodeTest, DimsCode) {
  kernels::Dims d;
  EXPECT_EQ(DimsCode(d), "neo::kernels::Dims{}");
  d.rank = 3;
  d.d[0] = 1;
  d.d[1] = 224;
  d.d[2] = 3;
  EXPECT_EQ(DimsCode(d), "neo::kernels::Dims{1, 224, 3}");
}

TEST(ParamsCodeTest, FullyConnectedParamsCode) {
  kernels::FullyConnectedParams p;
  p.batch = 2;
  p.input_channels = 8;
  p.output_channels = 3;
  p.output_min = 0.0f;
  p.output_max = 6.0f;
  EXPECT_EQ(ParamsCode(ir::KernelParamsOf<kernels::FullyConnectedParams>(
                "FullyConnectedParams", p, kernels::FullyConnectedSupports)),
            "  neo::kernels::FullyConnectedParams p;\n"
            "  p.batch = 2;\n"
            "  p.input_channels = 8;\n"
            "  p.output_channels = 3;\n"
            "  p.output_min = 0.0f;\n"
            "  p.output_max = 6.0f;\n"
            "  return p;\n");
}

}  // namespace
}  // namespace neo::codegen

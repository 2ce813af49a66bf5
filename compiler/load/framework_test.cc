#include "compiler/load/framework.h"

#include <gtest/gtest.h>

#include "compiler/load/test_matchers.h"

namespace neo {
namespace {

TEST(FrameworkTest, ParsesEveryNameCaseInsensitively) {
  EXPECT_EQ(ParseFramework("onnx"), Framework::kOnnx);
  EXPECT_EQ(ParseFramework("PYTORCH"), Framework::kPyTorch);
  EXPECT_EQ(ParseFramework("TensorFlow"), Framework::kTensorFlow);
  EXPECT_EQ(ParseFramework("MXNET"), Framework::kMXNet);
  EXPECT_EQ(ParseFramework("xgboost"), Framework::kXGBoost);
}

TEST(FrameworkTest, NamesRoundTrip) {
  for (Framework fw : {Framework::kOnnx, Framework::kPyTorch, Framework::kTensorFlow,
                       Framework::kMXNet, Framework::kXGBoost}) {
    EXPECT_EQ(ParseFramework(FrameworkFlagName(fw)), fw);
    EXPECT_EQ(ParseFramework(FrameworkDisplayName(fw)), fw);
  }
  EXPECT_STREQ(FrameworkDisplayName(Framework::kMXNet), "MXNet");
}

TEST(FrameworkTest, UnknownNameListsAccepted) {
  EXPECT_NEO_ERROR(ParseFramework("keras"), ErrorClass::kMalformedInput,
                   "Malformed input error: unknown framework 'keras'; expected one of: "
                   "onnx, pytorch, tensorflow, mxnet, xgboost");
}

}  // namespace
}  // namespace neo

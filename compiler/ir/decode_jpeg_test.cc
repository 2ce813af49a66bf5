// DecodeJpeg in the IR: shape rule, folding of a constant JPEG and evaluation of a fed
// one on the libjpeg reference, and a constant that does not decode failing the compile.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/evaluate.h"
#include "compiler/ir/fold.h"
#include "compiler/ir/op_registry.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"
#include "rules/testing/npy.h"

namespace neo::ir {
namespace {

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << path;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

std::vector<uint8_t> Jpeg() { return ReadFile("kernels/testdata/jpeg/color.jpg"); }

std::vector<uint8_t> Golden() {
  const auto a = neo::testing::ReadNpy("kernels/testdata/jpeg/color_rgb.npy");
  return std::vector<uint8_t>(a.data.begin(), a.data.end());
}

// contents -> DecodeJpeg [37,53,3]; contents a constant when `bytes` is given.
Graph DecodeGraph(const std::vector<uint8_t>* bytes) {
  Graph g;
  ValueId in;
  if (bytes) {
    in = g.AddConstant("contents", DType::kBytes, {}, *bytes);
  } else {
    Value v;
    v.name = "contents";
    v.dtype = DType::kBytes;
    v.has_shape = true;
    in = g.AddValue(v);
    g.inputs().push_back(in);
  }
  const ValueId out = g.AddValue("image", DType::kUInt8);
  Node& n = g.AddNode(op::kDecodeJpeg, {in}, {out});
  n.name = "decode";
  n.attrs.set("height", int64_t{37});
  n.attrs.set("width", int64_t{53});
  n.attrs.set("channels", int64_t{3});
  g.outputs().push_back(out);
  InferShapes(g);
  return g;
}

TEST(DecodeJpegIrTest, ShapeAndDtype) {
  const Graph g = DecodeGraph(nullptr);
  EXPECT_EQ(g.value(g.outputs()[0]).shape, (Shape{37, 53, 3}));
  EXPECT_EQ(g.value(g.outputs()[0]).dtype, DType::kUInt8);
  EXPECT_EQ(DTypeSize(DType::kBytes), sizeof(Bytes));
  EXPECT_STREQ(DTypeName(DType::kBytes), "bytes");
}

TEST(DecodeJpegIrTest, RefusesNumbersAsContents) {
  Graph g;
  const ValueId in = g.AddFloatConstant("x", {}, {1.0f});
  const ValueId out = g.AddValue("image", DType::kUInt8);
  Node& n = g.AddNode(op::kDecodeJpeg, {in}, {out});
  n.attrs.set("height", int64_t{2});
  n.attrs.set("width", int64_t{2});
  n.attrs.set("channels", int64_t{3});
  try {
    InferShapes(g);
    ADD_FAILURE() << "a float took the place of JPEG bytes";
  } catch (const NeoError& e) {
    EXPECT_NE(e.message().find("contents must be one string of JPEG bytes"), std::string::npos)
        << e.message();
  }
}

TEST(DecodeJpegIrTest, FoldsAConstantJpeg) {
  const std::vector<uint8_t> jpeg = Jpeg();
  Graph g = DecodeGraph(&jpeg);
  ASSERT_TRUE(FoldNode(g, 0));
  EXPECT_EQ(*g.value(g.outputs()[0]).data, Golden());
}

TEST(DecodeJpegIrTest, EvaluatesFedBytes) {
  const Graph g = DecodeGraph(nullptr);
  TensorData contents{DType::kBytes, {}, Jpeg()};
  const auto out = EvaluateNode(g, 0, {&contents});
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ((*out)[0].bytes, Golden());
}

TEST(DecodeJpegIrTest, AConstantThatDoesNotDecodeFailsTheCompile) {
  std::vector<uint8_t> cut = Jpeg();
  cut.resize(cut.size() / 2);
  Graph g = DecodeGraph(&cut);
  try {
    FoldNode(g, 0);
    ADD_FAILURE() << "half a JPEG folded";
  } catch (const NeoError& e) {
    EXPECT_EQ(e.Headline(),
              "Malformed input error: The JPEG of DecodeJpeg node 'decode' cannot be used: not a "
              "decodable JPEG: Premature end of JPEG file.");
  }
  // Should folding be skipped, codegen must not read the constant as a neo::Bytes.
  const KernelCall call = KernelFor(g, 0);
  EXPECT_TRUE(call.kernel.empty());
  EXPECT_FALSE(call.not_compiled.empty());
}

TEST(DecodeJpegIrTest, ReadsTheSizeOfAConstant) {
  JpegSize size;
  std::string error;
  ASSERT_TRUE(ReadJpegSize(Jpeg(), 4, &size, &error)) << error;
  EXPECT_EQ(size.height, 10);
  EXPECT_EQ(size.width, 14);
  EXPECT_EQ(size.components, 3);
  EXPECT_FALSE(ReadJpegSize({1, 2, 3}, 1, &size, &error));
  EXPECT_NE(error.find("Not a JPEG file"), std::string::npos) << error;
}

}  // namespace
}  // namespace neo::ir

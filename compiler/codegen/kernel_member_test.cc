// Every kernel family through GenerateCode: a hand-built graph (no passes)
// using each of them must produce the right kernel members, backends, parameter values
// and includes. NEO_DUMP_DIR=<dir> writes the generated files for a manual compile.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/ops.h"

namespace neo::codegen {
namespace {

ir::ValueId Value(ir::Graph& g, const std::string& name, ir::DType t, ir::Shape s) {
  ir::Value v;
  v.name = name;
  v.dtype = t;
  v.shape = std::move(s);
  v.has_shape = true;
  return g.AddValue(v);
}

ir::Node& Op(ir::Graph& g, const char* op, std::vector<ir::ValueId> in, ir::ValueId out) {
  ir::Node& n = g.AddNode(op, std::move(in), {out});
  n.name = std::string(op) + "_node";
  n.source_op = op;
  return n;
}

GeneratedCode Generate(const ir::Graph& g) {
  ArenaLayout arena;
  int64_t offset = 0;
  for (size_t v = 0; v < g.num_values(); ++v) {
    const ir::Value& value = g.value(static_cast<ir::ValueId>(v));
    if (value.is_constant()) {
      arena.offsets.push_back(-1);
      continue;
    }
    arena.offsets.push_back(offset);  // no reuse: simple and valid
    offset += (static_cast<int64_t>(value.byte_size()) + 63) / 64 * 64;
  }
  arena.bytes = static_cast<size_t>(offset);
  CodegenOptions o;
  o.name = "tensor_ops";
  o.cpp_class = ParseCppClass("TensorOps");
  o.header_path = "tensor_ops.h";
  o.incbin_path = "tensor_ops_weights.bin";
  o.provenance = "hand-built graph";
  o.target = "host";
  GeneratedCode code = GenerateCode(g, arena, o);
  if (const char* dir = std::getenv("NEO_DUMP_DIR")) {
    std::ofstream(std::string(dir) + "/tensor_ops.h") << code.header;
    std::ofstream(std::string(dir) + "/tensor_ops.cc") << code.source;
    std::ofstream(std::string(dir) + "/tensor_ops_weights.S") << code.assembly;
    std::ofstream(std::string(dir) + "/tensor_ops_weights.bin", std::ios::binary)
        .write(reinterpret_cast<const char*>(code.weights.data()),
               static_cast<std::streamsize>(code.weights.size()));
  }
  return code;
}

TEST(TensorOpsCodegenTest, EveryOperatorGetsItsKernel) {
  ir::Graph g;
  const auto x = Value(g, "x", ir::DType::kFloat32, {1, 3, 3, 3});
  g.inputs().push_back(x);
  // ConvTranspose2D NHWC 3x3 -> 5x5 (the layout pass would have made x NHWC).
  const auto w = g.AddFloatConstant("w", {3, 2, 3, 3}, std::vector<float>(54, 0.5f));
  const auto deconv = Value(g, "deconv", ir::DType::kFloat32, {1, 5, 5, 2});
  ir::Node& d = Op(g, ir::op::kConvTranspose2D, {x, w}, deconv);
  d.attrs.set("strides", std::vector<int64_t>{1, 1});
  d.attrs.set("pads", std::vector<int64_t>{0, 0, 0, 0});
  d.attrs.set("layout", std::string("NHWC"));
  const auto lrn = Value(g, "lrn", ir::DType::kFloat32, {1, 5, 5, 2});
  ir::Node& l = Op(g, ir::op::kLRN, {deconv}, lrn);
  l.attrs.set("size", int64_t{3});
  l.attrs.set("layout", std::string("NHWC"));
  const auto resized = Value(g, "resized", ir::DType::kFloat32, {1, 5, 10, 4});
  ir::Node& r = Op(g, ir::op::kResize, {lrn}, resized);
  r.attrs.set("mode", std::string("linear"));
  r.attrs.set("scales", std::vector<double>{1.0, 1.0, 2.0, 2.0});
  const auto sum = Value(g, "sum", ir::DType::kFloat32, {1, 4});
  Op(g, ir::op::kReduce, {resized}, sum).attrs.set("kind", std::string("sum"));
  g.nodes().back().attrs.set("axes", std::vector<int64_t>{1, 2});
  const auto arg = Value(g, "arg", ir::DType::kInt64, {1});
  Op(g, ir::op::kArgReduce, {sum}, arg).attrs.set("kind", std::string("max"));
  g.nodes().back().attrs.set("axis", int64_t{1});
  const auto table = g.AddFloatConstant("table", {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  const auto row = Value(g, "row", ir::DType::kFloat32, {1, 2});
  Op(g, ir::op::kGather, {table, arg}, row).attrs.set("axis", int64_t{0});
  const auto as_int = Value(g, "as_int", ir::DType::kInt32, {1, 2});
  Op(g, ir::op::kCast, {row}, as_int).attrs.set("to", std::string("int32"));
  const auto padded = Value(g, "padded", ir::DType::kInt32, {1, 5});
  ir::Node& p = Op(g, ir::op::kPad, {as_int}, padded);
  p.attrs.set("pads", std::vector<int64_t>{0, 1, 0, 2});
  p.attrs.set("value", 7.0);
  const auto sliced = Value(g, "sliced", ir::DType::kInt32, {1, 2});
  ir::Node& s = Op(g, ir::op::kSlice, {padded}, sliced);
  s.attrs.set("starts", std::vector<int64_t>{0, 4});
  s.attrs.set("ends", std::vector<int64_t>{1, 0});
  s.attrs.set("steps", std::vector<int64_t>{1, -3});
  const auto wide = Value(g, "wide", ir::DType::kInt32, {3, 1, 2});
  Op(g, ir::op::kBroadcast, {sliced}, wide);
  const auto m = Value(g, "m", ir::DType::kFloat32, {2, 4, 3});
  g.inputs().push_back(m);
  const auto mb = g.AddFloatConstant("mb", {3, 2}, std::vector<float>(6, 1.0f));
  const auto prod = Value(g, "prod", ir::DType::kFloat32, {2, 4, 2});
  Op(g, ir::op::kBatchMatMul, {m, mb}, prod);
  g.outputs() = {wide, prod};

  const GeneratedCode code = Generate(g);
  const std::string& cc = code.source;
  for (const char* member :
       {"neo::kernels::ConvTranspose2D op0_convtranspose2d;", "neo::kernels::Lrn op1_lrn;",
        "neo::kernels::Resize op2_resize;", "neo::kernels::Reduce op3_reduce;",
        "neo::kernels::ArgReduce op4_argreduce;", "neo::kernels::Gather op5_gather;",
        "neo::kernels::Cast op6_cast;", "neo::kernels::Pad op7_pad;",
        "neo::kernels::Slice op8_slice;", "neo::kernels::Broadcast op9_broadcast;",
        "neo::kernels::BatchMatMul op10_batchmatmul;"}) {
    EXPECT_NE(cc.find(member), std::string::npos) << member;
  }
  for (const char* include :
       {"kernels/batch_matmul.h", "kernels/broadcast.h", "kernels/cast.h",
        "kernels/conv_transpose.h", "kernels/gather.h", "kernels/lrn.h", "kernels/pad.h",
        "kernels/reduce.h", "kernels/resize.h", "kernels/slice.h"}) {
    EXPECT_NE(cc.find(std::string("#include \"") + include + "\""), std::string::npos)
        << include;
  }
  // Heavy operators on oneDNN, which makes the light ones prefer it too.
  EXPECT_NE(code.report.find("op0_convtranspose2d  ConvTranspose2D 3x3/1 3->2 NHWC  [onednn]"),
            std::string::npos)
      << code.report;
  EXPECT_NE(code.report.find("op1_lrn  LRN size 3 [1,5,5,2]  [onednn]"), std::string::npos)
      << code.report;
  EXPECT_NE(code.report.find("op2_resize  Resize linear half_pixel"), std::string::npos);
  EXPECT_NE(code.report.find("[reference]  ArgReduce_node"), std::string::npos);
  EXPECT_NE(cc.find("  p.value = 7.0;\n  p.type = neo::ElementType::kInt32;\n"),
            std::string::npos);
  EXPECT_NE(cc.find("  p.steps = neo::kernels::Dims{1, -3};\n"), std::string::npos);
  EXPECT_NE(cc.find("  p.index_size = 8;\n"), std::string::npos);
  EXPECT_NE(cc.find("  p.scales[3] = 2.0;\n"), std::string::npos);
}

}  // namespace
}  // namespace neo::codegen

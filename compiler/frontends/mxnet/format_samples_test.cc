// Files written by tools/mxnet/mxnet_format.py (through write_format_samples.py), read
// with the C++ readers: the writer the test generators use and the readers must agree on
// every layout, both name styles, both symbol generations, and the tarball.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "compiler/frontends/mxnet/ndarray_list.h"
#include "compiler/frontends/mxnet/symbol.h"
#include "compiler/load/archive.h"
#include "compiler/load/file_reader.h"

namespace neo::mx_frontend {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

const char kDir[] = "compiler/frontends/mxnet/format_samples/";

template <typename T>
std::vector<T> Values(const MxArray& a) {
  std::vector<T> out(a.data.size() / sizeof(T));
  std::memcpy(out.data(), a.data.data(), a.data.size());
  return out;
}

// What write_format_samples.py puts in every .params file.
void ExpectSampleArrays(const MxParams& p, bool has_scalar) {
  std::vector<std::string> names;
  for (const auto& [name, array] : p.arrays) names.push_back(name);
  std::vector<std::string> expected = {"bn_moving_var", "conv0_bias", "conv0_weight", "fc_weight",
                                       "flag",          "pix",        "q"};
  if (has_scalar) expected.push_back("scalar");
  expected.push_back("steps");  // "unused", a none array, is left out
  EXPECT_EQ(names, expected);

  const MxArray& w = p.arrays.at("conv0_weight");
  EXPECT_EQ(w.dtype, ir::DType::kFloat32);
  EXPECT_THAT(w.shape, ElementsAre(2, 3, 1, 1));
  EXPECT_THAT(Values<float>(w), ElementsAre(0, 0.5f, 1, 1.5f, 2, 2.5f));

  const MxArray& b = p.arrays.at("conv0_bias");  // float16
  EXPECT_EQ(b.dtype, ir::DType::kFloat32);
  EXPECT_THAT(b.shape, ElementsAre(2));
  EXPECT_THAT(Values<float>(b), ElementsAre(0.5f, -1.25f));

  const MxArray& fc = p.arrays.at("fc_weight");  // float64
  EXPECT_EQ(fc.dtype, ir::DType::kFloat32);
  EXPECT_THAT(fc.shape, ElementsAre(2, 2));
  EXPECT_THAT(Values<float>(fc), ElementsAre(1.5f, -2, 0.125f, 1024));

  const MxArray& steps = p.arrays.at("steps");
  EXPECT_EQ(steps.dtype, ir::DType::kInt64);
  EXPECT_THAT(Values<int64_t>(steps), ElementsAre(int64_t{1} << 40, -5));

  const MxArray& var = p.arrays.at("bn_moving_var");
  EXPECT_EQ(var.dtype, ir::DType::kInt32);
  EXPECT_THAT(var.shape, ElementsAre(3));
  EXPECT_THAT(Values<int32_t>(var), ElementsAre(1, -2, 3));

  EXPECT_EQ(p.arrays.at("q").dtype, ir::DType::kInt8);
  EXPECT_THAT(Values<int8_t>(p.arrays.at("q")), ElementsAre(-128, 127));
  EXPECT_EQ(p.arrays.at("pix").dtype, ir::DType::kUInt8);
  EXPECT_THAT(Values<uint8_t>(p.arrays.at("pix")), ElementsAre(0, 255));
  EXPECT_EQ(p.arrays.at("flag").dtype, ir::DType::kBool);
  EXPECT_THAT(Values<uint8_t>(p.arrays.at("flag")), ElementsAre(1, 0));

  if (has_scalar) {
    const MxArray& s = p.arrays.at("scalar");
    EXPECT_THAT(s.shape, IsEmpty());
    EXPECT_THAT(Values<float>(s), ElementsAre(7.5f));
  }
}

TEST(FormatSamples, EveryParamsLayoutAndNameStyle) {
  for (const std::string layout : {"v3", "v2", "v1", "legacy"}) {
    for (const std::string names : {"prefixed", "bare"}) {
      SCOPED_TRACE(layout + " " + names);
      const std::string file = "params_" + layout + "_" + names + ".params";
      ExpectSampleArrays(ReadMxParams(ReadModelFile(kDir + file), file), layout == "v3");
    }
  }
}

std::vector<std::pair<int, int>> Pairs(const std::vector<MxEntry>& entries) {
  std::vector<std::pair<int, int>> out;
  for (const MxEntry& e : entries) out.emplace_back(e.node, e.index);
  return out;
}

// The graph write_format_samples.py builds, whichever generation wrote it.
void ExpectSampleGraph(const MxSymbol& s) {
  ASSERT_EQ(s.nodes.size(), 12u);
  std::vector<std::string> names;
  for (const MxNode& n : s.nodes) names.push_back(n.op + ":" + n.name);
  EXPECT_THAT(names, ElementsAre("null:data", "null:conv0_weight", "null:conv0_bias",
                                 "Convolution:conv0", "null:bn_gamma", "null:bn_beta",
                                 "null:bn_moving_mean", "null:bn_moving_var", "BatchNorm:bn",
                                 "SliceChannel:split", "LeakyReLU:act", "Pooling:pool"));
  EXPECT_THAT(s.arg_nodes, ElementsAre(0, 1, 2, 4, 5, 6, 7));
  EXPECT_THAT(s.nodes[1].annotations, ElementsAre(Pair("__shape__", "(2, 3, 1, 1)")));
  EXPECT_THAT(s.nodes[1].params, IsEmpty());
  EXPECT_THAT(s.nodes[3].params,
              ElementsAre(Pair("kernel", "(1, 1)"), Pair("no_bias", "False"),
                          Pair("num_filter", "2"), Pair("pad", "(0, 0)"), Pair("stride", "(1,)")));
  EXPECT_THAT(Pairs(s.nodes[3].inputs), ElementsAre(Pair(0, 0), Pair(1, 0), Pair(2, 0)));
  // num_outputs counts outputs only; BatchNorm has no such parameter, SliceChannel does.
  EXPECT_THAT(s.nodes[8].params, ElementsAre(Pair("axis", "None"), Pair("eps", "1e-05"),
                                             Pair("fix_gamma", "False"), Pair("momentum", "0.9")));
  EXPECT_THAT(Pairs(s.nodes[8].inputs),
              ElementsAre(Pair(3, 0), Pair(4, 0), Pair(5, 0), Pair(6, 0), Pair(7, 0)));
  EXPECT_THAT(s.nodes[9].params, ElementsAre(Pair("axis", "1"), Pair("num_outputs", "2")));
  EXPECT_THAT(Pairs(s.nodes[10].inputs), ElementsAre(Pair(9, 1)));
  EXPECT_THAT(s.nodes[10].params, ElementsAre(Pair("act_type", "leaky"), Pair("slope", "0.25")));
  EXPECT_THAT(s.nodes[10].annotations, ElementsAre(Pair("__ctx_group__", "dev1")));
  EXPECT_THAT(s.nodes[11].params, ElementsAre(Pair("kernel", "(3, x)"), Pair("pool_type", "max")));
  EXPECT_THAT(Pairs(s.heads), ElementsAre(Pair(11, 0), Pair(9, 0)));
}

TEST(FormatSamples, SymbolOfEachGeneration) {
  const MxSymbol v1x = ParseMxSymbol(ReadModelFile(std::string(kDir) + "symbol_1x.json"),
                                     "symbol_1x.json");
  ExpectSampleGraph(v1x);
  EXPECT_EQ(v1x.mxnet_version, 10500);
  const MxSymbol pre = ParseMxSymbol(ReadModelFile(std::string(kDir) + "symbol_pre10.json"),
                                     "symbol_pre10.json");
  ExpectSampleGraph(pre);
  EXPECT_EQ(pre.mxnet_version, 0);
}

TEST(FormatSamples, Tarball) {
  const std::string path = std::string(kDir) + "model.tar.gz";
  const ArchiveContents tar = ReadTarGz(ReadModelFile(path), path);
  ASSERT_EQ(tar.files.size(), 2u);
  EXPECT_EQ(tar.files[0].name, "model-0000.params");
  EXPECT_EQ(tar.files[1].name, "model-symbol.json");
  ExpectSampleArrays(ReadMxParams(tar.files[0].contents, tar.files[0].name), false);
  ExpectSampleGraph(ParseMxSymbol(tar.files[1].contents, tar.files[1].name));
}

}  // namespace
}  // namespace neo::mx_frontend

// The .params reader on files built here byte by byte: every layout and type flag, names
// with and without prefixes, none and scalar arrays, and every kind of damage, which must
// be reported without crashing or allocating from a size it read.
#include "compiler/frontends/mxnet/ndarray_list.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/test_heap_peak.h"
#include "compiler/load/test_matchers.h"

namespace neo::mx_frontend {
namespace {

using neo::testing::PeakHeap;

using ::testing::ElementsAre;

enum class Layout { kV3, kV2, kV1, kLegacy };
const Layout kLayouts[] = {Layout::kV3, Layout::kV2, Layout::kV1, Layout::kLegacy};

template <typename T>
void Put(std::string* out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));  // little-endian hosts, as the reader
  out->append(b, sizeof(T));
}

// One array's header up to and including the type flag.
std::string Header(Layout layout, const std::vector<int64_t>& shape, int32_t flag,
                   int32_t stype = 0) {
  std::string out;
  switch (layout) {
    case Layout::kV3: Put<uint32_t>(&out, 0xF993FACA); Put<int32_t>(&out, stype); break;
    case Layout::kV2: Put<uint32_t>(&out, 0xF993FAC9); Put<int32_t>(&out, stype); break;
    case Layout::kV1: Put<uint32_t>(&out, 0xF993FAC8); break;
    case Layout::kLegacy: break;
  }
  if (layout == Layout::kLegacy) {
    Put<uint32_t>(&out, static_cast<uint32_t>(shape.size()));
    for (int64_t d : shape) Put<uint32_t>(&out, static_cast<uint32_t>(d));
  } else {
    Put<int32_t>(&out, static_cast<int32_t>(shape.size()));
    for (int64_t d : shape) Put<int64_t>(&out, d);
  }
  Put<int32_t>(&out, 1);  // cpu
  Put<int32_t>(&out, 0);
  Put<int32_t>(&out, flag);
  return out;
}

template <typename T>
std::string Array(Layout layout, const std::vector<int64_t>& shape, int32_t flag,
                  const std::vector<T>& values) {
  std::string out = Header(layout, shape, flag);
  for (T v : values) Put<T>(&out, v);
  return out;
}

std::string List(const std::vector<std::string>& arrays, const std::vector<std::string>& names) {
  std::string out;
  Put<uint64_t>(&out, 0x112);
  Put<uint64_t>(&out, 0);
  Put<uint64_t>(&out, arrays.size());
  for (const std::string& a : arrays) out += a;
  Put<uint64_t>(&out, names.size());
  for (const std::string& n : names) {
    Put<uint64_t>(&out, n.size());
    out += n;
  }
  return out;
}

template <typename T>
std::vector<T> Values(const MxArray& a) {
  std::vector<T> out(a.data.size() / sizeof(T));
  std::memcpy(out.data(), a.data.data(), a.data.size());
  return out;
}

const char kFile[] = "model-0000.params";

void ExpectMalformed(const std::string& bytes, const std::string& why) {
  EXPECT_NEO_ERROR(ReadMxParams(bytes, kFile), ErrorClass::kMalformedInput,
                   "Malformed input error: model-0000.params: " + why);
}

TEST(ReadMxParams, EveryLayoutAndPrefix) {
  for (Layout layout : kLayouts) {
    const std::string bytes =
        List({Array<float>(layout, {2, 3}, 0, {1, 2, 3, 4, 5, 6.5f}),
              Array<float>(layout, {3}, 0, {0.25f, -1, 7})},
             {"arg:conv0_weight", "aux:bn_moving_mean"});
    const MxParams p = ReadMxParams(bytes, kFile);
    ASSERT_EQ(p.arrays.size(), 2u);
    const MxArray& w = p.arrays.at("conv0_weight");
    EXPECT_EQ(w.dtype, ir::DType::kFloat32);
    EXPECT_THAT(w.shape, ElementsAre(2, 3));
    EXPECT_THAT(Values<float>(w), ElementsAre(1, 2, 3, 4, 5, 6.5f));
    EXPECT_THAT(Values<float>(p.arrays.at("bn_moving_mean")), ElementsAre(0.25f, -1, 7));
  }
}

TEST(ReadMxParams, BareNamesAsGluonWrites) {
  const MxParams p = ReadMxParams(
      List({Array<float>(Layout::kV2, {1}, 0, {3})}, {"features.0.weight"}), kFile);
  EXPECT_THAT(Values<float>(p.arrays.at("features.0.weight")), ElementsAre(3));
}

TEST(ReadMxParams, Float16AndFloat64BecomeFloat32Exactly) {
  // float16: 1, -2, 0.5, 65504 (max), 2^-24 (smallest subnormal), 2^-14 (smallest normal),
  // 3 * 2^-24 (subnormal), -0, inf.
  const std::vector<uint16_t> halves = {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001,
                                        0x0400, 0x0003, 0x8000, 0x7C00};
  const std::vector<float> expected = {1,      -2,           0.5f,  65504, std::ldexp(1.0f, -24),
                                       std::ldexp(1.0f, -14), std::ldexp(3.0f, -24), -0.0f,
                                       std::numeric_limits<float>::infinity()};
  const std::vector<double> doubles = {0.1f, -3.5, 1e-30, 1e30};
  for (Layout layout : kLayouts) {
    const MxParams p = ReadMxParams(
        List({Array<uint16_t>(layout, {9}, 2, halves), Array<double>(layout, {2, 2}, 1, doubles)},
             {"arg:h", "arg:d"}),
        kFile);
    const MxArray& h = p.arrays.at("h");
    EXPECT_EQ(h.dtype, ir::DType::kFloat32);
    EXPECT_THAT(Values<float>(h), ElementsAre(expected[0], expected[1], expected[2], expected[3],
                                              expected[4], expected[5], expected[6], expected[7],
                                              expected[8]));
    EXPECT_TRUE(std::signbit(Values<float>(h)[7]));
    const MxArray& d = p.arrays.at("d");
    EXPECT_EQ(d.dtype, ir::DType::kFloat32);
    EXPECT_THAT(d.shape, ElementsAre(2, 2));
    EXPECT_THAT(Values<float>(d), ElementsAre(0.1f, -3.5f, 1e-30f, 1e30f));
  }
  // A NaN half stays NaN.
  const MxParams p =
      ReadMxParams(List({Array<uint16_t>(Layout::kV2, {1}, 2, {0x7E00})}, {"n"}), kFile);
  EXPECT_TRUE(std::isnan(Values<float>(p.arrays.at("n"))[0]));
}

TEST(ReadMxParams, IntegerTypesKept) {
  const MxParams p = ReadMxParams(
      List({Array<int32_t>(Layout::kV2, {2}, 4, {-7, 1 << 30}),
            Array<int64_t>(Layout::kV1, {1}, 6, {int64_t{1} << 40}),
            Array<int8_t>(Layout::kV3, {3}, 5, {-128, 0, 127}),
            Array<uint8_t>(Layout::kLegacy, {2}, 3, {0, 255}),
            Array<uint8_t>(Layout::kV2, {2}, 7, {1, 0})},
           {"i32", "i64", "i8", "u8", "b"}),
      kFile);
  EXPECT_EQ(p.arrays.at("i32").dtype, ir::DType::kInt32);
  EXPECT_THAT(Values<int32_t>(p.arrays.at("i32")), ElementsAre(-7, 1 << 30));
  EXPECT_EQ(p.arrays.at("i64").dtype, ir::DType::kInt64);
  EXPECT_THAT(Values<int64_t>(p.arrays.at("i64")), ElementsAre(int64_t{1} << 40));
  EXPECT_EQ(p.arrays.at("i8").dtype, ir::DType::kInt8);
  EXPECT_THAT(Values<int8_t>(p.arrays.at("i8")), ElementsAre(-128, 0, 127));
  EXPECT_EQ(p.arrays.at("u8").dtype, ir::DType::kUInt8);
  EXPECT_THAT(Values<uint8_t>(p.arrays.at("u8")), ElementsAre(0, 255));
  EXPECT_EQ(p.arrays.at("b").dtype, ir::DType::kBool);
  EXPECT_THAT(Values<uint8_t>(p.arrays.at("b")), ElementsAre(1, 0));
}

// A none array (ndim 0 before V3, ndim -1 or a -1 dim in V3) has nothing after its shape
// and no value; V3's ndim 0 is a scalar.
TEST(ReadMxParams, NoneAndScalarArrays) {
  std::string v2_none;
  Put<uint32_t>(&v2_none, 0xF993FAC9);
  Put<int32_t>(&v2_none, -1);  // kUndefinedStorage, as MXNet 1.x wrote a none array
  Put<int32_t>(&v2_none, 0);
  std::string v1_none;
  Put<uint32_t>(&v1_none, 0xF993FAC8);
  Put<int32_t>(&v1_none, 0);
  std::string legacy_none;
  Put<uint32_t>(&legacy_none, 0);
  std::string v3_none;
  Put<uint32_t>(&v3_none, 0xF993FACA);
  Put<int32_t>(&v3_none, 0);
  Put<int32_t>(&v3_none, -1);
  std::string v3_unknown_dim;
  Put<uint32_t>(&v3_unknown_dim, 0xF993FACA);
  Put<int32_t>(&v3_unknown_dim, 0);
  Put<int32_t>(&v3_unknown_dim, 2);
  Put<int64_t>(&v3_unknown_dim, 3);
  Put<int64_t>(&v3_unknown_dim, -1);
  const std::string v3_scalar = Array<float>(Layout::kV3, {}, 0, {2.5f});
  const std::string zero_size = Array<float>(Layout::kV2, {0, 4}, 0, {});
  const MxParams p = ReadMxParams(
      List({v2_none, v1_none, legacy_none, v3_none, v3_unknown_dim, v3_scalar, zero_size},
           {"a", "b", "c", "d", "e", "scalar", "empty"}),
      kFile);
  ASSERT_EQ(p.arrays.size(), 2u);
  EXPECT_TRUE(p.arrays.at("scalar").shape.empty());
  EXPECT_THAT(Values<float>(p.arrays.at("scalar")), ElementsAre(2.5f));
  EXPECT_THAT(p.arrays.at("empty").shape, ElementsAre(0, 4));
  EXPECT_TRUE(p.arrays.at("empty").data.empty());
  // A none array's name still counts.
  ExpectMalformed(List({v1_none, Array<float>(Layout::kV2, {1}, 0, {1})}, {"arg:x", "aux:x"}),
                  "array 1 (aux:x): 'x' is the name of an earlier array too");
}

TEST(ReadMxParams, EmptyList) {
  EXPECT_TRUE(ReadMxParams(List({}, {}), kFile).arrays.empty());
}

TEST(ReadMxParams, EveryTruncationRejected) {
  for (Layout layout : kLayouts) {
    const std::string bytes = List({Array<float>(layout, {2, 2}, 0, {1, 2, 3, 4}),
                                    Array<int32_t>(layout, {1}, 4, {9})},
                                   {"arg:w", "aux:m"});
    ASSERT_EQ(ReadMxParams(bytes, kFile).arrays.size(), 2u);
    for (size_t n = 0; n < bytes.size(); ++n) {
      try {
        ReadMxParams(bytes.substr(0, n), kFile);
        ADD_FAILURE() << "a prefix of " << n << " bytes was read";
      } catch (const NeoError& e) {
        EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput) << e.Headline();
        EXPECT_EQ(e.Headline().rfind("Malformed input error: model-0000.params: ", 0), 0u)
            << e.Headline();
      }
    }
  }
  // Two exact messages: inside the data, and inside a name.
  const std::string bytes =
      List({Array<float>(Layout::kV2, {32, 32}, 0, std::vector<float>(1024, 1))}, {"arg:w"});
  const size_t data_start = 24 + 4 + 4 + 4 + 16 + 12;
  ExpectMalformed(bytes.substr(0, data_start + 100),
                  "array 0: 4096 bytes of data expected, 100 left");
  ExpectMalformed(bytes.substr(0, bytes.size() - 2), "name 0: 5 bytes expected, 3 left");
  ExpectMalformed(bytes + "x", "1 bytes after the last name");
}

TEST(ReadMxParams, HugeCountsAndDimsRejectedWithoutAllocating) {
  std::string many;
  Put<uint64_t>(&many, 0x112);
  Put<uint64_t>(&many, 0);
  Put<uint64_t>(&many, std::numeric_limits<uint64_t>::max());
  ExpectMalformed(many, "18446744073709551615 arrays declared, but only 0 bytes left (an "
                        "array and its name take at least 13)");

  std::string ndim = List({}, {}).substr(0, 16);
  Put<uint64_t>(&ndim, 1);
  Put<uint32_t>(&ndim, 0xF993FAC9);
  Put<int32_t>(&ndim, 0);
  Put<int32_t>(&ndim, std::numeric_limits<int32_t>::max());
  ndim.append(16, '\0');  // past the count's bound, for the dimensions' own
  ExpectMalformed(ndim, "array 0: 2147483647 dimensions need 17179869176 bytes, 16 left");

  std::string legacy = List({}, {}).substr(0, 16);
  Put<uint64_t>(&legacy, 1);
  Put<uint32_t>(&legacy, 0x7FFFFFF0);
  legacy.append(16, '\0');
  ExpectMalformed(legacy, "array 0: 2147483632 dimensions need 8589934528 bytes, 16 left "
                          "(no known magic; read as a legacy ndim)");

  const int64_t mega = int64_t{1} << 20;
  ExpectMalformed(List({Header(Layout::kV2, {mega, mega}, 0)}, {"w"}),
                  "array 0: 4398046511104 bytes of data expected, 17 left");
}

TEST(ReadMxParams, DimensionProductOverflow) {
  const int64_t big = int64_t{1} << 40;
  ExpectMalformed(List({Header(Layout::kV2, {big, big}, 0)}, {"w"}),
                  "array 0: the size of shape (1099511627776, 1099511627776) overflows");
  ExpectMalformed(List({Header(Layout::kV1, {-2}, 0)}, {"w"}), "array 0: dimension 0 is -2");
  ExpectMalformed(List({Header(Layout::kV3, {-2}, 0)}, {"w"}), "array 0: dimension 0 is -2");
}

TEST(ReadMxParams, SparseRefusedByName) {
  // A row_sparse [4, 2] holding rows 1 and 3: storage shape [2, 2], aux 0 int64 indices.
  std::string rsp;
  Put<uint32_t>(&rsp, 0xF993FAC9);
  Put<int32_t>(&rsp, 1);
  Put<int32_t>(&rsp, 2);  // storage shape
  Put<int64_t>(&rsp, 2);
  Put<int64_t>(&rsp, 2);
  Put<int32_t>(&rsp, 2);  // shape
  Put<int64_t>(&rsp, 4);
  Put<int64_t>(&rsp, 2);
  Put<int32_t>(&rsp, 1);
  Put<int32_t>(&rsp, 0);
  Put<int32_t>(&rsp, 0);  // float32
  Put<int32_t>(&rsp, 6);  // aux 0: int64, shape [2]
  Put<int32_t>(&rsp, 1);
  Put<int64_t>(&rsp, 2);
  for (float v : {1.f, 2.f, 3.f, 4.f}) Put<float>(&rsp, v);
  Put<int64_t>(&rsp, 1);
  Put<int64_t>(&rsp, 3);
  ExpectMalformed(List({Array<float>(Layout::kV2, {1}, 0, {1}), rsp}, {"arg:a", "arg:emb"}),
                  "array 1 (arg:emb): row_sparse storage is not supported; save it dense "
                  "(tostype('default'))");
  ExpectMalformed(List({Header(Layout::kV2, {1}, 0, 3)}, {"w"}), "array 0: unknown storage type 3");
}

TEST(ReadMxParams, BadHeaderFields) {
  std::string not_list;
  Put<uint64_t>(&not_list, 0x113);
  Put<uint64_t>(&not_list, 0);
  ExpectMalformed(not_list, "not an MXNet NDArray list (the first 8 bytes are not 0x112)");
  ExpectMalformed(List({Array<float>(Layout::kV2, {1}, 0, {1})}, {"w"}).substr(0, 12),
                  "reserved field: 8 bytes expected, 4 left");
  ExpectMalformed(List({Header(Layout::kV2, {1}, 99) + "xxxx"}, {"w"}),
                  "array 0: unknown type flag 99");
  ExpectMalformed(List({Array<uint16_t>(Layout::kV2, {1}, 12, {0x3F80})}, {"arg:w"}),
                  "array 0 (arg:w): type bfloat16 is not supported");
  ExpectMalformed(List({Array<double>(Layout::kV2, {2}, 1, {1, 1e300})}, {"arg:w"}),
                  "array 0 (arg:w): float64 element 1 (1e+300) does not fit float32");
  std::string negative_ndim;
  Put<uint32_t>(&negative_ndim, 0xF993FAC8);
  Put<int32_t>(&negative_ndim, -1);
  ExpectMalformed(List({negative_ndim}, {"w"}), "array 0: ndim -1 is negative");
}

TEST(ReadMxParams, NamesMustMatchAndBeUnique) {
  const std::string a = Array<float>(Layout::kV2, {1}, 0, {1});
  ExpectMalformed(List({a, a}, {"w"}), "1 names for 2 arrays");
  ExpectMalformed(List({a, a}, {}),
                  "the arrays have no names (mx.nd.save of a list); neoc matches parameters "
                  "by name");
  ExpectMalformed(List({a, a}, {"arg:w", "w"}),
                  "array 1 (w): 'w' is the name of an earlier array too");
  ExpectMalformed(List({a}, {"arg:"}), "array 0 (arg:): the name is empty");
  // The first array whose name is taken, whatever the order of the names.
  ExpectMalformed(List({a, a, a, a, a}, {"b", "a", "c", "arg:a", "b"}),
                  "array 3 (arg:a): 'a' is the name of an earlier array too");
  ExpectMalformed(List({a, a, a, a, a}, {"b", "a", "aux:", "a", "b"}),
                  "array 2 (aux:): the name is empty");
  std::string huge_name = List({a}, {}).substr(0, 24 + a.size());
  Put<uint64_t>(&huge_name, 1);
  Put<uint64_t>(&huge_name, std::numeric_limits<uint64_t>::max());
  ExpectMalformed(huge_name, "name 0: 18446744073709551615 bytes expected, 0 left");
}

// A none array is 4 bytes in the file; it cost 96 bytes to hold (and 15 million of them
// in a 60 MB file took 1.5 GB before the missing names were noticed). Now the count is
// bounded by what a named array takes, and a none array costs only its name.
TEST(ReadMxParams, ManyNoneArraysCostLittle) {
  const std::string none(4, '\0');  // legacy, ndim 0
  std::string nameless = List({}, {}).substr(0, 16);
  Put<uint64_t>(&nameless, 1000);
  for (int i = 0; i < 1000; ++i) nameless += none;
  Put<uint64_t>(&nameless, 0);
  ExpectMalformed(nameless, "1000 arrays declared, but only 4008 bytes left (an array and its "
                            "name take at least 13)");

  const int count = 200000;
  std::vector<std::string> arrays(count, none), names;
  for (int i = 0; i < count; ++i) names.push_back("n" + std::to_string(i));
  const std::string bytes = List(arrays, names);
  arrays.clear();
  arrays.shrink_to_fit();
  names.clear();
  names.shrink_to_fit();
  size_t peak = PeakHeap([&] { EXPECT_TRUE(ReadMxParams(bytes, kFile).arrays.empty()); });
  EXPECT_LT(peak, 2 * bytes.size()) << peak << " for " << bytes.size();
}

// Every byte of a small file set to each of a few values: the read either succeeds or
// reports malformed input, never anything else (run it under a sanitizer to see more).
TEST(ReadMxParams, EverySingleByteCorruptionHandled) {
  for (Layout layout : kLayouts) {
    const std::string good = List({Array<uint16_t>(layout, {2, 1}, 2, {0x3C00, 0x0001}),
                                    Array<int64_t>(layout, {1}, 6, {5})},
                                   {"arg:h", "aux:i"});
    for (size_t i = 0; i < good.size(); ++i) {
      for (int v : {0x00, 0x01, 0x02, 0x7F, 0x80, 0xFA, 0xFF}) {
        std::string bad = good;
        bad[i] = static_cast<char>(v);
        try {
          ReadMxParams(bad, kFile);
        } catch (const NeoError& e) {
          EXPECT_EQ(e.error_class(), ErrorClass::kMalformedInput) << e.Headline();
        }
      }
    }
  }
}

}  // namespace
}  // namespace neo::mx_frontend

#include "rules/testing/npy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace neo {
namespace testing {
namespace {

// Generated once with Debian numpy 1.24 (np.lib.format.write_array); an independent
// reference for the reader and, byte for byte, for the writer.
// np.array([1.5, -2.0], dtype="<f4")
const std::string kF4V1("\x93"
    "NUMPY\x01"
    "\x00"
    "v\x00"
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }                                                            \x0a"
    "\x00"
    "\x00"
    "\xc0"
    "?\x00"
    "\x00"
    "\x00"
    "\xc0"
    "",
    136);
// np.arange(6, dtype="<i8").reshape(2, 3) - 3, version (2, 0)
const std::string kI8V2("\x93"
    "NUMPY\x02"
    "\x00"
    "t\x00"
    "\x00"
    "\x00"
    "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }                                                        \x0a"
    "\xfd"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xfe"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x01"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x02"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "\x00"
    "",
    176);
// np.array([[True, False, True]]), version (3, 0)
const std::string kB1V3("\x93"
    "NUMPY\x03"
    "\x00"
    "t\x00"
    "\x00"
    "\x00"
    "{'descr': '|b1', 'fortran_order': False, 'shape': (1, 3), }                                                        \x0a"
    "\x01"
    "\x00"
    "\x01"
    "",
    131);
// np.array(0.1, dtype="<f8")
const std::string kF8Scalar("\x93"
    "NUMPY\x01"
    "\x00"
    "v\x00"
    "{'descr': '<f8', 'fortran_order': False, 'shape': (), }                                                              \x0a"
    "\x9a"
    "\x99"
    "\x99"
    "\x99"
    "\x99"
    "\x99"
    "\xb9"
    "?",
    136);
// np.asfortranarray(np.ones((2, 2), dtype="<f4"))
const std::string kFortran("\x93"
    "NUMPY\x01"
    "\x00"
    "v\x00"
    "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }                                                           \x0a"
    "\x00"
    "\x00"
    "\x80"
    "?\x00"
    "\x00"
    "\x80"
    "?\x00"
    "\x00"
    "\x80"
    "?\x00"
    "\x00"
    "\x80"
    "?",
    144);
// np.array([1], dtype=">f4")
const std::string kBigEndian("\x93"
    "NUMPY\x01"
    "\x00"
    "v\x00"
    "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }                                                            \x0a"
    "?\x80"
    "\x00"
    "\x00"
    "",
    132);
// np.array([7, -1, 256], dtype="<i4")
const std::string kI4U1("\x93"
    "NUMPY\x01"
    "\x00"
    "v\x00"
    "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }                                                            \x0a"
    "\x07"
    "\x00"
    "\x00"
    "\x00"
    "\xff"
    "\xff"
    "\xff"
    "\xff"
    "\x00"
    "\x01"
    "\x00"
    "\x00"
    "",
    140);

std::string ErrorOf(const std::string& bytes) {
  try {
    ParseNpy(bytes, "x.npy");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(NpyTest, ReadsVersion1Float32) {
  const NpyArray a = ParseNpy(kF4V1, "x.npy");
  EXPECT_EQ(a.type, NpyType::kFloat32);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(ToDoubles(a), (std::vector<double>{1.5, -2.0}));
}

TEST(NpyTest, ReadsVersion2Int64) {
  const NpyArray a = ParseNpy(kI8V2, "x.npy");
  EXPECT_EQ(a.type, NpyType::kInt64);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(ToDoubles(a), (std::vector<double>{-3, -2, -1, 0, 1, 2}));
}

TEST(NpyTest, ReadsVersion3Bool) {
  const NpyArray a = ParseNpy(kB1V3, "x.npy");
  EXPECT_EQ(a.type, NpyType::kBool);
  EXPECT_EQ(a.shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(ToDoubles(a), (std::vector<double>{1, 0, 1}));
}

TEST(NpyTest, ReadsScalarFloat64AndConvertsToFloat32) {
  const NpyArray a = ParseNpy(kF8Scalar, "x.npy");
  EXPECT_EQ(a.type, NpyType::kFloat64);
  EXPECT_TRUE(a.shape.empty());
  EXPECT_EQ(a.num_elements(), 1u);
  EXPECT_EQ(ToDoubles(a)[0], 0.1);
  const NpyArray f = ToFloat32(a, "x.npy");
  EXPECT_EQ(f.type, NpyType::kFloat32);
  float v;
  std::memcpy(&v, f.data.data(), 4);
  EXPECT_EQ(v, 0.1f);
}

TEST(NpyTest, ReadsInt32) {
  EXPECT_EQ(ToDoubles(ParseNpy(kI4U1, "x.npy")), (std::vector<double>{7, -1, 256}));
}

TEST(NpyTest, WriterMatchesNumpyByteForByte) {
  // Version-1 files must come out identical to numpy's; the version 2/3 ones (numpy
  // wrote them so on request) must survive a round trip through our version-1 writer.
  for (const std::string* bytes : {&kF4V1, &kI8V2, &kB1V3, &kF8Scalar, &kI4U1}) {
    const NpyArray a = ParseNpy(*bytes, "x.npy");
    const std::string round = SerializeNpy(a);
    const NpyArray back = ParseNpy(round, "round.npy");
    EXPECT_EQ(back.type, a.type);
    EXPECT_EQ(back.shape, a.shape);
    EXPECT_EQ(back.data, a.data);
    if (static_cast<unsigned char>((*bytes)[6]) == 1) {
      EXPECT_EQ(round, *bytes);
    }
  }
}

TEST(NpyTest, FileRoundTrip) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(tmp ? tmp : "/tmp") + "/rt.npy";
  const NpyArray a = ParseNpy(kI8V2, "x.npy");
  WriteNpy(path, a);
  const NpyArray b = ReadNpy(path);
  EXPECT_EQ(b.shape, a.shape);
  EXPECT_EQ(b.data, a.data);
}

TEST(NpyTest, ClearErrors) {
  EXPECT_EQ(ErrorOf("PK\x03\x04 zip"), "x.npy: not a .npy file (no \\x93NUMPY magic)");
  EXPECT_EQ(ErrorOf(kFortran),
            "x.npy: fortran_order arrays are not supported; save with C order");
  EXPECT_EQ(ErrorOf(kBigEndian),
            "x.npy: unsupported dtype '>f4' (big-endian); supported: <f4, <f8, <i8, <i4, "
            "|b1, |u1, |i1");
  EXPECT_EQ(ErrorOf(kF4V1.substr(0, kF4V1.size() - 1)),
            "x.npy: expected 8 data bytes for shape (2,) <f4, found 7");
  EXPECT_EQ(ErrorOf(kF4V1.substr(0, 40)), "x.npy: truncated .npy header");
  std::string v9 = kF4V1;
  v9[6] = 9;
  EXPECT_EQ(ErrorOf(v9), "x.npy: unsupported .npy format version 9.0");
  try {
    ReadNpy("/nonexistent/x.npy");
    ADD_FAILURE();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/x.npy: cannot open: No such file or directory");
  }
}

}  // namespace
}  // namespace testing
}  // namespace neo

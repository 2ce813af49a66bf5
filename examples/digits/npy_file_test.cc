#include "examples/digits/npy_file.h"

#include <cstring>
#include <string>

#include "gtest/gtest.h"

namespace digits {
namespace {

// Builds a version-1 .npy file byte by byte, independently of the reader.
std::string Npy1(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  return out + header + data;
}

TEST(NpyFileTest, ReadsFloat32Matrix) {
  const float values[6] = {0, 1, 2, 3, 4, 5.5f};
  std::string data(reinterpret_cast<const char*>(values), sizeof(values));
  NpyArray array;
  std::string error;
  ASSERT_TRUE(ParseNpy(
      Npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data),
      &array, &error)) << error;
  EXPECT_EQ(array.dtype, "<f4");
  EXPECT_EQ(array.shape, (std::vector<int64_t>{2, 3}));
  ASSERT_EQ(array.data.size(), sizeof(values));
  float back[6];
  std::memcpy(back, array.data.data(), sizeof(back));
  EXPECT_EQ(back[5], 5.5f);
}

TEST(NpyFileTest, ReadsInt64VectorWithTrailingComma) {
  const int64_t values[3] = {7, -1, 9};
  NpyArray array;
  std::string error;
  ASSERT_TRUE(ParseNpy(
      Npy1("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
           std::string(reinterpret_cast<const char*>(values), sizeof(values))),
      &array, &error)) << error;
  EXPECT_EQ(array.shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(array.num_elements(), 3);
}

TEST(NpyFileTest, RejectsWrongDataSize) {
  NpyArray array;
  std::string error;
  EXPECT_FALSE(ParseNpy(
      Npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", "abc"),
      &array, &error));
  EXPECT_EQ(error, "expected 8 data bytes, found 3");
}

TEST(NpyFileTest, RejectsFortranOrder) {
  NpyArray array;
  std::string error;
  EXPECT_FALSE(ParseNpy(
      Npy1("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", "abcd"),
      &array, &error));
  EXPECT_EQ(error, "Fortran-order arrays are not supported");
}

TEST(NpyFileTest, RejectsNonNpy) {
  NpyArray array;
  std::string error;
  EXPECT_FALSE(ParseNpy("hello, world", &array, &error));
  EXPECT_EQ(error, "not a .npy file (bad magic)");
}

TEST(NpyFileTest, NamesMissingFile) {
  NpyArray array;
  std::string error;
  EXPECT_FALSE(ReadNpyFile("/nonexistent/x.npy", &array, &error));
  EXPECT_EQ(error, "cannot open /nonexistent/x.npy");
}

}  // namespace
}  // namespace digits

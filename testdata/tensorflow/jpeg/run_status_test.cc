// A compiled TensorFlow model whose input is JPEG bytes (string Placeholder -> DecodeJpeg
// -> Conv2D, 20 x 28 RGB): what a caller sees through the generated class and through
// neo::Model when the bytes are good, damaged, of another size, or missing.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "testdata/tensorflow/decodejpeg_conv_rgb.h"

namespace {

using Model = tf_cases::decodejpeg_conv_rgb;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << path;
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::vector<float> Output(const Model& m) {
  return std::vector<float>(m.output_out(), m.output_out() + Model::kOutput0Elements);
}

const std::string& Good() {
  static const std::string bytes = ReadFile("testdata/tensorflow/decodejpeg_conv_rgb_in0.jpg");
  return bytes;
}

TEST(RunStatusTest, TheInputIsOneBytesElement) {
  Model m;
  EXPECT_EQ(m.input_info(0).type, neo::ElementType::kBytes);
  EXPECT_EQ(m.input_info(0).byte_size, sizeof(neo::Bytes));
  EXPECT_EQ(m.input_buffer(0), static_cast<void*>(m.input_contents()));
}

TEST(RunStatusTest, DamagedOrMisfitJpegsAreReportedAndTheModelRecovers) {
  Model m(2);
  *m.input_contents() = {Good().data(), Good().size()};
  m.Run();
  ASSERT_TRUE(m.run_status().ok()) << m.run_status().message();
  const std::vector<float> expected = Output(m);

  const std::string truncated = Good().substr(0, Good().size() * 2 / 3);
  std::string corrupt = Good();
  corrupt[1] = 0;  // no start-of-image marker
  const std::string other_size = ReadFile("kernels/testdata/jpeg/color.jpg");  // 37 x 53
  struct Bad {
    neo::Bytes bytes;
    const char* message;
  };
  const Bad bad[] = {
      {{truncated.data(), truncated.size()}, "not a decodable JPEG: Premature end of JPEG file"},
      {{corrupt.data(), corrupt.size()},
       "not a decodable JPEG: Not a JPEG file: starts with 0xff 0x00"},
      {{other_size.data(), other_size.size()},
       "the JPEG decodes to height 37, width 53 at ratio 1; the model was compiled for "
       "height 20, width 28"},
      {{nullptr, 0}, "no JPEG bytes (the input is empty)"},
  };
  for (const Bad& b : bad) {
    *m.input_contents() = b.bytes;
    m.Run();
    EXPECT_FALSE(m.run_status().ok());
    EXPECT_EQ(std::string(m.run_status().message()).rfind(b.message, 0), 0u)
        << m.run_status().message();
    // Through the interface too, as generic code sees it.
    const neo::Model& generic = m;
    EXPECT_FALSE(generic.run_status().ok());

    *m.input_contents() = {Good().data(), Good().size()};
    m.Run();
    EXPECT_TRUE(m.run_status().ok());
    EXPECT_EQ(Output(m), expected) << "a rejected JPEG leaves nothing behind";
  }
}

// Profiling runs go through BeginRun(), which clears the last run's status as Run() does.
TEST(RunStatusTest, StepsReportLikeRun) {
  Model m;
  *m.input_contents() = {"junk", 4};
  m.Run();
  ASSERT_FALSE(m.run_status().ok());
  *m.input_contents() = {Good().data(), Good().size()};
  m.BeginRun();
  for (int i = 0; i < m.num_steps(); ++i) m.RunStep(i);
  EXPECT_TRUE(m.run_status().ok()) << m.run_status().message();
}

}  // namespace

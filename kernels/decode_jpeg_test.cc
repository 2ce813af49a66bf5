// DecodeJpeg against torchvision's decodings of the same files (testdata/gen_jpeg_cases.py),
// scaled decodes against box averages of the full one, and bytes that must be refused
// without a crash or a write past the output.
#include "kernels/decode_jpeg.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "kernels/context.h"
#include "kernels/reference/decode_jpeg.h"
#include "rules/testing/npy.h"

namespace neo::kernels {
namespace {

constexpr int kH = 37, kW = 53;
constexpr size_t kGuard = 64;
constexpr uint8_t kGuardByte = 0xAB;

std::string ReadFile(const std::string& name) {
  std::ifstream f("kernels/testdata/jpeg/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::vector<uint8_t> Golden(const std::string& name) {
  const testing::NpyArray a = testing::ReadNpy("kernels/testdata/jpeg/" + name);
  EXPECT_EQ(a.type, testing::NpyType::kUInt8);
  return std::vector<uint8_t>(a.data.begin(), a.data.end());
}

DecodeJpegParams Params(int channels, int ratio = 1) {
  DecodeJpegParams p;
  p.height = (kH + ratio - 1) / ratio;
  p.width = (kW + ratio - 1) / ratio;
  p.channels = channels;
  p.ratio = ratio;
  return p;
}

// The decode, or an empty vector with the message in *error. Checks the guard bytes.
std::vector<uint8_t> Decode(const DecodeJpegParams& p, const std::string& bytes,
                            std::string* error = nullptr) {
  const size_t n = static_cast<size_t>(p.height) * p.width * p.channels;
  std::vector<uint8_t> out(n + kGuard, kGuardByte);
  char message[reference::kJpegMessageSize];
  const bool ok = reference::DecodeJpeg(p, Bytes{bytes.data(), bytes.size()}, out.data(), message);
  for (size_t i = n; i < out.size(); ++i) {
    if (out[i] != kGuardByte) {
      ADD_FAILURE() << "wrote past the output at byte " << i - n;
      break;
    }
  }
  if (error) *error = ok ? "" : message;
  if (!ok) {
    EXPECT_NE(message[0], '\0');
    EXPECT_TRUE(std::all_of(out.begin(), out.begin() + n, [](uint8_t v) { return v == 0; }))
        << "a failed decode leaves zeros";
    return {};
  }
  EXPECT_EQ(message[0], '\0');
  out.resize(n);
  return out;
}

int MaxDiff(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  EXPECT_EQ(a.size(), b.size());
  int worst = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

TEST(DecodeJpegTest, MatchesTorchvisionInEveryConversion) {
  const std::string color = ReadFile("color.jpg"), gray = ReadFile("gray.jpg");
  EXPECT_EQ(Decode(Params(3), color), Golden("color_rgb.npy"));
  EXPECT_EQ(Decode(Params(1), color), Golden("color_gray.npy"));
  EXPECT_EQ(Decode(Params(1), gray), Golden("gray_gray.npy"));
  EXPECT_EQ(Decode(Params(3), gray), Golden("gray_rgb.npy"));
  // INTEGER_ACCURATE is libjpeg's default IDCT, which torchvision uses.
  DecodeJpegParams accurate = Params(3);
  accurate.dct_method = JpegDct::kIntegerAccurate;
  EXPECT_EQ(Decode(accurate, color), Golden("color_rgb.npy"));
}

TEST(DecodeJpegTest, ChannelsFromFileKeepTheFilesComponents) {
  DecodeJpegParams p = Params(3);
  p.channels_from_file = true;
  EXPECT_EQ(Decode(p, ReadFile("color.jpg")), Golden("color_rgb.npy"));
  std::string error;
  EXPECT_TRUE(Decode(p, ReadFile("gray.jpg"), &error).empty());
  EXPECT_NE(error.find("the JPEG has 1 color component;"), std::string::npos) << error;

  p = Params(1);
  p.channels_from_file = true;
  EXPECT_EQ(Decode(p, ReadFile("gray.jpg")), Golden("gray_gray.npy"));
  EXPECT_TRUE(Decode(p, ReadFile("color.jpg"), &error).empty());
  EXPECT_NE(error.find("the JPEG has 3 color components;"), std::string::npos) << error;
}

TEST(DecodeJpegTest, FastIdctAndPlainUpsamplingStayClose) {
  const std::string color = ReadFile("color.jpg");
  const std::vector<uint8_t> golden = Golden("color_rgb.npy");
  DecodeJpegParams fast = Params(3);
  fast.dct_method = JpegDct::kIntegerFast;
  EXPECT_LE(MaxDiff(Decode(fast, color), golden), 4);

  DecodeJpegParams plain = Params(3);
  plain.fancy_upscaling = false;
  const std::vector<uint8_t> got = Decode(plain, color);
  EXPECT_NE(got, golden) << "fancy_upscaling = false must change 4:2:0 chroma";
  EXPECT_LE(MaxDiff(got, golden), 24);
}

// libjpeg's reduced IDCTs keep a block's low frequencies, so on a smooth image a pixel
// at ratio r is close to the mean of its r x r box in the full decode.
TEST(DecodeJpegTest, RatiosScaleLikeBoxAverages) {
  for (const char* file : {"gray.jpg", "color.jpg"}) {
    const int channels = file[0] == 'g' ? 1 : 3;
    const std::string bytes = ReadFile(file);
    const std::vector<uint8_t> full = Decode(Params(channels), bytes);
    for (int ratio : {2, 4, 8}) {
      SCOPED_TRACE(std::string(file) + " ratio " + std::to_string(ratio));
      const DecodeJpegParams p = Params(channels, ratio);
      reference::JpegHeader header;
      char message[reference::kJpegMessageSize];
      ASSERT_TRUE(reference::ReadJpegHeader(Bytes{bytes.data(), bytes.size()}, ratio, &header, message));
      EXPECT_EQ(header.height, p.height);
      EXPECT_EQ(header.width, p.width);
      EXPECT_EQ(header.components, channels);
      const std::vector<uint8_t> got = Decode(p, bytes);
      ASSERT_EQ(got.size(), static_cast<size_t>(p.height * p.width * channels));
      double total = 0;
      int worst = 0;
      for (int y = 0; y < p.height; ++y) {
        for (int x = 0; x < p.width; ++x) {
          for (int c = 0; c < channels; ++c) {
            double sum = 0;
            int count = 0;
            for (int yy = y * ratio; yy < std::min(kH, (y + 1) * ratio); ++yy) {
              for (int xx = x * ratio; xx < std::min(kW, (x + 1) * ratio); ++xx) {
                sum += full[(static_cast<size_t>(yy) * kW + xx) * channels + c];
                ++count;
              }
            }
            const double d =
                std::fabs(got[(static_cast<size_t>(y) * p.width + x) * channels + c] - sum / count);
            total += d;
            worst = std::max(worst, static_cast<int>(std::lround(d)));
          }
        }
      }
      EXPECT_LT(total / static_cast<double>(got.size()), 3.0);
      EXPECT_LE(worst, 16);
    }
  }
}

TEST(DecodeJpegTest, RefusesAnotherSize) {
  std::string error;
  DecodeJpegParams p = Params(3);
  p.height = 36;
  EXPECT_TRUE(Decode(p, ReadFile("color.jpg"), &error).empty());
  EXPECT_EQ(error, "the JPEG decodes to height 37, width 53 at ratio 1; the model was compiled "
                   "for height 36, width 53");
  p = Params(3, 2);
  p.width = 53;  // the size at ratio 1
  EXPECT_TRUE(Decode(p, ReadFile("color.jpg"), &error).empty());
  EXPECT_NE(error.find("height 19, width 27 at ratio 2"), std::string::npos) << error;
}

TEST(DecodeJpegTest, RefusesEmptyAndForeignBytes) {
  std::string error;
  EXPECT_TRUE(Decode(Params(3), "", &error).empty());
  EXPECT_EQ(error, "no JPEG bytes (the input is empty)");
  EXPECT_TRUE(Decode(Params(3), "\x89PNG\r\n\x1a\n not a jpeg at all", &error).empty());
  EXPECT_EQ(error.rfind("not a decodable JPEG: ", 0), 0u) << error;
  char message[reference::kJpegMessageSize];
  reference::JpegHeader header;
  EXPECT_FALSE(reference::ReadJpegHeader(Bytes{"xyz", 3}, 1, &header, message));
  EXPECT_NE(message[0], '\0');
}

// Every prefix lacks at least the end-of-image marker: all of them must be refused.
TEST(DecodeJpegTest, RefusesEveryTruncation) {
  for (const char* file : {"color.jpg", "gray.jpg"}) {
    const std::string bytes = ReadFile(file);
    const int channels = file[0] == 'g' ? 1 : 3;
    for (size_t n = 0; n < bytes.size(); ++n) {
      std::string error;
      EXPECT_TRUE(Decode(Params(channels), bytes.substr(0, n), &error).empty())
          << file << " cut to " << n << " of " << bytes.size() << " bytes decoded";
    }
  }
}

// Random damage: decoding may succeed (a flipped bit in a coefficient is still a JPEG)
// but must never crash, hang or write past the output, and a failure says why.
TEST(DecodeJpegTest, SurvivesCorruptBytes) {
  const std::string good = ReadFile("color.jpg");
  std::mt19937 rng(1234);
  int refused = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string bytes = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    std::string error;
    if (Decode(Params(3), bytes, &error).empty()) ++refused;
  }
  EXPECT_GT(refused, 100) << "most header damage must be refused";
}

TEST(DecodeJpegTest, KernelReportsThroughTheContextAndRecovers) {
  const std::string good = ReadFile("color.jpg");
  const std::string bad = good.substr(0, good.size() / 2);
  Context context(1);
  Bytes input{good.data(), good.size()};
  std::vector<uint8_t> out(static_cast<size_t>(kH) * kW * 3);
  DecodeJpeg kernel(context, Params(3), Backend::kReference, &input, out.data());

  context.BeginRun();
  kernel.Run();
  EXPECT_TRUE(context.run_status().ok());
  EXPECT_EQ(out, Golden("color_rgb.npy"));

  input = {bad.data(), bad.size()};
  context.BeginRun();
  kernel.Run();
  EXPECT_FALSE(context.run_status().ok());
  EXPECT_EQ(std::string(context.run_status().message()),
            "not a decodable JPEG: Premature end of JPEG file");

  input = {good.data(), good.size()};
  context.BeginRun();
  kernel.Run();
  EXPECT_TRUE(context.run_status().ok());
  EXPECT_STREQ(context.run_status().message(), "");
  EXPECT_EQ(out, Golden("color_rgb.npy"));
}

TEST(DecodeJpegTest, Supports) {
  EXPECT_TRUE(DecodeJpegSupports(Backend::kReference, Params(3)));
  EXPECT_FALSE(DecodeJpegSupports(Backend::kXnnpack, Params(3)));
  EXPECT_FALSE(DecodeJpegSupports(Backend::kOnednn, Params(3)));
  DecodeJpegParams p = Params(3);
  p.ratio = 3;
  EXPECT_FALSE(DecodeJpegSupports(Backend::kReference, p));
  p = Params(3);
  p.channels = 4;
  EXPECT_FALSE(DecodeJpegSupports(Backend::kReference, p));
  p.channels = 0;
  EXPECT_FALSE(DecodeJpegSupports(Backend::kReference, p));
  p = Params(3);
  p.height = 0;
  EXPECT_FALSE(DecodeJpegSupports(Backend::kReference, p));
  Context context(1);
  Bytes input;
  uint8_t out[1];
  p.ratio = 3;
  EXPECT_THROW(DecodeJpeg(context, p, Backend::kReference, &input, out), std::invalid_argument);
}

}  // namespace
}  // namespace neo::kernels

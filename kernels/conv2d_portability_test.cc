// A convolution compiled for oneDNN's Winograd algorithm on an AVX-512 machine must still
// run, and give the same results, on a CPU without AVX-512 (ml_c4, ml_m4). oneDNN reads
// DNNL_MAX_CPU_ISA once, before its first primitive, so this test has its own main.
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernels/conv2d.h"
#include "kernels/reference/conv2d.h"

namespace neo::kernels {
namespace {

TEST(Conv2DPortabilityTest, WinogradFallsBackToDirectWithoutAvx512) {
  Conv2DParams p;
  p.batch = 1;
  p.input_height = p.input_width = p.output_height = p.output_width = 10;
  p.input_channels = p.output_channels = 16;
  p.kernel_height = p.kernel_width = 3;
  p.stride_height = p.stride_width = p.dilation_height = p.dilation_width = 1;
  p.pad_top = p.pad_left = p.pad_bottom = p.pad_right = 1;
  p.groups = 1;
  // The capability is the parameters' (the same on every machine); the CPU only decides
  // which algorithm runs.
  EXPECT_TRUE(Conv2DSupports(Backend::kOnednnWinograd, p));

  std::mt19937 rng(3);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<float> w(16 * 16 * 9), b(16), x(100 * 16), got(100 * 16), want(100 * 16);
  for (auto* v : {&w, &b, &x}) {
    for (float& f : *v) f = dist(rng);
  }
  Context context(1);
  Conv2D conv(context, p, Backend::kOnednnWinograd, w.data(), b.data(), x.data(), got.data());
  EXPECT_EQ(std::string(conv.implementation()).find("wino"), std::string::npos)
      << conv.implementation();
  conv.Run();
  reference::Conv2D(p, w.data(), b.data(), x.data(), want.data());
  for (size_t i = 0; i < want.size(); ++i) ASSERT_NEAR(got[i], want[i], 1e-4) << i;
}

}  // namespace
}  // namespace neo::kernels

int main(int argc, char** argv) {
  setenv("DNNL_MAX_CPU_ISA", "AVX2", 1);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

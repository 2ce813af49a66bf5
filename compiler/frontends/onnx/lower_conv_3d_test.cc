// 3-D Conv and ConvTranspose, lowered to 2-D ones, against direct loops over their
// definitions: strides, dilations, pads (asymmetric), groups, bias, auto_pad, and
// output_padding; ONNX's suite has one 3-D transposed case and PyTorch's converted
// Conv3d cases, which the end-to-end suite runs.
#include <vector>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

struct Conv {
  int64_t n = 1, c = 2, o = 4, group = 1;
  std::vector<int64_t> in = {5, 6, 7}, k = {3, 2, 3}, s = {1, 1, 1}, d = {1, 1, 1};
  std::vector<int64_t> pads = {0, 0, 0, 0, 0, 0}, out_pad = {0, 0, 0};
  bool bias = true;
};

// y[n, o, z, y, x] = b[o] + sum x[n, c, z*s - p + kz*d, ...] * w[o, c', kz, ky, kx].
std::vector<float> DirectConv(const Conv& p, const std::vector<float>& x, const std::vector<float>& w,
                              const std::vector<float>& b, std::vector<int64_t>* shape) {
  std::vector<int64_t> out(3);
  for (int i = 0; i < 3; ++i) out[i] = (p.in[i] + p.pads[i] + p.pads[i + 3] - (p.k[i] - 1) * p.d[i] - 1) / p.s[i] + 1;
  *shape = {p.n, p.o, out[0], out[1], out[2]};
  const int64_t cg = p.c / p.group, og = p.o / p.group;
  std::vector<float> y;
  for (int64_t n = 0; n < p.n; ++n)
    for (int64_t o = 0; o < p.o; ++o)
      for (int64_t z = 0; z < out[0]; ++z)
        for (int64_t r = 0; r < out[1]; ++r)
          for (int64_t q = 0; q < out[2]; ++q) {
            double sum = p.bias ? b[static_cast<size_t>(o)] : 0.0;
            for (int64_t c = 0; c < cg; ++c)
              for (int64_t a = 0; a < p.k[0]; ++a)
                for (int64_t e = 0; e < p.k[1]; ++e)
                  for (int64_t f = 0; f < p.k[2]; ++f) {
                    const int64_t iz = z * p.s[0] - p.pads[0] + a * p.d[0];
                    const int64_t iy = r * p.s[1] - p.pads[1] + e * p.d[1];
                    const int64_t ix = q * p.s[2] - p.pads[2] + f * p.d[2];
                    if (iz < 0 || iz >= p.in[0] || iy < 0 || iy >= p.in[1] || ix < 0 || ix >= p.in[2]) continue;
                    const int64_t ic = (o / og) * cg + c;
                    sum += x[static_cast<size_t>((((n * p.c + ic) * p.in[0] + iz) * p.in[1] + iy) * p.in[2] + ix)] *
                           w[static_cast<size_t>((((o * cg + c) * p.k[0] + a) * p.k[1] + e) * p.k[2] + f)];
                  }
            y.push_back(static_cast<float>(sum));
          }
  return y;
}

// Every input element scatters x * w into y[z*s - p + kz*d, ...].
std::vector<float> DirectTransposed(const Conv& p, const std::vector<float>& x, const std::vector<float>& w,
                                    const std::vector<float>& b, std::vector<int64_t>* shape) {
  std::vector<int64_t> out(3);
  for (int i = 0; i < 3; ++i) out[i] = (p.in[i] - 1) * p.s[i] + (p.k[i] - 1) * p.d[i] + 1 + p.out_pad[i] - p.pads[i] - p.pads[i + 3];
  *shape = {p.n, p.o, out[0], out[1], out[2]};
  const int64_t cg = p.c / p.group, og = p.o / p.group;
  std::vector<double> y(static_cast<size_t>(p.n * p.o * out[0] * out[1] * out[2]), 0.0);
  for (int64_t n = 0; n < p.n; ++n)
    for (int64_t c = 0; c < p.c; ++c)
      for (int64_t z = 0; z < p.in[0]; ++z)
        for (int64_t r = 0; r < p.in[1]; ++r)
          for (int64_t q = 0; q < p.in[2]; ++q)
            for (int64_t oo = 0; oo < og; ++oo)
              for (int64_t a = 0; a < p.k[0]; ++a)
                for (int64_t e = 0; e < p.k[1]; ++e)
                  for (int64_t f = 0; f < p.k[2]; ++f) {
                    const int64_t oz = z * p.s[0] - p.pads[0] + a * p.d[0];
                    const int64_t oy = r * p.s[1] - p.pads[1] + e * p.d[1];
                    const int64_t ox = q * p.s[2] - p.pads[2] + f * p.d[2];
                    if (oz < 0 || oz >= out[0] || oy < 0 || oy >= out[1] || ox < 0 || ox >= out[2]) continue;
                    const int64_t o = (c / cg) * og + oo;
                    y[static_cast<size_t>((((n * p.o + o) * out[0] + oz) * out[1] + oy) * out[2] + ox)] +=
                        x[static_cast<size_t>((((n * p.c + c) * p.in[0] + z) * p.in[1] + r) * p.in[2] + q)] *
                        w[static_cast<size_t>((((c * og + oo) * p.k[0] + a) * p.k[1] + e) * p.k[2] + f)];
                  }
  std::vector<float> result;
  for (size_t i = 0; i < y.size(); ++i) {
    const int64_t o = static_cast<int64_t>(i) / (out[0] * out[1] * out[2]) % p.o;
    result.push_back(static_cast<float>(y[i] + (p.bias ? b[static_cast<size_t>(o)] : 0.0)));
  }
  return result;
}

void Check(const Conv& p, bool transposed) {
  MB b(13);
  b.Input("x", {p.n, p.c, p.in[0], p.in[1], p.in[2]});
  const std::vector<int64_t> wshape = transposed ? std::vector<int64_t>{p.c, p.o / p.group, p.k[0], p.k[1], p.k[2]}
                                                 : std::vector<int64_t>{p.o, p.c / p.group, p.k[0], p.k[1], p.k[2]};
  int64_t wn = 1;
  for (int64_t e : wshape) wn *= e;
  const std::vector<float> w = RandomFloats(wn, 2), bias = RandomFloats(p.o, 3);
  b.WeightValues("w", wshape, w);
  std::vector<std::string> inputs = {"x", "w"};
  if (p.bias) {
    b.WeightValues("b", {p.o}, bias);
    inputs.push_back("b");
  }
  auto* node = b.Node(transposed ? "ConvTranspose" : "Conv", inputs, {"y"});
  MB::Ints(node, "strides", p.s);
  MB::Ints(node, "dilations", p.d);
  MB::Ints(node, "pads", p.pads);
  MB::Int(node, "group", p.group);
  if (transposed) MB::Ints(node, "output_padding", p.out_pad);
  b.Output("y");
  const std::vector<float> x = RandomFloats(p.n * p.c * p.in[0] * p.in[1] * p.in[2], 1);
  std::vector<int64_t> shape;
  const std::vector<float> want = transposed ? DirectTransposed(p, x, w, bias, &shape) : DirectConv(p, x, w, bias, &shape);
  const auto y = Evaluate(b, {{{p.n, p.c, p.in[0], p.in[1], p.in[2]}, x}});
  ASSERT_EQ(y[0].shape, shape);
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(y[0].data[i], want[i], 1e-4) << "@" << i;
}

TEST(LowerConv3DTest, MatchesDirectConvolution) {
  Conv p;
  Check(p, false);
  p.s = {2, 1, 2};
  p.pads = {1, 0, 2, 0, 1, 1};
  Check(p, false);
  p.d = {2, 1, 1};
  p.bias = false;
  Check(p, false);
  Conv g;
  g.c = 4;
  g.group = 2;
  g.s = {1, 2, 1};
  g.pads = {1, 1, 1, 1, 1, 1};
  Check(g, false);
}

TEST(LowerConv3DTest, TransposedMatchesScatter) {
  Conv p;
  p.in = {3, 4, 5};
  Check(p, true);
  p.s = {2, 1, 2};
  p.out_pad = {1, 0, 1};
  Check(p, true);
  p.pads = {1, 0, 1, 0, 1, 2};
  p.d = {2, 1, 1};
  Check(p, true);
  Conv g = p;
  g.c = 4;
  g.group = 2;
  g.bias = false;
  Check(g, true);
}

}  // namespace
}  // namespace neo::onnx_frontend

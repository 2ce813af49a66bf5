// RNN, GRU and LSTM against a direct per-sequence implementation of ONNX's equations,
// on the attributes ONNX's node tests leave out: both directions, sequence_lens shorter
// than the input, initial states, peepholes, clip, input_forget, linear_before_reset 0,
// batch-major layout and parameterised activations.
#include <cmath>
#include <string>
#include <vector>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

struct Act {
  std::string name;
  float alpha = 0.0f, beta = 0.0f;
};

float Apply(const Act& a, float x) {
  if (a.name == "Sigmoid") return 1.0f / (1.0f + std::exp(-x));
  if (a.name == "Tanh") return std::tanh(x);
  if (a.name == "Relu") return x > 0 ? x : 0;
  if (a.name == "LeakyRelu") return x < 0 ? a.alpha * x : x;
  if (a.name == "HardSigmoid") return std::fmax(0.0f, std::fmin(1.0f, a.alpha * x + a.beta));
  if (a.name == "ScaledTanh") return a.alpha * std::tanh(a.beta * x);
  if (a.name == "Affine") return a.alpha * x + a.beta;
  if (a.name == "Softsign") return x / (1 + std::fabs(x));
  ADD_FAILURE() << "no reference for " << a.name;
  return 0;
}

enum Kind { kRnn, kGru, kLstm };

struct Case {
  Kind kind;
  int64_t seq = 3, batch = 2, input = 3, hidden = 4;
  std::string direction = "forward";
  int64_t layout = 0;
  bool bias = true, seq_lens = false, initial = false, peepholes = false;
  std::vector<int32_t> lens;
  float clip = 0.0f;
  int64_t linear_before_reset = 0, input_forget = 0;
  // As the node states them (empty: the defaults), and as the reference applies them
  // for each direction.
  std::vector<std::string> act_names;
  std::vector<float> alphas, betas;
  std::vector<std::vector<Act>> acts;
};

int Gates(Kind k) { return k == kRnn ? 1 : k == kGru ? 3 : 4; }
int64_t Dirs(const Case& c) { return c.direction == "bidirectional" ? 2 : 1; }

std::vector<float> Pseudo(size_t n, unsigned seed, float scale) {
  std::vector<float> v(n);
  unsigned s = seed;
  for (float& x : v) {
    s = s * 1103515245u + 12345u;
    x = scale * (static_cast<float>((s >> 8) % 2001) / 1000.0f - 1.0f);
  }
  return v;
}

struct Data {
  std::vector<float> x, w, r, b, h0, c0, p;  // x, h0, c0 time/direction-major
};

struct Result {
  std::vector<float> y, yh, yc;  // [seq, dirs, batch, hidden] and [dirs, batch, hidden]
};

// ONNX's equations one sequence (batch row) at a time.
Result Reference(const Case& c, const Data& d) {
  const int64_t S = c.seq, B = c.batch, I = c.input, H = c.hidden, D = Dirs(c);
  const int G = Gates(c.kind);
  Result out;
  out.y.assign(S * D * B * H, 0.0f);
  out.yh.assign(D * B * H, 0.0f);
  out.yc.assign(D * B * H, 0.0f);
  auto clip = [&](float v) { return c.clip > 0 ? std::fmax(-c.clip, std::fmin(c.clip, v)) : v; };
  for (int64_t dir = 0; dir < D; ++dir) {
    const auto& act = c.acts[dir];
    const bool rev = dir == 1 || c.direction == "reverse";
    for (int64_t bi = 0; bi < B; ++bi) {
      const int64_t len = c.seq_lens ? c.lens[bi] : S;
      std::vector<float> h(H, 0.0f), cell(H, 0.0f);
      if (c.initial) {
        for (int64_t j = 0; j < H; ++j) {
          h[j] = d.h0[(dir * B + bi) * H + j];
          cell[j] = d.c0[(dir * B + bi) * H + j];
        }
      }
      for (int64_t k = 0; k < len; ++k) {
        const int64_t t = rev ? len - 1 - k : k;
        // gate g's row j: W x + Wb and R h + Rb, kept apart for GRU.
        auto wx = [&](int g, int64_t j) {
          const int64_t row = g * H + j;
          float s = d.b[dir * 2 * G * H + row];
          for (int64_t q = 0; q < I; ++q) s += d.w[(dir * G * H + row) * I + q] * d.x[(t * B + bi) * I + q];
          return s;
        };
        auto rh = [&](int g, int64_t j, const std::vector<float>& hv) {
          const int64_t row = g * H + j;
          float s = d.b[dir * 2 * G * H + G * H + row];
          for (int64_t q = 0; q < H; ++q) s += d.r[(dir * G * H + row) * H + q] * hv[q];
          return s;
        };
        std::vector<float> nh(H), nc(H);
        if (c.kind == kRnn) {
          for (int64_t j = 0; j < H; ++j) nh[j] = Apply(act[0], clip(wx(0, j) + rh(0, j, h)));
        } else if (c.kind == kGru) {
          std::vector<float> z(H), r(H), rh_prod(H);
          for (int64_t j = 0; j < H; ++j) {
            z[j] = Apply(act[0], clip(wx(0, j) + rh(0, j, h)));
            r[j] = Apply(act[0], clip(wx(1, j) + rh(1, j, h)));
            rh_prod[j] = r[j] * h[j];
          }
          for (int64_t j = 0; j < H; ++j) {
            const float pre = c.linear_before_reset ? wx(2, j) + r[j] * rh(2, j, h)
                                                    : wx(2, j) + rh(2, j, rh_prod);
            const float cand = Apply(act[1], clip(pre));
            nh[j] = (1 - z[j]) * cand + z[j] * h[j];
          }
        } else {
          auto p = [&](int k2, int64_t j) { return c.peepholes ? d.p[(dir * 3 + k2) * H + j] : 0.0f; };
          for (int64_t j = 0; j < H; ++j) {
            const float i = Apply(act[0], clip(wx(0, j) + rh(0, j, h) + p(0, j) * cell[j]));
            const float f = c.input_forget ? 1 - i
                                           : Apply(act[0], clip(wx(2, j) + rh(2, j, h) + p(2, j) * cell[j]));
            const float cand = Apply(act[1], clip(wx(3, j) + rh(3, j, h)));
            nc[j] = f * cell[j] + i * cand;
            const float o = Apply(act[0], clip(wx(1, j) + rh(1, j, h) + p(1, j) * nc[j]));
            nh[j] = o * Apply(act[2], nc[j]);
          }
          cell = nc;
        }
        h = nh;
        for (int64_t j = 0; j < H; ++j) out.y[((t * D + dir) * B + bi) * H + j] = h[j];
      }
      for (int64_t j = 0; j < H; ++j) {
        out.yh[(dir * B + bi) * H + j] = h[j];
        out.yc[(dir * B + bi) * H + j] = cell[j];
      }
    }
  }
  return out;
}

// [a, b, c] -> [b, a, c] on a flat vector.
std::vector<float> Swap01(const std::vector<float>& v, int64_t a, int64_t b, int64_t c) {
  std::vector<float> o(v.size());
  for (int64_t i = 0; i < a; ++i)
    for (int64_t j = 0; j < b; ++j)
      for (int64_t k = 0; k < c; ++k) o[(j * a + i) * c + k] = v[(i * b + j) * c + k];
  return o;
}

void Expect(const std::vector<float>& got, const std::vector<float>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], 1e-5 + 1e-4 * std::fabs(want[i])) << what << "[" << i << "]";
  }
}

void Check(const Case& c) {
  const int64_t S = c.seq, B = c.batch, I = c.input, H = c.hidden, D = Dirs(c);
  const int G = Gates(c.kind);
  Data d;
  d.x = Pseudo(S * B * I, 1, 1.0f);
  d.w = Pseudo(D * G * H * I, 2, 0.6f);
  d.r = Pseudo(D * G * H * H, 3, 0.6f);
  d.b = c.bias ? Pseudo(D * 2 * G * H, 4, 0.3f) : std::vector<float>(D * 2 * G * H, 0.0f);
  d.h0 = Pseudo(D * B * H, 5, 0.5f);
  d.c0 = Pseudo(D * B * H, 6, 0.5f);
  d.p = Pseudo(D * 3 * H, 7, 0.5f);
  const Result want = Reference(c, d);

  const bool lstm = c.kind == kLstm;
  ModelBuilder m(14);
  std::vector<ir::testing::Tensor> feeds;
  const bool bm = c.layout == 1;
  m.Input("X", bm ? std::vector<int64_t>{B, S, I} : std::vector<int64_t>{S, B, I});
  feeds.push_back({bm ? ir::Shape{B, S, I} : ir::Shape{S, B, I}, bm ? Swap01(d.x, S, B, I) : d.x});
  m.WeightValues("W", {D, G * H, I}, d.w);
  m.WeightValues("R", {D, G * H, H}, d.r);
  if (c.bias) m.WeightValues("B", {D, 2 * G * H}, d.b);
  if (c.seq_lens) {
    m.TypedInput("lens", onnx::TensorProto::INT32, {B});
    feeds.push_back({{B}, std::vector<float>(c.lens.begin(), c.lens.end())});
  }
  auto state = [&](const char* name, const std::vector<float>& v) {
    m.Input(name, bm ? std::vector<int64_t>{B, D, H} : std::vector<int64_t>{D, B, H});
    feeds.push_back({bm ? ir::Shape{B, D, H} : ir::Shape{D, B, H}, bm ? Swap01(v, D, B, H) : v});
  };
  if (c.initial) {
    state("h0", d.h0);
    if (lstm) state("c0", d.c0);
  }
  if (c.peepholes) m.WeightValues("P", {D, 3 * H}, d.p);
  std::vector<std::string> in = {"X", "W", "R", c.bias ? "B" : "", c.seq_lens ? "lens" : "",
                                 c.initial ? "h0" : ""};
  if (lstm) {
    in.push_back(c.initial ? "c0" : "");
    in.push_back(c.peepholes ? "P" : "");
  }
  std::vector<std::string> outs = {"Y", "Y_h"};
  if (lstm) outs.push_back("Y_c");
  onnx::NodeProto* node =
      m.Node(c.kind == kRnn ? "RNN" : c.kind == kGru ? "GRU" : "LSTM", in, outs);
  for (const auto& o : outs) m.Output(o);
  ModelBuilder::Int(node, "hidden_size", H);
  ModelBuilder::String(node, "direction", c.direction);
  if (c.layout) ModelBuilder::Int(node, "layout", c.layout);
  if (c.clip > 0) ModelBuilder::Float(node, "clip", c.clip);
  if (c.linear_before_reset) ModelBuilder::Int(node, "linear_before_reset", 1);
  if (c.input_forget) ModelBuilder::Int(node, "input_forget", 1);
  if (!c.act_names.empty()) {
    auto* a = node->add_attribute();
    a->set_name("activations");
    a->set_type(onnx::AttributeProto::STRINGS);
    for (const auto& s : c.act_names) a->add_strings(s);
  }
  if (!c.alphas.empty()) ModelBuilder::Floats(node, "activation_alpha", c.alphas);
  if (!c.betas.empty()) ModelBuilder::Floats(node, "activation_beta", c.betas);

  const auto got = Evaluate(m, feeds);
  ASSERT_EQ(got.size(), outs.size());
  if (bm) {
    // Y [batch, seq, dirs, hidden]; states [batch, dirs, hidden].
    Expect(got[0].data, Swap01(want.y, S * D, B, H), "Y");
    Expect(got[1].data, Swap01(want.yh, D, B, H), "Y_h");
    if (lstm) Expect(got[2].data, Swap01(want.yc, D, B, H), "Y_c");
  } else {
    Expect(got[0].data, want.y, "Y");
    Expect(got[1].data, want.yh, "Y_h");
    if (lstm) Expect(got[2].data, want.yc, "Y_c");
  }
}

const std::vector<Act> kRnnDefault = {{"Tanh"}};
const std::vector<Act> kGruDefault = {{"Sigmoid"}, {"Tanh"}};
const std::vector<Act> kLstmDefault = {{"Sigmoid"}, {"Tanh"}, {"Tanh"}};

TEST(LowerRnnTest, BidirectionalLstmWithLengthsStatesAndPeepholes) {
  Case c{kLstm};
  c.direction = "bidirectional";
  c.seq = 4;
  c.batch = 3;
  c.seq_lens = c.initial = c.peepholes = true;
  c.lens = {4, 2, 1};
  c.acts = {kLstmDefault, kLstmDefault};
  Check(c);
}

TEST(LowerRnnTest, ReverseGruResetBeforeAndAfterLinear) {
  for (int64_t lbr : {0, 1}) {
    Case c{kGru};
    c.direction = "reverse";
    c.linear_before_reset = lbr;
    c.seq_lens = c.initial = true;
    c.lens = {1, 3};
    c.clip = 0.7f;
    c.acts = {kGruDefault};
    Check(c);
  }
}

TEST(LowerRnnTest, BatchMajorBidirectionalGru) {
  Case c{kGru};
  c.direction = "bidirectional";
  c.layout = 1;
  c.initial = true;
  c.linear_before_reset = 1;
  c.acts = {kGruDefault, kGruDefault};
  Check(c);
}

TEST(LowerRnnTest, RnnActivationsConsumeAlphaInOrder) {
  Case c{kRnn};
  c.direction = "bidirectional";
  c.layout = 1;
  c.seq_lens = true;
  c.lens = {2, 3};
  c.act_names = {"LeakyRelu", "ScaledTanh"};
  c.alphas = {0.2f, 1.5f};
  c.betas = {0.8f};
  c.acts = {{{"LeakyRelu", 0.2f}}, {{"ScaledTanh", 1.5f, 0.8f}}};
  Check(c);
}

TEST(LowerRnnTest, LstmInputForgetWithOtherActivations) {
  Case c{kLstm};
  c.bias = false;
  c.input_forget = 1;
  c.act_names = {"HardSigmoid", "Softsign", "Affine"};
  c.alphas = {0.3f, 0.5f};
  c.betas = {0.4f};
  // HardSigmoid takes alpha 0.3 and beta 0.4; Affine alpha 0.5 and its default beta 0.
  c.acts = {{{"HardSigmoid", 0.3f, 0.4f}, {"Softsign"}, {"Affine", 0.5f, 0.0f}}};
  Check(c);
}

TEST(LowerRnnTest, RnnReluDefaultsAndSingleStep) {
  Case c{kRnn};
  c.seq = 1;
  c.batch = 1;
  c.act_names = {"Relu"};
  c.acts = {{{"Relu"}}};
  Check(c);
  Case d{kRnn};
  d.acts = {kRnnDefault};
  d.direction = "reverse";
  Check(d);
}

TEST(LowerRnnTest, UnknownActivationIsNotSupported) {
  ModelBuilder m(14);
  m.Input("X", {2, 1, 3});
  m.WeightValues("W", {1, 4, 3}, std::vector<float>(12, 0.1f));
  m.WeightValues("R", {1, 4, 4}, std::vector<float>(16, 0.1f));
  onnx::NodeProto* node = m.Node("RNN", {"X", "W", "R"}, {"Y"});
  m.Output("Y");
  ModelBuilder::Int(node, "hidden_size", 4);
  auto* a = node->add_attribute();
  a->set_name("activations");
  a->set_type(onnx::AttributeProto::STRINGS);
  a->add_strings("Gelu");
  const std::string e = LoweringError(m, {}, ErrorClass::kOperatorAttributeNotImplemented);
  EXPECT_NE(e.find("activation Gelu"), std::string::npos) << e;
}

}  // namespace
}  // namespace neo::onnx_frontend

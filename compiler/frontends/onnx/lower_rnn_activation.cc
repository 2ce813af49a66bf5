#include "compiler/frontends/onnx/lower_rnn_activation.h"

#include <cctype>

#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// Which of alpha and beta a function takes, and their defaults (ONNX's operator docs and
// ONNX Runtime agree on these).
struct Params {
  const char* name;
  int count;  // 0: none, 1: alpha, 2: alpha and beta
  float alpha, beta;
};

constexpr Params kFunctions[] = {
    {"relu", 0, 0, 0},          {"tanh", 0, 0, 0},
    {"sigmoid", 0, 0, 0},       {"softsign", 0, 0, 0},
    {"softplus", 0, 0, 0},      {"leakyrelu", 1, 0.01f, 0},
    {"thresholdedrelu", 1, 1.0f, 0}, {"elu", 1, 1.0f, 0},
    {"affine", 2, 1.0f, 0.0f},  {"scaledtanh", 2, 1.0f, 1.0f},
    {"hardsigmoid", 2, 0.2f, 0.5f},
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ir::ValueId Scalar(NodeLowering& n, const std::string& what, float v) {
  ir::Graph& g = n.graph();
  return g.AddFloatConstant(g.UniqueName(n.node().name() + "/" + what), {}, {v});
}

}  // namespace

std::vector<RnnActivation> ReadRnnActivations(NodeLowering& n,
                                              const std::vector<std::string>& defaults,
                                              int per_direction, int directions) {
  std::vector<std::string> names = defaults;
  if (n.has_attr("activations")) {
    const onnx::AttributeProto* a = nullptr;
    for (const auto& attr : n.node().attribute()) {
      if (attr.name() == "activations") a = &attr;
    }
    names.clear();
    for (const std::string& s : a->strings()) names.push_back(s);
  }
  if (static_cast<int>(names.size()) == per_direction && directions == 2) {
    const std::vector<std::string> forward = names;
    names.insert(names.end(), forward.begin(), forward.end());
  }
  if (static_cast<int>(names.size()) != per_direction * directions) {
    n.NotValid("activations", "must name " + std::to_string(per_direction) +
                                  " functions per direction");
  }
  // alpha and beta are consumed in order by the functions that take them.
  const std::vector<float> alphas = n.FloatsAttr("activation_alpha", {});
  const std::vector<float> betas = n.FloatsAttr("activation_beta", {});
  size_t next_alpha = 0, next_beta = 0;
  std::vector<RnnActivation> out;
  for (const std::string& name : names) {
    const std::string lower = Lower(name);
    const Params* p = nullptr;
    for (const Params& f : kFunctions) {
      if (lower == f.name) p = &f;
    }
    if (p == nullptr) n.NotSupported("activation " + name);
    RnnActivation act{lower, p->alpha, p->beta};
    if (p->count >= 1 && next_alpha < alphas.size()) act.alpha = alphas[next_alpha++];
    if (p->count >= 2 && next_beta < betas.size()) act.beta = betas[next_beta++];
    out.push_back(act);
  }
  return out;
}

ir::ValueId EmitRnnActivation(NodeLowering& n, const RnnActivation& f, ir::ValueId x) {
  auto emit = [&](const char* op, std::vector<ir::ValueId> in) {
    const ir::ValueId out = n.NewValue(f.name);
    n.Emit(op, std::move(in), {out});
    return out;
  };
  auto unary = [&](const char* op, int params) {
    const ir::ValueId out = n.NewValue(f.name);
    ir::Node& node = n.Emit(op, {x}, {out});
    if (params >= 1) node.attrs.set("alpha", static_cast<double>(f.alpha));
    if (params >= 2) node.attrs.set("beta", static_cast<double>(f.beta));
    return out;
  };
  const std::string& s = f.name;
  if (s == "relu") return unary(ir::op::kRelu, 0);
  if (s == "tanh") return unary(ir::op::kTanh, 0);
  if (s == "sigmoid") return unary(ir::op::kSigmoid, 0);
  if (s == "softsign") return unary(ir::op::kSoftsign, 0);
  if (s == "softplus") return unary(ir::op::kSoftplus, 0);
  if (s == "leakyrelu") return unary(ir::op::kLeakyRelu, 1);
  if (s == "thresholdedrelu") return unary(ir::op::kThresholdedRelu, 1);
  if (s == "elu") return unary(ir::op::kElu, 1);
  if (s == "hardsigmoid") return unary(ir::op::kHardSigmoid, 2);
  if (s == "affine") {
    const ir::ValueId scaled = emit(ir::op::kMul, {x, Scalar(n, "affine_alpha", f.alpha)});
    return emit(ir::op::kAdd, {scaled, Scalar(n, "affine_beta", f.beta)});
  }
  // scaledtanh: alpha * tanh(beta * x)
  const ir::ValueId inner = emit(ir::op::kMul, {x, Scalar(n, "scaled_tanh_beta", f.beta)});
  const ir::ValueId t = emit(ir::op::kTanh, {inner});
  return emit(ir::op::kMul, {t, Scalar(n, "scaled_tanh_alpha", f.alpha)});
}

}  // namespace neo::onnx_frontend

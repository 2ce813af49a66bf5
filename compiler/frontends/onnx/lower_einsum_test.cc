// ONNX Einsum's lowering (transposes, reshapes, diagonals, sums and BatchMatMul) against
// a direct evaluation of the equation: the sum, over every assignment of the labels, of
// the operands' products. ONNX's own Einsum node tests use double tensors, which Neo does
// not compile, so these are the numeric check.
#include <map>
#include <random>
#include <string>
#include <vector>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

struct Operand {
  std::string labels;  // one letter per dimension (no ellipsis: the test spells them out)
  std::vector<int64_t> shape;
  std::vector<float> data;
};

// out[o] = sum over all label values consistent with o of prod_k operand_k[...].
std::vector<float> Direct(const std::vector<Operand>& ops, const std::string& out_labels,
                          std::vector<int64_t>* out_shape) {
  std::map<char, int64_t> size;
  for (const Operand& op : ops)
    for (size_t d = 0; d < op.labels.size(); ++d) size[op.labels[d]] = std::max(size[op.labels[d]], op.shape[d]);
  std::string all;
  for (const auto& [c, n] : size) all += c;
  out_shape->clear();
  int64_t out_count = 1;
  for (char c : out_labels) {
    out_shape->push_back(size[c]);
    out_count *= size[c];
  }
  std::vector<float> out(static_cast<size_t>(out_count), 0.0f);
  std::map<char, int64_t> at;
  for (char c : all) at[c] = 0;
  while (true) {
    double product = 1;
    for (const Operand& op : ops) {
      int64_t offset = 0;
      for (size_t d = 0; d < op.labels.size(); ++d) {
        offset = offset * op.shape[d] + (op.shape[d] == 1 ? 0 : at[op.labels[d]]);
      }
      product *= op.data[static_cast<size_t>(offset)];
    }
    int64_t o = 0;
    for (char c : out_labels) o = o * size[c] + at[c];
    out[static_cast<size_t>(o)] += static_cast<float>(product);
    size_t k = all.size();
    while (k > 0 && ++at[all[k - 1]] == size[all[k - 1]]) at[all[--k]] = 0;
    if (k == 0) break;
  }
  return out;
}

std::vector<float> Random(const std::vector<int64_t>& shape, unsigned seed) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = u(rng);
  return v;
}

// `equation` as ONNX spells it; `labels`/`output` spell the same with ellipses expanded.
void Check(const std::string& equation, std::vector<Operand> ops, const std::string& output) {
  MB b(12);
  std::vector<std::string> names;
  std::vector<ir::testing::Tensor> inputs;
  for (size_t i = 0; i < ops.size(); ++i) {
    names.push_back("x" + std::to_string(i));
    b.Input(names.back(), ops[i].shape);
    ops[i].data = Random(ops[i].shape, static_cast<unsigned>(i + 1));
    inputs.push_back({ops[i].shape, ops[i].data});
  }
  MB::String(b.Node("Einsum", names, {"y"}), "equation", equation);
  b.Output("y");
  SCOPED_TRACE(equation);
  std::vector<ir::testing::Tensor> y;
  try {
    y = Evaluate(b, inputs);
  } catch (const std::exception& e) {
    FAIL() << equation << ": " << e.what();
  }
  std::vector<int64_t> shape;
  const std::vector<float> want = Direct(ops, output, &shape);
  ASSERT_EQ(y[0].shape, shape) << equation;
  ASSERT_EQ(y[0].data.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(y[0].data[k], want[k], 1e-4) << equation << " @" << k;
}

TEST(LowerEinsumTest, AttentionContractions) {
  // MaxViT's attention: scores q.k^T, then weights times v.
  Check("bhid,bhjd->bhij", {{"bhid", {2, 3, 4, 5}}, {"bhjd", {2, 3, 6, 5}}}, "bhij");
  Check("bhij,bhjd->bhid", {{"bhij", {2, 3, 4, 6}}, {"bhjd", {2, 3, 6, 5}}}, "bhid");
}

TEST(LowerEinsumTest, OneOperand) {
  Check("ij->ji", {{"ij", {3, 4}}}, "ji");
  Check("ij->i", {{"ij", {3, 4}}}, "i");
  Check("ij", {{"ij", {3, 4}}}, "ij");  // implicit output: the labels in order
  Check("ji", {{"ji", {3, 4}}}, "ij");  // implicit output sorts them: a transpose
  Check("...ii->...i", {{"bii", {2, 3, 3}}}, "bi");
  Check("ii", {{"ii", {4, 4}}}, "");  // the trace
}

TEST(LowerEinsumTest, TwoOperands) {
  Check("i,i", {{"i", {5}}, {"i", {5}}}, "");
  Check("ij,jk", {{"ij", {3, 4}}, {"jk", {4, 2}}}, "ik");
  Check("bij,bjk->bik", {{"bij", {2, 3, 4}}, {"bjk", {2, 4, 5}}}, "bik");
  Check("i,j->ij", {{"i", {3}}, {"j", {4}}}, "ij");  // outer product
  Check("ij,kj->ik", {{"ij", {3, 4}}, {"kj", {5, 4}}}, "ik");
  Check("bn,anm,bm->ba", {{"bn", {2, 3}}, {"anm", {4, 3, 5}}, {"bm", {2, 5}}}, "ba");  // bilinear
}

TEST(LowerEinsumTest, EllipsisBroadcasts) {
  // "..." is [2, 1] against [3]: the batch broadcasts to [2, 3].
  Check("...ij,...jk->...ik", {{"xyij", {2, 1, 3, 4}}, {"yjk", {3, 4, 2}}}, "xyik");
}

TEST(LowerEinsumTest, Errors) {
  MB b(12);
  b.Input("x", {3, 4});
  MB::String(b.Node("Einsum", {"x"}, {"y"}), "equation", "ijk->i");
  b.Output("y");
  EXPECT_THROW(Evaluate(b, {{{3, 4}, std::vector<float>(12)}}), NeoError);
}

}  // namespace
}  // namespace neo::onnx_frontend

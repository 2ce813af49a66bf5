// TfIdfVectorizer's decomposition against ONNX's reference algorithm (a trie of the pool
// walked from every position with every skip) on what ONNX's node tests leave out: IDF
// and TFIDF with and without weights, trigrams, a repeated pool n-gram, n-gram lengths
// outside [min, max] that still take numbers, output indexes shared or left unused, int64
// input; and the error for string pools.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/frontends/onnx/lowering_test_util.h"
#include "gtest/gtest.h"

namespace neo::onnx_frontend {
namespace {

using MB = ModelBuilder;

struct Attrs {
  std::string mode = "TF";
  int64_t min_len = 1, max_len = 1, max_skip = 0;
  std::vector<int64_t> counts, indexes, pool;
  std::vector<float> weights;
};

struct Trie {
  int64_t id = 0;
  std::map<int64_t, std::unique_ptr<Trie>> next;
};

// ONNX's reference TfIdfVectorizer, rows of `width` elements.
std::vector<float> Expected(const Attrs& a, const std::vector<int64_t>& x, int64_t rows,
                            int64_t width) {
  int64_t outputs = 0;
  for (int64_t i : a.indexes) outputs = std::max(outputs, i + 1);
  Trie root;
  int64_t id = 1;
  for (size_t g = 0; g < a.counts.size(); ++g) {
    const int64_t len = static_cast<int64_t>(g) + 1;
    const int64_t end =
        g + 1 < a.counts.size() ? a.counts[g + 1] : static_cast<int64_t>(a.pool.size());
    const int64_t k = (end - a.counts[g]) / len;
    for (int64_t j = 0; j < k; ++j, ++id) {
      if (len < a.min_len || len > a.max_len) continue;
      Trie* t = &root;
      for (int64_t e = 0; e < len; ++e) {
        auto& child = t->next[a.pool[a.counts[g] + j * len + e]];
        if (!child) child = std::make_unique<Trie>();
        t = child.get();
      }
      t->id = id;
    }
  }
  std::vector<int64_t> freq(static_cast<size_t>(rows * outputs), 0);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t start_len = a.min_len;
    for (int64_t d = 1; d <= a.max_skip + 1; ++d) {
      for (int64_t p = 0; p < width; ++p) {
        const Trie* t = &root;
        int64_t at = p;
        for (int64_t len = 1; len <= a.max_len && at < width; ++len, at += d) {
          auto hit = t->next.find(x[r * width + at]);
          if (hit == t->next.end()) break;
          t = hit->second.get();
          if (len >= start_len && t->id != 0) ++freq[r * outputs + a.indexes[t->id - 1]];
        }
      }
      if (start_len == 1) {
        if (++start_len > a.max_len) break;
      }
    }
  }
  std::vector<float> y;
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t i = 0; i < outputs; ++i) {
      const float f = static_cast<float>(freq[r * outputs + i]);
      const float w = a.weights.empty() ? 1.0f : a.weights[i];
      if (a.mode == "TF") y.push_back(f);
      else if (a.mode == "IDF") y.push_back(f > 0 ? w : 0.0f);
      else y.push_back(f * w);
    }
  }
  return y;
}

void ExpectMatchesReference(const Attrs& a, const std::vector<int64_t>& x, int64_t rows,
                            int64_t width, bool batched, int elem_type) {
  MB b(9);
  const ir::Shape xs = batched ? ir::Shape{rows, width} : ir::Shape{width};
  b.TypedInput("x", elem_type, xs);
  auto* n = b.Node("TfIdfVectorizer", {"x"}, {"y"});
  MB::String(n, "mode", a.mode);
  MB::Int(n, "min_gram_length", a.min_len);
  MB::Int(n, "max_gram_length", a.max_len);
  MB::Int(n, "max_skip_count", a.max_skip);
  MB::Ints(n, "ngram_counts", a.counts);
  MB::Ints(n, "ngram_indexes", a.indexes);
  MB::Ints(n, "pool_int64s", a.pool);
  if (!a.weights.empty()) MB::Floats(n, "weights", a.weights);
  b.Output("y");
  const auto y = Evaluate(b, {{xs, std::vector<float>(x.begin(), x.end())}});
  const std::vector<float> want = Expected(a, x, rows, width);
  const int64_t outputs = static_cast<int64_t>(want.size()) / rows;
  EXPECT_EQ(y[0].shape, (batched ? ir::Shape{rows, outputs} : ir::Shape{outputs}));
  EXPECT_EQ(y[0].data, want);
}

// Two rows with repeats, so skips find n-grams more than once.
const std::vector<int64_t> kRows = {1, 2, 3, 1, 2, 3, 2, 1, 3, 3,
                                    3, 1, 3, 2, 1, 1, 2, 1, 2, 3};

// Unigrams (1, 2 twice), bigrams and trigrams; the repeated unigram 2 counts under its
// second number, whose index 5 it shares with bigram (3, 1); index 4 is never written.
Attrs Mixed() {
  Attrs a;
  a.min_len = 1;
  a.max_len = 3;
  a.max_skip = 2;
  a.counts = {0, 3, 9};
  a.pool = {1, 2, 2, /*bigrams*/ 1, 2, 2, 3, 3, 1, /*trigrams*/ 1, 2, 3, 3, 3, 1};
  a.indexes = {0, 1, 5, 2, 3, 5, 6, 7};
  a.weights = {0.5f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f};
  return a;
}

TEST(LowerTfIdfVectorizerTest, ModesMatchReference) {
  for (const char* mode : {"TF", "IDF", "TFIDF"}) {
    Attrs a = Mixed();
    a.mode = mode;
    ExpectMatchesReference(a, kRows, 2, 10, true, onnx::TensorProto::INT32);
    a.weights.clear();
    ExpectMatchesReference(a, kRows, 2, 10, true, onnx::TensorProto::INT64);
  }
}

// min_gram_length 2: the unigrams still take numbers 1-3, so the bigrams' output
// indexes are the 4th to 6th of ngram_indexes.
TEST(LowerTfIdfVectorizerTest, LengthsOutsideTheRangeKeepTheirNumbers) {
  Attrs a = Mixed();
  a.min_len = 2;
  a.max_len = 2;
  a.max_skip = 3;
  ExpectMatchesReference(a, {kRows.begin(), kRows.begin() + 10}, 1, 10, false,
                         onnx::TensorProto::INT64);
}

// Skips so long that only some gram lengths fit in the row.
TEST(LowerTfIdfVectorizerTest, ShortRows) {
  Attrs a = Mixed();
  a.max_skip = 5;
  ExpectMatchesReference(a, {1, 2, 3, 1}, 1, 4, false, onnx::TensorProto::INT32);
}

TEST(LowerTfIdfVectorizerTest, StringPoolIsNotSupported) {
  MB b(9);
  b.TypedInput("x", onnx::TensorProto::INT64, {4});
  auto* n = b.Node("TfIdfVectorizer", {"x"}, {"y"});
  MB::String(n, "mode", "TF");
  MB::Int(n, "min_gram_length", 1);
  MB::Int(n, "max_gram_length", 1);
  MB::Int(n, "max_skip_count", 0);
  MB::Ints(n, "ngram_counts", {0});
  MB::Ints(n, "ngram_indexes", {0});
  auto* s = n->add_attribute();
  s->set_name("pool_strings");
  s->set_type(onnx::AttributeProto::STRINGS);
  s->add_strings("a");
  b.Output("y");
  EXPECT_NE(LoweringError(b, {}, ErrorClass::kOperatorAttributeNotImplemented).find("pool_strings"),
            std::string::npos);
}

}  // namespace
}  // namespace neo::onnx_frontend

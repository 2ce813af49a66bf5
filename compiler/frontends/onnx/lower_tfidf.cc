// TfIdfVectorizer as comparisons against the constant pool: for each n-gram length and
// skip, the windows of each row are n strided slices of X, a window matches a pool n-gram
// where all n slices equal its elements, and the matches summed over positions are that
// n-gram's count. A constant 0/1 matrix then adds each count into its output column
// (ngram_indexes), and the mode weighs the counts. Rules follow ONNX's reference: n-grams
// are numbered through the whole pool even for lengths outside [min_gram_length,
// max_gram_length], which are never counted; a repeated pool n-gram counts under its last
// number only; unigrams are counted once whatever max_skip_count is; IDF and TFIDF weigh
// output column i by weights[i].
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// The pool's n-grams of one length that can be counted, and the output column of each.
struct GramGroup {
  int64_t length = 0;
  std::vector<std::vector<int64_t>> grams;
  std::vector<int64_t> columns;
};

std::vector<GramGroup> CountedGrams(const NodeLowering& n, int64_t min_len, int64_t max_len,
                                    const std::vector<int64_t>& counts,
                                    const std::vector<int64_t>& indexes,
                                    const std::vector<int64_t>& pool) {
  const int64_t total = static_cast<int64_t>(pool.size());
  // Pool n-gram -> (length group, number); a later duplicate replaces the earlier one, as
  // the reference's trie keeps the last id written for a path.
  std::map<std::vector<int64_t>, int64_t> last_id;
  int64_t id = 0;
  for (size_t g = 0; g < counts.size(); ++g) {
    const int64_t length = static_cast<int64_t>(g) + 1;
    const int64_t start = counts[g];
    const int64_t end = g + 1 < counts.size() ? counts[g + 1] : total;
    if (start < 0 || end > total || end < start) {
      n.NotValid("ngram_counts", "must be non-decreasing offsets into the pool");
    }
    const int64_t k = (end - start) / length;
    for (int64_t j = 0; j < k; ++j, ++id) {
      if (length < min_len || length > max_len) continue;
      const auto first = pool.begin() + start + j * length;
      last_id[std::vector<int64_t>(first, first + length)] = id;
    }
  }
  std::map<int64_t, GramGroup> by_length;
  for (const auto& [gram, gram_id] : last_id) {
    if (gram_id >= static_cast<int64_t>(indexes.size())) {
      n.NotValid("ngram_indexes", "must hold an output index for every pool n-gram");
    }
    GramGroup& group = by_length[static_cast<int64_t>(gram.size())];
    group.length = static_cast<int64_t>(gram.size());
    group.grams.push_back(gram);
    group.columns.push_back(indexes[static_cast<size_t>(gram_id)]);
  }
  std::vector<GramGroup> groups;
  for (auto& [length, group] : by_length) groups.push_back(std::move(group));
  return groups;
}

// How often each of `group`'s n-grams occurs in the rows of x [rows, width] (int64),
// [rows, grams] float32; the elements of a window stand `distance` apart.
ir::ValueId CountWindows(NodeLowering& n, ir::ValueId x, int64_t rows, int64_t width,
                         const GramGroup& group, int64_t distance) {
  const int64_t len = group.length;
  const int64_t windows = width - (len - 1) * distance;
  const int64_t k = static_cast<int64_t>(group.grams.size());
  const std::string tag = "n" + std::to_string(len) + "_d" + std::to_string(distance);
  ir::Graph& g = n.graph();
  ir::ValueId all_equal = ir::kNoValue;
  for (int64_t i = 0; i < len; ++i) {
    const ir::ValueId slice = n.NewValue(tag + "_at" + std::to_string(i), ir::DType::kInt64);
    ir::Node& s = n.Emit(ir::op::kSlice, {x}, {slice});
    s.attrs.set("starts", std::vector<int64_t>{0, i * distance});
    s.attrs.set("ends", std::vector<int64_t>{rows, i * distance + windows});
    s.attrs.set("steps", std::vector<int64_t>{1, 1});
    std::vector<int64_t> column;
    for (const auto& gram : group.grams) column.push_back(gram[static_cast<size_t>(i)]);
    const ir::ValueId element = g.AddInt64Constant(
        g.UniqueName(n.node().output(0) + "/" + tag + "_pool" + std::to_string(i)), {k}, column);
    const ir::ValueId eq = EmitCompare(
        n, ir::op::kEqual, EmitReshape(n, slice, {rows, windows, 1}, tag + "_lifted"), element,
        tag + "_eq");
    if (all_equal == ir::kNoValue) {
      all_equal = eq;
    } else {
      all_equal = EmitCompare(n, ir::op::kLogicalAnd, all_equal, eq, tag + "_match");
    }
  }
  return EmitReduce(n, "sum", EmitCast(n, all_equal, ir::DType::kFloat32, tag + "_hits"), {1},
                    false, tag + "_count");
}

}  // namespace

void LowerTfIdfVectorizer(NodeLowering& n) {
  if (n.has_attr("pool_strings")) n.NotSupported("pool_strings (string tensors are not compiled)");
  const ir::DType dt = n.input_value(0).dtype;
  if (dt != ir::DType::kInt32 && dt != ir::DType::kInt64) {
    n.NotSupported(std::string("input of type ") + ir::DTypeName(dt));
  }
  const std::string mode = n.StringAttr("mode", "");
  if (mode != "TF" && mode != "IDF" && mode != "TFIDF") {
    n.NotValid("mode", "must be TF, IDF or TFIDF");
  }
  const int64_t min_len = n.IntAttr("min_gram_length");
  const int64_t max_len = n.IntAttr("max_gram_length");
  const int64_t max_skip = n.IntAttr("max_skip_count");
  if (min_len < 1) n.NotValid("min_gram_length", "must be positive");
  if (max_len < min_len) n.NotValid("max_gram_length", "must be at least min_gram_length");
  if (max_skip < 0) n.NotValid("max_skip_count", "must not be negative");
  const std::vector<int64_t> counts = n.IntsAttr("ngram_counts");
  const std::vector<int64_t> indexes = n.IntsAttr("ngram_indexes");
  const std::vector<int64_t> pool = n.IntsAttr("pool_int64s", {});
  const std::vector<float> weights = n.FloatsAttr("weights", {});
  if (indexes.empty()) n.NotValid("ngram_indexes", "must not be empty");
  if (*std::min_element(indexes.begin(), indexes.end()) < 0) {
    n.NotValid("ngram_indexes", "must not be negative");
  }
  const int64_t outputs = *std::max_element(indexes.begin(), indexes.end()) + 1;
  if (!weights.empty() && static_cast<int64_t>(weights.size()) < outputs) {
    n.NotValid("weights", "must hold a weight for every output index");
  }

  const ir::Shape shape = n.input_shape(0);
  if (shape.size() > 2) n.NotValid("X", "must have shape [C] or [N, C]");
  const int64_t rows = shape.size() == 2 ? shape[0] : 1;
  const int64_t width = shape.empty() ? 1 : shape.back();
  const ir::ValueId x =
      EmitReshape(n, EmitCast(n, n.input(0), ir::DType::kInt64, "x_int64"), {rows, width}, "rows");

  // Per counted n-gram (length groups in order): its count per row, and its output column.
  std::vector<ir::ValueId> group_counts;
  std::vector<int64_t> columns;
  for (const GramGroup& group : CountedGrams(n, min_len, max_len, counts, indexes, pool)) {
    const int64_t distances = group.length == 1 ? 1 : max_skip + 1;
    ir::ValueId total = ir::kNoValue;
    for (int64_t d = 1; d <= distances; ++d) {
      if (width - (group.length - 1) * d <= 0) break;
      const ir::ValueId c = CountWindows(n, x, rows, width, group, d);
      total = total == ir::kNoValue
                  ? c
                  : EmitBinary(n, ir::op::kAdd, total, c,
                               "n" + std::to_string(group.length) + "_total");
    }
    if (total == ir::kNoValue) continue;
    group_counts.push_back(total);
    columns.insert(columns.end(), group.columns.begin(), group.columns.end());
  }

  ir::Graph& g = n.graph();
  const std::string base = n.node().output(0) + "/";
  ir::ValueId tf;
  if (group_counts.empty()) {
    tf = g.AddFloatConstant(g.UniqueName(base + "no_matches"), {rows, outputs},
                            std::vector<float>(static_cast<size_t>(rows * outputs), 0.0f));
  } else {
    ir::ValueId found = group_counts[0];
    if (group_counts.size() > 1) {
      found = n.NewValue("counts");
      n.Emit(ir::op::kConcat, group_counts, {found}).attrs.set("axis", int64_t{1});
    }
    // Several pool n-grams may share an output index; their counts add up there.
    const int64_t k = static_cast<int64_t>(columns.size());
    std::vector<float> placement(static_cast<size_t>(k * outputs), 0.0f);
    for (int64_t i = 0; i < k; ++i) placement[static_cast<size_t>(i * outputs + columns[i])] = 1.0f;
    const ir::ValueId place =
        g.AddFloatConstant(g.UniqueName(base + "placement"), {k, outputs}, placement);
    tf = EmitReduce(
        n, "sum",
        EmitBinary(n, ir::op::kMul, EmitReshape(n, found, {rows, k, 1}, "counts_lifted"), place,
                   "placed"),
        {1}, false, "tf");
  }

  ir::ValueId y = tf;
  if (mode != "TF") {
    ir::ValueId w = ir::kNoValue;
    if (!weights.empty()) {
      w = g.AddFloatConstant(g.UniqueName(base + "weights"), {outputs},
                             std::vector<float>(weights.begin(), weights.begin() + outputs));
    }
    if (mode == "IDF") {
      const ir::ValueId seen =
          EmitCompare(n, ir::op::kGreater, tf, FloatScalar(n, 0.0f, "zero"), "seen");
      y = w == ir::kNoValue
              ? EmitCast(n, seen, ir::DType::kFloat32, "idf")
              : EmitWhere(n, seen, w, FloatScalar(n, 0.0f, "unseen"), "idf");
    } else if (w != ir::kNoValue) {
      y = EmitBinary(n, ir::op::kMul, tf, w, "tfidf");
    }
  }
  ir::Shape out_shape = {outputs};
  if (shape.size() == 2) out_shape = {rows, outputs};
  n.Emit(ir::op::kReshape, {y}, {n.output(0)}).attrs.set("shape", out_shape);
}

}  // namespace neo::onnx_frontend

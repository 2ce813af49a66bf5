// Reduce (sum/mean/max/min/prod over axes) and ArgReduce (index of the max/min).
#include <cmath>
#include <limits>
#include <stdexcept>

#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

namespace {

// The output shape with reduced axes kept as 1 (keepdims), and each input element's
// output index under it.
std::vector<int64_t> ReducedIndex(const ir::Shape& x, const std::vector<bool>& reduced,
                                  ir::Shape* kept) {
  kept->clear();
  for (size_t d = 0; d < x.size(); ++d) kept->push_back(reduced[d] ? 1 : x[d]);
  std::vector<int64_t> ks = StridesOf(*kept);
  std::vector<int64_t> map(static_cast<size_t>(ir::NumElements(x)));
  std::vector<int64_t> idx(x.size(), 0);
  for (size_t i = 0; i < map.size(); ++i) {
    int64_t o = 0;
    for (size_t d = 0; d < x.size(); ++d) o += (reduced[d] ? 0 : idx[d]) * ks[d];
    map[i] = o;
    for (size_t d = x.size(); d-- > 0;) {
      if (++idx[d] < x[d]) break;
      idx[d] = 0;
    }
  }
  return map;
}

}  // namespace

Tensor Reduce(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape) {
  const std::string kind = node.attrs.GetString("kind");
  std::vector<bool> reduced(x.shape.size(), false);
  for (int64_t a : node.attrs.GetInts("axes")) reduced.at(static_cast<size_t>(a)) = true;
  ir::Shape kept;
  std::vector<int64_t> map = ReducedIndex(x.shape, reduced, &kept);
  const size_t n = static_cast<size_t>(ir::NumElements(kept));
  double init = 0;
  if (kind == "prod") init = 1;
  if (kind == "max") init = -std::numeric_limits<double>::infinity();
  if (kind == "min") init = std::numeric_limits<double>::infinity();
  std::vector<double> acc(n, init);
  for (size_t i = 0; i < map.size(); ++i) {
    double& a = acc[static_cast<size_t>(map[i])];
    const double v = x.data[i];
    if (kind == "sum" || kind == "mean") a += v;
    else if (kind == "prod") a *= v;
    else if (kind == "max") a = std::max(a, v);
    else if (kind == "min") a = std::min(a, v);
    else throw std::logic_error("reference: Reduce kind " + kind);
  }
  if (kind == "mean" && n > 0) {
    const double count = static_cast<double>(map.size()) / static_cast<double>(n);
    for (double& a : acc) a /= count;
  }
  Tensor y{out_shape, std::vector<float>(n)};
  for (size_t i = 0; i < n; ++i) y.data[i] = static_cast<float>(acc[i]);
  return y;
}

Tensor ArgReduce(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape) {
  const bool is_max = node.attrs.GetString("kind") == "max";
  const bool last = node.attrs.GetInt("select_last_index", 0) != 0;
  const size_t axis = static_cast<size_t>(node.attrs.GetInt("axis"));
  int64_t outer = 1, inner = 1, len = x.shape[axis];
  for (size_t d = 0; d < axis; ++d) outer *= x.shape[d];
  for (size_t d = axis + 1; d < x.shape.size(); ++d) inner *= x.shape[d];
  Tensor y{out_shape, std::vector<float>(static_cast<size_t>(outer * inner))};
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      int64_t best = 0;
      float best_v = x.data[static_cast<size_t>(o * len * inner + i)];
      for (int64_t j = 1; j < len; ++j) {
        const float v = x.data[static_cast<size_t>((o * len + j) * inner + i)];
        const bool better = is_max ? (v > best_v || (last && v == best_v))
                                   : (v < best_v || (last && v == best_v));
        if (better) {
          best = j;
          best_v = v;
        }
      }
      y.data[static_cast<size_t>(o * inner + i)] = static_cast<float>(best);
    }
  }
  return y;
}

}  // namespace neo::passes::reference

// Operators that only change shapes: reshape with MXNet's special values, flatten,
// expand_dims, transpose, reshape_like, broadcast_to.
#include <algorithm>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/mxnet/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::mx_frontend {

namespace {

[[noreturn]] void BadShape(const NodeLowering& n, const std::string& attr, const std::string& why) {
  n.NotValid(attr, why);
}

// MXNet's reshape rule. Walking `spec` and the input's dims together:
//   d > 0  that size, consuming one input dim
//   0      copy the input dim
//   -1     inferred from the rest (at most once), consuming one input dim
//   -2     copy all remaining input dims
//   -3     the product of the next two input dims
//   -4     split one input dim into the next two spec values (one may be -1)
ir::Shape MxReshape(const NodeLowering& n, const ir::Shape& in, const std::vector<int64_t>& spec) {
  ir::Shape out;
  int64_t inferred = -1;
  size_t src = 0;
  auto take = [&](const char* what) {
    if (src >= in.size()) BadShape(n, "shape", std::string("uses ") + what + " past the input's rank");
    return in[src++];
  };
  for (size_t i = 0; i < spec.size(); ++i) {
    const int64_t d = spec[i];
    if (d > 0) {
      out.push_back(d);
      ++src;
    } else if (d == 0) {
      out.push_back(take("0"));
    } else if (d == -1) {
      if (inferred >= 0) BadShape(n, "shape", "has more than one -1");
      inferred = static_cast<int64_t>(out.size());
      out.push_back(1);
      ++src;
    } else if (d == -2) {
      while (src < in.size()) out.push_back(in[src++]);
    } else if (d == -3) {
      const int64_t a = take("-3");
      out.push_back(a * take("-3"));
    } else if (d == -4) {
      if (i + 2 >= spec.size()) BadShape(n, "shape", "needs two values after -4");
      const int64_t whole = take("-4");
      int64_t a = spec[i + 1], b = spec[i + 2];
      i += 2;
      if (a == -1 && b == -1) BadShape(n, "shape", "splits with two -1 after -4");
      if (a == -1 && b > 0 && whole % b == 0) a = whole / b;
      if (b == -1 && a > 0 && whole % a == 0) b = whole / a;
      if (a <= 0 || b <= 0 || a * b != whole) {
        BadShape(n, "shape", "splits " + std::to_string(whole) + " into parts that do not multiply to it");
      }
      out.push_back(a);
      out.push_back(b);
    } else {
      BadShape(n, "shape", "has the value " + std::to_string(d));
    }
  }
  const int64_t total = ir::NumElements(in);
  if (inferred >= 0) {
    int64_t known = 1;
    for (size_t i = 0; i < out.size(); ++i) {
      if (static_cast<int64_t>(i) != inferred) known *= out[i];
    }
    if (known == 0 || total % known != 0) BadShape(n, "shape", "does not fit the input's size");
    out[static_cast<size_t>(inferred)] = total / known;
  }
  if (ir::NumElements(out) != total) {
    BadShape(n, "shape", ir::ShapeToString(out) + " does not hold the input's " +
                             std::to_string(total) + " elements");
  }
  return out;
}

}  // namespace

void LowerReshape(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape in = n.input_shape(0);
  ir::Shape out;
  std::vector<int64_t> spec = n.attrs().Ints("shape", {});
  if (spec.empty() && n.attrs().has("target_shape")) {
    // Pre-1.0 reshape: target_shape with 0 inferred; keep_highest keeps dim 0.
    std::vector<int64_t> target = n.attrs().Ints("target_shape");
    if (n.attrs().Bool("keep_highest", false)) {
      if (in.empty()) BadShape(n, "keep_highest", "needs an input of rank 1 or more");
      target.insert(target.begin(), in[0]);
    }
    std::replace(target.begin(), target.end(), int64_t{0}, int64_t{-1});
    spec = target;
  }
  if (spec.empty()) n.attrs().Ints("shape");  // required: reports it missing
  if (n.attrs().Bool("reverse", false)) {
    // Special values are matched from the right: reverse both, apply, reverse back.
    ir::Shape rin(in.rbegin(), in.rend());
    std::vector<int64_t> rspec(spec.rbegin(), spec.rend());
    out = MxReshape(n, rin, rspec);
    std::reverse(out.begin(), out.end());
  } else {
    out = MxReshape(n, in, spec);
  }
  n.SetOutput(0, out == in ? n.input(0) : n.Reshape(n.input(0), out));
}

void LowerFlatten(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape in = n.input_shape(0);
  if (in.empty()) n.NotSupported("a scalar input");
  const ir::Shape out = {in[0], in[0] == 0 ? 0 : ir::NumElements(in) / in[0]};
  n.SetOutput(0, out == in ? n.input(0) : n.Reshape(n.input(0), out));
}

void LowerExpandDims(NodeLowering& n) {
  n.RequireInputs(1, 1);
  ir::Shape s = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(s.size());
  const int64_t axis = NormalizeAxis(n, "axis", n.attrs().Int("axis"), rank + 1);
  s.insert(s.begin() + axis, 1);
  n.SetOutput(0, n.Reshape(n.input(0), s));
}

void LowerTranspose(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const int64_t rank = n.input_rank(0);
  std::vector<int64_t> perm = n.attrs().Ints("axes", {});
  if (perm.empty()) {
    for (int64_t i = rank - 1; i >= 0; --i) perm.push_back(i);
  }
  if (static_cast<int64_t>(perm.size()) != rank) {
    n.NotValid("axes", "must have one entry per dimension");
  }
  std::vector<bool> seen(static_cast<size_t>(rank), false);
  for (int64_t& p : perm) {
    p = NormalizeAxis(n, "axes", p, rank);
    if (seen[static_cast<size_t>(p)]) n.NotValid("axes", "names a dimension twice");
    seen[static_cast<size_t>(p)] = true;
  }
  n.SetOutput(0, n.Transpose(n.input(0), perm));
}

void LowerReshapeLike(NodeLowering& n) {
  n.RequireInputs(2, 2);
  for (const char* a : {"lhs_begin", "lhs_end", "rhs_begin", "rhs_end"}) {
    if (n.attrs().has(a) && !n.attrs().is_none(a)) n.NotSupported(a);
  }
  const ir::Shape in = n.input_shape(0), like = n.input_shape(1);
  if (ir::NumElements(in) != ir::NumElements(like)) {
    throw MalformedInputError("reshape_like node '" + n.node().name + "': " +
                              ir::ShapeToString(in) + " cannot take the shape " +
                              ir::ShapeToString(like) + ".");
  }
  n.SetOutput(0, in == like ? n.input(0) : n.Reshape(n.input(0), like));
}

void LowerBroadcastTo(NodeLowering& n) {
  n.RequireInputs(1, 1);
  const ir::Shape in = n.input_shape(0);
  ir::Shape out = n.attrs().Ints("shape");
  if (out.size() != in.size()) n.NotValid("shape", "must have the input's rank");
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0) out[i] = in[i];  // 0 keeps the dimension
    if (in[i] != out[i] && in[i] != 1) {
      n.NotValid("shape", "broadcasts a dimension of " + std::to_string(in[i]) + " to " +
                              std::to_string(out[i]));
    }
  }
  n.SetOutput(0, out == in ? n.input(0) : n.Broadcast(n.input(0), out));
}

}  // namespace neo::mx_frontend

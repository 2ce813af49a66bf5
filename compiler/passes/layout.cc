#include "compiler/passes/layout.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "compiler/ir/evaluate.h"
#include "compiler/ir/op_registry.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_util.h"

namespace neo::passes {

namespace op = ir::op;

namespace {

const std::vector<int64_t>& kToNHWC = ir::kNchwToNhwc;
const std::vector<int64_t>& kToNCHW = ir::kNhwcToNchw;

// Where logical (NCHW) axis `a` of a rank-4 tensor sits in NHWC storage.
int64_t NHWCAxis(int64_t a) {
  static const int64_t kMap[4] = {0, 3, 1, 2};
  return kMap[a];
}

class LayoutRewriter {
 public:
  explicit LayoutRewriter(ir::Graph& g) : g_(g) {}

  int Run() {
    std::vector<ir::Node> nodes = std::move(g_.nodes());
    g_.nodes().clear();
    for (ir::Node& node : nodes) Rewrite(std::move(node));
    for (ir::ValueId v : g_.outputs()) ToNCHW(v);
    g_.nodes() = std::move(out_);
    return switched_;
  }

 private:
  bool Rank4(ir::ValueId v) const { return g_.value(v).shape.size() == 4; }
  bool HasTwin(ir::ValueId v) const { return twin_.count(v) != 0; }

  // A new value like `like` but with `shape`.
  ir::ValueId NewValue(ir::ValueId like, const ir::Shape& shape) {
    ir::Value v;
    v.name = g_.value(like).name + "_nhwc";
    v.dtype = g_.value(like).dtype;
    v.shape = shape;
    v.has_shape = true;
    return g_.AddValue(std::move(v));
  }

  void EmitTranspose(ir::ValueId in, ir::ValueId out, const std::vector<int64_t>& perm) {
    ir::Node t;
    t.op = op::kTranspose;
    t.name = g_.value(out).name;
    t.inputs = {in};
    t.outputs = {out};
    t.attrs.set("perm", perm);
    out_.push_back(std::move(t));
  }

  // A constant permuted for NHWC broadcasting: padded to rank 4, permuted, trimmed
  // back to its rank where only leading ones were added.
  ir::ValueId PermutedConstant(ir::ValueId v) {
    auto it = const_twin_.find(v);
    if (it != const_twin_.end()) return it->second;
    const ir::Value& c = g_.value(v);
    size_t rank = c.shape.size();
    ir::Shape padded(4 - rank, 1);
    padded.insert(padded.end(), c.shape.begin(), c.shape.end());
    std::vector<uint8_t> bytes =
        ir::TransposeBytes(*c.data, padded, kToNHWC, ir::DTypeSize(c.dtype));
    ir::Shape shape = ir::PermuteShape(padded, kToNHWC);
    while (shape.size() > rank && shape[0] == 1) shape.erase(shape.begin());
    std::string name = c.name + "_nhwc";
    ir::DType dtype = c.dtype;
    ir::ValueId id = g_.AddConstant(name, dtype, shape, std::move(bytes));
    const_twin_[v] = id;
    return id;
  }

  // `v` (logical NCHW, rank 4) as an NHWC value, transposing if need be.
  ir::ValueId ToNHWC(ir::ValueId v) {
    if (HasTwin(v)) return twin_[v];
    if (g_.value(v).is_constant()) return PermutedConstant(v);
    ir::ValueId t = NewValue(v, ir::PermuteShape(g_.value(v).shape, kToNHWC));
    EmitTranspose(v, t, kToNHWC);
    twin_[v] = t;
    return t;
  }

  // `v` in its NCHW form, materialising it from its twin on first need.
  ir::ValueId ToNCHW(ir::ValueId v) {
    if (missing_nchw_.erase(v)) EmitTranspose(twin_[v], v, kToNCHW);
    return v;
  }

  // Points the node's output at a new NHWC twin of its logical output value.
  void OutputNHWC(ir::Node& node) {
    ir::ValueId y = node.outputs[0];
    ir::ValueId t = NewValue(y, ir::PermuteShape(g_.value(y).shape, kToNHWC));
    node.outputs[0] = t;
    twin_[y] = t;
    missing_nchw_.insert(y);
    out_.push_back(std::move(node));
  }

  // The node's axis attribute (Concat's, Softmax's) as an NHWC axis.
  static void RemapAxis(const ir::OpDef& def, ir::Node& node) {
    if (!def.layout_axis.empty()) {
      node.attrs.set(def.layout_axis, NHWCAxis(node.attrs.GetInt(def.layout_axis)));
    }
  }

  bool AnyTwin(const ir::Node& node) const {
    for (ir::ValueId v : node.inputs) {
      if (v != ir::kNoValue && HasTwin(v)) return true;
    }
    return false;
  }

  // Whether every input can be had in NHWC (twin, rank-4 value, or a constant that
  // broadcasts against the rank-4 output).
  bool AllConvertible(const ir::Node& node) const {
    for (ir::ValueId v : node.inputs) {
      if (v == ir::kNoValue) return false;
      if (!HasTwin(v) && !Rank4(v) && !g_.value(v).is_constant()) return false;
    }
    return true;
  }

  void Rewrite(ir::Node node) {
    const ir::OpDef& def = ir::GetOp(node.op);
    bool out_rank4 = node.outputs.size() == 1 && Rank4(node.outputs[0]);
    switch (def.layout) {
      case ir::LayoutClass::kSpatial:
        if (!ir::IsNHWC(node) && Rank4(node.inputs[0])) {
          node.inputs[0] = ToNHWC(node.inputs[0]);
          node.attrs.set("layout", std::string("NHWC"));
          ++switched_;
          OutputNHWC(node);
          return;
        }
        break;
      case ir::LayoutClass::kElementwise:
        if (out_rank4 && HasTwin(node.inputs[0])) {
          node.inputs[0] = twin_[node.inputs[0]];
          RemapAxis(def, node);
          OutputNHWC(node);
          return;
        }
        break;
      case ir::LayoutClass::kPerDimension:
        if (out_rank4 && HasTwin(node.inputs[0])) {
          node.inputs[0] = twin_[node.inputs[0]];
          for (const std::string& name : def.layout_dims) {
            node.attrs.set(name, ir::PermuteShape(node.attrs.GetInts(name), kToNHWC));
          }
          OutputNHWC(node);
          return;
        }
        break;
      case ir::LayoutClass::kReduce:
        if (HasTwin(node.inputs[0]) && RewriteReduce(def, node)) return;
        break;
      case ir::LayoutClass::kBroadcasting:
        if (out_rank4 && AnyTwin(node) && AllConvertible(node)) {
          for (ir::ValueId& v : node.inputs) {
            v = (!HasTwin(v) && g_.value(v).is_constant()) ? PermutedConstant(v) : ToNHWC(v);
          }
          RemapAxis(def, node);
          OutputNHWC(node);
          return;
        }
        break;
      case ir::LayoutClass::kSource:
        break;
    }
    // Everything else reads the source layout.
    for (ir::ValueId& v : node.inputs) {
      if (v != ir::kNoValue) v = ToNCHW(v);
    }
    out_.push_back(std::move(node));
  }

  // A kReduce node over an NHWC input: its axes renumbered, its output NHWC when rank 4,
  // otherwise the logical value itself. Only when the axes are NHWC's innermost ones
  // (C; W, C; H, W, C; all): oneDNN 2.6 reduces those at memory speed, but took 0.75 ms
  // (its reference code) for a mean over NHWC's H and W on 7x7x1280, where a transpose
  // and an innermost reduction take 0.02 (means and maxima over H and W have become
  // global pools before this pass: GlobalPoolReduces). The dimensions such a reduction
  // keeps are a prefix of N, H, W, in the same order in either layout, so a result that
  // drops them needs no conversion. False (nothing done) otherwise.
  bool RewriteReduce(const ir::OpDef& def, ir::Node& node) {
    std::vector<int64_t> axes = node.attrs.GetInts(def.layout_axes);
    for (int64_t& a : axes) a = NHWCAxis(a);
    std::sort(axes.begin(), axes.end());
    for (size_t i = 0; i < axes.size(); ++i) {
      if (axes[i] != static_cast<int64_t>(4 - axes.size() + i)) return false;
    }
    node.inputs[0] = twin_[node.inputs[0]];
    node.attrs.set(def.layout_axes, axes);
    if (Rank4(node.outputs[0])) {
      OutputNHWC(node);
    } else {
      out_.push_back(std::move(node));
    }
    return true;
  }

  ir::Graph& g_;
  std::vector<ir::Node> out_;
  std::map<ir::ValueId, ir::ValueId> twin_;        // logical value -> NHWC value
  std::map<ir::ValueId, ir::ValueId> const_twin_;  // constant -> NHWC-broadcast constant
  std::set<ir::ValueId> missing_nchw_;             // logical values nobody wrote yet
  int switched_ = 0;
};

}  // namespace

int ConvertToNHWC(ir::Graph& graph) { return LayoutRewriter(graph).Run(); }

}  // namespace neo::passes

#include "compiler/passes/pass_util.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

#include "compiler/ir/ops.h"

namespace neo::passes {

namespace op = ir::op;

bool IsUnaryOp(const std::string& o) {
  static const std::set<std::string> kOps = {
      op::kClamp, op::kRelu,       op::kSigmoid,  op::kTanh,      op::kExp,
      op::kLog,   op::kAbs,        op::kNeg,      op::kSqrt,      op::kReciprocal,
      op::kFloor, op::kCeil,       op::kElu,      op::kLeakyRelu, op::kSelu,
      op::kHardSigmoid, op::kSoftplus, op::kSoftsign, op::kThresholdedRelu};
  return kOps.count(o) != 0;
}

bool IsBinaryOp(const std::string& o) {
  static const std::set<std::string> kOps = {op::kAdd, op::kSub,     op::kMul,
                                             op::kDiv, op::kPow,     op::kMaximum,
                                             op::kMinimum, op::kPRelu};
  return kOps.count(o) != 0;
}

bool IsPoolOp(const std::string& o) {
  return o == op::kMaxPool2D || o == op::kAveragePool2D || o == op::kGlobalAveragePool ||
         o == op::kGlobalMaxPool;
}

bool IsSpatialOp(const std::string& o) {
  // The layout rule's one table: these run NHWC after the layout pass (weights keep
  // their layout); every other operator reads and writes the source (NCHW) layout.
  static const std::set<std::string> kOps = {
      op::kConv2D,  op::kConvTranspose2D, op::kMaxPool2D, op::kAveragePool2D,
      op::kGlobalAveragePool, op::kGlobalMaxPool, op::kBatchNorm, op::kLRN};
  return kOps.count(o) != 0;
}

bool IsNHWC(const ir::Node& node) { return node.attrs.GetString("layout", "NCHW") == "NHWC"; }

LayoutAxes AxesOf(bool nhwc) { return nhwc ? LayoutAxes{0, 3, 1, 2} : LayoutAxes{0, 1, 2, 3}; }

std::string Describe(const ir::Node& node, size_t index) {
  if (node.name.empty()) return node.op + " node #" + std::to_string(index);
  return node.op + " node '" + node.name + "'";
}

ir::Shape PermuteShape(const ir::Shape& in, const std::vector<int64_t>& perm) {
  ir::Shape out(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = in.at(static_cast<size_t>(perm[i]));
  return out;
}

std::vector<int64_t> StridesOf(const ir::Shape& shape) {
  std::vector<int64_t> s(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;) s[i - 1] = s[i] * shape[i];
  return s;
}

bool BroadcastShapes(const ir::Shape& a, const ir::Shape& b, ir::Shape* out) {
  size_t rank = std::max(a.size(), b.size());
  ir::Shape r(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) return false;
    r[i] = da == 1 ? db : da;
  }
  *out = r;
  return true;
}

std::vector<float> FloatsOf(const ir::Value& v) {
  size_t n = static_cast<size_t>(v.num_elements());
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) {
    switch (v.dtype) {
      case ir::DType::kFloat32: out[i] = v.data_as<float>()[i]; break;
      case ir::DType::kInt64: out[i] = static_cast<float>(v.data_as<int64_t>()[i]); break;
      case ir::DType::kInt32: out[i] = static_cast<float>(v.data_as<int32_t>()[i]); break;
      case ir::DType::kBool:
      case ir::DType::kUInt8: out[i] = v.data_as<uint8_t>()[i]; break;
      case ir::DType::kInt8: out[i] = v.data_as<int8_t>()[i]; break;
    }
  }
  return out;
}

std::vector<uint8_t> FloatBytes(const std::vector<float>& v) {
  std::vector<uint8_t> bytes(v.size() * sizeof(float));
  if (!v.empty()) std::memcpy(bytes.data(), v.data(), bytes.size());
  return bytes;
}

int64_t SliceLength(int64_t start, int64_t end, int64_t step) {
  if (step > 0) return end > start ? (end - start + step - 1) / step : 0;
  return start > end ? (start - end - step - 1) / -step : 0;
}

bool DTypeFromName(const std::string& name, ir::DType* dtype) {
  for (ir::DType t : {ir::DType::kFloat32, ir::DType::kInt64, ir::DType::kInt32, ir::DType::kBool,
                      ir::DType::kUInt8, ir::DType::kInt8}) {
    if (name == ir::DTypeName(t)) {
      *dtype = t;
      return true;
    }
  }
  return false;
}

bool IsGraphInput(const ir::Graph& g, ir::ValueId v) {
  return std::find(g.inputs().begin(), g.inputs().end(), v) != g.inputs().end();
}

bool IsGraphOutput(const ir::Graph& g, ir::ValueId v) {
  return std::find(g.outputs().begin(), g.outputs().end(), v) != g.outputs().end();
}

void EraseNodes(ir::Graph& g, const std::vector<bool>& remove) {
  std::vector<ir::Node> kept;
  kept.reserve(g.nodes().size());
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    if (!remove[i]) kept.push_back(std::move(g.nodes()[i]));
  }
  g.nodes() = std::move(kept);
}

bool BypassNode(ir::Graph& g, size_t index) {
  ir::Node& node = g.nodes()[index];
  ir::ValueId in = node.inputs.at(0);
  ir::ValueId out = node.outputs.at(0);
  if (!IsGraphOutput(g, out)) {
    g.ReplaceAllUses(out, in);
    g.nodes().erase(g.nodes().begin() + static_cast<long>(index));
    return true;
  }
  // The output keeps its (user-visible) id: retarget the input's producer to it.
  int producer = g.Producers()[static_cast<size_t>(in)];
  if (producer < 0 || IsGraphOutput(g, in) || g.UseCounts()[static_cast<size_t>(in)] != 1) {
    return false;
  }
  for (ir::ValueId& o : g.nodes()[static_cast<size_t>(producer)].outputs) {
    if (o == in) o = out;
  }
  g.nodes().erase(g.nodes().begin() + static_cast<long>(index));
  return true;
}

bool IntersectActivation(ir::Node& node, double lo, double hi) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double new_lo = std::max(lo, node.attrs.GetFloat("act_min", -kInf));
  double new_hi = std::min(hi, node.attrs.GetFloat("act_max", kInf));
  if (new_lo > new_hi) return false;
  if (std::isfinite(new_lo)) node.attrs.set("act_min", new_lo);
  if (std::isfinite(new_hi)) node.attrs.set("act_max", new_hi);
  return true;
}

}  // namespace neo::passes

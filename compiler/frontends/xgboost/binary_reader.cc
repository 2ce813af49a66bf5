// XGBoost 1.x's legacy binary model format (little-endian, as written on x86/arm):
//   ["binf"] LearnerModelParamLegacy (136 bytes: base_score f32, num_feature u32,
//            num_class i32, contain_extra_attrs i32, contain_eval_metrics i32, ...)
//   objective, booster: each u64 length + bytes
//   gbtree/dart: GBTreeModelParam (160 bytes: num_trees i32, num_parallel_tree i32, ...,
//            size_leaf_vector i32 at 28), then per tree: TreeParam (148 bytes: num_nodes
//            i32 at 4, num_deleted at 8, num_feature at 16, size_leaf_vector at 20), nodes
//            (20 bytes: parent, left, right i32, split index u32 with default-left in bit
//            31, split condition or leaf value f32), stats (16 bytes: loss_chg, sum_hess,
//            base_weight f32, leaf_child_cnt i32); then tree_info (i32 per tree)
//   dart:    weight_drop (u64 count + f32 each)
//   then, when the learner parameters say so, attributes (u64 count + string pairs)
//   and metric names (u64 count + strings), read only to notice truncation.
// Every read is bounds-checked; counts are checked against the bytes left before
// anything is allocated.
#include <cstdint>
#include <cstring>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/xgboost/xgboost_import.h"

namespace neo::xgboost_frontend::internal {

namespace {

constexpr size_t kLearnerParamBytes = 136;
constexpr size_t kGBTreeParamBytes = 160;
constexpr size_t kTreeParamBytes = 148;
constexpr size_t kNodeBytes = 20;
constexpr size_t kStatBytes = 16;
constexpr uint32_t kDeletedNode = 0xffffffffu;

class Reader {
 public:
  Reader(const std::string& bytes, const std::string& file) : bytes_(bytes), file_(file) {}

  size_t offset() const { return pos_; }
  size_t left() const { return bytes_.size() - pos_; }
  void Skip(size_t n, const std::string& what) {
    Need(n, what);
    pos_ += n;
  }
  const char* Take(size_t n, const std::string& what) {
    Need(n, what);
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  std::string String(const std::string& what) {
    uint64_t n = U64(what + " length");
    if (n > left()) {
      throw Truncated(what + " of " + std::to_string(n) + " bytes");
    }
    return std::string(Take(static_cast<size_t>(n), what), static_cast<size_t>(n));
  }
  uint64_t U64(const std::string& what) { return Get<uint64_t>(Take(8, what)); }
  [[noreturn]] void Fail(const std::string& what) const {
    throw LoadError(file_ + ": " + what + " (at byte " + std::to_string(pos_) + ").");
  }
  NeoError Truncated(const std::string& what) const {
    return LoadError(file_ + " is truncated: " + what + " needed at byte " +
                     std::to_string(pos_) + ", the file has " + std::to_string(bytes_.size()) +
                     " bytes.");
  }

  template <typename T>
  static T Get(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
  }

 private:
  void Need(size_t n, const std::string& what) const {
    if (n > left()) throw Truncated(what);
  }
  const std::string& bytes_;
  const std::string& file_;
  size_t pos_ = 0;
};

ir::Tree ReadTree(Reader& r, int index) {
  const std::string name = "tree " + std::to_string(index);
  const char* param = r.Take(kTreeParamBytes, name + "'s parameters");
  // Checked before anything else, so a crafted header cannot make us allocate.
  const uint32_t num_nodes = Reader::Get<uint32_t>(param + 4);
  if (num_nodes > kMaxTreeNodes) throw ModelSizeTooBigError();
  if (num_nodes == 0) r.Fail(name + " has no nodes");
  const int32_t size_leaf_vector = Reader::Get<int32_t>(param + 20);
  if (size_leaf_vector != 0) {
    throw AttributeNotImplementedError("size_leaf_vector " + std::to_string(size_leaf_vector),
                                       "XGBoost tree");
  }
  const uint64_t need = uint64_t{num_nodes} * (kNodeBytes + kStatBytes);
  if (need > r.left()) {
    throw r.Truncated(name + "'s " + std::to_string(num_nodes) + " nodes (" +
                      std::to_string(need) + " bytes)");
  }
  ir::Tree tree;
  tree.nodes.resize(num_nodes);
  const char* nodes = r.Take(num_nodes * kNodeBytes, name + "'s nodes");
  for (uint32_t i = 0; i < num_nodes; ++i) {
    const char* p = nodes + i * kNodeBytes;
    ir::TreeNode& n = tree.nodes[i];
    const uint32_t sindex = Reader::Get<uint32_t>(p + 12);
    const float value = Reader::Get<float>(p + 16);
    n.left = Reader::Get<int32_t>(p + 4);
    n.right = Reader::Get<int32_t>(p + 8);
    if (sindex == kDeletedNode) {  // unreachable from the root in a valid tree
      n.left = n.right = -1;
      continue;
    }
    if (n.left < 0) {
      n.left = n.right = -1;
      n.leaf = value;
    } else {
      n.feature = sindex & 0x7fffffffu;
      n.default_left = (sindex >> 31) != 0;
      n.threshold = value;
    }
  }
  const char* stats = r.Take(num_nodes * kStatBytes, name + "'s node statistics");
  for (uint32_t i = 0; i < num_nodes; ++i) {
    tree.nodes[i].cover = Reader::Get<float>(stats + i * kStatBytes + 4);
  }
  return tree;
}

}  // namespace

ir::TreeEnsemble ReadBinaryModel(const std::string& bytes, const std::string& file_name) {
  Reader r(bytes, file_name);
  if (bytes.compare(0, 4, "binf") == 0) r.Skip(4, "the header");
  const char* learner = r.Take(kLearnerParamBytes, "the learner parameters");
  const float base_score = Reader::Get<float>(learner);
  const uint32_t num_feature = Reader::Get<uint32_t>(learner + 4);
  const int32_t num_class = Reader::Get<int32_t>(learner + 8);
  const int32_t has_attributes = Reader::Get<int32_t>(learner + 12);
  const int32_t has_metrics = Reader::Get<int32_t>(learner + 16);
  // As the JSON reader: a split names its feature in 31 bits (bit 31 is default-left).
  if (num_feature > 0x7fffffffu) {
    r.Fail("num_feature " + std::to_string(num_feature) + " is out of range");
  }
  if (num_class < 0 || num_class > (1 << 20)) {
    r.Fail("num_class " + std::to_string(num_class) + " is not a class count");
  }
  const std::string objective = r.String("the objective name");
  const std::string booster = r.String("the booster name");
  if (booster == "gblinear") throw AttributeNotImplementedError("booster gblinear", "XGBoost");
  if (booster != "gbtree" && booster != "dart") {
    r.Fail("unknown booster '" + booster + "' (not an XGBoost 1.x binary model?)");
  }

  ir::TreeEnsemble e;
  e.num_features = num_feature;
  e.num_groups = num_class > 1 ? num_class : 1;
  ApplyObjective(objective, base_score, &e);

  const char* gbtree = r.Take(kGBTreeParamBytes, "the gbtree parameters");
  const int32_t num_trees = Reader::Get<int32_t>(gbtree);
  if (num_trees < 0) r.Fail("negative tree count " + std::to_string(num_trees));
  if (Reader::Get<int32_t>(gbtree + 28) != 0) {
    throw AttributeNotImplementedError("size_leaf_vector", "XGBoost gbtree");
  }
  // Each tree takes at least its parameters: bounds the reservation.
  if (uint64_t(num_trees) * kTreeParamBytes > r.left()) {
    throw r.Truncated(std::to_string(num_trees) + " trees");
  }
  e.trees.reserve(num_trees);
  for (int32_t t = 0; t < num_trees; ++t) e.trees.push_back(ReadTree(r, t));
  if (num_trees > 0) {
    const char* info = r.Take(size_t(num_trees) * 4, "the tree groups (tree_info)");
    for (int32_t t = 0; t < num_trees; ++t) e.trees[t].group = Reader::Get<int32_t>(info + 4 * t);
  }
  if (booster == "dart" && num_trees > 0) {
    const uint64_t n = r.U64("dart's weight_drop count");
    if (n != uint64_t(num_trees)) {
      r.Fail("dart has " + std::to_string(n) + " tree weights for " + std::to_string(num_trees) +
             " trees");
    }
    const char* w = r.Take(size_t(n) * 4, "dart's tree weights");
    for (int32_t t = 0; t < num_trees; ++t) e.trees[t].weight = Reader::Get<float>(w + 4 * t);
  }
  // Not needed to predict, but read so that a file cut inside them is noticed.
  if (has_attributes != 0) {
    const uint64_t n = r.U64("the attribute count");
    if (n > r.left() / 16) throw r.Truncated(std::to_string(n) + " attributes");
    for (uint64_t i = 0; i < n; ++i) {
      r.String("attribute " + std::to_string(i) + "'s name");
      r.String("attribute " + std::to_string(i) + "'s value");
    }
  }
  if (has_metrics != 0) {
    const uint64_t n = r.U64("the metric count");
    if (n > r.left() / 8) throw r.Truncated(std::to_string(n) + " metric names");
    for (uint64_t i = 0; i < n; ++i) r.String("metric " + std::to_string(i) + "'s name");
  }
  return e;
}

}  // namespace neo::xgboost_frontend::internal

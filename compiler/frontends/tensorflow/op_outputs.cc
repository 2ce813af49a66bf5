#include "compiler/frontends/tensorflow/op_outputs.h"

#include <map>
#include <vector>

namespace neo::tf_frontend {
namespace {

// Output arguments of ops that have more than one, each a single tensor. Ops whose
// several arguments include a list (ParseExample, ...) are not model ops neoc compiles.
const std::map<std::string, std::vector<std::string>>& Table() {
  static const auto* table = new std::map<std::string, std::vector<std::string>>{
      {"FusedBatchNorm",
       {"y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"}},
      {"FusedBatchNormV2",
       {"y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"}},
      {"FusedBatchNormV3",
       {"y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2",
        "reserve_space_3"}},
      {"_FusedBatchNormEx",
       {"y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2",
        "reserve_space_3"}},
      {"TopK", {"values", "indices"}},
      {"TopKV2", {"values", "indices"}},
      {"Unique", {"y", "idx"}},
      {"UniqueV2", {"y", "idx"}},
      {"UniqueWithCounts", {"y", "idx", "count"}},
      {"Switch", {"output_false", "output_true"}},
      {"RefSwitch", {"output_false", "output_true"}},
      {"Merge", {"output", "value_index"}},
      {"RefMerge", {"output", "value_index"}},
      {"MaxPoolWithArgmax", {"output", "argmax"}},
      {"BroadcastGradientArgs", {"r0", "r1"}},
      {"QuantizeV2", {"output", "output_min", "output_max"}},
      {"QuantizedConv2D", {"output", "min_output", "max_output"}},
      {"QuantizedMatMul", {"out", "min_out", "max_out"}},
      {"QuantizedRelu", {"activations", "min_activations", "max_activations"}},
      {"NonMaxSuppressionV4", {"selected_indices", "valid_outputs"}},
      {"NonMaxSuppressionV5", {"selected_indices", "selected_scores", "valid_outputs"}},
      {"Svd", {"s", "u", "v"}},
      {"Qr", {"q", "r"}},
      {"LSTMBlockCell", {"i", "cs", "f", "o", "ci", "co", "h"}},
      {"CTCGreedyDecoder", {"decoded_indices", "decoded_values", "decoded_shape", "log_probability"}},
  };
  return *table;
}

}  // namespace

int OutputIndex(const tensorflow::NodeDef& node, const std::string& arg, int k) {
  const auto it = Table().find(node.op());
  if (it == Table().end()) return k;
  const std::vector<std::string>& args = it->second;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == arg) return k == 0 ? static_cast<int>(i) : -1;
  }
  return -1;
}

}  // namespace neo::tf_frontend

// What an MXNet operator's lowering function sees: one node of the symbol, its inputs as
// IR values (shapes static: data_shape fixed the inputs, the .params fixed the weights),
// its parameters parsed strictly (attributes.h), and the emitter that writes IR nodes
// named after it.
#ifndef NEO_COMPILER_FRONTENDS_MXNET_LOWERING_H_
#define NEO_COMPILER_FRONTENDS_MXNET_LOWERING_H_

#include <map>
#include <string>
#include <vector>

#include "compiler/frontends/mxnet/attributes.h"
#include "compiler/frontends/mxnet/symbol.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/node_emitter.h"

namespace neo::mx_frontend {

// The IR value of each output of each symbol node: values[node][index]. kNoValue for
// outputs nothing computed (label variables of the training heads).
using EntryValues = std::vector<std::vector<ir::ValueId>>;

class NodeLowering : public ir::NodeEmitter {
 public:
  // `index`: the node's index in the symbol, where its outputs go in `values`.
  NodeLowering(const MxNode& node, size_t index, ir::Graph& graph, EntryValues& values,
               std::vector<bool>& folded);

  const MxNode& node() const { return node_; }
  const std::string& op() const { return node_.op; }
  const MxAttributes& attrs() const { return attrs_; }

  int num_inputs() const { return static_cast<int>(node_.inputs.size()); }
  ir::ValueId input(int i) const;
  const ir::Value& input_value(int i) const;
  // A copy: emitting nodes may move the graph's values.
  ir::Shape input_shape(int i) const { return input_value(i).shape; }
  int64_t input_rank(int i) const { return static_cast<int64_t>(input_shape(i).size()); }
  // Input `i` must be a constant (a parameter); `what` names it in the error otherwise.
  const ir::Value& ConstantInput(int i, const std::string& what) const;
  // Exactly `n` inputs (or between min and max), else Malformed input error.
  void RequireInputs(int min, int max) const;

  // Makes output `k` of this node stand for `value`.
  void SetOutput(int k, ir::ValueId value);

  // OperatorAttributeNotImplemented: "{what} is not supported in {op}."
  [[noreturn]] void NotSupported(const std::string& what) const;
  [[noreturn]] void NotValid(const std::string& attr, const std::string& why) const {
    attrs_.NotValid(attr, why);
  }

 private:
  const MxNode& node_;
  EntryValues& values_;
  size_t index_;
  MxAttributes attrs_;
};

// A possibly negative axis against `rank` (MXNet's rule: -rank <= axis < rank), or
// OperatorAttributeValueNotValid for `attr`.
int64_t NormalizeAxis(const NodeLowering& n, const std::string& attr, int64_t axis, int64_t rank);

// The IR dtype of an MXNet dtype name ("float32", "int64", ...; float16 and float64
// become float32, as the .params reader converts them), or OperatorAttributeNotImplemented.
ir::DType IrDTypeOf(const NodeLowering& n, const std::string& attr, const std::string& name);

}  // namespace neo::mx_frontend

#endif  // NEO_COMPILER_FRONTENDS_MXNET_LOWERING_H_

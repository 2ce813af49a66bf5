// What an operator's lowering function sees: one ONNX node, its inputs as IR values
// (with shapes, since ONNX shape inference ran after data_shape fixed the inputs), its
// attributes with Neo's attribute errors built in, and the graph to emit into.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_LOWERING_H_
#define NEO_COMPILER_FRONTENDS_ONNX_LOWERING_H_

#include <map>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {

class NodeLowering {
 public:
  NodeLowering(const onnx::NodeProto& node, int opset, ir::Graph& graph,
               std::map<std::string, ir::ValueId>& values,
               const std::map<std::string, ir::Shape>& inferred_shapes);

  const onnx::NodeProto& node() const { return node_; }
  const std::string& op_type() const { return node_.op_type(); }
  int opset() const { return opset_; }
  ir::Graph& graph() { return graph_; }

  // Inputs. An optional input left out (absent or named "") is kNoValue.
  int num_inputs() const { return node_.input_size(); }
  ir::ValueId input(int i) const;
  bool has_input(int i) const { return input(i) != ir::kNoValue; }
  // Input `i`, which must be present (a Malformed input error naming the node if not).
  const ir::Value& input_value(int i) const;
  const ir::Shape& input_shape(int i) const;
  // The elements of input `i`, which must be a constant (else the attribute-as-input is
  // reported as not supported, named `what`).
  std::vector<int64_t> ConstantInts(int i, const std::string& what) const;
  std::vector<float> ConstantFloats(int i, const std::string& what) const;

  // Outputs: the IR value standing for ONNX output `i`, created on first use with the
  // shape ONNX inferred for it.
  int num_outputs() const { return node_.output_size(); }
  ir::ValueId output(int i);
  // Makes ONNX output `i` another name for `value` (Identity, Dropout, folded ops).
  void Alias(int i, ir::ValueId value);

  // Lowers `other` (a node this lowering rewrote, e.g. a 1-D pool as a 2-D one) with
  // `lower`, in the same graph; `other`'s tensor names resolve through `extra` first.
  void LowerRewritten(const onnx::NodeProto& other,
                      const std::map<std::string, ir::ValueId>& extra,
                      void (*lower)(NodeLowering&));

  // Attributes. Required ones throw OperatorAttributeRequired.
  bool has_attr(const std::string& name) const { return FindAttr(name) != nullptr; }
  int64_t IntAttr(const std::string& name) const;
  int64_t IntAttr(const std::string& name, int64_t default_value) const;
  float FloatAttr(const std::string& name) const;
  float FloatAttr(const std::string& name, float default_value) const;
  std::string StringAttr(const std::string& name, const std::string& default_value) const;
  std::vector<int64_t> IntsAttr(const std::string& name) const;
  std::vector<int64_t> IntsAttr(const std::string& name,
                                const std::vector<int64_t>& default_value) const;
  std::vector<float> FloatsAttr(const std::string& name,
                                const std::vector<float>& default_value) const;
  const onnx::TensorProto& TensorAttr(const std::string& name) const;
  // Throws OperatorAttributeNotImplemented for `name` in this operator.
  [[noreturn]] void NotSupported(const std::string& name) const;
  // Throws OperatorAttributeValueNotValid: "The value of attribute {name} in operator
  // {op} {why}."
  [[noreturn]] void NotValid(const std::string& name, const std::string& why) const;

  // Emits an IR node named after this ONNX node.
  ir::Node& Emit(const std::string& ir_op, std::vector<ir::ValueId> inputs,
                 std::vector<ir::ValueId> outputs);
  // A fresh intermediate value (shape set by the caller or by shape inference).
  ir::ValueId NewValue(const std::string& suffix, ir::DType dtype = ir::DType::kFloat32);

 private:
  const onnx::AttributeProto* FindAttr(const std::string& name) const;
  const onnx::AttributeProto& RequireAttr(const std::string& name,
                                          onnx::AttributeProto::AttributeType type) const;

  const onnx::NodeProto& node_;
  int opset_;
  ir::Graph& graph_;
  std::map<std::string, ir::ValueId>& values_;
  const std::map<std::string, ir::Shape>& inferred_shapes_;
};

// Normalises a possibly negative axis against `rank`, or throws NotValid for it.
int64_t NormalizeAxis(const NodeLowering& n, const std::string& attr, int64_t axis, int64_t rank);

// Before opset 7 broadcasting was opt-in (attributes broadcast and axis). Returns input 1
// reshaped so that numpy's trailing alignment pairs it with input 0 as the old rule did.
ir::ValueId LegacyBroadcastOperand(NodeLowering& n);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_LOWERING_H_

// What a TensorFlow operator's lowering function sees: one NodeDef of the frozen graph,
// its inputs as IR values (every shape static, since data_shape fixed the Placeholders),
// its attributes with Neo's attribute errors built in, and the graph to emit into.
//
// Every node emitted through Emit() gets its shape at once, and is folded to a constant
// when its inputs are constants. TensorFlow passes shapes, axes, paddings and sizes as
// tensors (often computed: Shape -> StridedSlice -> Pack -> Reshape), so by the time a
// lowering asks for ConstantInts() such a chain has already become a constant.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_LOWERING_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_LOWERING_H_

#include <map>
#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/proto/graph.pb.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/node_emitter.h"

namespace neo::tf_frontend {

// The IR value standing for each TensorFlow tensor, by "node:k" (k = 0 written out).
using TensorMap = std::map<std::string, ir::ValueId>;

// "node" -> "node:0"; "node:3" stays; "^node" (a control input) -> "".
std::string CanonicalTensorName(const std::string& input);

class NodeLowering {
 public:
  // `image_shapes`: the data shape of each graph input of JPEG bytes (see ImageShape).
  NodeLowering(const tensorflow::NodeDef& node, ir::Graph& graph, TensorMap& tensors,
               std::vector<bool>& folded,
               const std::map<ir::ValueId, ir::Shape>* image_shapes = nullptr);

  const tensorflow::NodeDef& node() const { return node_; }
  const std::string& op() const { return node_.op(); }
  ir::Graph& graph() { return graph_; }

  // Data inputs (control inputs "^x" are not counted).
  int num_inputs() const { return static_cast<int>(data_inputs_.size()); }
  ir::ValueId input(int i) const;
  const ir::Value& input_value(int i) const { return graph_.value(input(i)); }
  // A copy: emitting nodes may move the graph's values.
  ir::Shape input_shape(int i) const { return input_value(i).shape; }
  int64_t input_rank(int i) const { return static_cast<int64_t>(input_shape(i).size()); }
  // The elements of input `i`, which must be a constant at compile time (else `what` is
  // reported as not supported: "non-constant paddings").
  std::vector<int64_t> ConstantInts(int i, const std::string& what) const;
  std::vector<float> ConstantFloats(int i, const std::string& what) const;
  void RequireInputs(int min, int max) const;
  // For a graph input of JPEG bytes (DT_STRING; an IR kBytes scalar): what its data
  // shape entry gives, the decoded image's [height, width, channels]. Null otherwise.
  const ir::Shape* ImageShape(ir::ValueId v) const;

  // Makes TensorFlow output `k` of this node stand for `value`.
  void SetOutput(int k, ir::ValueId value);

  // Attributes. A missing one without a default is OperatorAttributeRequired.
  bool has_attr(const std::string& name) const { return node_.attr().count(name) != 0; }
  int64_t IntAttr(const std::string& name, int64_t default_value) const;
  float FloatAttr(const std::string& name, float default_value) const;
  bool BoolAttr(const std::string& name, bool default_value) const;
  std::string StringAttr(const std::string& name, const std::string& default_value) const;
  std::string StringAttr(const std::string& name) const;
  std::vector<int64_t> IntsAttr(const std::string& name,
                                const std::vector<int64_t>& default_value) const;
  std::vector<int64_t> IntsAttr(const std::string& name) const;
  std::vector<std::string> StringsAttr(const std::string& name) const;
  tensorflow::DataType TypeAttr(const std::string& name, tensorflow::DataType default_value) const;
  // `data_format`: "NHWC" (TensorFlow's default) or "NCHW"; anything else is not supported.
  bool IsNchw() const;
  [[noreturn]] void NotSupported(const std::string& what) const;
  [[noreturn]] void NotValid(const std::string& attr, const std::string& why) const;

  // Emits an IR node named after this TensorFlow node, infers its output's shape, folds
  // it when its inputs are constants, and returns its (single) output.
  ir::ValueId Emit(const std::string& ir_op, std::vector<ir::ValueId> inputs,
                   const ir::Attributes& attrs = {}, ir::DType dtype = ir::DType::kFloat32,
                   const ir::Shape* preset_shape = nullptr);
  // Emit with the output's dtype taken from input 0.
  ir::ValueId EmitLike(const std::string& ir_op, std::vector<ir::ValueId> inputs,
                       const ir::Attributes& attrs = {}) {
    return emitter_.EmitLike(ir_op, std::move(inputs), attrs);
  }
  ir::ValueId Constant(ir::DType dtype, const ir::Shape& shape, std::vector<uint8_t> bytes,
                       const std::string& suffix) {
    return emitter_.Constant(dtype, shape, std::move(bytes), suffix);
  }
  ir::ValueId FloatConstant(const ir::Shape& shape, const std::vector<float>& v,
                            const std::string& suffix) {
    return emitter_.FloatConstant(shape, v, suffix);
  }
  ir::ValueId Int64Constant(const ir::Shape& shape, const std::vector<int64_t>& v,
                            const std::string& suffix) {
    return emitter_.Int64Constant(shape, v, suffix);
  }
  ir::ValueId Reshape(ir::ValueId x, const ir::Shape& shape) { return emitter_.Reshape(x, shape); }
  // x repeated to `shape` (numpy broadcasting).
  ir::ValueId Broadcast(ir::ValueId x, const ir::Shape& shape) {
    return emitter_.Broadcast(x, shape);
  }
  ir::ValueId Transpose(ir::ValueId x, const std::vector<int64_t>& perm) {
    return emitter_.Transpose(x, perm);
  }

 private:
  const tensorflow::AttrValue* FindAttr(const std::string& name) const;
  const tensorflow::AttrValue& RequireAttr(const std::string& name,
                                           tensorflow::AttrValue::ValueCase kind) const;

  const tensorflow::NodeDef& node_;
  ir::Graph& graph_;
  TensorMap& tensors_;
  const std::map<ir::ValueId, ir::Shape>* image_shapes_;
  std::vector<std::string> data_inputs_;
  ir::NodeEmitter emitter_;
};

// Normalises a possibly negative axis against `rank`, or throws NotValid for `attr`.
int64_t NormalizeAxis(const NodeLowering& n, const std::string& attr, int64_t axis, int64_t rank);

// The IR dtype of a TensorFlow one, or OperatorAttributeNotImplemented naming `what`.
ir::DType IrDType(tensorflow::DataType t, const std::string& what, const std::string& op);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_LOWERING_H_

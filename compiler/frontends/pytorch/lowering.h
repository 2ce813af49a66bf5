// What an operator's lowering function sees: one node of the frozen TorchScript graph,
// its inputs as Slots (IR tensors with static shapes, or values known at compile time),
// Neo's attribute errors, and the IR graph to emit into.
//
// Every value TorchScript computes from shapes (aten::size, integer arithmetic, lists of
// dimensions) is known at compile time because data_shape fixes the inputs: the walker
// evaluates such nodes with libtorch itself, so lowerings only ever see tensors flowing
// from the model's inputs.
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_LOWERING_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_LOWERING_H_

#include <string>
#include <vector>

#include <ATen/core/ivalue.h>
#include <torch/csrc/jit/ir/ir.h>

#include "compiler/ir/graph.h"

namespace neo::pytorch_frontend {

// A TorchScript value as the lowering knows it.
struct Slot {
  // kDataDependent: a number or flag computed from the input data (x.sum() > 0):
  // fine to compute and drop, an error to branch on or to use as an argument.
  enum class Kind { kUnset, kConstant, kTensor, kList, kTuple, kDict, kDataDependent };
  Kind kind = Kind::kUnset;
  c10::IValue constant;               // kConstant: ints, floats, lists, None, weights, ...
  ir::ValueId tensor = ir::kNoValue;  // kTensor: computed at run time
  std::vector<Slot> elements;         // kList / kTuple / kDict holding a computed tensor
  std::vector<c10::IValue> keys;      // kDict: the key of each element

  static Slot Constant(c10::IValue v) {
    Slot s;
    s.kind = Kind::kConstant;
    s.constant = std::move(v);
    return s;
  }
  static Slot Tensor(ir::ValueId id) {
    Slot s;
    s.kind = Kind::kTensor;
    s.tensor = id;
    return s;
  }
};

class GraphLowering;

class NodeLowering {
 public:
  NodeLowering(const torch::jit::Node* node, GraphLowering& graph);

  const torch::jit::Node* node() const { return node_; }
  // The TorchScript operator, e.g. "aten::max_pool2d": how errors name it.
  std::string op() const;
  ir::Graph& graph();

  size_t num_inputs() const { return node_->inputs().size(); }
  const Slot& input(size_t i) const;
  bool IsNone(size_t i) const;
  bool IsConstant(size_t i) const { return input(i).kind == Slot::Kind::kConstant; }
  bool IsTensor(size_t i) const;  // a computed tensor or a constant one

  // Input i as an IR value: a computed tensor, or a constant tensor or number made an
  // IR constant (numbers take `like`'s dtype when given).
  ir::ValueId Tensor(size_t i, ir::ValueId like = ir::kNoValue);
  const ir::Shape& Shape(ir::ValueId v) const;
  const ir::Shape& InputShape(size_t i) { return Shape(Tensor(i)); }
  // Compile-time arguments; `what` names the argument in errors.
  int64_t Int(size_t i, const std::string& what) const;
  double Float(size_t i, const std::string& what) const;
  bool Bool(size_t i, const std::string& what) const;
  std::string String(size_t i, const std::string& what) const;
  std::vector<int64_t> Ints(size_t i, const std::string& what) const;
  std::vector<double> Floats(size_t i, const std::string& what) const;
  // Elements of a list of tensors.
  std::vector<ir::ValueId> TensorList(size_t i);

  // Outputs.
  void SetOutput(size_t i, Slot s);
  void SetOutput(size_t i, ir::ValueId v) { SetOutput(i, Slot::Tensor(v)); }
  bool OutputUsed(size_t i) const { return !node_->outputs()[i]->uses().empty(); }

  // Emits an IR node whose attributes are complete, infers its output's shape, and
  // returns the output.
  ir::ValueId Emit(const std::string& ir_op, std::vector<ir::ValueId> inputs,
                   ir::Attributes attrs = {}, ir::DType dtype = ir::DType::kFloat32);
  // Reshape to `shape` (no node when the shape is already that).
  ir::ValueId Reshape(ir::ValueId x, const ir::Shape& shape);
  ir::ValueId FloatConstant(const std::string& suffix, const ir::Shape& shape,
                            const std::vector<float>& values);

  // Throws OperatorAttributeNotImplemented: "{what} is not supported in {op}."
  [[noreturn]] void NotSupported(const std::string& what) const;
  // Throws OperatorAttributeValueNotValid: "The value of attribute {attr} in operator
  // {op} {why}."
  [[noreturn]] void NotValid(const std::string& attr, const std::string& why) const;

 private:
  const c10::IValue& Known(size_t i, const std::string& what) const;

  const torch::jit::Node* node_;
  GraphLowering& g_;
};

// Normalises a dimension index against `rank` or throws NotValid for it.
int64_t NormalizeDim(const NodeLowering& n, const std::string& what, int64_t dim, int64_t rank);

// The IR constant for a libtorch tensor (float32, float64 as float32, int64, int32, bool,
// uint8, int8). Throws Load Error, naming `name`, for a tensor that reaches outside its
// storage (StorageOverrun).
ir::Value IrConstant(const at::Tensor& t, const std::string& name);

// Why `t` cannot be read from a storage of `storage_bytes` bytes, e.g. "needs 4000000000
// bytes of storage but its storage holds 32", or "" when every element lies inside it. A
// .pth file sets sizes, strides and storage offset independently of the bytes it stores,
// and libtorch trusts them: the first read of such a tensor runs off its buffer.
std::string StorageOverrun(const at::Tensor& t, uint64_t storage_bytes);

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_LOWERING_H_

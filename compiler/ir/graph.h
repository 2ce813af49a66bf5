// The framework-neutral graph every frontend produces and every pass rewrites.
//
// A Graph owns values (tensors, constant or computed) and nodes (operators) in
// topological order. Nodes name IR operators from ops.h, whose attributes are already
// normalised: no framework opset differences, no attribute passed as an input tensor.
// Shapes are static once shape inference ran; data_shape fixes every input.
#ifndef NEO_COMPILER_IR_GRAPH_H_
#define NEO_COMPILER_IR_GRAPH_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "compiler/ir/dtype.h"

namespace neo::ir {

using Shape = std::vector<int64_t>;
using ValueId = int;
constexpr ValueId kNoValue = -1;  // an optional input left out

// Product of the dimensions (1 for a scalar).
int64_t NumElements(const Shape& shape);
// Bytes of `shape` elements of `dtype`; saturates at SIZE_MAX as NumElements does.
size_t ByteSize(const Shape& shape, DType dtype);
// "[1,3,224,224]".
std::string ShapeToString(const Shape& shape);

struct Value {
  std::string name;
  DType dtype = DType::kFloat32;
  Shape shape;
  bool has_shape = false;
  // Set for constants (weights, folded subgraphs): the elements in row-major order.
  std::shared_ptr<const std::vector<uint8_t>> data;

  bool is_constant() const { return data != nullptr; }
  int64_t num_elements() const { return NumElements(shape); }
  size_t byte_size() const { return ByteSize(shape, dtype); }
  template <typename T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data->data());
  }
};

using AttrValue = std::variant<int64_t, double, std::string, std::vector<int64_t>,
                               std::vector<double>>;

// Node attributes by name; std::map keeps iteration (and so codegen) deterministic.
class Attributes {
 public:
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  void set(const std::string& name, AttrValue v) { values_[name] = std::move(v); }
  void erase(const std::string& name) { values_.erase(name); }

  // Getters throw std::logic_error when the attribute is absent (without a default)
  // or of another type: by the time the IR exists, frontends have validated attributes.
  int64_t GetInt(const std::string& name) const;
  int64_t GetInt(const std::string& name, int64_t default_value) const;
  double GetFloat(const std::string& name) const;
  double GetFloat(const std::string& name, double default_value) const;
  const std::string& GetString(const std::string& name) const;
  std::string GetString(const std::string& name, const std::string& default_value) const;
  const std::vector<int64_t>& GetInts(const std::string& name) const;
  std::vector<int64_t> GetInts(const std::string& name,
                               const std::vector<int64_t>& default_value) const;
  const std::vector<double>& GetFloats(const std::string& name) const;

  const std::map<std::string, AttrValue>& all() const { return values_; }

 private:
  std::map<std::string, AttrValue> values_;
};

struct Node {
  std::string op;         // an IR operator, see ops.h
  std::string name;       // the source model's node name, for messages and comments
  std::string source_op;  // the framework's operator it came from, e.g. "Gemm"
  std::vector<ValueId> inputs;
  std::vector<ValueId> outputs;
  Attributes attrs;
};

class Graph {
 public:
  ValueId AddValue(Value v);
  // A new non-constant value; `name` is made unique if taken.
  ValueId AddValue(const std::string& name, DType dtype);
  ValueId AddConstant(const std::string& name, DType dtype, Shape shape,
                      std::vector<uint8_t> bytes);
  ValueId AddFloatConstant(const std::string& name, Shape shape, const std::vector<float>& v);
  ValueId AddInt64Constant(const std::string& name, Shape shape, const std::vector<int64_t>& v);
  Node& AddNode(const std::string& op, std::vector<ValueId> inputs,
                std::vector<ValueId> outputs);

  Value& value(ValueId id) { return values_.at(static_cast<size_t>(id)); }
  const Value& value(ValueId id) const { return values_.at(static_cast<size_t>(id)); }
  size_t num_values() const { return values_.size(); }

  std::vector<Node>& nodes() { return nodes_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  std::vector<ValueId>& inputs() { return inputs_; }
  const std::vector<ValueId>& inputs() const { return inputs_; }
  std::vector<ValueId>& outputs() { return outputs_; }
  const std::vector<ValueId>& outputs() const { return outputs_; }

  // A name not used by any value yet, based on `base`.
  std::string UniqueName(const std::string& base);
  // Replaces every use of `from` (node inputs and graph outputs) with `to`.
  void ReplaceAllUses(ValueId from, ValueId to);
  // Index of the node producing each value, -1 for inputs and constants.
  std::vector<int> Producers() const;
  // How many node inputs and graph outputs read each value.
  std::vector<int> UseCounts() const;

 private:
  std::vector<Value> values_;
  std::vector<Node> nodes_;
  std::vector<ValueId> inputs_;
  std::vector<ValueId> outputs_;
  std::map<std::string, int> name_counts_;
};

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_GRAPH_H_

#include "compiler/ir/graph.h"

#include <cstring>
#include <stdexcept>

namespace neo::ir {

int64_t NumElements(const Shape& shape) {
  // Saturates instead of overflowing (undefined behaviour): shapes can come from files,
  // and a saturated count fails every size check after it.
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d == 0) return 0;
    if (__builtin_mul_overflow(n, d, &n)) n = INT64_MAX;
  }
  return n;
}

size_t ByteSize(const Shape& shape, DType dtype) {
  size_t bytes = 0;
  if (__builtin_mul_overflow(static_cast<uint64_t>(NumElements(shape)), DTypeSize(dtype), &bytes)) {
    return SIZE_MAX;
  }
  return bytes;
}

std::string ShapeToString(const Shape& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ",";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

namespace {

template <typename T>
const T& Get(const std::map<std::string, AttrValue>& values, const std::string& name) {
  auto it = values.find(name);
  if (it == values.end()) throw std::logic_error("IR attribute missing: " + name);
  const T* v = std::get_if<T>(&it->second);
  if (!v) throw std::logic_error("IR attribute of another type: " + name);
  return *v;
}

}  // namespace

int64_t Attributes::GetInt(const std::string& name) const {
  return Get<int64_t>(values_, name);
}
int64_t Attributes::GetInt(const std::string& name, int64_t default_value) const {
  return has(name) ? GetInt(name) : default_value;
}
double Attributes::GetFloat(const std::string& name) const {
  return Get<double>(values_, name);
}
double Attributes::GetFloat(const std::string& name, double default_value) const {
  return has(name) ? GetFloat(name) : default_value;
}
const std::string& Attributes::GetString(const std::string& name) const {
  return Get<std::string>(values_, name);
}
std::string Attributes::GetString(const std::string& name,
                                  const std::string& default_value) const {
  return has(name) ? GetString(name) : default_value;
}
const std::vector<int64_t>& Attributes::GetInts(const std::string& name) const {
  return Get<std::vector<int64_t>>(values_, name);
}
std::vector<int64_t> Attributes::GetInts(const std::string& name,
                                         const std::vector<int64_t>& default_value) const {
  return has(name) ? GetInts(name) : default_value;
}
const std::vector<double>& Attributes::GetFloats(const std::string& name) const {
  return Get<std::vector<double>>(values_, name);
}

std::string Graph::UniqueName(const std::string& base) {
  std::string name = base.empty() ? "t" : base;
  int& count = name_counts_[name];
  if (count++ == 0) return name;
  while (true) {
    std::string candidate = name + "_" + std::to_string(count - 1);
    if (name_counts_.count(candidate) == 0) {
      name_counts_[candidate] = 1;
      return candidate;
    }
    ++count;
  }
}

ValueId Graph::AddValue(Value v) {
  v.name = UniqueName(v.name);
  values_.push_back(std::move(v));
  return static_cast<ValueId>(values_.size() - 1);
}

ValueId Graph::AddValue(const std::string& name, DType dtype) {
  Value v;
  v.name = name;
  v.dtype = dtype;
  return AddValue(std::move(v));
}

ValueId Graph::AddConstant(const std::string& name, DType dtype, Shape shape,
                           std::vector<uint8_t> bytes) {
  Value v;
  v.name = name;
  v.dtype = dtype;
  v.shape = std::move(shape);
  v.has_shape = true;
  // A kBytes constant is one string of any length (dtype.h).
  const bool string = dtype == DType::kBytes && v.shape.empty();
  if (!string && bytes.size() != v.byte_size()) {
    throw std::logic_error("constant " + name + ": byte size does not match its shape");
  }
  v.data = std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
  return AddValue(std::move(v));
}

namespace {
template <typename T>
std::vector<uint8_t> ToBytes(const std::vector<T>& v) {
  std::vector<uint8_t> bytes(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(bytes.data(), v.data(), bytes.size());
  return bytes;
}
}  // namespace

ValueId Graph::AddFloatConstant(const std::string& name, Shape shape,
                                const std::vector<float>& v) {
  return AddConstant(name, DType::kFloat32, std::move(shape), ToBytes(v));
}

ValueId Graph::AddInt64Constant(const std::string& name, Shape shape,
                                const std::vector<int64_t>& v) {
  return AddConstant(name, DType::kInt64, std::move(shape), ToBytes(v));
}

Node& Graph::AddNode(const std::string& op, std::vector<ValueId> inputs,
                     std::vector<ValueId> outputs) {
  Node n;
  n.op = op;
  n.inputs = std::move(inputs);
  n.outputs = std::move(outputs);
  nodes_.push_back(std::move(n));
  return nodes_.back();
}

void Graph::ReplaceAllUses(ValueId from, ValueId to) {
  for (Node& n : nodes_) {
    for (ValueId& in : n.inputs) {
      if (in == from) in = to;
    }
  }
  for (ValueId& out : outputs_) {
    if (out == from) out = to;
  }
}

std::vector<int> Graph::Producers() const {
  std::vector<int> producer(values_.size(), -1);
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (ValueId out : nodes_[i].outputs) {
      if (out != kNoValue) producer[static_cast<size_t>(out)] = static_cast<int>(i);
    }
  }
  return producer;
}

std::vector<int> Graph::UseCounts() const {
  std::vector<int> uses(values_.size(), 0);
  for (const Node& n : nodes_) {
    for (ValueId in : n.inputs) {
      if (in != kNoValue) ++uses[static_cast<size_t>(in)];
    }
  }
  for (ValueId out : outputs_) ++uses[static_cast<size_t>(out)];
  return uses;
}

}  // namespace neo::ir

#include "compiler/ir/op_def.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/ir/graph_edit.h"

namespace neo::ir {

namespace {

std::string Number(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string ValueText(const AttrValue& v) {
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* f = std::get_if<double>(&v)) return Number(*f);
  if (auto* s = std::get_if<std::string>(&v)) return s->empty() ? "\"\"" : *s;
  std::string out = "[";
  if (auto* is = std::get_if<std::vector<int64_t>>(&v)) {
    for (size_t k = 0; k < is->size(); ++k) out += (k ? "," : "") + std::to_string((*is)[k]);
  } else if (auto* fs = std::get_if<std::vector<double>>(&v)) {
    for (size_t k = 0; k < fs->size(); ++k) out += (k ? "," : "") + Number((*fs)[k]);
  }
  return out + "]";
}

}  // namespace

std::string DescribeAttr(const AttrSpec& a) {
  static const char* const kTypes[] = {"int", "float", "string", "ints", "floats"};
  std::string s = a.name + ": " + kTypes[static_cast<int>(a.type)];
  if (a.size >= 0) s += "[" + std::to_string(a.size) + "]";
  if (!a.choices.empty()) {
    s += " (";
    for (size_t i = 0; i < a.choices.size(); ++i) {
      s += (i ? "|" : "") + (a.choices[i].empty() ? std::string("\"\"") : a.choices[i]);
    }
    s += ")";
  }
  const bool has_min = a.min > -std::numeric_limits<double>::infinity();
  const bool has_max = a.max < std::numeric_limits<double>::infinity();
  if (has_min && has_max) {
    s += " in [" + Number(a.min) + ", " + Number(a.max) + "]";
  } else if (has_min) {
    s += " >= " + Number(a.min);
  } else if (has_max) {
    s += " <= " + Number(a.max);
  }
  if (a.default_value) s += ", default " + ValueText(*a.default_value);
  else if (!a.required) s += ", optional";
  return s;
}

const char* LayoutClassName(LayoutClass c) {
  switch (c) {
    case LayoutClass::kSource: return "source";
    case LayoutClass::kSpatial: return "spatial";
    case LayoutClass::kElementwise: return "elementwise";
    case LayoutClass::kBroadcasting: return "broadcasting";
    case LayoutClass::kPerDimension: return "per_dimension";
    case LayoutClass::kReduce: return "reduce";
  }
  return "";
}

void NodeContext::Fail(const std::string& what) const {
  throw MalformedInputError(Describe(node_, index_) + ": " + what);
}

void NodeContext::NotImplemented(const std::string& what) const {
  throw AttributeNotImplementedError(what, node_.source_op.empty() ? node_.op : node_.source_op);
}

const Value& NodeContext::input(size_t i) const {
  if (!has_input(i)) Fail("input " + std::to_string(i) + " is missing");
  return g_.value(node_.inputs[i]);
}

const Shape& NodeContext::output_shape(size_t i) const {
  const Value& v = output(i);
  if (!v.has_shape) throw std::logic_error("IR: shape unknown for " + v.name);
  return v.shape;
}

void NodeContext::ExpectRank(size_t i, size_t rank) const {
  if (shape(i).size() != rank) {
    Fail("input '" + input(i).name + "' must have rank " + std::to_string(rank) +
         ", but its shape is " + ShapeToString(shape(i)));
  }
}

const AttrValue* NodeContext::Lookup(const std::string& name) const {
  auto it = node_.attrs.all().find(name);
  if (it != node_.attrs.all().end()) return &it->second;
  for (const AttrSpec& a : def_.attrs) {
    if (a.name == name) {
      if (a.default_value) return &*a.default_value;
      throw std::logic_error("IR: " + node_.op + " '" + node_.name + "' has no " + name +
                             (a.required ? "" : " (and it has no default)"));
    }
  }
  throw std::logic_error("IR: " + node_.op + " has no attribute " + name);
}

namespace {

template <typename T>
const T& As(const AttrValue* v, const std::string& name) {
  const T* t = std::get_if<T>(v);
  if (!t) throw std::logic_error("IR attribute of another type: " + name);
  return *t;
}

}  // namespace

int64_t NodeContext::Int(const std::string& name) const {
  return As<int64_t>(Lookup(name), name);
}
double NodeContext::Float(const std::string& name) const {
  return As<double>(Lookup(name), name);
}
std::string NodeContext::Str(const std::string& name) const {
  return As<std::string>(Lookup(name), name);
}
std::vector<int64_t> NodeContext::Ints(const std::string& name) const {
  return As<std::vector<int64_t>>(Lookup(name), name);
}
std::vector<double> NodeContext::Floats(const std::string& name) const {
  return As<std::vector<double>>(Lookup(name), name);
}

float NodeContext::ActMin(const char* attr) const {
  return static_cast<float>(node_.attrs.GetFloat(attr, -std::numeric_limits<double>::infinity()));
}
float NodeContext::ActMax(const char* attr) const {
  return static_cast<float>(node_.attrs.GetFloat(attr, std::numeric_limits<double>::infinity()));
}

kernels::Activation NodeContext::ActFn(const char* attr) const {
  const std::string fn = node_.attrs.GetString(attr, "");
  if (fn.empty()) return kernels::Activation::kNone;
  if (fn == "Sigmoid") return kernels::Activation::kSigmoid;
  if (fn == "Swish") return kernels::Activation::kSwish;
  if (fn == "HardSwish") return kernels::Activation::kHardSwish;
  if (fn == "HardSigmoid") return kernels::Activation::kHardSigmoid;
  throw std::logic_error("IR: '" + node_.name + "' has fused activation '" + fn + "'");
}

bool NodeContext::nhwc() const { return node_.attrs.GetString("layout", "NCHW") == "NHWC"; }

int NodeContext::ToInt(int64_t v) const {
  if (v < 0 || v > std::numeric_limits<int>::max()) {
    throw MalformedInputError("A dimension of " + std::to_string(v) +
                              " does not fit the kernels' 32-bit sizes.");
  }
  return static_cast<int>(v);
}

kernels::Dims NodeContext::ToDims(const std::vector<int64_t>& s) const {
  if (s.size() > static_cast<size_t>(kernels::Dims::kMaxRank)) {
    NotImplemented("tensors of rank " + std::to_string(s.size()));
  }
  kernels::Dims d;
  for (int64_t v : s) d.d[d.rank++] = v;
  return d;
}

void NodeContext::RequireFloat(size_t i) const {
  if (has_input(i) && dtype(i) != DType::kFloat32) {
    NotImplemented(std::string("input of type ") + DTypeName(dtype(i)));
  }
}

void NodeContext::RequireFloatInputs() const {
  for (size_t i = 0; i < node_.inputs.size(); ++i) RequireFloat(i);
}

}  // namespace neo::ir

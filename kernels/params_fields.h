// A kernel's parameter struct, field by field. Each family header declares
// `void VisitFields(const XxxParams&, FieldVisitor&)` beside its struct, listing the fields
// in declaration order. The compiler uses it to write the struct as C++ in generated code
// (what the generated constructor passes is exactly what the compiler checked with the
// Supports functions); tests may use it to compare or print parameter sets.
#ifndef NEO_KERNELS_PARAMS_FIELDS_H_
#define NEO_KERNELS_PARAMS_FIELDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "kernels/dims.h"
#include "kernels/model.h"

namespace neo::kernels {

class FieldVisitor {
 public:
  virtual ~FieldVisitor() = default;
  virtual void Int(const std::string& name, int64_t value) = 0;
  virtual void Float(const std::string& name, float value) = 0;
  virtual void Double(const std::string& name, double value) = 0;
  virtual void Bool(const std::string& name, bool value) = 0;
  virtual void Shape(const std::string& name, const Dims& value) = 0;
  virtual void Shapes(const std::string& name, const std::vector<Dims>& value) = 0;
  // An enumerator: type "neo::kernels::BinaryOp", enumerator "kAdd".
  virtual void Enum(const std::string& name, const char* type, const char* enumerator) = 0;
};

// "kFloat32", "kInt64", ...
inline const char* EnumeratorName(ElementType t) {
  switch (t) {
    case ElementType::kFloat32: return "kFloat32";
    case ElementType::kInt64: return "kInt64";
    case ElementType::kInt32: return "kInt32";
    case ElementType::kBool: return "kBool";
    case ElementType::kUInt8: return "kUInt8";
    case ElementType::kInt8: return "kInt8";
    case ElementType::kBytes: return "kBytes";
  }
  return "";
}

inline void VisitElementType(const std::string& name, ElementType t, FieldVisitor& v) {
  v.Enum(name, "neo::ElementType", EnumeratorName(t));
}

}  // namespace neo::kernels

#endif  // NEO_KERNELS_PARAMS_FIELDS_H_

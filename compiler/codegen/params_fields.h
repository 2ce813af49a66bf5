// The builder both params_code files use to write a parameter struct as code:
// "  neo::kernels::Conv2DParams p;", one "  p.field = value;" line per field, "  return p;".
#ifndef NEO_COMPILER_CODEGEN_PARAMS_FIELDS_H_
#define NEO_COMPILER_CODEGEN_PARAMS_FIELDS_H_

#include <cstdint>
#include <sstream>
#include <string>

#include "compiler/codegen/params_code.h"

namespace neo::codegen {

class Fields {
 public:
  explicit Fields(const char* type) { out_ << "  neo::kernels::" << type << " p;\n"; }
  Fields& Int(const char* field, int64_t v) { return Raw(field, std::to_string(v)); }
  Fields& Bool(const char* field, bool v) { return Raw(field, v ? "true" : "false"); }
  Fields& Float(const char* field, float v) { return Raw(field, FloatCode(v)); }
  Fields& Dims(const char* field, const kernels::Dims& d) { return Raw(field, DimsCode(d)); }
  Fields& Raw(const std::string& field, const std::string& v) {
    out_ << "  p." << field << " = " << v << ";\n";
    return *this;
  }
  // Float32 is the default: float models' generated code stays as it was.
  Fields& TypeIfNotFloat(ElementType t) {
    if (t != ElementType::kFloat32) Raw("type", ElementTypeCode(t));
    return *this;
  }
  std::string Done() {
    out_ << "  return p;\n";
    return out_.str();
  }

 private:
  std::ostringstream out_;
};

}  // namespace neo::codegen

#endif  // NEO_COMPILER_CODEGEN_PARAMS_FIELDS_H_

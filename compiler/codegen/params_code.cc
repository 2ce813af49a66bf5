#include "compiler/codegen/params_code.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace neo::codegen {

std::string FloatCode(float v) {
  if (std::isnan(v)) return "std::numeric_limits<float>::quiet_NaN()";
  if (std::isinf(v)) {
    return v > 0 ? "std::numeric_limits<float>::infinity()"
                 : "-std::numeric_limits<float>::infinity()";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string DoubleCode(double v) {
  if (std::isnan(v)) return "std::numeric_limits<double>::quiet_NaN()";
  if (std::isinf(v)) {
    return v > 0 ? "std::numeric_limits<double>::infinity()"
                 : "-std::numeric_limits<double>::infinity()";
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string DimsCode(const kernels::Dims& d) {
  std::string s = "neo::kernels::Dims{";
  for (int i = 0; i < d.rank; ++i) s += (i ? ", " : "") + std::to_string(d.d[i]);
  return s + "}";
}

namespace {

// Writes each field as "  p.<name> = <value>;".
class FieldPrinter : public kernels::FieldVisitor {
 public:
  explicit FieldPrinter(std::ostringstream& out) : out_(out) {}
  void Int(const std::string& name, int64_t v) override { Line(name, std::to_string(v)); }
  void Float(const std::string& name, float v) override { Line(name, FloatCode(v)); }
  void Double(const std::string& name, double v) override { Line(name, DoubleCode(v)); }
  void Bool(const std::string& name, bool v) override { Line(name, v ? "true" : "false"); }
  void Shape(const std::string& name, const kernels::Dims& v) override { Line(name, DimsCode(v)); }
  void Shapes(const std::string& name, const std::vector<kernels::Dims>& v) override {
    std::string s = "{";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + DimsCode(v[i]);
    Line(name, s + "}");
  }
  void Enum(const std::string& name, const char* type, const char* enumerator) override {
    Line(name, std::string(type) + "::" + enumerator);
  }

 private:
  void Line(const std::string& name, const std::string& value) {
    out_ << "  p." << name << " = " << value << ";\n";
  }
  std::ostringstream& out_;
};

}  // namespace

std::string ParamsCode(const ir::KernelParams& params) {
  std::ostringstream out;
  out << "  neo::kernels::" << params.type_name() << " p;\n";
  FieldPrinter printer(out);
  params.Visit(printer);
  out << "  return p;\n";
  return out.str();
}

}  // namespace neo::codegen

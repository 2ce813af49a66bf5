// MXNet operator parameters, parsed strictly from the strings a symbol file holds.
//
// MXNet writes every parameter as a string: ints "3", floats "1e-05", bools "True",
// "False", "1", "0", tuples "(3, 3)" or "[3,3]" or "(3,)", and "None" for an optional
// left unset. A value that does not parse as the type the operator needs is
// OperatorAttributeValueNotValid naming the attribute and the operator; a required one
// that is missing is OperatorAttributeRequired.
#ifndef NEO_COMPILER_FRONTENDS_MXNET_ATTRIBUTES_H_
#define NEO_COMPILER_FRONTENDS_MXNET_ATTRIBUTES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/frontends/mxnet/symbol.h"

namespace neo::mx_frontend {

class MxAttributes {
 public:
  explicit MxAttributes(const MxNode& node) : node_(node) {}

  bool has(const std::string& name) const;
  // "None" counts as absent for the optional getters below: those with a default return
  // it, the Optional* ones nothing. A required Int/Float/Ints refuses "None" as not a
  // number; the required String returns it as written; Choice returns it only when it is
  // one of the choices. attributes.cc lists the accepted forms of each type.
  bool is_none(const std::string& name) const;

  int64_t Int(const std::string& name) const;  // required
  int64_t Int(const std::string& name, int64_t default_value) const;
  double Float(const std::string& name) const;
  double Float(const std::string& name, double default_value) const;
  bool Bool(const std::string& name, bool default_value) const;
  std::string String(const std::string& name) const;
  std::string String(const std::string& name, const std::string& default_value) const;
  // A string that must be one of `choices` (else OperatorAttributeValueNotValid).
  std::string Choice(const std::string& name, const std::vector<std::string>& choices,
                     const std::string& default_value) const;
  std::vector<int64_t> Ints(const std::string& name) const;
  std::vector<int64_t> Ints(const std::string& name,
                            const std::vector<int64_t>& default_value) const;
  std::vector<double> Floats(const std::string& name,
                             const std::vector<double>& default_value) const;
  // An int, or nothing when absent or "None".
  std::optional<int64_t> OptionalInt(const std::string& name) const;
  // A tuple, or nothing when absent or "None"; an int alone is a 1-tuple ("axis": "1").
  std::optional<std::vector<int64_t>> OptionalInts(const std::string& name) const;

  [[noreturn]] void NotValid(const std::string& name, const std::string& why) const;

 private:
  const std::string* Find(const std::string& name) const;
  const std::string& Require(const std::string& name) const;

  const MxNode& node_;
};

}  // namespace neo::mx_frontend

#endif  // NEO_COMPILER_FRONTENDS_MXNET_ATTRIBUTES_H_

// Strict parsing of MXNet's parameter strings. MXNet's Python front end writes str() of
// each value, and its C++ side (dmlc::Parameter) reads them with stream extraction,
// allowing spaces around a value. We accept exactly those forms:
//   int      "8", "-1" (spaces around allowed; "8.0", "8L", "0x8" are not ints)
//   float    decimal with optional exponent ("1e-05", ".5", "3"), and "inf"/"-inf", which
//            str(float("inf")) writes and a clip bound may hold; "nan" is refused (no
//            operator parameter means anything with it), as are hex floats and values
//            beyond double's range
//   bool     "True", "False", "true", "false", "1", "0"
//   tuple    "(3, 3)", "(3,)", "()", "[3, 3]", "[]", or a bare "3" (a 1-tuple)
//   "None"   an optional left unset: a getter with a default returns the default, the
//            Optional* getters nothing; for a required getter it is not a valid value
#include "compiler/frontends/mxnet/attributes.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::mx_frontend {
namespace {

std::string Trim(const std::string& s) {
  const char* ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return std::string();
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

bool ParseInt(const std::string& raw, int64_t* out) {
  const std::string s = Trim(raw);
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size()) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (s[j] < '0' || s[j] > '9') return false;
  }
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno == ERANGE || end != s.c_str() + s.size()) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// Decimal only: [+-] (digits [. [digits]] | . digits) [(e|E) [+-] digits], or [+-]inf.
bool ParseFloat(const std::string& raw, double* out) {
  const std::string s = Trim(raw);
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (s.compare(i, std::string::npos, "inf") == 0) {
    *out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  auto digits = [&]() {
    const size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - start;
  };
  size_t mantissa = digits();
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  if (i != s.size()) return false;
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  // ERANGE also flags underflow to a subnormal or zero, which is fine; overflow is not.
  if (end != s.c_str() + s.size() || std::isinf(v)) return false;
  *out = v;
  return true;
}

bool ParseBool(const std::string& raw, bool* out) {
  const std::string s = Trim(raw);
  if (s == "True" || s == "true" || s == "1") {
    *out = true;
  } else if (s == "False" || s == "false" || s == "0") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

// Splits "(a, b)", "(a,)", "[a, b]", "()" or a bare "a" into its items.
bool SplitTuple(const std::string& raw, std::vector<std::string>* items) {
  const std::string s = Trim(raw);
  items->clear();
  if (s.empty()) return false;
  const char open = s.front();
  if (open != '(' && open != '[') {
    items->push_back(s);  // a bare scalar is a 1-tuple
    return true;
  }
  if (s.back() != (open == '(' ? ')' : ']')) return false;
  const std::string inner = Trim(s.substr(1, s.size() - 2));
  if (inner.empty()) return true;
  size_t start = 0;
  while (true) {
    const size_t comma = inner.find(',', start);
    const std::string item = Trim(inner.substr(start, comma - start));
    if (comma == std::string::npos) {
      if (item.empty()) return true;  // "(3,)": the trailing comma
      items->push_back(item);
      return true;
    }
    if (item.empty()) return false;  // "(,3)", "(3,,)"
    items->push_back(item);
    start = comma + 1;
  }
}

}  // namespace

const std::string* MxAttributes::Find(const std::string& name) const {
  auto it = node_.params.find(name);
  return it == node_.params.end() ? nullptr : &it->second;
}

const std::string& MxAttributes::Require(const std::string& name) const {
  const std::string* v = Find(name);
  if (v == nullptr) throw AttributeRequiredError(name, node_.op);
  return *v;
}

void MxAttributes::NotValid(const std::string& name, const std::string& why) const {
  throw AttributeValueNotValidError(name, node_.op, why);
}

bool MxAttributes::has(const std::string& name) const { return Find(name) != nullptr; }

bool MxAttributes::is_none(const std::string& name) const {
  const std::string* v = Find(name);
  return v != nullptr && Trim(*v) == "None";
}

int64_t MxAttributes::Int(const std::string& name) const {
  const std::string& s = Require(name);
  int64_t v = 0;
  if (!ParseInt(s, &v)) NotValid(name, "is not an integer: " + PythonQuote(s));
  return v;
}

int64_t MxAttributes::Int(const std::string& name, int64_t default_value) const {
  return has(name) && !is_none(name) ? Int(name) : default_value;
}

double MxAttributes::Float(const std::string& name) const {
  const std::string& s = Require(name);
  double v = 0;
  if (!ParseFloat(s, &v)) NotValid(name, "is not a number: " + PythonQuote(s));
  return v;
}

double MxAttributes::Float(const std::string& name, double default_value) const {
  return has(name) && !is_none(name) ? Float(name) : default_value;
}

bool MxAttributes::Bool(const std::string& name, bool default_value) const {
  if (!has(name) || is_none(name)) return default_value;
  const std::string& s = *Find(name);
  bool v = false;
  if (!ParseBool(s, &v)) NotValid(name, "is not a boolean (True or False): " + PythonQuote(s));
  return v;
}

std::string MxAttributes::String(const std::string& name) const { return Require(name); }

std::string MxAttributes::String(const std::string& name,
                                 const std::string& default_value) const {
  return has(name) && !is_none(name) ? *Find(name) : default_value;
}

// "None" is a value here when the operator lists it as one (e.g. an activation "None");
// otherwise it is an unset optional, as elsewhere.
std::string MxAttributes::Choice(const std::string& name,
                                 const std::vector<std::string>& choices,
                                 const std::string& default_value) const {
  const std::string* v = Find(name);
  if (v == nullptr) return default_value;
  const std::string s = Trim(*v);
  for (const std::string& c : choices) {
    if (s == c) return c;
  }
  if (s == "None") return default_value;
  std::string listed;
  for (const std::string& c : choices) listed += (listed.empty() ? "" : ", ") + PythonQuote(c);
  NotValid(name, "is not one of " + listed + ": " + PythonQuote(*v));
}

std::vector<int64_t> MxAttributes::Ints(const std::string& name) const {
  const std::string& s = Require(name);
  std::vector<std::string> items;
  std::vector<int64_t> out;
  bool ok = SplitTuple(s, &items);
  for (size_t i = 0; ok && i < items.size(); ++i) {
    int64_t v = 0;
    ok = ParseInt(items[i], &v);
    out.push_back(v);
  }
  if (!ok) NotValid(name, "is not a tuple of integers: " + PythonQuote(s));
  return out;
}

std::vector<int64_t> MxAttributes::Ints(const std::string& name,
                                        const std::vector<int64_t>& default_value) const {
  return has(name) && !is_none(name) ? Ints(name) : default_value;
}

std::vector<double> MxAttributes::Floats(const std::string& name,
                                         const std::vector<double>& default_value) const {
  if (!has(name) || is_none(name)) return default_value;
  const std::string& s = *Find(name);
  std::vector<std::string> items;
  std::vector<double> out;
  bool ok = SplitTuple(s, &items);
  for (size_t i = 0; ok && i < items.size(); ++i) {
    double v = 0;
    ok = ParseFloat(items[i], &v);
    out.push_back(v);
  }
  if (!ok) NotValid(name, "is not a tuple of numbers: " + PythonQuote(s));
  return out;
}

std::optional<int64_t> MxAttributes::OptionalInt(const std::string& name) const {
  if (!has(name) || is_none(name)) return std::nullopt;
  return Int(name);
}

std::optional<std::vector<int64_t>> MxAttributes::OptionalInts(const std::string& name) const {
  if (!has(name) || is_none(name)) return std::nullopt;
  return Ints(name);
}

}  // namespace neo::mx_frontend

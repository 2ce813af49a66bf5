#include "compiler/codegen/cpp_names.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "compiler/diagnostics/diagnostics.h"

namespace neo::codegen {

namespace {

const std::set<std::string>& Keywords() {
  static const std::set<std::string> k = {
      "alignas", "alignof", "and", "asm", "auto", "bool", "break", "case", "catch", "char",
      "class", "const", "constexpr", "continue", "decltype", "default", "delete", "do",
      "double", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
      "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new",
      "noexcept", "not", "nullptr", "operator", "or", "private", "protected", "public",
      "register", "return", "short", "signed", "sizeof", "static", "struct", "switch",
      "template", "this", "throw", "true", "try", "typedef", "typeid", "typename", "union",
      "unsigned", "using", "virtual", "void", "volatile", "while", "xor"};
  return k;
}

}  // namespace

bool IsCppIdentifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return Keywords().count(s) == 0;
}

std::string CppClassName::Qualified() const {
  std::string q;
  for (const auto& ns : namespaces) q += ns + "::";
  return q + name;
}

CppClassName ParseCppClass(const std::string& text) {
  CppClassName out;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = text.find("::", start);
    parts.push_back(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 2;
  }
  for (const auto& p : parts) {
    if (!IsCppIdentifier(p)) {
      throw MalformedInputError("--cpp_class '" + text +
                                "' is not a C++ class name such as vision::ResNet18.");
    }
  }
  out.name = parts.back();
  parts.pop_back();
  out.namespaces = parts;
  return out;
}

std::string CamelCase(const std::string& name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "Model" + out;
  return out;
}

std::string Identifier(const std::string& name, std::vector<std::string>& taken) {
  std::string id;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    id += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "t_" + id;
  if (!IsCppIdentifier(id)) id += "_";
  std::string unique = id;
  for (int k = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++k) {
    unique = id + "_" + std::to_string(k);
  }
  taken.push_back(unique);
  return unique;
}

std::string DigestLine(const std::string& sha256) {
  return sha256.empty() ? "" : "// Model file SHA-256: " + CommentText(sha256) + "\n";
}

std::string CommentText(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      out += ' ';
    } else if (c == '\\') {
      out += '/';
    } else if (c == '/' && !out.empty() && out.back() == '*') {
      out += " /";
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string WeightsSymbol(const CppClassName& c) {
  std::string s = "neo_weights_";
  for (const auto& ns : c.namespaces) s += std::to_string(ns.size()) + ns;
  return s + std::to_string(c.name.size()) + c.name;
}

std::string StringLiteral(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace neo::codegen

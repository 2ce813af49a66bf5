#include "compiler/codegen/text_template.h"

#include <cctype>
#include <set>
#include <stdexcept>

namespace neo::codegen {

std::string FillTemplate(std::string_view text, const TemplateHoles& holes) {
  std::string out;
  out.reserve(text.size());
  std::set<std::string> used;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, open - pos));
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      throw std::logic_error("template: '{{' without '}}' at offset " + std::to_string(open));
    }
    const std::string name(text.substr(open + 2, close - open - 2));
    bool valid = !name.empty();
    for (char c : name) valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!valid) throw std::logic_error("template: bad hole name '" + name + "'");
    auto it = holes.find(name);
    if (it == holes.end()) throw std::logic_error("template: no value for hole {{" + name + "}}");
    out.append(it->second);
    used.insert(name);
    pos = close + 2;
  }
  for (const auto& [name, value] : holes) {
    if (!used.count(name)) throw std::logic_error("template: no hole {{" + name + "}} for a value");
  }
  return out;
}

}  // namespace neo::codegen

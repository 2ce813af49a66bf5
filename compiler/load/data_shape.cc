#include "compiler/load/data_shape.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/load/json_messages.h"

namespace neo {
namespace {

using Json = nlohmann::ordered_json;

const char kExample[] = "{\"data\":[1,3,224,224]}";

std::string Trim(const std::string& s) {
  const char* ws = " \t\r\n";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return std::string();
  const size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// The CLI form is the console form with every '"' written as '\"'.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '"') {
      out += '"';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Parses, reporting the first duplicated top-level key (nlohmann would keep one silently).
Json ParseJson(const std::string& text, std::string* duplicate) {
  std::set<std::string> keys;
  auto callback = [&](int depth, nlohmann::detail::parse_event_t event, Json& parsed) {
    if (depth == 1 && event == nlohmann::detail::parse_event_t::key && duplicate->empty()) {
      const std::string key = parsed.get<std::string>();
      if (!keys.insert(key).second) *duplicate = key;
    }
    return true;
  };
  return Json::parse(text, callback);
}

std::string Describe(const std::string& name, size_t index, bool list_form) {
  return list_form ? "input " + std::to_string(index) + " of the list"
                   : "input " + PythonQuote(name);
}

std::vector<int64_t> ParseDims(const Json& value, const std::string& who) {
  if (!value.is_array()) {
    throw MalformedInputError("the data shape of " + who +
                              " must be a list of dimensions such as [1,3,224,224], got " +
                              value.dump());
  }
  std::vector<int64_t> dims;
  int64_t elements = 1;
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& d = value[i];
    const std::string where = "dimension " + std::to_string(i) + " of " + who;
    if (d.is_number_unsigned()) {
      if (d.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        throw MalformedInputError(where + " is too large: " + d.dump());
      }
    } else if (!d.is_number_integer()) {
      throw MalformedInputError(where + " must be a positive integer, got " + d.dump());
    }
    const int64_t v = d.get<int64_t>();
    if (v <= 0) {
      throw MalformedInputError(where + " is " + std::to_string(v) +
                                "; dimensions must be positive");
    }
    // elements <= 2^31 before the multiply and v < 2^63, so check by division.
    if (v > kMaxInputElements / elements) {
      throw MalformedInputError(who + " has more than 2^31 elements: " + value.dump());
    }
    elements *= v;
    dims.push_back(v);
  }
  return dims;
}

}  // namespace

std::string FormatDims(const std::vector<int64_t>& dims) {
  std::string out = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(dims[i]);
  }
  return out + "]";
}

DataShape ParseDataShape(const std::string& raw, Framework fw) {
  DataShape out;
  if (fw == Framework::kXGBoost) return out;  // the spec: not needed; Neo ignores it

  const std::string text = Trim(raw);
  if (text.empty()) {
    throw MalformedInputError(std::string("a data shape is required for ") +
                              FrameworkDisplayName(fw) + " models, e.g. " + kExample);
  }
  std::string duplicate;
  Json json;
  try {
    json = ParseJson(text, &duplicate);
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double: 1e999
    throw MalformedInputError("data shape " + text + " is not valid JSON: " +
                              JsonExceptionText(e.what()));
  } catch (const nlohmann::json::parse_error& first) {
    // Not JSON as written; the CLI form becomes JSON once its \" are unescaped.
    const std::string unescaped = Unescape(text);
    if (unescaped == text) {
      throw MalformedInputError("data shape " + text + " is not valid JSON: " +
                                JsonParseErrorWhere(first.what()));
    }
    duplicate.clear();
    try {
      json = ParseJson(unescaped, &duplicate);
    } catch (const nlohmann::json::out_of_range& e) {
      throw MalformedInputError("data shape " + text + " is not valid JSON (after turning \\\" into \"): " +
                                JsonExceptionText(e.what()));
    } catch (const nlohmann::json::parse_error& second) {
      throw MalformedInputError("data shape " + text + " is not valid JSON (after turning \\\" into \"): " +
                                JsonParseErrorWhere(second.what()));
    }
  }
  if (!duplicate.empty()) {
    throw MalformedInputError("data shape names input " + PythonQuote(duplicate) +
                              " more than once");
  }

  if (json.is_array()) {
    if (fw != Framework::kPyTorch) {
      throw MalformedInputError(std::string("the list form of the data shape is only "
                                            "accepted for PyTorch models; name the ") +
                                FrameworkDisplayName(fw) + " model's inputs, e.g. " +
                                kExample);
    }
    out.list_form = true;
    for (size_t i = 0; i < json.size(); ++i) {
      if (!json[i].is_array()) {
        throw MalformedInputError(
            "each entry of the list-form data shape must be a list of dimensions, e.g. "
            "[[1,3,224,224]]; entry " + std::to_string(i) + " is " + json[i].dump());
      }
      out.inputs.push_back({"", ParseDims(json[i], Describe("", i, true))});
    }
  } else if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (it.key().empty()) {
        throw MalformedInputError("data shape has an input with an empty name");
      }
      out.inputs.push_back({it.key(), ParseDims(it.value(), Describe(it.key(), 0, false))});
    }
  } else {
    throw MalformedInputError("data shape must be a JSON dictionary such as " +
                              std::string(kExample) + ", got " + text);
  }
  // An empty dictionary is a valid shape for a model without inputs; CheckDataShape
  // names any model input it leaves out.
  return out;
}

std::vector<InputShape> CheckDataShape(const DataShape& shape,
                                       const std::vector<ModelInputSpec>& inputs) {
  std::string model_names;
  for (const ModelInputSpec& in : inputs) {
    if (!model_names.empty()) model_names += ", ";
    model_names += PythonQuote(in.name);
  }
  if (model_names.empty()) model_names = "(none)";

  // Match each model input with the user's shape for it.
  std::vector<const InputShape*> given(inputs.size(), nullptr);
  if (shape.list_form) {
    if (shape.inputs.size() != inputs.size()) {
      throw MalformedInputError("the data shape lists " + std::to_string(shape.inputs.size()) +
                                " shape(s) but the model has " + std::to_string(inputs.size()) +
                                " input(s): " + model_names);
    }
    for (size_t i = 0; i < inputs.size(); ++i) given[i] = &shape.inputs[i];
  } else {
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < inputs.size(); ++i) index.emplace(inputs[i].name, i);
    for (const InputShape& s : shape.inputs) {
      auto it = index.find(s.name);
      if (it == index.end()) {
        throw MalformedInputError("input " + PythonQuote(s.name) +
                                  " in the data shape is not an input of the model; the "
                                  "model's inputs are: " + model_names);
      }
      given[it->second] = &s;
    }
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (given[i] == nullptr) {
        throw MalformedInputError("the data shape gives no shape for model input " +
                                  PythonQuote(inputs[i].name) + "; the model's inputs are: " +
                                  model_names);
      }
    }
  }

  std::vector<InputShape> resolved;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const ModelInputSpec& model = inputs[i];
    const std::vector<int64_t>& dims = given[i]->dims;
    const std::string who = "input " + PythonQuote(model.name);
    // List-form shapes are not validated by ParseDataShape against a name, and callers
    // may build a DataShape by hand: check positivity here too.
    for (size_t d = 0; d < dims.size(); ++d) {
      if (dims[d] <= 0) {
        throw MalformedInputError("dimension " + std::to_string(d) + " of " + who + " is " +
                                  std::to_string(dims[d]) + "; dimensions must be positive");
      }
    }
    if (model.rank >= 0 && static_cast<size_t>(model.rank) != dims.size()) {
      throw MalformedInputError(who + " has rank " + std::to_string(model.rank) +
                                " in the model but the data shape gives rank " +
                                std::to_string(dims.size()) + ": " + FormatDims(dims));
    }
    if (model.rank >= 0) {
      for (size_t d = 0; d < model.dims.size() && d < dims.size(); ++d) {
        if (model.dims[d] >= 0 && model.dims[d] != dims[d]) {
          throw MalformedInputError("dimension " + std::to_string(d) + " of " + who +
                                    " is " + std::to_string(model.dims[d]) +
                                    " in the model but the data shape gives " +
                                    std::to_string(dims[d]) + ": " + FormatDims(dims));
        }
      }
    }
    int64_t elements = 1;
    for (int64_t v : dims) {
      if (v > kMaxInputElements / elements) {
        throw MalformedInputError(who + " has more than 2^31 elements: " + FormatDims(dims));
      }
      elements *= v;
    }
    resolved.push_back({model.name, dims});
  }
  return resolved;
}

}  // namespace neo

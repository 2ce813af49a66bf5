#include "compiler/frontends/onnx/conformance_suite.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <dirent.h>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/onnx_import.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/tensor_proto.h"
#include "compiler/ir/evaluate.h"
#include "compiler/ir/testing/interpreter.h"
#include "compiler/load/data_shape.h"
#include "gtest/gtest.h"
#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {
namespace {

constexpr char kNodeTests[] = "/usr/share/libonnx-testdata/data/node";

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

std::vector<std::string> Cases() {
  std::vector<std::string> names;
  if (DIR* d = opendir(kNodeTests)) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind("test_", 0) == 0) names.push_back(n);
    }
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Every operator in the table, subgraphs (If's branches, Scan's body) included.
bool AllInTable(const onnx::GraphProto& g, const std::set<std::string>& table) {
  for (const auto& n : g.node()) {
    if (!(n.domain().empty() || n.domain() == "ai.onnx") || !table.count(n.op_type())) return false;
    for (const auto& a : n.attribute()) {
      if (a.has_g() && !AllInTable(a.g(), table)) return false;
      for (const auto& sub : a.graphs()) {
        if (!AllInTable(sub, table)) return false;
      }
    }
  }
  return true;
}

bool InScope(const onnx::ModelProto& m) {
  std::set<std::string> table;
  for (const auto& op : OnnxOperatorTable()) table.insert(op.name);
  return m.graph().node_size() != 0 && AllInTable(m.graph(), table);
}

struct Exclusion {
  std::string error_class;
  std::string reason;
};

std::map<std::string, Exclusion> Exclusions() {
  std::map<std::string, Exclusion> out;
  std::ifstream f("compiler/frontends/onnx/conformance_exclusions.txt");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream s(line);
    std::string name, cls, reason;
    std::getline(s, name, '\t');
    std::getline(s, cls, '\t');
    std::getline(s, reason);
    out[name] = {cls, reason};
  }
  return out;
}

std::string ClassName(ErrorClass c) {
  switch (c) {
    case ErrorClass::kOperatorNotImplemented: return "OperatorNotImplemented";
    case ErrorClass::kOperatorAttributeNotImplemented: return "OperatorAttributeNotImplemented";
    case ErrorClass::kOperatorAttributeRequired: return "OperatorAttributeRequired";
    case ErrorClass::kOperatorAttributeValueNotValid: return "OperatorAttributeValueNotValid";
    case ErrorClass::kMalformedInput: return "MalformedInput";
    default: return "Other";
  }
}

ir::testing::Tensor ReadTensor(const std::string& path) {
  onnx::TensorProto t;
  if (!t.ParseFromString(ReadFile(path))) throw std::runtime_error("cannot parse " + path);
  ir::Value v = ValueFromTensorProto(t);
  return {v.shape, ir::FloatsOf(v)};
}

// conformance_constant_inputs.txt: op_type -> input positions compiled as constants.
std::map<std::string, std::set<int>> ConstantInputs() {
  std::map<std::string, std::set<int>> out;
  std::ifstream f("compiler/frontends/onnx/conformance_constant_inputs.txt");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream s(line);
    std::string op, list, k;
    std::getline(s, op, '\t');
    std::getline(s, list);
    std::stringstream l(list);
    while (std::getline(l, k, ',')) out[op].insert(std::stoi(k));
  }
  return out;
}

// Moves the graph inputs listed in conformance_constant_inputs.txt into initializers
// holding the test's values for them.
std::string BakeConstantInputs(const std::string& dir, const std::string& model_bytes) {
  static const auto table = ConstantInputs();
  onnx::ModelProto m;
  m.ParseFromString(model_bytes);
  std::set<std::string> init, bake;
  for (const auto& t : m.graph().initializer()) init.insert(t.name());
  for (const auto& n : m.graph().node()) {
    auto it = table.find(n.op_type());
    if (it == table.end()) continue;
    for (int i : it->second) {
      if (i < n.input_size() && !n.input(i).empty()) bake.insert(n.input(i));
    }
  }
  auto* inputs = m.mutable_graph()->mutable_input();
  int data_index = 0;
  for (int i = 0; i < inputs->size();) {
    const std::string name = inputs->Get(i).name();
    if (init.count(name)) {
      ++i;
      continue;
    }
    if (bake.count(name)) {
      onnx::TensorProto t;
      t.ParseFromString(ReadFile(dir + "/test_data_set_0/input_" + std::to_string(data_index) + ".pb"));
      t.set_name(name);
      *m.mutable_graph()->add_initializer() = t;
      inputs->DeleteSubrange(i, 1);
    } else {
      ++i;
    }
    ++data_index;
  }
  return m.SerializeAsString();
}

// Lowers and runs one case; returns "" on a match, else what went wrong.
std::string RunCase(const std::string& dir, const std::string& original_bytes,
                    const GraphTransform& transform) {
  const std::string model_bytes = BakeConstantInputs(dir, original_bytes);
  auto model = ParseOnnxModel(model_bytes, "model.onnx");
  // Feeds: the test's inputs that stayed graph inputs, in order.
  onnx::ModelProto original;
  original.ParseFromString(original_bytes);
  std::set<std::string> init;
  for (const auto& t : original.graph().initializer()) init.insert(t.name());
  std::map<std::string, int> data_index;
  for (const auto& vi : original.graph().input()) {
    if (!init.count(vi.name())) data_index.emplace(vi.name(), static_cast<int>(data_index.size()));
  }
  const std::vector<OnnxInput> inputs = OnnxModelInputs(*model);
  const std::string data = dir + "/test_data_set_0/";
  std::vector<ir::testing::Tensor> feeds;
  std::vector<ir::Shape> shapes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    feeds.push_back(ReadTensor(data + "input_" + std::to_string(data_index.at(inputs[i].name)) + ".pb"));
    shapes.push_back(feeds.back().shape);
  }
  // The shapes go through neoc's own data_shape check (which refuses zero-size inputs).
  DataShape given;
  given.list_form = true;
  std::vector<ModelInputSpec> specs;
  for (size_t i = 0; i < inputs.size(); ++i) {
    given.inputs.push_back({inputs[i].name, shapes[i]});
    specs.push_back({inputs[i].name, inputs[i].has_rank ? static_cast<int>(inputs[i].dims.size()) : -1,
                     inputs[i].dims});
  }
  CheckDataShape(given, specs);
  ir::Graph g = LowerOnnxModel(*model, shapes);
  if (transform) transform(g);
  std::vector<ir::testing::Tensor> got = ir::testing::Interpret(g, feeds);
  for (size_t i = 0; i < got.size(); ++i) {
    const std::string path = data + "output_" + std::to_string(i) + ".pb";
    if (!Exists(path)) return "missing " + path;
    ir::testing::Tensor want = ReadTensor(path);
    if (want.shape != got[i].shape) {
      return "output " + std::to_string(i) + " shape " + ir::ShapeToString(got[i].shape) +
             ", expected " + ir::ShapeToString(want.shape);
    }
    for (size_t k = 0; k < want.data.size(); ++k) {
      const double a = got[i].data[k], b = want.data[k];
      const bool both_nan = std::isnan(a) && std::isnan(b);
      if (!both_nan && !(std::fabs(a - b) <= 1e-7 + 1e-3 * std::fabs(b))) {
        return "output " + std::to_string(i) + "[" + std::to_string(k) + "] = " +
               std::to_string(a) + ", expected " + std::to_string(b);
      }
    }
  }
  return "";
}

}  // namespace

void ExpectNodeTestsConform(const GraphTransform& transform) {
  const auto exclusions = Exclusions();
  ASSERT_FALSE(exclusions.empty()) << "conformance_exclusions.txt not found or empty";
  int in_scope = 0, passed = 0, excluded = 0;
  std::set<std::string> seen, out_of_scope;
  std::vector<std::string> failures;
  for (const std::string& name : Cases()) {
    const std::string dir = std::string(kNodeTests) + "/" + name;
    const std::string bytes = ReadFile(dir + "/model.onnx");
    onnx::ModelProto m;
    if (bytes.empty() || !m.ParseFromString(bytes)) continue;
    if (!InScope(m)) {
      out_of_scope.insert(name);
      continue;
    }
    ++in_scope;
    seen.insert(name);
    if (std::getenv("NEO_CONFORMANCE_VERBOSE")) std::cerr << name << "\n";
    auto ex = exclusions.find(name);
    std::string result;
    try {
      result = RunCase(dir, bytes, transform);
      if (ex != exclusions.end()) result = "listed as excluded but compiled and matched";
    } catch (const NeoError& e) {
      if (ex != exclusions.end() && ClassName(e.error_class()) == ex->second.error_class) {
        ++excluded;
        continue;
      }
      result = std::string("NeoError: ") + e.what();
    } catch (const std::exception& e) {
      result = std::string("exception: ") + e.what();
    }
    if (result.empty()) {
      ++passed;
    } else {
      failures.push_back(name + ": " + result);
    }
  }
  for (const auto& [name, ex] : exclusions) {
    // pytorch_converted_* / pytorch_operator_* entries belong to the other ONNX suites,
    // which testdata/onnx_node runs end to end; so do the entries of node tests outside
    // the table whose first error is not OperatorNotImplemented (a zero-size input).
    if (name.rfind("pytorch_", 0) == 0 || out_of_scope.count(name)) continue;
    if (!seen.count(name)) failures.push_back(name + ": listed but not a node test");
  }
  std::cout << "conformance: " << in_scope << " in scope, " << passed << " pass, " << excluded
            << " excluded (fail as listed), " << failures.size() << " failures\n";
  std::string all;
  for (const auto& f : failures) all += "  " + f + "\n";
  EXPECT_TRUE(failures.empty()) << all;
}

}  // namespace neo::onnx_frontend

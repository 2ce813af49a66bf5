// neoc --graph: the compiled model as a Graphviz drawing (dot -Tsvg renders it).
//
// Nodes are the compiled steps, labelled with their member name, kernel, backend and
// source node; edges are the tensors between them with dtype, shape and arena offset.
// What the passes folded or fused away is grouped in a box of its own, one line per pass.
// Given a profile (a benchmark's --profile lines), each node is coloured by its share of
// the run time, from white to red, and says the share.
#ifndef NEO_COMPILER_REPORT_GRAPH_DOT_H_
#define NEO_COMPILER_REPORT_GRAPH_DOT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "compiler/report/compile_report.h"

namespace neo::report {

struct DotValue {
  enum class Kind { kInput, kConstant, kTensor };
  std::string name;
  std::string type;     // "float32 [1,3,224,224]"
  Kind kind = Kind::kTensor;
  int64_t offset = -1;  // in the arena; -1 where it has none (a view, a graph input)
  bool graph_output = false;
};

struct DotNode {
  NodeLine line;
  std::vector<int> inputs, outputs;  // indices into DotGraph::values
};

struct DotGraph {
  std::string title;
  std::vector<DotValue> values;
  std::vector<DotNode> nodes;
  std::vector<PassChange> passes;
};

// Reads a benchmark's profile ("  0.123 ms  34.5%  <step name>[  runs <kernel>]" lines,
// as neo_model_benchmark --profile prints them): step name -> share of the run in [0, 1].
// Other lines are ignored. A node takes the share of the step named after its member
// ("op3_conv2d") or of the step the generated code names "<kernel> [...] <node name>".
std::map<std::string, double> ParseProfile(const std::string& text);

std::string GraphDot(const DotGraph& graph, const std::map<std::string, double>& profile);

}  // namespace neo::report

#endif  // NEO_COMPILER_REPORT_GRAPH_DOT_H_

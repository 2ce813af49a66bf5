// An MXNet symbol file (`*-symbol.json`) as every MXNet version wrote it, read into one
// form the lowering walks.
//
//   1.x      {"nodes": [...], "arg_nodes": [...], "node_row_ptr": [...], "heads": [...],
//             "attrs": {"mxnet_version": ["int", 10500]}}; a node's parameters under
//             "attrs" (0.9-0.12 wrote "attr"); inputs and heads as [node, index, version].
//   pre-1.0  a node's parameters under "param" and its annotations under "attr", a
//             "backward_source_id" per node; inputs and heads as [node, index].
//
// Every value is kept as the string MXNet wrote ("(3, 3)", "True", "1e-05", "None");
// attributes.h parses them strictly when an operator asks.
#ifndef NEO_COMPILER_FRONTENDS_MXNET_SYMBOL_H_
#define NEO_COMPILER_FRONTENDS_MXNET_SYMBOL_H_

#include <map>
#include <string>
#include <vector>

namespace neo::mx_frontend {

// Output `index` of node `node` (an index into MxSymbol::nodes).
struct MxEntry {
  int node = 0;
  int index = 0;
};

struct MxNode {
  std::string op;    // "null" for a variable: an input, a parameter or an auxiliary state
  std::string name;
  // The operator's parameters: every key of "attrs"/"attr"/"param" that is not a
  // double-underscore annotation.
  std::map<std::string, std::string> params;
  // Annotations such as "__shape__", "__dtype__", "__lr_mult__" (from any of the three).
  // MXNet 0.8 wrote its hidden keys bare; as MXNet's own upgrader does, "ctx_group",
  // "lr_mult", "wd_mult", "force_mirroring" and "mirror_stage" become "__ctx_group__" and
  // so on, and "<input>_lr_mult"-style keys are kept here as written.
  std::map<std::string, std::string> annotations;
  std::vector<MxEntry> inputs;
};

struct MxSymbol {
  // MXNet writes nodes in topological order; ParseMxSymbol checks that every input
  // refers to an earlier node.
  std::vector<MxNode> nodes;
  std::vector<int> arg_nodes;  // indices of the "null" nodes, as the file lists them
  std::vector<MxEntry> heads;  // the outputs
  // 10500 for MXNet 1.5.0, from "attrs": {"mxnet_version": ["int", 10500]}; 0 when the
  // file does not say (pre-1.0 files never do).
  int mxnet_version = 0;
};

// Parses a symbol file. Throws NeoError "Malformed input error: ..." naming `file_name`
// (and the node or field) when it is not JSON or not a symbol: missing "nodes"/"heads"/
// "arg_nodes" (MXNet requires all three), an input or head that names a later or missing
// node, a negative output index, a node without "op", "name" or "inputs", a value that is
// not a string, a key given two different values, an arg_nodes entry that is not a
// variable, two nodes of one name, a key written twice in one JSON object, nesting
// deeper than 32 levels. Output indices are not checked against "node_row_ptr" (the lowering knows
// each operator's outputs).
MxSymbol ParseMxSymbol(const std::string& json, const std::string& file_name);

}  // namespace neo::mx_frontend

#endif  // NEO_COMPILER_FRONTENDS_MXNET_SYMBOL_H_

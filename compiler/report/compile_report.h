// A compile report: what neoc made of a model, for people (text) and tools (JSON).
//
// Plain data filled by the driver; this package knows neither the IR nor codegen. The
// report files neoc writes beside the generated code (--write_report; the rule's
// neo_report output group) leave out the phase times, so they are as deterministic as
// the code; `neoc --report` prints the times too.
#ifndef NEO_COMPILER_REPORT_COMPILE_REPORT_H_
#define NEO_COMPILER_REPORT_COMPILE_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace neo::report {

struct PassChange {
  std::string pass;
  std::map<std::string, int> change;  // op -> nodes added (negative: removed)
};

struct NodeLine {
  std::string member, op, name, kernel, backend;
  int64_t macs = 0;
};

struct CompileReport {
  std::string model;      // the model file's name
  std::string framework;  // as --framework names it
  std::string target;
  std::string sha256;     // the model file's digest
  // Operators as the frontend produced them, before any pass, by kind.
  std::map<std::string, int> frontend_ops;
  std::vector<PassChange> passes;  // only the passes that changed something
  std::vector<NodeLine> nodes;     // the compiled nodes, in run order
  size_t weight_bytes = 0;
  size_t arena_bytes = 0;
  // A tree ensemble instead of a graph: its summary line (trees, objective, shards).
  std::string trees;
  // Wall time per phase in milliseconds, in order: load, frontend, passes, ...
  std::vector<std::pair<std::string, double>> phase_ms;
};

// Multiply-accumulates of all nodes.
int64_t TotalMacs(const CompileReport& r);

// Human-readable. The node lines read "<member>  <kernel>  [<backend>]  <name>", as the
// generated class's members are named, with the MACs of those that count them.
std::string ReportText(const CompileReport& r, bool with_times);

// One JSON object: model, framework, target, sha256, frontend_ops, passes
// [{pass, change}], nodes [{member, op, name, kernel, backend, macs}], totals {macs,
// flops, weight_bytes, arena_bytes}, trees, and phase_ms when `with_times`.
std::string ReportJson(const CompileReport& r, bool with_times);

}  // namespace neo::report

#endif  // NEO_COMPILER_REPORT_COMPILE_REPORT_H_

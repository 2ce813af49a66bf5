#include "compiler/report/compile_report.h"

#include <cstdio>
#include <sstream>

#include "nlohmann/json.hpp"

namespace neo::report {

namespace {

// "1.82 G", "118 M", "640 k", "12 ": three significant figures and a unit prefix.
std::string Scaled(double v) {
  const char* units[] = {" ", " k", " M", " G", " T"};
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), v >= 100 || u == 0 ? "%.0f%s" : v >= 10 ? "%.1f%s" : "%.2f%s",
                v, units[u]);
  return buf;
}

std::string Counts(const std::map<std::string, int>& ops, bool signed_counts) {
  std::string out;
  for (const auto& [op, n] : ops) {
    if (!out.empty()) out += ", ";
    out += op + " " + (signed_counts && n > 0 ? "+" : "") + std::to_string(n);
  }
  return out;
}

}  // namespace

int64_t TotalMacs(const CompileReport& r) {
  int64_t total = 0;
  for (const NodeLine& n : r.nodes) total += n.macs;
  return total;
}

std::string ReportText(const CompileReport& r, bool with_times) {
  std::ostringstream out;
  out << "model " << r.model << " (" << r.framework << "), target " << r.target << "\n";
  if (!r.sha256.empty()) out << "sha256 " << r.sha256 << "\n";
  if (!r.trees.empty()) out << r.trees << "\n";
  if (!r.frontend_ops.empty()) {
    int total = 0;
    for (const auto& [op, n] : r.frontend_ops) total += n;
    out << "from the frontend: " << total << " nodes: " << Counts(r.frontend_ops, false) << "\n";
  }
  if (!r.passes.empty()) {
    out << "passes that changed the graph:\n";
    for (const PassChange& p : r.passes) out << "  " << p.pass << ": " << Counts(p.change, true) << "\n";
  }
  if (!r.nodes.empty()) out << "compiled nodes: " << r.nodes.size() << "\n";
  for (const NodeLine& n : r.nodes) {
    out << n.member << "  " << n.kernel;
    if (!n.backend.empty()) out << "  [" << n.backend << "]";
    out << "  " << n.name;
    if (n.macs > 0) out << "  (" << Scaled(static_cast<double>(n.macs)) << "MAC)";
    out << "\n";
  }
  const int64_t macs = TotalMacs(r);
  if (macs > 0) out << "total " << Scaled(2.0 * static_cast<double>(macs)) << "FLOP per run\n";
  out << "arena " << r.arena_bytes << " bytes, weights " << r.weight_bytes << " bytes\n";
  if (with_times && !r.phase_ms.empty()) {
    out << "phases:";
    for (size_t i = 0; i < r.phase_ms.size(); ++i) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%s %s %.1f ms", i ? "," : "", r.phase_ms[i].first.c_str(),
                    r.phase_ms[i].second);
      out << buf;
    }
    out << "\n";
  }
  return out.str();
}

std::string ReportJson(const CompileReport& r, bool with_times) {
  nlohmann::ordered_json j;
  j["model"] = r.model;
  j["framework"] = r.framework;
  j["target"] = r.target;
  j["sha256"] = r.sha256;
  j["frontend_ops"] = r.frontend_ops;
  j["passes"] = nlohmann::ordered_json::array();
  for (const PassChange& p : r.passes) j["passes"].push_back({{"pass", p.pass}, {"change", p.change}});
  j["nodes"] = nlohmann::ordered_json::array();
  for (const NodeLine& n : r.nodes) {
    j["nodes"].push_back({{"member", n.member},
                          {"op", n.op},
                          {"name", n.name},
                          {"kernel", n.kernel},
                          {"backend", n.backend},
                          {"macs", n.macs}});
  }
  const int64_t macs = TotalMacs(r);
  j["totals"] = {{"macs", macs},
                 {"flops", 2 * macs},
                 {"weight_bytes", r.weight_bytes},
                 {"arena_bytes", r.arena_bytes}};
  j["trees"] = r.trees;
  if (with_times) {
    nlohmann::ordered_json phases = nlohmann::ordered_json::object();
    for (const auto& [phase, ms] : r.phase_ms) phases[phase] = ms;
    j["phase_ms"] = phases;
  }
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace neo::report

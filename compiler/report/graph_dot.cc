#include "compiler/report/graph_dot.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace neo::report {

namespace {

// A DOT string's contents: quotes and backslashes escaped, control characters dropped, a
// line break as DOT's centred "\n".
std::string Escape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c >= 0x20 && c != 0x7f) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Shorten(const std::string& s, size_t max = 60) {
  return s.size() <= max ? s : s.substr(0, max - 3) + "...";
}

// White at no time, saturated red at the largest share.
std::string Colour(double share, double largest) {
  const double s = largest > 0 ? std::min(1.0, share / largest) : 0;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "0.000 %.3f 1.000", s);
  return buf;
}

// A node's share: its step's name is the member, or reads "<kernel> [...] <node name>"
// as generated code names steps.
const double* ShareOf(const NodeLine& n, const std::map<std::string, double>& profile) {
  for (const auto& [step, share] : profile) {
    if (step == n.member) return &share;
    if (step.size() > n.kernel.size() + n.name.size() && step.rfind(n.kernel + " [", 0) == 0 &&
        step.compare(step.size() - n.name.size() - 1, std::string::npos, " " + n.name) == 0) {
      return &share;
    }
  }
  return nullptr;
}

}  // namespace

constexpr char kRunsMarker[] = "  runs ";

std::map<std::string, double> ParseProfile(const std::string& text) {
  std::map<std::string, double> shares;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    double ms = 0, percent = 0;
    int name_at = 0;
    if (std::sscanf(line.c_str(), " %lf ms %lf%% %n", &ms, &percent, &name_at) == 2 &&
        name_at > 0 && static_cast<size_t>(name_at) < line.size()) {
      std::string step = line.substr(static_cast<size_t>(name_at));
      // The kernel that ran, which the profile appends, is not part of the step's name.
      const size_t ran = step.rfind(kRunsMarker);
      if (ran != std::string::npos) step.resize(ran);
      shares[step] = percent / 100.0;
    }
  }
  return shares;
}

std::string GraphDot(const DotGraph& g, const std::map<std::string, double>& profile) {
  std::ostringstream out;
  out << "digraph \"" << Escape(g.title) << "\" {\n"
      << "  rankdir=TB;\n"
      << "  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=Helvetica, "
         "fontsize=10];\n"
      << "  edge [fontname=Helvetica, fontsize=8];\n";
  double largest = 0;
  for (const auto& [step, share] : profile) largest = std::max(largest, share);

  std::vector<int> producer(g.values.size(), -1);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    for (int v : g.nodes[i].outputs) producer[static_cast<size_t>(v)] = static_cast<int>(i);
  }
  for (size_t v = 0; v < g.values.size(); ++v) {
    const DotValue& value = g.values[v];
    if (value.kind == DotValue::Kind::kInput) {
      out << "  v" << v << " [shape=ellipse, label=\"input " << Escape(Shorten(value.name))
          << "\\n" << Escape(value.type) << "\"];\n";
    }
    if (value.graph_output) {
      out << "  out" << v << " [shape=ellipse, label=\"output " << Escape(Shorten(value.name))
          << "\\n" << Escape(value.type) << "\"];\n";
    }
  }
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const NodeLine& n = g.nodes[i].line;
    int weights = 0;
    for (int v : g.nodes[i].inputs) {
      if (g.values[static_cast<size_t>(v)].kind == DotValue::Kind::kConstant) ++weights;
    }
    out << "  n" << i << " [label=\"" << Escape(n.member) << "\\n" << Escape(Shorten(n.kernel));
    if (!n.backend.empty()) out << "\\n[" << Escape(n.backend) << "]";
    if (weights > 0) out << " " << weights << (weights == 1 ? " weight tensor" : " weight tensors");
    out << "\\n" << Escape(Shorten(n.name));
    if (const double* p = ShareOf(n, profile)) {
      char share[32];
      std::snprintf(share, sizeof(share), "%.1f%%", 100 * *p);
      out << "\\n" << share << " of the run\", fillcolor=\"" << Colour(*p, largest) << "\"";
    } else {
      out << "\"";
    }
    if (n.backend.empty()) out << ", style=\"rounded,dashed\"";
    out << "];\n";
  }
  // A tensor's edge: its name, type and where it lives.
  auto edge_label = [&](const DotValue& v) {
    std::string label = Shorten(v.name, 40) + "\n" + v.type;
    if (v.offset >= 0) label += "\narena @" + std::to_string(v.offset);
    return Escape(label);
  };
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    for (int v : g.nodes[i].inputs) {
      const DotValue& value = g.values[static_cast<size_t>(v)];
      if (value.kind == DotValue::Kind::kConstant) continue;
      const int from = producer[static_cast<size_t>(v)];
      if (from >= 0) {
        out << "  n" << from << " -> n" << i << " [label=\"" << edge_label(value) << "\"];\n";
      } else if (value.kind == DotValue::Kind::kInput) {
        out << "  v" << v << " -> n" << i << ";\n";
      }
    }
  }
  for (size_t v = 0; v < g.values.size(); ++v) {
    if (!g.values[v].graph_output) continue;
    const int from = producer[v];
    if (from >= 0) {
      out << "  n" << from << " -> out" << v << " [label=\"" << edge_label(g.values[v]) << "\"];\n";
    } else if (g.values[v].kind == DotValue::Kind::kInput) {
      out << "  v" << v << " -> out" << v << ";\n";
    }
  }
  if (!g.passes.empty()) {
    out << "  subgraph cluster_passes {\n"
        << "    label=\"folded, fused and rewritten by the passes\"; style=dashed; "
           "fontname=Helvetica; fontsize=10;\n";
    for (size_t i = 0; i < g.passes.size(); ++i) {
      std::string text = g.passes[i].pass;
      for (const auto& [op, n] : g.passes[i].change) {
        text += "\n" + op + " " + (n > 0 ? "+" : "") + std::to_string(n);
      }
      out << "    pass" << i << " [shape=note, label=\"" << Escape(text) << "\"];\n";
    }
    for (size_t i = 1; i < g.passes.size(); ++i) {
      out << "    pass" << i - 1 << " -> pass" << i << " [style=invis];\n";
    }
    out << "  }\n";
  }
  out << "}\n";
  return out.str();
}

}  // namespace neo::report

// Slice and Split -> Slice. Slice takes starts/ends/axes as attributes before opset 10
// and as (constant) inputs with optional steps from opset 10. Split takes `split` as an
// attribute before opset 13 and as an optional input from 13; each output is one Slice.
#include <algorithm>
#include <limits>
#include <set>

#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

// numpy's clamping of one dimension's (start, end) for `step`.
void ClampRange(int64_t dim, int64_t step, int64_t* start, int64_t* end) {
  if (*start < 0) *start += dim;
  if (*end < 0) *end += dim;
  if (step > 0) {
    *start = std::clamp<int64_t>(*start, 0, dim);
    *end = std::clamp<int64_t>(*end, 0, dim);
  } else {
    *start = std::clamp<int64_t>(*start, 0, dim - 1);
    *end = std::clamp<int64_t>(*end, -1, dim - 1);
  }
}

void EmitSlice(NodeLowering& n, ir::ValueId x, ir::ValueId out, const std::vector<int64_t>& starts,
               const std::vector<int64_t>& ends, const std::vector<int64_t>& steps) {
  ir::Node& node = n.Emit(ir::op::kSlice, {x}, {out});
  node.attrs.set("starts", starts);
  node.attrs.set("ends", ends);
  node.attrs.set("steps", steps);
  n.graph().value(out).dtype = n.graph().value(x).dtype;
}

}  // namespace

void LowerSlice(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> starts, ends, axes, steps;
  if (n.opset() < 10) {
    starts = n.IntsAttr("starts");
    ends = n.IntsAttr("ends");
    axes = n.IntsAttr("axes", {});
  } else {
    if (!n.has_input(1)) n.NotValid("starts", "must be given");
    if (!n.has_input(2)) n.NotValid("ends", "must be given");
    starts = n.ConstantInts(1, "starts");
    ends = n.ConstantInts(2, "ends");
    if (n.has_input(3)) axes = n.ConstantInts(3, "axes");
    if (n.has_input(4)) steps = n.ConstantInts(4, "steps");
  }
  if (ends.size() != starts.size()) n.NotValid("ends", "must have as many entries as starts");
  if (axes.empty()) {
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  }
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (axes.size() != starts.size()) n.NotValid("axes", "must have as many entries as starts");
  if (steps.size() != starts.size()) n.NotValid("steps", "must have as many entries as starts");

  std::vector<int64_t> all_starts(static_cast<size_t>(rank), 0), all_ends(in.begin(), in.end()),
      all_steps(static_cast<size_t>(rank), 1);
  std::set<int64_t> seen;
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t a = NormalizeAxis(n, "axes", axes[i], rank);
    if (!seen.insert(a).second) n.NotValid("axes", "repeats an axis");
    if (steps[i] == 0) n.NotValid("steps", "cannot be 0");
    int64_t s = starts[i], e = ends[i];
    ClampRange(in[a], steps[i], &s, &e);
    all_starts[a] = s;
    all_ends[a] = e;
    all_steps[a] = steps[i];
  }
  EmitSlice(n, n.input(0), n.output(0), all_starts, all_ends, all_steps);
}

void LowerSplit(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(in.size());
  const int64_t axis = NormalizeAxis(n, "axis", n.IntAttr("axis", 0), rank);
  std::vector<int64_t> split;
  if (n.opset() < 2 && n.has_input(1)) {
    split = n.ConstantInts(1, "split");  // opset 1 also took the sizes as an input
  } else if (n.opset() < 13) {
    split = n.IntsAttr("split", {});
  } else if (n.has_input(1)) {
    split = n.ConstantInts(1, "split");
  }
  const int64_t outputs = n.num_outputs();
  if (split.empty()) {
    if (in[axis] % outputs != 0) {
      n.NotValid("axis", "names a dimension that the " + std::to_string(outputs) +
                             " outputs do not divide evenly");
    }
    split.assign(static_cast<size_t>(outputs), in[axis] / outputs);
  }
  if (static_cast<int64_t>(split.size()) != outputs) {
    n.NotValid("split", "must have one entry per output");
  }
  int64_t total = 0;
  for (int64_t s : split) {
    if (s < 0) n.NotValid("split", "cannot be negative");
    total += s;
  }
  if (total != in[axis]) n.NotValid("split", "must add up to the split dimension");
  std::vector<int64_t> starts(static_cast<size_t>(rank), 0), ends(in.begin(), in.end()),
      steps(static_cast<size_t>(rank), 1);
  int64_t offset = 0;
  for (int64_t i = 0; i < outputs; ++i) {
    starts[axis] = offset;
    ends[axis] = offset + split[i];
    offset += split[i];
    if (n.node().output(static_cast<int>(i)).empty()) continue;
    EmitSlice(n, n.input(0), n.output(static_cast<int>(i)), starts, ends, steps);
  }
}

}  // namespace neo::onnx_frontend

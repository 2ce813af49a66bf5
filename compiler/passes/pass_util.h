// Small helpers every pass shares: operator families, layout axes, shape arithmetic,
// constant access and node removal. Kept here so each pass file holds only its rewrite.
#ifndef NEO_COMPILER_PASSES_PASS_UTIL_H_
#define NEO_COMPILER_PASSES_PASS_UTIL_H_

#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::passes {

// One input, same shape out: Relu, Sigmoid, Clamp, ... (not PRelu, which has a slope).
bool IsUnaryOp(const std::string& op);
// Two inputs with numpy broadcasting: Add ... Minimum and PRelu.
bool IsBinaryOp(const std::string& op);
// MaxPool2D, AveragePool2D, GlobalAveragePool, GlobalMaxPool.
bool IsPoolOp(const std::string& op);
// Operators that carry a `layout` attribute and run NHWC after the layout pass:
// Conv2D, ConvTranspose2D, the pools, BatchNorm and LRN.
bool IsSpatialOp(const std::string& op);

// "NHWC" when the node says so, otherwise the frontends' "NCHW".
bool IsNHWC(const ir::Node& node);
// Axes of a rank-4 tensor stored in the node's layout.
struct LayoutAxes {
  int n, c, h, w;
};
LayoutAxes AxesOf(bool nhwc);

// "Conv2D node 'conv1'" (or "Conv2D node #3" when the frontend left it unnamed), for
// messages that must say where a problem is.
std::string Describe(const ir::Node& node, size_t index);

// out[i] = in[perm[i]], the shape a Transpose with `perm` produces.
ir::Shape PermuteShape(const ir::Shape& in, const std::vector<int64_t>& perm);
// Row-major element strides.
std::vector<int64_t> StridesOf(const ir::Shape& shape);
// numpy broadcasting; false when the shapes are incompatible.
bool BroadcastShapes(const ir::Shape& a, const ir::Shape& b, ir::Shape* out);

// Any numeric constant's elements as floats (int64 shapes, float weights).
std::vector<float> FloatsOf(const ir::Value& v);
// Float bytes for Graph::AddConstant.
std::vector<uint8_t> FloatBytes(const std::vector<float>& v);

// Elements a Slice takes along one dimension (start, end, step resolved as in ops.h).
int64_t SliceLength(int64_t start, int64_t end, int64_t step);
// The dtype a name from ir::DTypeName stands for; false for an unknown name.
bool DTypeFromName(const std::string& name, ir::DType* dtype);

bool IsGraphInput(const ir::Graph& g, ir::ValueId v);
bool IsGraphOutput(const ir::Graph& g, ir::ValueId v);

// Drops nodes flagged in `remove`, keeping the order of the others.
void EraseNodes(ir::Graph& g, const std::vector<bool>& remove);

// Makes node `index` (one input, one output, an identity on the data: Identity, a
// cancelled Transpose pair) unnecessary by letting readers of its output read its input
// instead. When the output is a graph output (its name is the user's), the input's
// producer writes the output directly instead, if nothing else reads that input.
// Returns false (and changes nothing) when neither is possible; the node then stays.
bool BypassNode(ir::Graph& g, size_t index);

// Sets act_min/act_max on `node` to the intersection of its current bounds and
// [lo, hi]. Returns false (unchanged) if the intersection would be empty, because a
// clamp of a clamp with disjoint ranges is not one clamp.
bool IntersectActivation(ir::Node& node, double lo, double hi);

}  // namespace neo::passes

#endif  // NEO_COMPILER_PASSES_PASS_UTIL_H_

// The definition of an IR operator: the one place that says what it takes, what it
// computes and how it runs. Every operator family has its entries in ops/<family>.cc;
// op_registry.h finds them. Shape inference, the layout pass, activation fusion, the
// memory plan, constant folding, the test interpreter and codegen all read these
// entries instead of testing operator names.
#ifndef NEO_COMPILER_IR_OP_DEF_H_
#define NEO_COMPILER_IR_OP_DEF_H_

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ir/graph.h"
#include "compiler/ir/kernel_call.h"
#include "kernels/activation.h"
#include "kernels/dims.h"

namespace neo::ir {

enum class AttrType { kInt, kFloat, kString, kInts, kFloats };

// One attribute of an operator: its type, whether it is required or its default, and the
// values it may take. Built in the entries as e.g.
//   IntsAttr("strides").Size(2).Min(1).Default(std::vector<int64_t>{1, 1})
struct AttrSpec {
  std::string name;
  AttrType type;
  bool required = true;
  std::optional<AttrValue> default_value;
  double min = -std::numeric_limits<double>::infinity();  // numbers, and list elements
  double max = std::numeric_limits<double>::infinity();
  int size = -1;                     // lists: exactly this many elements (-1: any)
  std::vector<std::string> choices;  // strings: one of these (empty: any)

  AttrSpec& Default(AttrValue v) {
    required = false;
    default_value = std::move(v);
    return *this;
  }
  // May be absent, with no default (e.g. act_min: absent means unbounded).
  AttrSpec& Optional() {
    required = false;
    return *this;
  }
  AttrSpec& Min(double v) {
    min = v;
    return *this;
  }
  AttrSpec& Max(double v) {
    max = v;
    return *this;
  }
  AttrSpec& Size(int n) {
    size = n;
    return *this;
  }
  AttrSpec& OneOf(std::vector<std::string> values) {
    choices = std::move(values);
    return *this;
  }
};

// "strides: ints[2] >= 1, default [1,1]", for docs and messages.
std::string DescribeAttr(const AttrSpec& a);

inline AttrSpec IntAttr(std::string name) { return {std::move(name), AttrType::kInt}; }
inline AttrSpec FloatAttr(std::string name) { return {std::move(name), AttrType::kFloat}; }
inline AttrSpec StringAttr(std::string name) { return {std::move(name), AttrType::kString}; }
// The fused clamp an operator with fuses_activation carries: act_min and act_max, absent
// meaning unbounded.
inline AttrSpec ActMinAttr() { return {"act_min", AttrType::kFloat, false}; }
inline AttrSpec ActMaxAttr() { return {"act_max", AttrType::kFloat, false}; }
// The point-wise activation Conv2D and FullyConnected apply before their clamp
// (kernels/activation.h): act_fn one of Sigmoid, Swish, HardSwish, HardSigmoid (with
// act_alpha and act_beta); absent, none. Set by passes::FuseLayerActivations.
inline AttrSpec ActFnAttr() {
  return AttrSpec{"act_fn", AttrType::kString, false}.OneOf(
      {"Sigmoid", "Swish", "HardSwish", "HardSigmoid"});
}
inline AttrSpec ActAlphaAttr() { return {"act_alpha", AttrType::kFloat, false}; }
inline AttrSpec ActBetaAttr() { return {"act_beta", AttrType::kFloat, false}; }

inline AttrSpec IntsAttr(std::string name) { return {std::move(name), AttrType::kInts}; }
inline AttrSpec FloatsAttr(std::string name) { return {std::move(name), AttrType::kFloats}; }

// How an operator takes part in the layout pass (NCHW outside, NHWC inside).
// LayoutClassName gives "source", "spatial", "elementwise", "broadcasting",
// "per_dimension", "reduce".
enum class LayoutClass {
  // Reads and writes the source layout (NCHW); the pass puts transposes around it where
  // its neighbours run NHWC.
  kSource,
  // Carries `layout` ("NCHW" from the frontends, "NHWC" after the pass) and runs NHWC
  // whenever its input is rank 4. Weights keep their layout.
  kSpatial,
  // One input, the same shape out, element by element: runs in its input's layout.
  kElementwise,
  // Several inputs combined element-wise with broadcasting, or joined along an axis: runs
  // NHWC when every input can be had in NHWC (constants are permuted at compile time).
  kBroadcasting,
  // One input whose attributes named in `layout_dims` hold one entry per dimension
  // (Slice's starts, ends, steps): runs in its input's layout, those entries permuted.
  kPerDimension,
  // One input reduced over the axes listed in the attribute `layout_axes` names (Reduce's
  // `axes`): runs in its input's layout with those axes renumbered, when they are the
  // innermost axes there (channels; width and channels; all but the batch). A rank-4
  // result stays NHWC; a result with dimensions dropped must list the kept ones in the
  // same order either way. Otherwise the node reads NCHW.
  kReduce,
};

// Whether a spatial node's `layout` attribute says NHWC (absent: the frontends' NCHW).
inline bool IsNHWC(const Node& node) { return node.attrs.GetString("layout", "NCHW") == "NHWC"; }

const char* LayoutClassName(LayoutClass c);

struct OpDef;

// One node as its operator's rules see it: inputs, outputs, attributes with the entry's
// defaults, and ways to fail that name the node.
class NodeContext {
 public:
  NodeContext(const Graph& g, const Node& node, size_t index, const OpDef& def)
      : g_(g), node_(node), index_(index), def_(def) {}

  const Graph& graph() const { return g_; }
  const Node& node() const { return node_; }
  const OpDef& def() const { return def_; }

  // A model that is malformed in a way the frontend could not see (shapes that do not
  // fit): Malformed input error naming the node.
  [[noreturn]] void Fail(const std::string& what) const;
  // Something the kernels do not implement: OperatorAttributeNotImplemented, naming the
  // framework operator the node came from.
  [[noreturn]] void NotImplemented(const std::string& what) const;

  size_t num_inputs() const { return node_.inputs.size(); }
  bool has_input(size_t i) const {
    return i < node_.inputs.size() && node_.inputs[i] != kNoValue;
  }
  const Value& input(size_t i) const;
  const Shape& shape(size_t i) const { return input(i).shape; }
  DType dtype(size_t i) const { return input(i).dtype; }
  const Value& output(size_t i = 0) const { return g_.value(node_.outputs.at(i)); }
  const Shape& output_shape(size_t i = 0) const;
  void ExpectRank(size_t i, size_t rank) const;

  // Attributes, with the entry's default where the node leaves one out.
  bool Has(const std::string& name) const { return node_.attrs.has(name); }
  int64_t Int(const std::string& name) const;
  double Float(const std::string& name) const;
  std::string Str(const std::string& name) const;
  std::vector<int64_t> Ints(const std::string& name) const;
  std::vector<double> Floats(const std::string& name) const;
  // A fused clamp's bounds (act_min/act_max, or the attributes named; absent: unbounded).
  float ActMin(const char* attr = "act_min") const;
  float ActMax(const char* attr = "act_max") const;
  // The fused activation (act_fn, act_alpha, act_beta), into a layer's parameters.
  template <typename Params>
  void SetActivation(Params& p) const {
    p.activation = ActFn();
    p.activation_alpha = static_cast<float>(node_.attrs.GetFloat("act_alpha", 0.0));
    p.activation_beta = static_cast<float>(node_.attrs.GetFloat("act_beta", 0.0));
  }
  // act_fn, or the attribute named, as the kernels' enum (absent: none).
  kernels::Activation ActFn(const char* attr = "act_fn") const;
  // The node's `layout` is NHWC.
  bool nhwc() const;

  // For kernel parameters: a dimension as the kernels' int (Malformed input beyond), a
  // shape as kernels::Dims (OperatorAttributeNotImplemented above rank 8), and inputs
  // the float-only kernels require to be float32.
  int ToInt(int64_t v) const;
  kernels::Dims ToDims(const std::vector<int64_t>& shape) const;
  void RequireFloat(size_t input) const;
  void RequireFloatInputs() const;

 private:
  const AttrValue* Lookup(const std::string& name) const;
  const Graph& g_;
  const Node& node_;
  size_t index_;
  const OpDef& def_;
};

// What a node produces (one output: every IR operator has exactly one).
struct OutputType {
  Shape shape;
  DType dtype;
};

struct OpDef {
  std::string name;
  // Signature and meaning, for docs and readers: "Conv2D(x, w[O, C/group, KH, KW],
  // bias[O]?) -> y". Conventions: pads are [top, left, bottom, right]; strides,
  // dilations and kernel are [h, w]; axes are non-negative.
  std::string doc;
  int min_inputs = 1;
  int max_inputs = 1;  // -1: any number
  std::vector<AttrSpec> attrs;
  LayoutClass layout = LayoutClass::kSource;
  // An axis attribute the layout pass remaps when the node runs NHWC (Concat, Softmax).
  std::string layout_axis;
  // The attribute holding the reduced axes (kReduce).
  std::string layout_axes;
  // Attributes with one entry per dimension the layout pass permutes (kPerDimension).
  std::vector<std::string> layout_dims;
  // Carries a fused clamp (act_min/act_max): a Relu or Clamp that follows folds into it.
  bool fuses_activation = false;
  // Output 0 is input 0's bytes reinterpreted (Reshape): the memory plan may give both
  // one buffer.
  bool view = false;
  // When the node has input `in_place_input`, output 0 takes that input's buffer: the
  // kernel reads it and overwrites it (Conv2D's residual). A pass gives a node that input
  // only where nothing reads it afterwards; the memory plan then shares the buffer.
  int in_place_input = -1;
  // The output depends only on the inputs' shapes and dtypes, never their values
  // (MultiBoxPrior): constant folding evaluates the node even when its inputs are
  // computed, so the generated code holds the result as weights.
  bool shape_only = false;
  // Output shape and dtype from the inputs and attributes; NodeContext::Fail where they
  // do not fit.
  OutputType (*shape)(const NodeContext& c) = nullptr;
  // The kernel that runs the node (inputs and outputs have their shapes).
  KernelCall (*kernel)(const NodeContext& c) = nullptr;
};

}  // namespace neo::ir

#endif  // NEO_COMPILER_IR_OP_DEF_H_

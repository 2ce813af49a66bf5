#include "compiler/frontends/pytorch/graph_lowering.h"

#include <set>

#include <ATen/Functions.h>
#include <torch/csrc/jit/ir/constants.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

using torch::jit::Node;
using torch::jit::Value;
namespace prim = c10::prim;
namespace aten = c10::aten;

bool HasTensor(const c10::TypePtr& type) {
  if (type->kind() == c10::TypeKind::TensorType) return true;
  for (const c10::TypePtr& t : type->containedTypes()) {
    if (HasTensor(t)) return true;
  }
  return false;
}

bool TouchesTensors(const Node* node) {
  for (const Value* v : node->inputs()) {
    if (HasTensor(v->type())) return true;
  }
  for (const Value* v : node->outputs()) {
    if (HasTensor(v->type())) return true;
  }
  return false;
}

// Operators turning a tensor into a Python number or flag. On a computed tensor their
// result is data-dependent: the walker marks it so, and only branching on it (or using
// it as an argument) is an error.
bool ToScalar(c10::Symbol kind) {
  static const std::set<c10::Symbol> kToScalar = {
      aten::Bool, aten::Int, aten::Float, aten::item, aten::is_nonzero, aten::ScalarImplicit,
      prim::NumToTensor};
  return kToScalar.count(kind) != 0;
}

// True when every use of the node's outputs ends in ToScalar operators, possibly through
// other such nodes (x.sum() > 0 feeding an if): the comparison need not be compiled.
bool FeedsOnlyScalars(const Node* node, int depth = 0) {
  if (depth > 16 || node->outputs().empty()) return false;
  for (const Value* out : node->outputs()) {
    for (const torch::jit::Use& use : out->uses()) {
      const Node* user = use.user;
      if (ToScalar(user->kind())) continue;
      if (FindLowering(user->kind().toQualString()) != nullptr) return false;
      if (!FeedsOnlyScalars(user, depth + 1)) return false;
    }
  }
  return true;
}

// Tensor factories whose arguments are numbers: with the shapes known they are constants,
// made by libtorch at compile time. (Random factories are not among them: a compile-time
// sample would be wrong.)
bool Factory(c10::Symbol kind) {
  static const std::set<c10::Symbol> kFactories = {
      aten::zeros, aten::ones, aten::full, aten::arange, aten::tensor, aten::scalar_tensor,
      aten::eye, aten::linspace};
  return kFactories.count(kind) != 0;
}

// Nodes the walker itself handles, whatever their types.
bool WalkerHandles(c10::Symbol kind) {
  static const std::set<c10::Symbol> kHandled = {
      prim::Constant,      prim::If,          prim::Loop,          prim::ListConstruct,
      prim::ListUnpack,    prim::TupleConstruct, prim::TupleUnpack, prim::TupleIndex,
      prim::RaiseException, prim::Uninitialized, aten::__getitem__, aten::len,
      aten::warn,          prim::Print,       prim::DictConstruct};
  return kHandled.count(kind) != 0;
}

std::string Where(const Node* node) {
  if (!node->outputs().empty()) return "%" + node->output(0)->debugName();
  return "a node without outputs";
}

// Values known before any input arrives: constants (weights are, once frozen), shapes
// (data_shape fixes them), and what operators compute from those alone. The walker runs
// such nodes in libtorch, so their operators need no lowering: Swin V2's relative
// position bias is a small MLP over a constant table, then an aten::index.
bool Random(c10::Symbol kind) {
  static const std::set<std::string> kRandom = {
      "aten::bernoulli", "aten::multinomial", "aten::normal", "aten::rand", "aten::rand_like",
      "aten::randint", "aten::randn", "aten::randn_like", "aten::randperm"};
  return kRandom.count(kind.toQualString()) != 0;
}

void MarkKnown(const torch::jit::Block* block, std::set<const Value*>* known) {
  for (const Node* node : block->nodes()) {
    for (const torch::jit::Block* b : node->blocks()) MarkKnown(b, known);
    const c10::Symbol kind = node->kind();
    const std::string name = kind.toQualString();
    const bool shape = name == "aten::size" || name == "aten::dim" || name == "aten::numel";
    bool all = shape || (node->blocks().empty() && !Random(kind) && kind != prim::Uninitialized);
    for (const Value* v : node->inputs()) {
      if (shape) break;
      if (!known->count(v)) all = false;
    }
    if (!all) continue;
    for (const Value* v : node->outputs()) known->insert(v);
  }
}

bool InputsKnown(const Node* node, const std::set<const Value*>& known) {
  if (node->inputs().empty()) return false;
  for (const Value* v : node->inputs()) {
    if (!known.count(v)) return false;
  }
  return true;
}

void CollectUnsupported(const torch::jit::Block* block, const std::set<const Value*>& known,
                        std::map<std::string, std::vector<std::string>>* missing) {
  for (const Node* node : block->nodes()) {
    for (const torch::jit::Block* b : node->blocks()) CollectUnsupported(b, known, missing);
    const std::string op = node->kind().toQualString();
    if (WalkerHandles(node->kind()) || ToScalar(node->kind()) || Factory(node->kind()) ||
        FindLowering(op) != nullptr) {
      continue;
    }
    if (FeedsOnlyScalars(node)) continue;
    // Arithmetic on shapes and other non-tensor values runs at compile time, and so does
    // anything computed from constants alone.
    if (!TouchesTensors(node) && node->maybeOperator() != nullptr) continue;
    if (node->maybeOperator() != nullptr && !Random(node->kind()) && InputsKnown(node, known)) continue;
    (*missing)[op].push_back(Where(node));
  }
}

std::string RaisedMessage(const Node* node, const GraphLowering& g) {
  if (node->inputs().empty()) return "";
  const Slot& s = g.slot(node->input(0));
  if (s.kind == Slot::Kind::kConstant && s.constant.isString()) return s.constant.toStringRef();
  return "";
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// TorchScript records no dtype for forward()'s inputs and Neo's data shape gives none, so
// an input is int64 when the model reads it as indices (token ids into an embedding, an
// index_select or gather index, one_hot's classes) and float32 otherwise.
bool ReadAsIndices(const Value* input) {
  static const std::map<c10::Symbol, size_t> kIndexArgument = {
      {aten::embedding, 1}, {aten::index_select, 2}, {aten::gather, 2}, {aten::one_hot, 0},
      {aten::embedding_bag, 1}};
  for (const torch::jit::Use& use : input->uses()) {
    auto it = kIndexArgument.find(use.user->kind());
    if (it != kIndexArgument.end() && it->second == use.offset) return true;
  }
  return false;
}

// Outputs are named by their dictionary key when forward() returns a dict (segmentation
// models: {"out": ..., "aux": ...}), by position otherwise.
std::string OutputName(const c10::IValue& key, size_t position) {
  if (key.isString()) return key.toStringRef();
  if (key.isInt()) return "output" + std::to_string(key.toInt());
  return "output" + std::to_string(position);
}

}  // namespace

namespace {

// Operators Neo will not compile, by design, and why (as the ONNX frontend says for its
// own): a fixed-shape, ahead-of-time compiled model cannot hold what they produce.
const char* WhyNotCompiled(const std::string& op) {
  static const auto* reasons = new std::map<std::string, const char*>{
      {"aten::nonzero", "its output's shape depends on the input values, and Neo compiles fixed shapes"},
      {"aten::unique", "its output's shape depends on the input values, and Neo compiles fixed shapes"},
      {"aten::_unique", "its output's shape depends on the input values, and Neo compiles fixed shapes"},
      {"aten::_unique2", "its output's shape depends on the input values, and Neo compiles fixed shapes"},
      {"aten::unique_consecutive", "its output's shape depends on the input values, and Neo compiles fixed shapes"},
      {"aten::masked_select", "its output's shape depends on the input values, and Neo compiles fixed shapes"},
      {"aten::bernoulli", "a random generator has no reproducible result to compile"},
      {"aten::multinomial", "a random generator has no reproducible result to compile"},
      {"aten::normal", "a random generator has no reproducible result to compile"},
      {"aten::rand", "a random generator has no reproducible result to compile"},
      {"aten::rand_like", "a random generator has no reproducible result to compile"},
      {"aten::randint", "a random generator has no reproducible result to compile"},
      {"aten::randn", "a random generator has no reproducible result to compile"},
      {"aten::randn_like", "a random generator has no reproducible result to compile"},
      {"aten::randperm", "a random generator has no reproducible result to compile"},
  };
  auto it = reasons->find(op);
  return it == reasons->end() ? nullptr : it->second;
}

}  // namespace

void CheckOperators(const torch::jit::Graph& graph) {
  std::set<const Value*> known;
  MarkKnown(graph.block(), &known);
  std::map<std::string, std::vector<std::string>> missing;
  CollectUnsupported(graph.block(), known, &missing);
  std::map<std::string, std::string> why;
  for (const auto& [op, nodes] : missing) {
    if (const char* reason = WhyNotCompiled(op)) why[op] = reason;
  }
  if (!missing.empty()) throw UnsupportedOperatorsError(missing, why);
}

std::vector<const Value*> TensorInputs(const torch::jit::Graph& graph) {
  std::vector<const Value*> inputs;
  // Input 0 is the module itself (self).
  for (size_t i = 1; i < graph.inputs().size(); ++i) {
    const Value* v = graph.inputs()[i];
    if (v->type()->kind() != c10::TypeKind::TensorType) {
      throw AttributeNotImplementedError("input '" + v->debugName() + "' of type " +
                                             v->type()->repr_str() + " (only tensors)",
                                         "forward");
    }
    inputs.push_back(v);
  }
  return inputs;
}

GraphLowering::GraphLowering(std::shared_ptr<torch::jit::Graph> graph)
    : torch_graph_(std::move(graph)) {}

const Slot& GraphLowering::slot(const Value* v) const {
  static const Slot kUnset;
  auto it = slots_.find(v);
  return it == slots_.end() ? kUnset : it->second;
}

ir::ValueId GraphLowering::ConstantTensor(const Value* v, const at::Tensor& t) {
  auto it = constants_.find(v);
  if (it != constants_.end()) return it->second;
  const ir::ValueId id = ir_.AddValue(IrConstant(t, v->debugName()));
  constants_[v] = id;
  return id;
}

ir::Graph GraphLowering::Run(const std::vector<std::string>& input_names,
                             const std::vector<ir::Shape>& input_shapes) {
  const std::vector<const Value*> inputs = TensorInputs(*torch_graph_);
  if (inputs.size() != input_shapes.size() || inputs.size() != input_names.size()) {
    throw std::logic_error("LowerPytorchModel: one name and shape per input expected");
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    ir::Value v;
    v.name = input_names[i];
    v.dtype = ReadAsIndices(inputs[i]) ? ir::DType::kInt64 : ir::DType::kFloat32;
    v.shape = input_shapes[i];
    v.has_shape = true;
    const ir::ValueId id = ir_.AddValue(std::move(v));
    ir_.inputs().push_back(id);
    slots_[inputs[i]] = Slot::Tensor(id);
  }
  try {
    LowerBlock(torch_graph_->block());
  } catch (const c10::Error& e) {
    throw MalformedInputError("forward() fails for the input shapes given: " +
                              FirstLine(e.what_without_backtrace()));
  }

  std::vector<ir::ValueId> outputs;
  std::vector<c10::IValue> keys;
  for (const Value* v : torch_graph_->outputs()) CollectOutputs(slot(v), c10::IValue(), &outputs, &keys);
  std::set<ir::ValueId> seen;
  for (size_t i = 0; i < outputs.size(); ++i) {
    ir::ValueId id = outputs[i];
    const std::string name = OutputName(keys[i], i);
    const bool is_input =
        std::find(ir_.inputs().begin(), ir_.inputs().end(), id) != ir_.inputs().end();
    // Every output is a buffer of its own, computed by a node.
    if (is_input || ir_.value(id).is_constant() || seen.count(id)) {
      const ir::ValueId copy = ir_.AddValue("output", ir_.value(id).dtype);
      ir::Node& n = ir_.AddNode(ir::op::kIdentity, {id}, {copy});
      n.name = name;
      n.source_op = "return";
      ir_.value(copy).shape = ir_.value(id).shape;
      ir_.value(copy).has_shape = true;
      id = copy;
    }
    seen.insert(id);
    for (size_t v = 0; v < ir_.num_values(); ++v) {
      if (ir_.value(static_cast<ir::ValueId>(v)).name == name) {
        ir_.value(static_cast<ir::ValueId>(v)).name = ir_.UniqueName(name);
      }
    }
    ir_.value(id).name = name;
    ir_.outputs().push_back(id);
  }
  return std::move(ir_);
}

void GraphLowering::CollectOutputs(const Slot& s, const c10::IValue& key,
                                   std::vector<ir::ValueId>* out, std::vector<c10::IValue>* keys) {
  switch (s.kind) {
    case Slot::Kind::kTensor:
      out->push_back(s.tensor);
      keys->push_back(key);
      return;
    case Slot::Kind::kList:
    case Slot::Kind::kTuple:
      for (const Slot& e : s.elements) CollectOutputs(e, c10::IValue(), out, keys);
      return;
    case Slot::Kind::kDict:
      for (size_t i = 0; i < s.elements.size(); ++i) CollectOutputs(s.elements[i], s.keys[i], out, keys);
      return;
    case Slot::Kind::kConstant:
      if (s.constant.isTensor()) {
        out->push_back(ir_.AddValue(IrConstant(s.constant.toTensor(), "constant_output")));
        keys->push_back(key);
        return;
      }
      if (s.constant.isTuple() || s.constant.isList()) {
        for (const c10::IValue& e : s.constant.isTuple() ? s.constant.toTupleRef().elements().vec()
                                                         : s.constant.toListRef().vec()) {
          CollectOutputs(Slot::Constant(e), c10::IValue(), out, keys);
        }
        return;
      }
      if (s.constant.isGenericDict()) {
        for (const auto& entry : s.constant.toGenericDict()) {
          CollectOutputs(Slot::Constant(entry.value()), entry.key(), out, keys);
        }
        return;
      }
      throw AttributeNotImplementedError("output of type " + s.constant.tagKind() +
                                             " (only tensors, and tuples, lists and dicts of them)",
                                         "forward");
    case Slot::Kind::kUnset:
      break;
  }
  throw AttributeNotImplementedError("an output that is not a tensor", "forward");
}

void GraphLowering::LowerBlock(const torch::jit::Block* block) {
  for (const Node* node : block->nodes()) LowerNode(node);
}

bool GraphLowering::Evaluate(const Node* node) {
  // Conversions between numbers and 0-d tensors that traces insert around shape
  // arithmetic (size -> NumToTensor -> floor_divide -> Int); some have no registered
  // operator to call.
  const c10::Symbol kind = node->kind();
  if (kind == prim::NumToTensor && node->inputs().size() == 1) {
    const c10::IValue& v = slot(node->input(0)).constant;
    if (v.isInt() || v.isDouble() || v.isBool()) {
      const at::ScalarType type = v.isInt() ? at::kLong : v.isBool() ? at::kBool : at::kDouble;
      slots_[node->output()] =
          Slot::Constant(at::scalar_tensor(v.toScalar(), at::TensorOptions().dtype(type)));
      return true;
    }
  }
  if ((kind == aten::Int || kind == aten::Float || kind == aten::Bool ||
       kind == aten::ScalarImplicit) && node->inputs().size() == 1 &&
      slot(node->input(0)).constant.isTensor()) {
    const at::Tensor& t = slot(node->input(0)).constant.toTensor();
    if (t.numel() == 1) {
      const c10::Scalar v = t.item();
      c10::IValue out;
      if (kind == aten::Int) out = v.toLong();
      else if (kind == aten::Float) out = v.toDouble();
      else if (kind == aten::Bool) out = v.toBool();
      else out = v;
      slots_[node->output()] = Slot::Constant(out);
      return true;
    }
  }
  // Containers of constants (lists of dimensions): the interpreter builds these itself.
  if (kind == prim::ListConstruct) {
    const auto list_type = node->output()->type()->cast<c10::ListType>();
    if (list_type == nullptr) return false;
    c10::impl::GenericList list(list_type->getElementType());
    for (const Value* v : node->inputs()) list.push_back(slot(v).constant);
    slots_[node->output()] = Slot::Constant(c10::IValue(list));
    return true;
  }
  if (kind == prim::TupleConstruct) {
    std::vector<c10::IValue> elements;
    for (const Value* v : node->inputs()) elements.push_back(slot(v).constant);
    slots_[node->output()] = Slot::Constant(c10::ivalue::Tuple::create(std::move(elements)));
    return true;
  }
  if (kind == prim::ListUnpack || kind == prim::TupleUnpack) {
    const c10::IValue& v = slot(node->input(0)).constant;
    std::vector<c10::IValue> elements;
    if (v.isList()) elements = v.toListRef().vec();
    if (v.isTuple()) elements = v.toTupleRef().elements().vec();
    if (elements.size() != node->outputs().size()) return false;
    for (size_t i = 0; i < elements.size(); ++i) slots_[node->output(i)] = Slot::Constant(elements[i]);
    return true;
  }
  if (node->maybeOperator() == nullptr) return false;
  torch::jit::Stack stack;
  for (const Value* v : node->inputs()) stack.push_back(slot(v).constant);
  try {
    node->getOperation()(stack);
  } catch (const c10::Error& e) {
    throw MalformedInputError(std::string(node->kind().toQualString()) + " (" + Where(node) +
                              ") fails for the input shapes given: " +
                              FirstLine(e.what_without_backtrace()));
  }
  if (stack.size() != node->outputs().size()) return false;
  for (size_t i = 0; i < stack.size(); ++i) slots_[node->output(i)] = Slot::Constant(stack[i]);
  return true;
}

void GraphLowering::LowerIf(const Node* node) {
  const Slot& cond = slot(node->input(0));
  if (cond.kind != Slot::Kind::kConstant) {
    throw NeoError(ErrorClass::kOperatorAttributeNotImplemented,
                   "data-dependent control flow is not supported in prim::If.",
                   {"  prim::If (" + Where(node) + ") branches on a value computed from the "
                    "input data; Neo compiles graphs whose branches are fixed once the input "
                    "shapes are known (trace the model, or branch on shapes and attributes)."});
  }
  const torch::jit::Block* taken = node->blocks()[cond.constant.toBool() ? 0 : 1];
  LowerBlock(taken);
  for (size_t i = 0; i < node->outputs().size(); ++i) {
    slots_[node->output(i)] = slot(taken->outputs()[i]);
  }
}

void GraphLowering::LowerLoop(const Node* node) {
  const Slot& trips = slot(node->input(0));
  const Slot& cond = slot(node->input(1));
  const auto data_dependent = [&]() {
    throw NeoError(ErrorClass::kOperatorAttributeNotImplemented,
                   "data-dependent control flow is not supported in prim::Loop.",
                   {"  prim::Loop (" + Where(node) + ") runs a number of times that depends "
                    "on the input data."});
  };
  if (trips.kind != Slot::Kind::kConstant || cond.kind != Slot::Kind::kConstant) data_dependent();
  const int64_t max_trips = trips.constant.toInt();
  bool go = cond.constant.toBool();
  const torch::jit::Block* body = node->blocks()[0];
  std::vector<Slot> carried;
  for (size_t i = 2; i < node->inputs().size(); ++i) carried.push_back(slot(node->input(i)));
  constexpr int64_t kMaxUnrolled = 4096;
  for (int64_t it = 0; go && it < max_trips; ++it) {
    if (it >= kMaxUnrolled) {
      throw AttributeNotImplementedError("a loop of more than " + std::to_string(kMaxUnrolled) +
                                             " iterations",
                                         "prim::Loop");
    }
    slots_[body->inputs()[0]] = Slot::Constant(it);
    for (size_t i = 0; i < carried.size(); ++i) slots_[body->inputs()[i + 1]] = carried[i];
    LowerBlock(body);
    const Slot& next = slot(body->outputs()[0]);
    if (next.kind != Slot::Kind::kConstant) data_dependent();
    go = next.constant.toBool();
    for (size_t i = 0; i < carried.size(); ++i) carried[i] = slot(body->outputs()[i + 1]);
  }
  for (size_t i = 0; i < node->outputs().size(); ++i) slots_[node->output(i)] = carried[i];
}

void GraphLowering::LowerNode(const Node* node) {
  const c10::Symbol kind = node->kind();
  if (kind == prim::Constant) {
    auto v = torch::jit::toIValue(node->output());
    slots_[node->output()] = Slot::Constant(v ? *v : c10::IValue());
    return;
  }
  if (kind == prim::If) return LowerIf(node);
  if (kind == prim::Loop) return LowerLoop(node);
  if (kind == prim::Uninitialized) {
    slots_[node->output()] = Slot::Constant(c10::IValue());
    return;
  }
  if (kind == aten::warn || kind == prim::Print) return;
  if (kind == prim::RaiseException) {
    const std::string message = RaisedMessage(node, *this);
    throw MalformedInputError("forward() raises an exception for the input shapes given" +
                              (message.empty() ? std::string(".") : ": " + FirstLine(message)));
  }

  bool all_constant = true;
  for (const Value* v : node->inputs()) {
    if (slot(v).kind != Slot::Kind::kConstant) all_constant = false;
  }
  if (all_constant && Evaluate(node)) return;

  // Containers holding tensors computed at run time.
  if (kind == prim::DictConstruct) {
    Slot s;
    s.kind = Slot::Kind::kDict;
    for (size_t i = 0; i + 1 < node->inputs().size(); i += 2) {
      const Slot& key = slot(node->input(i));
      if (key.kind != Slot::Kind::kConstant) {
        throw AttributeNotImplementedError("a dict key computed from the input data", "forward");
      }
      s.keys.push_back(key.constant);
      s.elements.push_back(slot(node->input(i + 1)));
    }
    slots_[node->output()] = s;
    return;
  }
  if (kind == prim::ListConstruct || kind == prim::TupleConstruct) {
    Slot s;
    s.kind = kind == prim::ListConstruct ? Slot::Kind::kList : Slot::Kind::kTuple;
    for (const Value* v : node->inputs()) s.elements.push_back(slot(v));
    slots_[node->output()] = s;
    return;
  }
  if (kind == prim::ListUnpack || kind == prim::TupleUnpack) {
    const Slot& s = slot(node->input(0));
    if ((s.kind == Slot::Kind::kList || s.kind == Slot::Kind::kTuple) &&
        s.elements.size() == node->outputs().size()) {
      const std::vector<Slot> elements = s.elements;
      for (size_t i = 0; i < elements.size(); ++i) slots_[node->output(i)] = elements[i];
      return;
    }
    throw MalformedInputError(std::string(kind.toQualString()) + " (" + Where(node) +
                              ") unpacks a list of another length.");
  }
  if (kind == prim::TupleIndex || kind == aten::__getitem__) {
    const Slot& s = slot(node->input(0));
    const Slot& index = slot(node->input(1));
    if ((s.kind == Slot::Kind::kList || s.kind == Slot::Kind::kTuple) &&
        index.kind == Slot::Kind::kConstant && index.constant.isInt()) {
      int64_t i = index.constant.toInt();
      const int64_t size = static_cast<int64_t>(s.elements.size());
      if (i < 0) i += size;
      if (i < 0 || i >= size) {
        throw MalformedInputError(std::string(kind.toQualString()) + " (" + Where(node) +
                                  ") indexes past the end of a list of " + std::to_string(size));
      }
      const Slot element = s.elements[static_cast<size_t>(i)];
      slots_[node->output()] = element;
      return;
    }
  }
  if (kind == aten::__getitem__ && slot(node->input(0)).kind == Slot::Kind::kDict &&
      slot(node->input(1)).kind == Slot::Kind::kConstant) {
    const Slot& s = slot(node->input(0));
    for (size_t i = 0; i < s.keys.size(); ++i) {
      if (s.keys[i] == slot(node->input(1)).constant) {
        const Slot element = s.elements[i];
        slots_[node->output()] = element;
        return;
      }
    }
    throw MalformedInputError("aten::__getitem__ (" + Where(node) + ") reads a key the dict lacks.");
  }
  if (kind == aten::len) {
    const Slot& s = slot(node->input(0));
    if (s.kind == Slot::Kind::kList || s.kind == Slot::Kind::kTuple) {
      slots_[node->output()] = Slot::Constant(static_cast<int64_t>(s.elements.size()));
      return;
    }
  }

  const std::string op = kind.toQualString();
  LowerFn lower = FindLowering(op);
  // A number or flag computed from the input data (or anything computed from one): keep
  // it as such; branching on it is the error.
  if (lower == nullptr || ToScalar(kind)) {
    bool non_tensor_outputs = true;
    for (const Value* v : node->outputs()) {
      if (v->type()->kind() == c10::TypeKind::TensorType && !FeedsOnlyScalars(node)) {
        non_tensor_outputs = false;
      }
    }
    if (non_tensor_outputs || ToScalar(kind)) {
      Slot s;
      s.kind = Slot::Kind::kDataDependent;
      for (const Value* v : node->outputs()) slots_[v] = s;
      return;
    }
  }
  if (lower == nullptr) {
    // Reaching here means a non-tensor operator received a value only known at run time.
    throw NeoError(ErrorClass::kOperatorAttributeNotImplemented,
                   "data-dependent input is not supported in " + op + ".",
                   {"  " + op + " (" + Where(node) + ") reads a value computed from the input "
                    "data; Neo needs it known once the input shapes are."});
  }
  NodeLowering n(node, *this);
  lower(n);
  // An in-place operator (relu_, add_) wrote a new version of its first input: later
  // readers of that input see the result.
  if (op.back() == '_' && op.compare(op.size() - 2, 2, "__") != 0 && !node->inputs().empty() &&
      !node->outputs().empty() && slot(node->input(0)).kind == Slot::Kind::kTensor) {
    slots_[node->input(0)] = slot(node->output(0));
  }
  for (const Value* v : node->outputs()) {
    if (slot(v).kind == Slot::Kind::kUnset && !v->uses().empty()) {
      throw std::logic_error(op + " lowering left output %" + v->debugName() + " unset");
    }
  }
}

}  // namespace neo::pytorch_frontend

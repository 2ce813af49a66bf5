#include "compiler/passes/pipeline.h"

#include <chrono>
#include <iterator>
#include <stdexcept>
#include <string>

#include "compiler/ir/graph_edit.h"
#include "compiler/ir/ops.h"
#include "compiler/ir/shape_inference.h"
#include "compiler/passes/activation_fusion.h"
#include "compiler/passes/batchnorm_folding.h"
#include "compiler/passes/bias_folding.h"
#include "compiler/passes/channel_affine_fusion.h"
#include "compiler/passes/residual_add_fusion.h"
#include "compiler/passes/channel_shuffle.h"
#include "compiler/passes/global_pool_reduces.h"
#include "compiler/passes/constant_folding.h"
#include "compiler/passes/conv_tap_pruning.h"
#include "compiler/passes/dead_code.h"
#include "compiler/passes/elementwise_simplification.h"
#include "compiler/passes/fc_input_permutation.h"
#include "compiler/passes/expansion_fusion.h"
#include "compiler/passes/gate_into_weights.h"
#include "compiler/passes/layer_activation_fusion.h"
#include "compiler/passes/layer_norm_fusion.h"
#include "compiler/passes/layout.h"

namespace neo::passes {

namespace {

[[noreturn]] void Fail(const std::string& what) {
  throw std::logic_error("IR verification failed: " + what);
}

// Re-infers shapes on a copy; any difference means a pass wrote a wrong shape.
void CheckShapes(const ir::Graph& g) {
  ir::Graph copy = g;
  ir::InferShapes(copy);
  for (size_t v = 0; v < g.num_values(); ++v) {
    const ir::Value& a = g.value(static_cast<ir::ValueId>(v));
    const ir::Value& b = copy.value(static_cast<ir::ValueId>(v));
    if (a.shape != b.shape || a.dtype != b.dtype) {
      Fail("value '" + a.name + "' says " + ir::ShapeToString(a.shape) + " but inference gives " +
           ir::ShapeToString(b.shape));
    }
  }
}

// A graph output that folded to a constant still needs a buffer the caller can read
// after Run(): it becomes an Identity (a copy from the weights) into a computed value
// that takes over the output's name.
void MaterializeConstantOutputs(ir::Graph& g) {
  for (ir::ValueId& out : g.outputs()) {
    if (!g.value(out).is_constant()) continue;
    ir::Value computed;
    computed.name = g.value(out).name;
    computed.dtype = g.value(out).dtype;
    computed.shape = g.value(out).shape;
    computed.has_shape = true;
    g.value(out).name = g.UniqueName(computed.name + "/constant");
    const ir::ValueId id = g.AddValue(std::move(computed));
    ir::Node& copy = g.AddNode(ir::op::kIdentity, {out}, {id});
    copy.name = g.value(id).name;
    out = id;
  }
}

}  // namespace

namespace {

std::map<std::string, int> CountOps(const ir::Graph& g) {
  std::map<std::string, int> counts;
  for (const ir::Node& n : g.nodes()) ++counts[n.op];
  return counts;
}

// Runs one pass, and records its change when the caller asked for steps.
template <typename Pass>
void Step(const char* name, ir::Graph& g, std::vector<PassStep>* steps, Pass pass) {
  if (steps == nullptr) {
    pass(g);
    return;
  }
  std::map<std::string, int> change = CountOps(g);
  for (auto& [op, n] : change) n = -n;
  const auto start = std::chrono::steady_clock::now();
  pass(g);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  for (const auto& [op, n] : CountOps(g)) change[op] += n;
  for (auto it = change.begin(); it != change.end();) {
    it = it->second == 0 ? change.erase(it) : std::next(it);
  }
  steps->push_back({name, std::move(change), static_cast<int64_t>(micros)});
}

}  // namespace

void RunStandardPasses(ir::Graph& g, std::vector<PassStep>* steps, const PassOptions& options) {
#define NEO_PASS(pass) Step(#pass, g, steps, [](ir::Graph& graph) { pass(graph); })
  NEO_PASS(ir::InferShapes);
  NEO_PASS(FoldConstants);
  NEO_PASS(SimplifyPowers);
  NEO_PASS(FuseGelu);
  NEO_PASS(FuseLayerNorms);
  NEO_PASS(ReplaceNoOpCopies);
  NEO_PASS(FoldBiasAdds);
  NEO_PASS(FoldBatchNorms);
  NEO_PASS(RemoveIdentities);
  NEO_PASS(FuseActivations);
  NEO_PASS(FuseChannelShuffles);
  NEO_PASS(GlobalPoolReduces);
  NEO_PASS(PruneConvTaps);
  NEO_PASS(ConvertToNHWC);
  NEO_PASS(SimplifyTransposes);
  NEO_PASS(FoldTransposesIntoFullyConnected);
  NEO_PASS(FuseLayerActivations);
  NEO_PASS(FuseActivations);
  NEO_PASS(FuseChannelAffines);
  if (options.onednn_convolutions) {
    NEO_PASS(FuseResidualAdds);
    NEO_PASS(FoldGatesIntoConvWeights);
    NEO_PASS(FuseExpansionsIntoDepthwise);
  }
  NEO_PASS(EliminateDeadCode);
  NEO_PASS(MaterializeConstantOutputs);
#undef NEO_PASS
  CheckShapes(g);
  Verify(g);
}

void Verify(const ir::Graph& g) {
  size_t nv = g.num_values();
  auto check_id = [&](ir::ValueId v, const std::string& where) {
    if (v < 0 || static_cast<size_t>(v) >= nv) Fail(where + " refers to value id " + std::to_string(v));
  };
  std::vector<bool> available(nv, false);
  std::vector<bool> written(nv, false);
  for (ir::ValueId v : g.inputs()) {
    check_id(v, "a graph input");
    available[static_cast<size_t>(v)] = true;
  }
  for (size_t v = 0; v < nv; ++v) {
    if (g.value(static_cast<ir::ValueId>(v)).is_constant()) available[v] = true;
  }
  auto check_shape = [&](ir::ValueId v) {
    if (!g.value(v).has_shape) Fail("value '" + g.value(v).name + "' has no shape");
  };
  for (size_t i = 0; i < g.nodes().size(); ++i) {
    const ir::Node& node = g.nodes()[i];
    std::string where = ir::Describe(node, i);
    for (ir::ValueId v : node.inputs) {
      if (v == ir::kNoValue) continue;
      check_id(v, where);
      if (!available[static_cast<size_t>(v)]) {
        Fail(where + " reads '" + g.value(v).name + "' before anything writes it");
      }
      check_shape(v);
    }
    for (ir::ValueId v : node.outputs) {
      check_id(v, where);
      size_t k = static_cast<size_t>(v);
      if (g.value(v).is_constant() || ir::IsGraphInput(g, v) || written[k]) {
        Fail(where + " writes '" + g.value(v).name + "', which is a constant, a graph input "
             "or written twice");
      }
      written[k] = available[k] = true;
      check_shape(v);
    }
  }
  for (ir::ValueId v : g.outputs()) {
    check_id(v, "a graph output");
    if (!available[static_cast<size_t>(v)]) Fail("graph output '" + g.value(v).name + "' is never written");
    check_shape(v);
  }
}

}  // namespace neo::passes

#include "compiler/codegen/kernel_member.h"

#include "compiler/codegen/params_code.h"
#include "compiler/diagnostics/diagnostics.h"

namespace neo::codegen {

namespace {

std::string Argument(const ir::Graph& g, const ir::Node& n, const ir::Operand& o,
                     const TensorAddresses& a) {
  switch (o.kind) {
    case ir::Operand::Kind::kInput: return a.Address(n.inputs.at(static_cast<size_t>(o.index)));
    case ir::Operand::Kind::kOutput: return a.Address(n.outputs.at(static_cast<size_t>(o.index)));
    case ir::Operand::Kind::kAbsent: return "nullptr";
    case ir::Operand::Kind::kAllInputs: {
      std::string s = "std::vector<const void*>{";
      for (size_t i = static_cast<size_t>(o.index); i < n.inputs.size(); ++i) {
        s += (i > static_cast<size_t>(o.index) ? ", " : "") + a.Address(n.inputs[i]);
      }
      return s + "}";
    }
    case ir::Operand::Kind::kByteSize:
      return std::to_string(g.value(n.outputs.at(static_cast<size_t>(o.index))).byte_size());
  }
  return "";
}

}  // namespace

KernelMember EmitKernel(const ir::Graph& graph, const ir::Node& node, const ir::KernelCall& call,
                        const TensorAddresses& addresses, const BackendPolicy& policy) {
  if (call.kernel.empty()) {
    throw AttributeNotImplementedError(call.not_compiled,
                                       node.source_op.empty() ? node.op : node.source_op);
  }
  const std::string& source_op = node.source_op.empty() ? node.op : node.source_op;
  if (call.allocates && policy.allocation_free_run) {
    throw AttributeNotImplementedError("allocation_free_run", source_op);
  }
  KernelMember k;
  k.summary = call.summary;
  k.checks_input = call.checks_input;
  k.allocates = call.allocates;
  if (call.identity && addresses.SameStorage(node.inputs[0], node.outputs[0])) {
    k.summary += " (in place)";
    return k;
  }
  k.type = "neo::kernels::" + call.kernel;
  k.include = call.header;
  if (call.params) {
    k.params_type = call.params->type_name();
    k.params_body = ParamsCode(*call.params);
    k.has_backend = true;
    k.backend = ChooseBackend(call, policy);
  }
  k.serial = policy.serial_model;
  for (const ir::Operand& o : call.operands) {
    k.pointer_args.push_back(Argument(graph, node, o, addresses));
  }
  return k;
}

}  // namespace neo::codegen

// The activation functions of ONNX's RNN, GRU and LSTM (attributes activations,
// activation_alpha, activation_beta), as IR operators.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_LOWER_RNN_ACTIVATION_H_
#define NEO_COMPILER_FRONTENDS_ONNX_LOWER_RNN_ACTIVATION_H_

#include <string>
#include <vector>

#include "compiler/frontends/onnx/lowering.h"

namespace neo::onnx_frontend {

struct RnnActivation {
  std::string name;  // lower case
  float alpha = 0.0f, beta = 0.0f;
};

// The node's activations, `per_direction` for each of `directions` (forward's first),
// `defaults` when the attribute is absent. A list of only `per_direction` names serves
// both directions.
std::vector<RnnActivation> ReadRnnActivations(NodeLowering& n,
                                              const std::vector<std::string>& defaults,
                                              int per_direction, int directions);

// f(x) as IR nodes; returns f(x)'s value.
ir::ValueId EmitRnnActivation(NodeLowering& n, const RnnActivation& f, ir::ValueId x);

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_LOWER_RNN_ACTIVATION_H_

// The PyTorch frontend's operator table: TorchScript operator name -> lowering. It is
// the one place that says what this frontend compiles.
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_OPERATOR_TABLE_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_OPERATOR_TABLE_H_

#include <map>
#include <string>

namespace neo::pytorch_frontend {

class NodeLowering;
using LowerFn = void (*)(NodeLowering&);

// Keyed by the qualified name, e.g. "aten::conv2d", "aten::relu_".
const std::map<std::string, LowerFn>& OperatorTable();

// nullptr when `op` is not in the table.
LowerFn FindLowering(const std::string& op);

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_OPERATOR_TABLE_H_

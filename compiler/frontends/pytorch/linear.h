// Matrix products shared by the linear and attention lowerings.
#ifndef NEO_COMPILER_FRONTENDS_PYTORCH_LINEAR_H_
#define NEO_COMPILER_FRONTENDS_PYTORCH_LINEAR_H_

#include "compiler/frontends/pytorch/lowering.h"

namespace neo::pytorch_frontend {

// x[..., K] times the constant w[N, K] transposed, plus bias[N] when given: one
// FullyConnected over the rows of x (its kernels pack the weights once).
ir::ValueId FullyConnected(NodeLowering& n, ir::ValueId x, ir::ValueId w, ir::ValueId bias);

// numpy.matmul of two run-time operands (rank-1 operands get a unit dimension).
ir::ValueId MatMul(NodeLowering& n, ir::ValueId a, ir::ValueId b);

}  // namespace neo::pytorch_frontend

#endif  // NEO_COMPILER_FRONTENDS_PYTORCH_LINEAR_H_

// Where a named output argument of an op starts among the op's outputs. Function bodies
// name tensors "node:output_arg:k"; the graph they are inlined into numbers outputs.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_OP_OUTPUTS_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_OP_OUTPUTS_H_

#include <string>

#include "compiler/frontends/tensorflow/proto/graph.pb.h"

namespace neo::tf_frontend {

// The graph output index of `node`'s output argument `arg`, element `k`. Ops with several
// output arguments are looked up in a table (FusedBatchNorm*, TopKV2, Unique, Switch,
// Merge, QuantizeV2, MaxPoolWithArgmax, ...); any other op is taken to have one output
// argument, possibly a list (Split's `output`, Unpack's, a call's), so the index is k.
// -1 when the op is in the table and has no argument `arg`.
int OutputIndex(const tensorflow::NodeDef& node, const std::string& arg, int k);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_OP_OUTPUTS_H_

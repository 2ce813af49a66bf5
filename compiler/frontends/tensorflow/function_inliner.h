// Inlines the function calls a TF2 SavedModel's signature goes through, so that its
// computation is at the top level of one GraphDef.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_FUNCTION_INLINER_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_FUNCTION_INLINER_H_

#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/proto/graph.pb.h"

namespace neo::tf_frontend {

// A call that was inlined: its function and its data inputs as they were in the graph
// (a TF2 signature call's last inputs are the variables the function captured).
struct InlinedCall {
  std::string node;
  std::string function;
  std::vector<std::string> inputs;
};

// Replaces every PartitionedCall / StatefulPartitionedCall (or a node whose op names a
// library function) that `roots` need by the function's body, recursively. Body nodes
// are named "<call>/<node>" (with a suffix if that is taken); inputs "arg",
// "node:output_arg:k" become the call's inputs and graph tensors; control inputs are
// dropped; attributes, `_output_shapes` included, are kept. Consumers of the call, the
// returned calls' inputs and `roots` are rewritten to the tensors the function returns.
// Calls the roots do not reach stay; calls inside an inlined body are all inlined (the
// caller prunes what is unused).
//
// Throws "Load Error: <file_name> ..." for a missing function, a call whose input count
// differs from the function's, a name that is not in the body, an unknown output
// argument, nesting deeper than 64 calls (recursion), or more calls or nodes than
// `limits` allow (a function calling itself twice would double the graph per level).
struct InlineLimits {
  int max_calls = 10000;
  int max_nodes = 500000;
};
std::vector<InlinedCall> InlineFunctionCalls(tensorflow::GraphDef* graph,
                                             std::vector<std::string>* roots,
                                             const std::string& file_name,
                                             const InlineLimits& limits = InlineLimits());

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_FUNCTION_INLINER_H_

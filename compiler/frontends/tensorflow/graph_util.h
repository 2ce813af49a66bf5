// Tensor-name parsing and pruning shared by the SavedModel freezing steps.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_GRAPH_UTIL_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_GRAPH_UTIL_H_

#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/proto/graph.pb.h"

namespace neo::tf_frontend {

// A GraphDef input or tensor name: "node", "node:k" or "^node".
struct TensorRef {
  std::string node;
  int index = 0;
  bool control = false;
};

// False when the text after the last ':' is not a small non-negative number.
bool ParseTensorRef(const std::string& text, TensorRef* out);

// "node" for output 0 (how TensorFlow writes inputs), "node:k" otherwise.
std::string InputString(const std::string& node, int index);
// Always "node:k", the form of signature tensor names.
std::string TensorString(const TensorRef& ref);

// The nodes of `graph` that `roots` (tensor names) need through data inputs, in graph
// order; control inputs are removed from the nodes kept and never followed. Throws
// "Load Error: <file_name> ..." when a kept node names an input that does not exist.
void PruneToRoots(tensorflow::GraphDef* graph, const std::vector<std::string>& roots,
                  const std::string& file_name);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_GRAPH_UTIL_H_

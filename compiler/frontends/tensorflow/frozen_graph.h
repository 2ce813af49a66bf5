// What every TensorFlow format is reduced to before lowering: one GraphDef whose weights
// are Const nodes and whose computation is at top level (no variables, no function
// calls), plus the tensors that are the model's inputs and outputs.
//
// A frozen .pb/.pbtxt is one already; a SavedModel becomes one by resolving its variables
// from the checkpoint, inlining the functions its signature calls and pruning whatever
// the signature's outputs do not need.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_FROZEN_GRAPH_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_FROZEN_GRAPH_H_

#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/proto/graph.pb.h"

namespace neo::tf_frontend {

// One of the model's inputs or outputs.
struct GraphTensor {
  // The name a user gives in the data shape: a SavedModel signature's key
  // ("input_1"), or for a frozen graph the node's name ("input").
  std::string key;
  // The tensor in `graph`: "node:k" ("node" alone means output 0).
  std::string tensor;
};

struct FrozenGraph {
  tensorflow::GraphDef graph;
  // Signature order (a SavedModel's keys sorted, as TensorFlow does); for a frozen graph
  // the Placeholders in graph order and the outputs nobody consumes.
  std::vector<GraphTensor> inputs;
  std::vector<GraphTensor> outputs;
};

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_FROZEN_GRAPH_H_

// Finds the checkpoint key holding a TF2 variable's value. A SavedModel's object graph
// (in saved_model.pb) and the checkpoint's object graph (in variables/) describe the same
// Python objects, each with its own node numbering; the same path of child names from
// the root reaches the same object in both.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_CHECKPOINT_KEYS_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_CHECKPOINT_KEYS_H_

#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/proto/saved_object_graph.pb.h"
#include "compiler/frontends/tensorflow/proto/tensor_bundle.pb.h"

namespace neo::tf_frontend {

// The child names leading from the root (node 0) to `node` in `graph`, breadth first
// (so the shortest path); false when `node` is unreachable or out of range.
bool PathToNode(const tensorflow::SavedObjectGraph& graph, int node,
                std::vector<std::string>* path);

// The key of the VARIABLE_VALUE attribute of the checkpoint object that `path` reaches,
// or, when the path leads nowhere, of checkpoint node `fallback_id` (the numberings agree
// in files TensorFlow writes today). Empty when neither has one.
std::string VariableCheckpointKey(const tensorflow::TrackableObjectGraph& checkpoint,
                                  const std::vector<std::string>& path, int fallback_id);

// The key TensorFlow derives from a path when a checkpoint has no object graph:
// names joined by '/', '.' escaped as "..", '/' as ".S", then "/.ATTRIBUTES/VARIABLE_VALUE".
std::string PathCheckpointKey(const std::vector<std::string>& path);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_CHECKPOINT_KEYS_H_

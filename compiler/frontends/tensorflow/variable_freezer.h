// Turns a SavedModel's variables into constants holding their checkpointed values.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_VARIABLE_FREEZER_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_VARIABLE_FREEZER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/function_inliner.h"
#include "compiler/frontends/tensorflow/proto/saved_model.pb.h"
#include "compiler/frontends/tensorflow/tensor_bundle.h"
#include "compiler/load/model_files.h"

namespace neo::tf_frontend {

class VariableFreezer {
 public:
  // `files` and `meta` must outlive the freezer; the checkpoint is opened only when a
  // variable needs it, so a graph without variables needs no variables/ folder.
  VariableFreezer(const ModelFiles& files, const tensorflow::MetaGraphDef& meta);

  // Records which object-graph variables the inlined calls captured: a concrete
  // function's bound_inputs are its last inputs, in order.
  void NoteCaptures(const tensorflow::GraphDef& graph, const std::vector<InlinedCall>& calls);

  // Makes Const nodes of what `roots` need: VariableV2/Variable nodes (TF1; the key is
  // the node's name, else its shared_name) and ReadVariableOp of a VarHandleOp (through
  // Identity/IdentityN). A VarHandleOp's key comes, in order, from the captures noted,
  // from the object graph's SavedVariable of the same name (its shared_name or node
  // name), or from a checkpoint key equal to that name (TF1 resource variables).
  // Throws "Load Error" naming the checkpoint index when a variable has no value there,
  // or naming the model when a variable is used other than by ReadVariableOp.
  void Freeze(tensorflow::GraphDef* graph, const std::vector<std::string>& roots);

 private:
  const TensorBundle& Bundle();
  const tensorflow::TrackableObjectGraph* CheckpointObjectGraph();
  std::string ResourceKey(const tensorflow::NodeDef& handle);
  tensorflow::TensorProto Value(const std::string& key, const tensorflow::NodeDef& variable);

  const ModelFiles& files_;
  const tensorflow::MetaGraphDef& meta_;
  std::optional<TensorBundle> bundle_;
  std::optional<tensorflow::TrackableObjectGraph> checkpoint_graph_;
  bool checkpoint_graph_read_ = false;
  std::map<std::string, int> captured_;  // VarHandleOp name -> object graph node id
};

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_VARIABLE_FREEZER_H_

// The TensorFlow frontend's entry points: read a model's graph files into a FrozenGraph,
// say what its inputs are, and lower it to the IR once data_shape fixed their shapes.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_TF_IMPORT_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_TF_IMPORT_H_

#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/frozen_graph.h"
#include "compiler/ir/graph.h"
#include "compiler/load/protobuf_parse.h"

namespace neo::tf_frontend {

// A GraphDef from a .pb (binary) or .pbtxt (text) file. Throws Malformed input error
// naming `file_name` when it does not parse or exceeds `limits`. Text fields this reader
// does not know are skipped, as binary ones are.
tensorflow::GraphDef ParseGraphDef(const std::string& bytes, const std::string& file_name,
                                   bool text, const ProtobufLimits& limits = ProtobufLimits());

// A frozen graph's inputs are its Placeholders (graph order; keys are node names), its
// outputs the tensors no node reads (output 0 of each node nothing consumes, except
// Const, NoOp, Placeholder and the control-flow bookkeeping TensorFlow leaves behind).
FrozenGraph FreezeGraphDef(tensorflow::GraphDef graph);

struct TfInput {
  std::string key;                 // as the data shape names it
  std::string tensor;              // "node:k" in the graph
  ir::DType dtype = ir::DType::kFloat32;
  int rank = -1;                   // -1: unknown
  std::vector<int64_t> dims;       // -1: unknown dimension
};

// The inputs of `g` and what the graph says of their types and shapes. Throws
// OperatorAttributeNotImplemented for input dtypes the IR cannot hold.
std::vector<TfInput> TfModelInputs(const FrozenGraph& g);

// Checks every operator on the path to the outputs against the table before anything is
// lowered: all unknown operators are reported at once (OperatorNotImplemented), control
// flow as OperatorAttributeNotImplemented naming its op.
void CheckOperators(const FrozenGraph& g);

// Lowers `g` with each input's shape (TfModelInputs order) fixed.
ir::Graph LowerTfModel(const FrozenGraph& g, const std::vector<ir::Shape>& input_shapes);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_TF_IMPORT_H_

// Reduces a TensorFlow SavedModel (TF1 or TF2) to a FrozenGraph: the signature's
// computation at top level, variables replaced by their checkpointed values, everything
// else pruned.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_SAVED_MODEL_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_SAVED_MODEL_H_

#include <string>

#include "compiler/frontends/tensorflow/frozen_graph.h"
#include "compiler/frontends/tensorflow/proto/saved_model.pb.h"
#include "compiler/load/model_files.h"
#include "compiler/load/protobuf_parse.h"

namespace neo::tf_frontend {

inline constexpr char kServeTag[] = "serve";
inline constexpr char kDefaultSignature[] = "serving_default";

// Parses files.model (binary, or text when files.text_proto; text parsing skips fields
// this reader does not declare). Throws "Load Error: <name> is not a valid SavedModel: ..."
// when it does not parse or exceeds `limits`.
tensorflow::SavedModel ParseSavedModel(const ModelFile& model, bool text_proto,
                                       const ProtobufLimits& limits = ProtobufLimits());

// `files` as SelectModelFiles returns them for a SavedModel. Uses the meta graph tagged
// "serve" (or the only one) and the signature `signature_key`, or when that is empty
// "serving_default", or the only signature.
//
// The result: inputs and outputs are the signature's, sorted by key, each tensor
// "node:k" in `graph`. Inputs keep their names (Placeholders); an output's name is the
// tensor that computes it, which after inlining a TF2 function is a node of the function
// body ("StatefulPartitionedCall/.../BiasAdd:0"), not the signature's call. The graph
// holds only what the signature needs: no variables, function calls, library, save or
// restore ops, or control inputs; variables are Const nodes with the variable's name
// (TF1) or the ReadVariableOp's name (TF2), keeping `_output_shapes`.
//
// Throws NeoError:
//  - Load Error for an unparsable model, no meta graph, several without "serve", a
//    missing or ambiguous signature (the message lists the keys), a sparse or composite
//    signature tensor, a corrupt checkpoint (see TensorBundle), a variable with no value,
//    or a function that cannot be inlined (see InlineFunctionCalls);
//  - Load Error: InputConfiguration when variables/ lacks the index or a data shard.
FrozenGraph FreezeSavedModel(const ModelFiles& files, const std::string& signature_key,
                             const ProtobufLimits& limits = ProtobufLimits());

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_SAVED_MODEL_H_

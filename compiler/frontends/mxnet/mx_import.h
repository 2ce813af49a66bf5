// The MXNet frontend's entry points: read the symbol and .params files, say which
// variables are the model's inputs, check every operator before lowering, and lower the
// graph once data_shape fixed the inputs' shapes.
#ifndef NEO_COMPILER_FRONTENDS_MXNET_MX_IMPORT_H_
#define NEO_COMPILER_FRONTENDS_MXNET_MX_IMPORT_H_

#include <string>
#include <vector>

#include "compiler/frontends/mxnet/ndarray_list.h"
#include "compiler/frontends/mxnet/symbol.h"
#include "compiler/ir/graph.h"

namespace neo::mx_frontend {

struct MxModel {
  std::string symbol_file;  // member names, for messages
  std::string params_file;
  MxSymbol symbol;
  MxParams params;
};

// Parses both files (Malformed input error naming the file when either does not parse).
MxModel ReadMxModel(const std::string& symbol_json, const std::string& symbol_file,
                    const std::string& params_bytes, const std::string& params_file);

struct MxInput {
  std::string name;  // the variable's name, as the data shape names it
  int node = 0;      // its node in the symbol
};

// The variables the outputs need that no parameter gives a value: the model's inputs, in
// symbol order. Labels of the training heads (SoftmaxOutput's softmax_label) are not
// inputs: inference never reads them.
std::vector<MxInput> MxModelInputs(const MxModel& m);

// Every operator the outputs need is in the table, or all the missing ones are reported
// at once (OperatorNotImplemented).
void CheckOperators(const MxModel& m);

// For each input that `named` (the data shape's names) does not cover: a Malformed input
// error saying the variable has neither an array in the .params nor a data shape entry.
void CheckInputsNamed(const MxModel& m, const std::vector<std::string>& named);

// Lowers the model with each input's shape (MxModelInputs order) fixed. The outputs are
// the symbol's heads, named as MXNet names them: "<node>_output", or "<node>_output<k>"
// for the outputs of a node with several.
ir::Graph LowerMxModel(const MxModel& m, const std::vector<ir::Shape>& input_shapes);

}  // namespace neo::mx_frontend

#endif  // NEO_COMPILER_FRONTENDS_MXNET_MX_IMPORT_H_

// The input-shape JSON users give Neo (the DataInputConfig), and its check against the
// model's own inputs.
//
// Accepted forms (spec, "What input data shapes does Neo expect?"):
//   console      {"data":[1,3,224,224]}            {"a":[1,28,28,1], "b":[1,28,28,1]}
//   CLI-escaped  {\"data\":[1,3,224,224]}          (literal backslash-quote pairs)
//   list         [[1,3,224,224], [1,3,224,224]]    PyTorch only; names come from the model
// XGBoost takes no shape: its text is ignored.
// Dictionary order is kept as written, because MXNet/ONNX/PyTorch take inputs "in order".
#ifndef NEO_COMPILER_LOAD_DATA_SHAPE_H_
#define NEO_COMPILER_LOAD_DATA_SHAPE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/load/framework.h"

namespace neo {

struct InputShape {
  std::string name;           // empty for the list form until CheckDataShape names it
  std::vector<int64_t> dims;  // all positive
};

struct DataShape {
  bool list_form = false;
  std::vector<InputShape> inputs;  // as written
};

// Parses `text`. Every problem is a Malformed input error naming the input and, for bad
// JSON, the line and column. Guarantees: each dimension is a positive integer, each
// input's element count is at most 2^31, names are unique and non-empty.
DataShape ParseDataShape(const std::string& text, Framework fw);

// What the model says about one of its inputs.
struct ModelInputSpec {
  std::string name;
  int rank = -1;              // -1: unknown
  std::vector<int64_t> dims;  // `rank` entries when rank >= 0 (may be empty); -1 is dynamic
};

// Matches the user's shapes to the model's inputs and returns one shape per model input,
// in model order, named as the model names them. Every model input needs a shape; every
// named shape must be a model input; ranks and fixed dimensions must agree.
std::vector<InputShape> CheckDataShape(const DataShape& shape,
                                       const std::vector<ModelInputSpec>& inputs);

// "[1,3,224,224]" — how shapes appear in messages (the user's own notation).
std::string FormatDims(const std::vector<int64_t>& dims);

// Largest element count of one input; above it tensor byte offsets and int indices used
// by the kernels could overflow.
constexpr int64_t kMaxInputElements = int64_t{1} << 31;

}  // namespace neo

#endif  // NEO_COMPILER_LOAD_DATA_SHAPE_H_

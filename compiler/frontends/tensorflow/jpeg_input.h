// Graph inputs of TensorFlow type DT_STRING: JPEG bytes, accepted only where DecodeJpeg
// alone reads them. Their data shape entry is the decoded image's [height, width,
// channels] (README.md, TensorFlow models); the IR input is one kBytes scalar.
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_JPEG_INPUT_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_JPEG_INPUT_H_

#include <string>

#include "compiler/frontends/tensorflow/proto/graph.pb.h"

namespace neo::tf_frontend {

// Throws OperatorAttributeNotImplemented (naming the input) unless every reader of
// `tensor`, through Identity nodes, is a DecodeJpeg, and the input is a scalar (or of
// unknown shape) as DecodeJpeg takes it. `shape` may be null.
void CheckJpegInput(const tensorflow::GraphDef& graph, const std::string& key,
                    const std::string& tensor, const tensorflow::TensorShapeProto* shape);

}  // namespace neo::tf_frontend

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_JPEG_INPUT_H_

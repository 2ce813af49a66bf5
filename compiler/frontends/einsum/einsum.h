// Einsum as the IR's own operators (Transpose, Reshape, Slice, Reduce, BatchMatMul),
// shared by the frontends whose frameworks have it (ONNX's Einsum, aten::einsum).
#ifndef NEO_COMPILER_FRONTENDS_EINSUM_EINSUM_H_
#define NEO_COMPILER_FRONTENDS_EINSUM_EINSUM_H_

#include <string>
#include <vector>

#include "compiler/ir/graph.h"

namespace neo::frontends {

// What the decomposition needs from a frontend: a way to add nodes, and its errors.
class EinsumEmitter {
 public:
  virtual ~EinsumEmitter() = default;
  // Adds a node computing a new float32 value of `shape` (already known: the
  // decomposition computes every shape itself).
  virtual ir::ValueId Emit(const char* op, std::vector<ir::ValueId> inputs, const ir::Shape& shape,
                           ir::Attributes attrs) = 0;
  // The equation does not fit the operands: "... {why}" about the equation attribute.
  [[noreturn]] virtual void NotValid(const std::string& why) = 0;
  // A well-formed equation the decomposition does not handle.
  [[noreturn]] virtual void NotSupported(const std::string& what) = 0;
};

// The float32 value `equation` computes from `inputs` (of `shapes`), in the output's
// label order: numpy's einsum, implicit output (sorted labels seen once) included.
// May return an input itself when the equation is an identity.
ir::ValueId DecomposeEinsum(const std::string& equation, const std::vector<ir::ValueId>& inputs,
                            const std::vector<ir::Shape>& shapes, EinsumEmitter& emitter);

}  // namespace neo::frontends

#endif  // NEO_COMPILER_FRONTENDS_EINSUM_EINSUM_H_

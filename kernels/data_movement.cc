// Concat and Transpose are our own loops: XNNPACK 2022-02's operator API has no
// concatenation or transposition (both arrived later). Concat runs the reference loops;
// a Transpose that is a batch of matrix transposes (the NCHW <-> NHWC conversions at a
// model's edges) takes the tiled path of transpose_blocked.h, tested against them.
// Backend::kOnednn runs both on oneDNN (concat, reorder; data_movement_onednn.h) for
// models whose other operators run on OpenMP's threads.
#include "kernels/data_movement.h"

#include <cstring>

#include "kernels/data_movement_onednn.h"
#include "kernels/internal.h"
#include "kernels/reference/data_movement.h"
#include "kernels/transpose_blocked.h"

namespace neo::kernels {

Concat::Concat(Context& context, const ConcatParams& params, Backend backend,
               std::vector<const void*> inputs, void* output) {
  if (!ConcatSupports(backend, params) || inputs.size() != params.input_shapes.size()) {
    internal::Unsupported("Concat", BackendName(backend));
  }
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnConcat(context, params, inputs, output);
    return;
  }
  op_ = internal::MakeOp([params, inputs = std::move(inputs), output] {
    reference::Concat(params, inputs.data(), output);
  });
}



Transpose::Transpose(Context& context, const TransposeParams& params, Backend backend,
                     const void* input, void* output) {
  if (!TransposeSupports(backend, params)) {
    internal::Unsupported("Transpose", BackendName(backend));
  }
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnTranspose(context, params, input, output);
    return;
  }
  BatchedTranspose batched;
  if (AsBatchedTranspose(params, &batched)) {
    op_ = internal::MakeOp(
        [batched, input, output] { RunBatchedTranspose(batched, input, output); });
  } else {
    op_ = internal::MakeOp(
        [params, input, output] { reference::Transpose(params, input, output); });
  }
}



Copy::Copy(Context&, size_t bytes, const void* input, void* output)
    : bytes_(bytes), input_(input), output_(output) {}

void Copy::Run() {
  if (bytes_ != 0) std::memmove(output_, input_, bytes_);  // empty tensors may be null
}

}  // namespace neo::kernels

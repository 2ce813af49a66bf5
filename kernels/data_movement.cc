// Concat and Transpose are our own loops: XNNPACK 2022-02's operator API has no
// concatenation or transposition (both arrived later). Concat splits the output's rows
// (everything before the axis) over the model's threads (parallel_rows.h); a Transpose
// that is a batch of matrix transposes (the NCHW <-> NHWC conversions at a model's
// edges) takes the tiled path of transpose_blocked.h, tested against them.
// Backend::kOnednn runs both on oneDNN (concat, reorder; data_movement_onednn.h) for
// models whose other operators run on OpenMP's threads.
#include "kernels/data_movement.h"

#include <cstring>

#include "kernels/data_movement_onednn.h"
#include "kernels/internal.h"
#include "kernels/parallel_rows.h"
#include "kernels/reference/data_movement.h"
#include "kernels/transpose_blocked.h"
#include "kernels/transpose_interleave.h"

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
  // Our own loop rather than oneDNN's concat: on SqueezeNet's 55x55 fire modules (64 + 64
  // channels, NHWC) oneDNN 2.6 took 69 us on one thread and 205 us on two, this loop 38
  // and 138 us (AMD Zen 5). Two threads stay slower than one because the inputs come from
  // both cores' caches either way (one thread copying all of it took 128-164 us).
  int64_t rows = 1;
  for (int i = 0; i < params.axis; ++i) rows *= params.output_shape[i];
  op_ = internal::MakeOp(
      [params, rows, inputs = std::move(inputs), output,
       threads = internal::RowThreads(context, params.output_shape.num_elements())] {
        threads.Run(rows, [&](int64_t begin, int64_t end) {
          reference::ConcatRows(params, inputs.data(), begin, end, output);
        });
      });
}



Transpose::Transpose(Context& context, const TransposeParams& params, Backend backend,
                     const void* input, void* output) {
  if (!TransposeSupports(backend, params)) {
    internal::Unsupported("Transpose", BackendName(backend));
  }
  BatchedTranspose batched;
  const bool is_batched = AsBatchedTranspose(params, &batched);
  if (is_batched) {
    // Our own loop where oneDNN's reorder is slowest (transpose_interleave.h).
    op_ = internal::MakeSmallInterleave(batched, input, output);
    if (op_) return;
  }
  if (backend == Backend::kOnednn) {
    op_ = internal::MakeOnednnTranspose(context, params, input, output);
    return;
  }
  if (is_batched) {
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

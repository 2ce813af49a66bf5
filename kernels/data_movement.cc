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

namespace {

bool ValidConcat(const ConcatParams& p) {
  const Dims& o = p.output_shape;
  if (p.axis < 0 || p.axis >= o.rank || p.input_shapes.empty()) return false;
  int64_t total = 0;
  for (const Dims& in : p.input_shapes) {
    if (in.rank != o.rank) return false;
    for (int i = 0; i < o.rank; ++i)
      if (i != p.axis && in[i] != o[i]) return false;
    total += in[p.axis];
  }
  return total == o[p.axis];
}

bool ValidTranspose(const TransposeParams& p) {
  if (p.perm.rank != p.input_shape.rank) return false;
  bool seen[Dims::kMaxRank] = {};
  for (int i = 0; i < p.perm.rank; ++i) {
    if (p.perm[i] < 0 || p.perm[i] >= p.perm.rank || seen[p.perm[i]]) return false;
    seen[p.perm[i]] = true;
  }
  return true;
}

}  // namespace

bool ConcatSupports(Backend backend, const ConcatParams& p) {
  if (!ValidConcat(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kOnednn: return internal::OnednnConcatSupports(p);
    default: return false;
  }
}

struct Concat::Impl {
  std::unique_ptr<internal::Op> op;
};

Concat::Concat(Context& context, const ConcatParams& params, Backend backend,
               std::vector<const void*> inputs, void* output)
    : impl_(std::make_unique<Impl>()) {
  if (!ConcatSupports(backend, params) || inputs.size() != params.input_shapes.size()) {
    internal::Unsupported("Concat", BackendName(backend));
  }
  if (backend == Backend::kOnednn) {
    impl_->op = internal::MakeOnednnConcat(context, params, inputs, output);
    return;
  }
  impl_->op = internal::MakeOp([params, inputs = std::move(inputs), output] {
    reference::Concat(params, inputs.data(), output);
  });
}

Concat::~Concat() = default;

void Concat::Run() { impl_->op->Run(); }

bool TransposeSupports(Backend backend, const TransposeParams& p) {
  if (!ValidTranspose(p)) return false;
  switch (backend) {
    case Backend::kReference: return true;
    case Backend::kOnednn: return internal::OnednnTransposeSupports(p);
    default: return false;
  }
}

struct Transpose::Impl {
  std::unique_ptr<internal::Op> op;
};

Transpose::Transpose(Context& context, const TransposeParams& params, Backend backend,
                     const void* input, void* output)
    : impl_(std::make_unique<Impl>()) {
  if (!TransposeSupports(backend, params)) {
    internal::Unsupported("Transpose", BackendName(backend));
  }
  if (backend == Backend::kOnednn) {
    impl_->op = internal::MakeOnednnTranspose(context, params, input, output);
    return;
  }
  BatchedTranspose batched;
  if (AsBatchedTranspose(params, &batched)) {
    impl_->op = internal::MakeOp(
        [batched, input, output] { RunBatchedTranspose(batched, input, output); });
  } else {
    impl_->op = internal::MakeOp(
        [params, input, output] { reference::Transpose(params, input, output); });
  }
}

Transpose::~Transpose() = default;

void Transpose::Run() { impl_->op->Run(); }

Copy::Copy(Context&, size_t bytes, const void* input, void* output)
    : bytes_(bytes), input_(input), output_(output) {}

void Copy::Run() { std::memmove(output_, input_, bytes_); }

}  // namespace neo::kernels

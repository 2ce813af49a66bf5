#include "kernels/pad.h"

#include "kernels/internal.h"
#include "kernels/reference/pad.h"

namespace neo::kernels {

bool PadSupports(Backend backend, const PadParams& p) {
  return backend == Backend::kReference && reference::PadValid(p);
}

Pad::Pad(Context&, const PadParams& params, Backend backend, const void* input,
         void* output) {
  if (!PadSupports(backend, params)) internal::Unsupported("Pad", BackendName(backend));
  op_ = internal::MakeOp([params, input, output] { reference::Pad(params, input, output); });
}

Pad::~Pad() = default;

void Pad::Run() { op_->Run(); }

}  // namespace neo::kernels

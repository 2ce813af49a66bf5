#include "kernels/decode_jpeg.h"

#include "kernels/internal.h"
#include "kernels/model.h"
#include "kernels/reference/decode_jpeg.h"

namespace neo::kernels {

namespace {

// Owns the message a failed run reports, so the Context can point at it until the next
// run.
class DecodeJpegOp final : public internal::Op {
 public:
  DecodeJpegOp(Context& context, const DecodeJpegParams& params, const void* input,
               void* output)
      : context_(context),
        params_(params),
        input_(static_cast<const Bytes*>(input)),
        output_(static_cast<uint8_t*>(output)) {}

  void Run() override {
    if (!reference::DecodeJpeg(params_, *input_, output_, message_)) {
      context_.ReportRunError(message_);
    }
  }

 private:
  Context& context_;
  const DecodeJpegParams params_;
  const Bytes* input_;
  uint8_t* output_;
  char message_[reference::kJpegMessageSize] = {};
};

}  // namespace

DecodeJpeg::DecodeJpeg(Context& context, const DecodeJpegParams& params, Backend backend,
                       const void* input, void* output) {
  if (!DecodeJpegSupports(backend, params)) internal::Unsupported("DecodeJpeg", BackendName(backend));
  op_ = std::make_unique<DecodeJpegOp>(context, params, input, output);
}

}  // namespace neo::kernels

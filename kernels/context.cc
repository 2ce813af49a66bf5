#include "kernels/context.h"

#include <omp.h>
#include <xnnpack.h>

#include <mutex>
#include <stdexcept>
#include <string>

#include "kernels/context_internal.h"
#include "kernels/internal.h"

namespace neo::kernels {

Context::Context(int num_threads, bool xnnpack_on_calling_thread)
    : impl_(std::make_unique<Impl>()) {
  if (num_threads < 1) throw std::invalid_argument("Context: num_threads must be >= 1");
  impl_->num_threads = num_threads;
  internal::EnsureXnnpackInitialized();
  if (!xnnpack_on_calling_thread && num_threads > 1) {
    impl_->threadpool = pthreadpool_create(static_cast<size_t>(num_threads));
    if (impl_->threadpool == nullptr) internal::LibraryFailure("pthreadpool_create");
  }
  impl_->engine = dnnl::engine(dnnl::engine::kind::cpu, 0);
  impl_->stream = dnnl::stream(impl_->engine);
  // oneDNN sizes its parallel work when a primitive is created, so the count must be
  // right on this thread before any kernel of this context is constructed.
  BeginRun();
}

Context::~Context() {
  if (impl_->threadpool != nullptr) pthreadpool_destroy(impl_->threadpool);
}

int Context::num_threads() const { return impl_->num_threads; }

void Context::BeginRun() {
  omp_set_num_threads(impl_->num_threads);
  impl_->run_error = nullptr;
}

Context& Context::serial() {
  if (impl_->num_threads == 1) return *this;
  if (!impl_->serial) {
    impl_->serial = std::make_unique<Context>(1, /*xnnpack_on_calling_thread=*/true);
    impl_->serial->impl_->parent = this;
  }
  // Its construction set this thread's OpenMP count to 1, as the kernels built with it
  // next need.
  impl_->serial->BeginRun();
  return *impl_->serial;
}

void Context::BeginSerialSteps() { omp_set_num_threads(1); }

void Context::EndSerialSteps() { omp_set_num_threads(impl_->num_threads); }

void Context::ReportRunError(const char* message) {
  if (impl_->parent != nullptr) return impl_->parent->ReportRunError(message);
  if (impl_->run_error == nullptr) impl_->run_error = message;
}

neo::Status Context::run_status() const { return neo::Status(impl_->run_error); }

namespace internal {

void EnsureXnnpackInitialized() {
  static const xnn_status status = xnn_initialize(/*allocator=*/nullptr);
  if (status != xnn_status_success) {
    LibraryFailure("xnn_initialize returned " + std::to_string(status));
  }
}

const dnnl::engine& SharedEngine() {
  static const dnnl::engine* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

namespace {

class ActivationOp final : public Op {
 public:
  ActivationOp(std::unique_ptr<Op> op, Activation activation, float alpha, float beta,
               float lo, float hi, float* output, size_t n)
      : op_(std::move(op)), activation_(activation), alpha_(alpha), beta_(beta), lo_(lo),
        hi_(hi), output_(output), n_(n) {}
  void Run() override {
    op_->Run();
    ApplyActivationAndClamp(activation_, alpha_, beta_, lo_, hi_, output_, n_);
  }
  const char* implementation() const override { return op_->implementation(); }

 private:
  std::unique_ptr<Op> op_;
  Activation activation_;
  float alpha_, beta_, lo_, hi_;
  float* output_;
  size_t n_;
};

}  // namespace

std::unique_ptr<Op> WithActivation(std::unique_ptr<Op> op, Activation activation, float alpha,
                                   float beta, float lo, float hi, float* output, size_t n) {
  return std::make_unique<ActivationOp>(std::move(op), activation, alpha, beta, lo, hi, output,
                                        n);
}

void Unsupported(const char* family, const char* backend_name) {
  throw std::invalid_argument(std::string(family) + ": backend '" + backend_name +
                              "' does not support this configuration");
}

void LibraryFailure(const std::string& what) {
  throw std::runtime_error("neo kernels: " + what + " failed");
}

}  // namespace internal
}  // namespace neo::kernels

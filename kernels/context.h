// Per-model-instance execution resources: the XNNPACK thread pool and the oneDNN engine
// and stream. One Context per generated model object; contexts share nothing mutable, so
// separate model objects may run on separate threads at once.
#ifndef NEO_KERNELS_CONTEXT_H_
#define NEO_KERNELS_CONTEXT_H_

#include <memory>

#include "kernels/model.h"

namespace neo::kernels {

class Context {
 public:
  // num_threads >= 1. Creating the context creates the threads.
  //
  // A model whose heavy operators run on oneDNN (OpenMP threads) passes
  // xnnpack_on_calling_thread = true: its few XNNPACK operators (pooling, element-wise)
  // then run on the calling thread, because a second pool of workers spinning on the
  // same cores as OpenMP's idle-spinning team made two-thread runs several times slower
  // than one-thread runs.
  explicit Context(int num_threads = 1, bool xnnpack_on_calling_thread = false);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  int num_threads() const;

  // Called at the start of every Run(): oneDNN's OpenMP threads are a property of the
  // calling thread, so the count is set there.
  void BeginRun();

  // Kernels too small to gain from more threads are constructed with serial(): a
  // one-thread context (this one when num_threads is 1) whose oneDNN primitives are sized
  // for one thread and whose XNNPACK operators run on the calling thread. Its errors are
  // reported to this context. The model runs them between BeginSerialSteps(), which
  // sets the calling thread's OpenMP count to 1, and EndSerialSteps(), which restores
  // it: a step costing a few microseconds on one thread costs more when split, because
  // waking the other thread and joining it takes about as long.
  Context& serial();
  void BeginSerialSteps();
  void EndSerialSteps();

  // Inputs rejected at run time (neo::Model::run_status): BeginRun() clears the status;
  // a kernel that cannot use its input reports why, and a run keeps its first report.
  // `message` must stay valid until the next BeginRun().
  void ReportRunError(const char* message);
  neo::Status run_status() const;

  // For kernel implementations (see context_internal.h).
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace neo::kernels

#endif  // NEO_KERNELS_CONTEXT_H_

// What a Context holds, for kernel implementations: the XNNPACK thread pool and the
// oneDNN engine and stream.
#ifndef NEO_KERNELS_CONTEXT_INTERNAL_H_
#define NEO_KERNELS_CONTEXT_INTERNAL_H_

#include <pthreadpool.h>

#include <dnnl.hpp>

#include "kernels/context.h"

namespace neo::kernels {

struct Context::Impl {
  int num_threads = 1;
  // num_threads workers (the caller is one of them); null when XNNPACK runs on the
  // calling thread alone (one thread, or a model whose threads belong to OpenMP).
  pthreadpool_t threadpool = nullptr;
  dnnl::engine engine;
  dnnl::stream stream;
  const char* run_error = nullptr;  // this run's first rejected input, if any
  Context* parent = nullptr;          // set on a serial() context: errors go there
  std::unique_ptr<Context> serial;    // created by the first serial() call
};

namespace internal {
// Initializes XNNPACK once per process (thread-safe); throws if the CPU is unsupported.
void EnsureXnnpackInitialized();
// A CPU engine for questions (Supports) that need one before any Context exists.
const dnnl::engine& SharedEngine();
}  // namespace internal

}  // namespace neo::kernels

#endif  // NEO_KERNELS_CONTEXT_INTERNAL_H_

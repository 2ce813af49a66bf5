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
  pthreadpool_t threadpool = nullptr;  // num_threads workers (the caller is one of them)
  dnnl::engine engine;
  dnnl::stream stream;
};

namespace internal {
// Initializes XNNPACK once per process (thread-safe); throws if the CPU is unsupported.
void EnsureXnnpackInitialized();
// A CPU engine for questions (Supports) that need one before any Context exists.
const dnnl::engine& SharedEngine();
}  // namespace internal

}  // namespace neo::kernels

#endif  // NEO_KERNELS_CONTEXT_INTERNAL_H_

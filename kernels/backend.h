// Which library runs an operator. The compiler picks one per node (and records it in
// the generated code); every kernel family answers which backends can run a given
// configuration, so the choice is never one the kernel cannot honour.
#ifndef NEO_KERNELS_BACKEND_H_
#define NEO_KERNELS_BACKEND_H_

namespace neo::kernels {

enum class Backend {
  kReference,       // plain C++ loops: the oracle, and the fallback for everything
  kXnnpack,         // XNNPACK operator API, threads from pthreadpool
  kOnednn,          // oneDNN primitives (direct/brgemm algorithms), OpenMP threads
  kOnednnWinograd,  // oneDNN Winograd convolution (3x3, stride 1)
};

// "reference", "xnnpack", "onednn", "onednn_winograd".
const char* BackendName(Backend b);
// "neo::kernels::Backend::kXnnpack": how generated code spells it.
const char* BackendEnumerator(Backend b);

}  // namespace neo::kernels

#endif  // NEO_KERNELS_BACKEND_H_

// The one question our kernels ask the CPU at run time: whether it has AVX-512F, for the
// AVX-512 copies of our loops that generic x86-64 builds carry (Swish, ChannelAffine,
// small-group convolutions, small interleaves). Internal to //kernels.
#ifndef NEO_KERNELS_CPU_FEATURES_H_
#define NEO_KERNELS_CPU_FEATURES_H_

namespace neo::kernels::internal {

// Asked once per process. __builtin_cpu_init first: a model may be built from a static
// initializer, before libgcc's own constructor has filled in what the builtin reads.
// False off x86-64.
inline bool CpuHasAvx512F() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool avx512f = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
  }();
  return avx512f;
#else
  return false;
#endif
}

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_CPU_FEATURES_H_

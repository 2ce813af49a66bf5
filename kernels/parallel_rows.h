// Our own loops' threads (ChannelAffine, Resize): whichever workers the model already
// has, so that no third kind of worker spins beside them. Internal to //kernels.
#ifndef NEO_KERNELS_PARALLEL_ROWS_H_
#define NEO_KERNELS_PARALLEL_ROWS_H_

#include <omp.h>
#include <pthreadpool.h>

#include <cstddef>
#include <cstdint>

#include "kernels/context.h"
#include "kernels/context_internal.h"

namespace neo::kernels::internal {

// Where a kernel's Run() splits its rows: the context's XNNPACK pool when it has one,
// else OpenMP's team (whose size Context::BeginRun and the serial steps set), or the
// calling thread alone when the work is too small to share (below 2^15 elements a second
// thread costs more to wake than it saves, measured on ChannelAffine).
struct RowThreads {
  RowThreads(Context& context, int64_t elements)
      : pool(context.impl().threadpool),
        threads(elements >= (int64_t{1} << 15) ? context.num_threads() : 1) {}

  // For work that directly follows a oneDNN primitive: always OpenMP's team, whose
  // workers are still spinning from the primitive. Handing the rows to XNNPACK's pool
  // instead made a 2-thread Swish pass 40 times slower than the convolution before it
  // (the pool's workers fought the spinning OpenMP workers for the two cores).
  static RowThreads AfterOnednn(Context& context, int64_t elements) {
    RowThreads t(context, elements);
    t.pool = nullptr;
    return t;
  }

  // rows(begin, end) over [0, count), each row exactly once.
  template <typename Rows>
  void Run(int64_t count, const Rows& rows) const {
    if (threads <= 1 || count <= 1) {
      rows(int64_t{0}, count);
    } else if (pool != nullptr) {
      const int64_t tile = (count + threads - 1) / threads;
      pthreadpool_parallelize_1d_tile_1d(
          pool,
          [&rows](size_t begin, size_t n) {
            rows(static_cast<int64_t>(begin), static_cast<int64_t>(begin + n));
          },
          static_cast<size_t>(count), static_cast<size_t>(tile));
    } else {
#pragma omp parallel
      {
        const int64_t n = omp_get_num_threads(), t = omp_get_thread_num();
        rows(count * t / n, count * (t + 1) / n);
      }
    }
  }

  pthreadpool_t pool;
  int threads;
};

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_PARALLEL_ROWS_H_

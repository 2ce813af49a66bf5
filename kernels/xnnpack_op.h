// An XNNPACK operator, created and set up once; Run() is xnn_run_operator on the
// context's thread pool.
#ifndef NEO_KERNELS_XNNPACK_OP_H_
#define NEO_KERNELS_XNNPACK_OP_H_

#include <xnnpack.h>

#include "kernels/context.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

class XnnpackOp final : public Op {
 public:
  // Takes ownership of `op` (deleted with this object).
  XnnpackOp(Context& context, xnn_operator_t op);
  ~XnnpackOp() override;
  void Run() override;
  const char* implementation() const override { return "xnnpack"; }
  xnn_operator_t get() const { return op_; }

 private:
  xnn_operator_t op_;
  pthreadpool_t threadpool_;
};

// Throws naming `what` unless `status` is success.
void XnnCheck(xnn_status status, const char* what);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_XNNPACK_OP_H_

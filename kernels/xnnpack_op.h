// An XNNPACK operator, created and set up once; Run() is xnn_run_operator on the
// context's thread pool.
#ifndef NEO_KERNELS_XNNPACK_OP_H_
#define NEO_KERNELS_XNNPACK_OP_H_

#include <xnnpack.h>

#include "kernels/context.h"
#include "kernels/internal.h"
#include "kernels/pooling.h"
#include "kernels/unary.h"

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

// The XNNPACK operators whose parameter checks the capability functions restate
// (Pooling2DSupports, UnarySupports): created here for the runtime, and by the test that
// checks the two agree. The caller owns (deletes) a created operator.
xnn_status CreateXnnpackPooling2D(const Pooling2DParams& p, xnn_operator_t* op);
xnn_status CreateXnnpackUnary(const UnaryParams& p, xnn_operator_t* op);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_XNNPACK_OP_H_

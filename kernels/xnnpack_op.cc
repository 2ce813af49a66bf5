#include "kernels/xnnpack_op.h"

#include <string>

#include "kernels/context_internal.h"

namespace neo::kernels::internal {

XnnpackOp::XnnpackOp(Context& context, xnn_operator_t op)
    : op_(op), threadpool_(context.impl().threadpool) {}

XnnpackOp::~XnnpackOp() { xnn_delete_operator(op_); }

void XnnpackOp::Run() { XnnCheck(xnn_run_operator(op_, threadpool_), "xnn_run_operator"); }

void XnnCheck(xnn_status status, const char* what) {
  if (status != xnn_status_success) {
    LibraryFailure(std::string(what) + " (status " + std::to_string(status) + ")");
  }
}

}  // namespace neo::kernels::internal

// A oneDNN primitive bound once to its memories, so that Run() is a single
// dnnl_primitive_execute over a prebuilt argument array (the C++ execute() would build an
// std::unordered_map and a vector on every call).
#ifndef NEO_KERNELS_ONEDNN_OP_H_
#define NEO_KERNELS_ONEDNN_OP_H_

#include <dnnl.hpp>
#include <string>
#include <vector>

#include "kernels/activation.h"
#include "kernels/context.h"
#include "kernels/internal.h"

namespace neo::kernels::internal {

using OnednnArgs = std::vector<std::pair<int, dnnl::memory>>;

class OnednnOp final : public Op {
 public:
  // Runs `primitive` on `args`; the memories are kept alive by the op (weights it owns,
  // wrappers of caller buffers).
  OnednnOp(Context& context, dnnl::primitive primitive, OnednnArgs args);
  // Runs several primitives in order (e.g. reorder, convolution, reorder).
  OnednnOp(Context& context, std::vector<std::pair<dnnl::primitive, OnednnArgs>> steps);
  void Run() override;
  // The main primitive's oneDNN implementation name (the last non-reorder step, or the
  // first reorder when there is no other).
  const char* implementation() const override { return implementation_.c_str(); }

 private:
  std::string implementation_;
  struct Step {
    dnnl::primitive primitive;
    std::vector<dnnl::memory> memories;
    std::vector<dnnl_exec_arg_t> args;
  };
  dnnl_stream_t stream_;
  std::vector<Step> steps_;
};

// The post-op that makes oneDNN apply clamp(x, lo, hi), or none if the clamp is a no-op.
dnnl::post_ops ClampPostOps(float lo, float hi);
// A fused activation (kernels/activation.h) followed by the clamp.
dnnl::post_ops ActivationPostOps(Activation activation, float alpha, float beta, float lo,
                                 float hi);

// A memory with `desc` holding a copy of `data` (described by `user_desc`) reordered into
// it: how weights are packed once, at construction.
dnnl::memory ReorderedCopy(Context& context, const dnnl::memory::desc& user_desc,
                           const float* data, const dnnl::memory::desc& desc);

// A dense row-major ("abcd...") descriptor for `dims` (rank >= 1).
dnnl::memory::desc PlainDesc(const dnnl::memory::dims& dims,
                             dnnl::memory::data_type type = dnnl::memory::data_type::f32);

// Wraps a caller's buffer (oneDNN wants a non-const pointer even for inputs).
dnnl::memory Wrap(Context& context, const dnnl::memory::desc& desc, const float* data);

}  // namespace neo::kernels::internal

#endif  // NEO_KERNELS_ONEDNN_OP_H_

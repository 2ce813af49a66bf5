// Elements are described as f32 whatever they hold (int32 too): neither primitive does
// arithmetic on them without scales or post-ops, so every bit pattern is copied as is
// (the tests move arbitrary bit patterns, NaN payloads included).
#include "kernels/data_movement_onednn.h"

#include <optional>

#include "kernels/context_internal.h"
#include "kernels/onednn_op.h"

namespace neo::kernels::internal {
namespace {

using dnnl::memory;

constexpr int kMaxRank = 6;

memory::dims ToDims(const Dims& d) { return memory::dims(d.d, d.d + d.rank); }

bool Describable(const Dims& d) {
  return d.rank >= 1 && d.rank <= kMaxRank && d.num_elements() > 0;
}

dnnl::primitive_attr UserScratchpad() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

}  // namespace

std::optional<dnnl::concat::primitive_desc> OnednnConcatPd(const dnnl::engine& engine,
                                                           const ConcatParams& p) {
  if (p.element_size != 4 || !Describable(p.output_shape)) return std::nullopt;
  std::vector<memory::desc> srcs;
  for (const Dims& in : p.input_shapes) {
    // oneDNN rejects empty sources; a concat with one would need them skipped.
    if (!Describable(in)) return std::nullopt;
    srcs.push_back(PlainDesc(ToDims(in)));
  }
  try {
    return dnnl::concat::primitive_desc(PlainDesc(ToDims(p.output_shape)), p.axis, srcs,
                                        engine, UserScratchpad());
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

namespace {

// The output, described in the input's dimension order: output dimension i is input
// dimension perm[i], so input dimension perm[i] advances by output i's row-major stride.
memory::desc PermutedDesc(const TransposeParams& p) {
  const int rank = p.input_shape.rank;
  memory::dims strides(rank);
  memory::dim stride = 1;
  for (int i = rank; i-- > 0;) {
    strides[p.perm[i]] = stride;
    stride *= p.input_shape[p.perm[i]];
  }
  return memory::desc(ToDims(p.input_shape), memory::data_type::f32, strides);
}

}  // namespace

std::optional<dnnl::reorder::primitive_desc> OnednnTransposePd(const dnnl::engine& engine,
                                                               const TransposeParams& p) {
  if (p.element_size != 4 || !Describable(p.input_shape)) return std::nullopt;
  try {
    return dnnl::reorder::primitive_desc(engine, PlainDesc(ToDims(p.input_shape)), engine,
                                         PermutedDesc(p), UserScratchpad());
  } catch (const dnnl::error&) {
    return std::nullopt;
  }
}

std::unique_ptr<Op> MakeOnednnConcat(Context& context, const ConcatParams& p,
                                     const std::vector<const void*>& inputs, void* output) {
  context.BeginRun();  // the primitive is sized for the context's thread count
  auto pd = OnednnConcatPd(context.impl().engine, p);
  if (!pd) Unsupported("Concat", "onednn");
  OnednnArgs args;
  for (size_t i = 0; i < inputs.size(); ++i) {
    args.push_back({DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i),
                    Wrap(context, pd->src_desc(static_cast<int>(i)),
                         static_cast<const float*>(inputs[i]))});
  }
  args.push_back({DNNL_ARG_DST, Wrap(context, pd->dst_desc(), static_cast<float*>(output))});
  args.push_back({DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)});
  return std::make_unique<OnednnOp>(context, dnnl::concat(*pd), std::move(args));
}

std::unique_ptr<Op> MakeOnednnTranspose(Context& context, const TransposeParams& p,
                                        const void* input, void* output) {
  context.BeginRun();
  auto pd = OnednnTransposePd(context.impl().engine, p);
  if (!pd) Unsupported("Transpose", "onednn");
  OnednnArgs args = {
      {DNNL_ARG_FROM, Wrap(context, pd->src_desc(), static_cast<const float*>(input))},
      {DNNL_ARG_TO, Wrap(context, pd->dst_desc(), static_cast<float*>(output))},
      {DNNL_ARG_SCRATCHPAD, memory(pd->scratchpad_desc(), context.impl().engine)},
  };
  return std::make_unique<OnednnOp>(context, dnnl::reorder(*pd), std::move(args));
}

}  // namespace neo::kernels::internal

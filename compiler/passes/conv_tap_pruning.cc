#include "compiler/passes/conv_tap_pruning.h"

#include <cstring>
#include <string>
#include <vector>

#include "compiler/ir/ops.h"

namespace neo::passes {

namespace {

// Along one spatial dimension: the first and last kernel taps that read an input element
// for some output position, and the padding that keeps the output the same without the
// others. `keep` is false when the dimension cannot shrink.
struct TapRange {
  int64_t first = 0, last = 0, pad_begin = 0, pad_end = 0;
  bool shrinks = false;
};

TapRange UsedTaps(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t dilation,
                  int64_t pad_begin, int64_t pad_end) {
  TapRange r;
  r.first = kernel;
  r.last = -1;
  for (int64_t k = 0; k < kernel; ++k) {
    for (int64_t y = 0; y < out; ++y) {
      const int64_t at = y * stride - pad_begin + k * dilation;
      if (at >= 0 && at < in) {
        if (r.first == kernel) r.first = k;
        r.last = k;
        break;
      }
    }
  }
  if (r.last < 0) return r;  // no tap reads the input: leave such a degenerate node alone
  r.pad_begin = pad_begin - r.first * dilation;
  r.pad_end = pad_end - (kernel - 1 - r.last) * dilation;
  r.shrinks = (r.first > 0 || r.last < kernel - 1) && r.pad_begin >= 0 && r.pad_end >= 0;
  return r;
}

}  // namespace

int PruneConvTaps(ir::Graph& g) {
  int pruned = 0;
  for (ir::Node& node : g.nodes()) {
    if (node.op != ir::op::kConv2D || node.attrs.GetString("layout", "NCHW") != "NCHW") continue;
    const ir::Value& w = g.value(node.inputs[1]);
    const ir::Value& x = g.value(node.inputs[0]);
    const ir::Value& y = g.value(node.outputs[0]);
    if (!w.is_constant() || w.dtype != ir::DType::kFloat32 || w.shape.size() != 4 ||
        x.shape.size() != 4 || y.shape.size() != 4) {
      continue;
    }
    const std::vector<int64_t> strides = node.attrs.GetInts("strides", {1, 1});
    const std::vector<int64_t> dilations = node.attrs.GetInts("dilations", {1, 1});
    std::vector<int64_t> pads = node.attrs.GetInts("pads", {0, 0, 0, 0});
    TapRange r[2];
    for (int d = 0; d < 2; ++d) {
      r[d] = UsedTaps(x.shape[2 + d], y.shape[2 + d], w.shape[2 + d], strides[d], dilations[d],
                      pads[d], pads[2 + d]);
      if (!r[d].shrinks) {  // this dimension keeps its taps and padding
        r[d].first = 0;
        r[d].last = w.shape[2 + d] - 1;
        r[d].pad_begin = pads[d];
        r[d].pad_end = pads[2 + d];
      }
    }
    if (!r[0].shrinks && !r[1].shrinks) continue;
    // The kept window of the [O, C/group, KH, KW] weights, as a new constant (the old
    // one may have other readers).
    const int64_t outer = w.shape[0] * w.shape[1], kh = w.shape[2], kw = w.shape[3];
    const int64_t nh = r[0].last - r[0].first + 1, nw = r[1].last - r[1].first + 1;
    std::vector<float> kept(static_cast<size_t>(outer * nh * nw));
    const float* from = w.data_as<float>();
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < nh; ++i) {
        std::memcpy(&kept[static_cast<size_t>((o * nh + i) * nw)],
                    from + (o * kh + r[0].first + i) * kw + r[1].first,
                    static_cast<size_t>(nw) * sizeof(float));
      }
    }
    std::vector<uint8_t> bytes(kept.size() * sizeof(float));
    std::memcpy(bytes.data(), kept.data(), bytes.size());
    const ir::Shape shape = {w.shape[0], w.shape[1], nh, nw};
    const std::string name = g.UniqueName(w.name + "/taps");
    node.inputs[1] = g.AddConstant(name, ir::DType::kFloat32, shape, std::move(bytes));
    node.attrs.set("pads", std::vector<int64_t>{r[0].pad_begin, r[1].pad_begin, r[0].pad_end,
                                                r[1].pad_end});
    if (nh == 1 && nw == 1) node.attrs.set("dilations", std::vector<int64_t>{1, 1});
    ++pruned;
  }
  return pruned;
}

}  // namespace neo::passes

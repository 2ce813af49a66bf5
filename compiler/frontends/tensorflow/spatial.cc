#include "compiler/frontends/tensorflow/spatial.h"

#include <algorithm>

namespace neo::tf_frontend {

std::vector<int64_t> SpatialPair(const NodeLowering& n, const std::string& name,
                                 const std::vector<int64_t>& value, bool nchw) {
  if (value.size() != 4) n.NotValid(name, "must have 4 entries");
  const int64_t batch = value[0], channel = nchw ? value[1] : value[3];
  const int64_t h = nchw ? value[2] : value[1], w = nchw ? value[3] : value[2];
  if (batch != 1 || channel != 1) n.NotSupported(name + " over the batch or channel axis");
  if (h < 1 || w < 1) n.NotValid(name, "must be positive");
  return {h, w};
}

Window ReadWindow(const NodeLowering& n, const std::vector<int64_t>& kernel) {
  Window w;
  w.nchw = n.IsNchw();
  if (n.input_rank(0) != 4) n.NotSupported("input of rank " + std::to_string(n.input_rank(0)));
  if (w.nchw) {
    w.c_axis = 1;
    w.h_axis = 2;
    w.w_axis = 3;
  }
  w.strides = SpatialPair(n, "strides", n.IntsAttr("strides"), w.nchw);
  if (n.has_attr("dilations")) {
    w.dilations = SpatialPair(n, "dilations", n.IntsAttr("dilations"), w.nchw);
  }
  const std::string padding = n.StringAttr("padding");
  const ir::Shape& x = n.input_shape(0);
  const int64_t in[2] = {x[static_cast<size_t>(w.h_axis)], x[static_cast<size_t>(w.w_axis)]};
  if (padding == "VALID") return w;
  if (padding == "SAME") {
    for (int d = 0; d < 2; ++d) {
      const int64_t s = w.strides[static_cast<size_t>(d)];
      const int64_t k = (kernel[static_cast<size_t>(d)] - 1) * w.dilations[static_cast<size_t>(d)] + 1;
      const int64_t out = (in[d] + s - 1) / s;
      const int64_t total = std::max<int64_t>((out - 1) * s + k - in[d], 0);
      w.pads[static_cast<size_t>(d)] = total / 2;
      w.pads[static_cast<size_t>(d) + 2] = total - total / 2;
    }
    return w;
  }
  if (padding == "EXPLICIT") {
    const std::vector<int64_t> e = n.IntsAttr("explicit_paddings");
    if (e.size() != 8) n.NotValid("explicit_paddings", "must have 8 entries");
    for (int64_t p : e) {
      if (p < 0) n.NotValid("explicit_paddings", "cannot be negative");
    }
    const size_t h = static_cast<size_t>(w.h_axis), wa = static_cast<size_t>(w.w_axis);
    if (e[0] || e[1] || e[2 * static_cast<size_t>(w.c_axis)] ||
        e[2 * static_cast<size_t>(w.c_axis) + 1]) {
      n.NotSupported("explicit_paddings over the batch or channel axis");
    }
    w.pads = {e[2 * h], e[2 * wa], e[2 * h + 1], e[2 * wa + 1]};
    return w;
  }
  n.NotSupported("padding " + padding);
}

void SetWindowAttrs(const Window& w, ir::Attributes& a, bool with_dilations) {
  a.set("strides", w.strides);
  if (with_dilations) a.set("dilations", w.dilations);
  a.set("pads", w.pads);
  a.set("layout", std::string(w.nchw ? "NCHW" : "NHWC"));
}

}  // namespace neo::tf_frontend

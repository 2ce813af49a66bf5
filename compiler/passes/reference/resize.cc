// Resize: nearest (any rank) or linear (the two spatial axes of rank-4 NCHW), with
// ONNX's coordinate transformations and nearest rounding modes.
#include <cmath>
#include <stdexcept>

#include "compiler/passes/pass_util.h"
#include "compiler/passes/reference/reference_ops.h"

namespace neo::passes::reference {

namespace {

// The input coordinate output coordinate `o` samples along a dimension.
double SourceCoordinate(const std::string& mode, double o, double scale, int64_t in_len,
                        int64_t out_len) {
  if (mode == "asymmetric") return o / scale;
  if (mode == "half_pixel") return (o + 0.5) / scale - 0.5;
  if (mode == "pytorch_half_pixel") return out_len > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
  if (mode == "align_corners") {
    return out_len == 1 ? 0.0 : o * static_cast<double>(in_len - 1) / static_cast<double>(out_len - 1);
  }
  if (mode == "tf_half_pixel_for_nn") return (o + 0.5) / scale;
  throw std::logic_error("reference: Resize coordinate_transformation_mode " + mode);
}

int64_t Nearest(const std::string& mode, double x, int64_t len) {
  int64_t i;
  if (mode == "floor") i = static_cast<int64_t>(std::floor(x));
  else if (mode == "ceil") i = static_cast<int64_t>(std::ceil(x));
  else if (mode == "round_prefer_ceil") i = static_cast<int64_t>(std::floor(x + 0.5));
  else if (mode == "round_prefer_floor") i = static_cast<int64_t>(std::ceil(x - 0.5));
  else throw std::logic_error("reference: Resize nearest_mode " + mode);
  return std::min<int64_t>(std::max<int64_t>(i, 0), len - 1);
}

}  // namespace

Tensor Resize(const ir::Node& node, const Tensor& x, const ir::Shape& out_shape) {
  const std::string mode = node.attrs.GetString("mode", "nearest");
  const std::string ct = node.attrs.GetString("coordinate_transformation_mode", "half_pixel");
  const std::string nm = node.attrs.GetString("nearest_mode", "round_prefer_floor");
  const std::vector<double>& scales = node.attrs.GetFloats("scales");
  const size_t rank = x.shape.size();
  const std::vector<int64_t> xs = StridesOf(x.shape);
  Tensor y{out_shape, std::vector<float>(static_cast<size_t>(ir::NumElements(out_shape)))};
  std::vector<int64_t> idx(rank, 0);
  for (size_t o = 0; o < y.data.size(); ++o) {
    if (mode == "nearest") {
      int64_t s = 0;
      for (size_t d = 0; d < rank; ++d) {
        const double c = SourceCoordinate(ct, static_cast<double>(idx[d]), scales[d], x.shape[d], out_shape[d]);
        s += Nearest(nm, c, x.shape[d]) * xs[d];
      }
      y.data[o] = x.data[static_cast<size_t>(s)];
    } else {
      // Bilinear over the last two axes; the leading ones are copied (scale 1).
      int64_t base = 0;
      for (size_t d = 0; d + 2 < rank; ++d) base += idx[d] * xs[d];
      int64_t i0[2], i1[2];
      double frac[2];
      for (int k = 0; k < 2; ++k) {
        const size_t d = rank - 2 + static_cast<size_t>(k);
        double c = SourceCoordinate(ct, static_cast<double>(idx[d]), scales[d], x.shape[d], out_shape[d]);
        c = std::min(std::max(c, 0.0), static_cast<double>(x.shape[d] - 1));
        i0[k] = static_cast<int64_t>(std::floor(c));
        i1[k] = std::min<int64_t>(i0[k] + 1, x.shape[d] - 1);
        frac[k] = c - static_cast<double>(i0[k]);
      }
      auto at = [&](int64_t h, int64_t w) {
        return static_cast<double>(x.data[static_cast<size_t>(base + h * xs[rank - 2] + w * xs[rank - 1])]);
      };
      const double top = at(i0[0], i0[1]) * (1 - frac[1]) + at(i0[0], i1[1]) * frac[1];
      const double bottom = at(i1[0], i0[1]) * (1 - frac[1]) + at(i1[0], i1[1]) * frac[1];
      y.data[o] = static_cast<float>(top * (1 - frac[0]) + bottom * frac[0]);
    }
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < out_shape[d]) break;
      idx[d] = 0;
    }
  }
  return y;
}

}  // namespace neo::passes::reference

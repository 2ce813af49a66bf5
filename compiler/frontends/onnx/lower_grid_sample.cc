// GridSample (opset 16) from element-wise IR operators and GatherElements, following
// PyTorch's grid_sample (ONNX's definition and test data come from it): grid coordinates
// in [-1, 1] are unnormalised to pixels; bilinear and nearest apply the padding mode to
// the coordinate (border: clamp; reflection: reflect about the edges, then clamp), bicubic
// to each of its 16 taps; a tap outside the image reads 0. Taps are fetched from X viewed
// as [N, C, H*W] with an index y * W + x shared by the channels.
#include "compiler/frontends/onnx/emit_util.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

class GridSampler {
 public:
  GridSampler(NodeLowering& n, const ir::Shape& x, const ir::Shape& grid)
      : n_(n), batch_(x[0]), channels_(x[1]), h_(x[2]), w_(x[3]), points_(grid[1] * grid[2]) {}

  void Lower() {
    const std::string mode = n_.StringAttr("mode", "bilinear");
    padding_ = n_.StringAttr("padding_mode", "zeros");
    align_ = n_.IntAttr("align_corners", 0) != 0;
    if (mode != "bilinear" && mode != "nearest" && mode != "bicubic") n_.NotValid("mode", "must be bilinear, nearest or bicubic");
    if (padding_ != "zeros" && padding_ != "border" && padding_ != "reflection") {
      n_.NotValid("padding_mode", "must be zeros, border or reflection");
    }
    image_ = EmitReshape(n_, n_.input(0), {batch_, channels_, h_ * w_}, "image_rows");
    ir::ValueId x = Unnormalize(GridComponent(0), w_, "x"), y = Unnormalize(GridComponent(1), h_, "y");
    ir::ValueId out;
    if (mode == "bicubic") {
      out = Bicubic(x, y);
    } else {
      x = Pad(x, w_, "x");
      y = Pad(y, h_, "y");
      out = mode == "nearest" ? Read(Unary(ir::op::kRound, y, "y_nearest"), Unary(ir::op::kRound, x, "x_nearest"), "nearest")
                              : Bilinear(x, y);
    }
    n_.Emit(ir::op::kReshape, {out}, {n_.output(0)}).attrs.set("shape", n_.graph().value(n_.output(0)).shape);
  }

 private:
  ir::ValueId F(float v, const std::string& s) { return FloatScalar(n_, v, s); }
  ir::ValueId Bin(const char* op, ir::ValueId a, ir::ValueId b, const std::string& s) { return EmitBinary(n_, op, a, b, s); }
  ir::ValueId Unary(const char* op, ir::ValueId a, const std::string& s) { return EmitUnary(n_, op, a, s); }

  // grid[..., k] as [N, 1, Ho*Wo].
  ir::ValueId GridComponent(int64_t k) {
    const std::string s = k == 0 ? "grid_x" : "grid_y";
    const ir::ValueId v = n_.NewValue(s);
    n_.Emit(ir::op::kGather, {n_.input(1), Int64Scalar(n_, k, s + "_index")}, {v}).attrs.set("axis", int64_t{3});
    return EmitReshape(n_, v, {batch_, 1, points_}, s + "_points");
  }

  ir::ValueId Unnormalize(ir::ValueId g, int64_t size, const std::string& s) {
    const ir::ValueId shifted = Bin(ir::op::kAdd, g, F(1.0f, s + "_one"), s + "_shifted");
    if (align_) return Bin(ir::op::kMul, shifted, F(0.5f * static_cast<float>(size - 1), s + "_half_span"), s + "_pixels");
    const ir::ValueId scaled = Bin(ir::op::kMul, shifted, F(0.5f * static_cast<float>(size), s + "_half_size"), s + "_scaled");
    return Bin(ir::op::kSub, scaled, F(0.5f, s + "_half"), s + "_pixels");
  }

  ir::ValueId Clip(ir::ValueId v, int64_t size, const std::string& s) {
    return Bin(ir::op::kMinimum, Bin(ir::op::kMaximum, v, F(0.0f, s + "_low"), s + "_at_least_0"),
               F(static_cast<float>(size - 1), s + "_high"), s + "_clipped");
  }

  // PyTorch's reflect_coordinates over [twice_low / 2, twice_high / 2].
  ir::ValueId Reflect(ir::ValueId v, int64_t twice_low, int64_t twice_high, const std::string& s) {
    if (twice_low == twice_high) return Bin(ir::op::kMul, v, F(0.0f, s + "_zero"), s + "_reflected");
    const float low = static_cast<float>(twice_low) / 2, span = static_cast<float>(twice_high - twice_low) / 2;
    const ir::ValueId in = Unary(ir::op::kAbs, Bin(ir::op::kSub, v, F(low, s + "_min"), s + "_from_min"), s + "_distance");
    const ir::ValueId flips = Unary(ir::op::kFloor, Bin(ir::op::kDiv, in, F(span, s + "_span"), s + "_spans"), s + "_flips");
    const ir::ValueId extra = Bin(ir::op::kSub, in, Bin(ir::op::kMul, flips, F(span, s + "_span2"), s + "_whole"), s + "_extra");
    const ir::ValueId half = Unary(ir::op::kFloor, Bin(ir::op::kMul, flips, F(0.5f, s + "_halve"), s + "_half_flips"), s + "_pairs");
    const ir::ValueId odd = Bin(ir::op::kSub, flips, Bin(ir::op::kMul, half, F(2.0f, s + "_two"), s + "_even_part"), s + "_odd");
    const ir::ValueId even = EmitCompare(n_, ir::op::kEqual, odd, F(0.0f, s + "_zero_parity"), s + "_is_even");
    return EmitWhere(n_, even, Bin(ir::op::kAdd, extra, F(low, s + "_min2"), s + "_forward"),
                     Bin(ir::op::kAdd, Bin(ir::op::kSub, F(span, s + "_span3"), extra, s + "_back_extra"), F(low, s + "_min3"), s + "_backward"),
                     s + "_reflected");
  }

  ir::ValueId Pad(ir::ValueId v, int64_t size, const std::string& s) {
    if (padding_ == "zeros") return v;
    if (padding_ == "reflection") {
      v = align_ ? Reflect(v, 0, 2 * (size - 1), s) : Reflect(v, -1, 2 * size - 1, s);
    }
    return Clip(v, size, s);
  }

  // X at integral pixel coordinates (float [N, 1, P]), 0 outside: [N, C, P].
  ir::ValueId Read(ir::ValueId y, ir::ValueId x, const std::string& s) {
    auto inside = [&](ir::ValueId v, int64_t size, const std::string& a) {
      const ir::ValueId lo = EmitCompare(n_, ir::op::kGreaterEqual, v, F(0.0f, a + "_zero"), a + "_not_below");
      const ir::ValueId hi = EmitCompare(n_, ir::op::kLessEqual, v, F(static_cast<float>(size - 1), a + "_last"), a + "_not_above");
      const ir::ValueId both = n_.NewValue(a + "_inside", ir::DType::kBool);
      n_.Emit(ir::op::kLogicalAnd, {lo, hi}, {both});
      return both;
    };
    const ir::ValueId in = n_.NewValue(s + "_inside", ir::DType::kBool);
    n_.Emit(ir::op::kLogicalAnd, {inside(x, w_, s + "_x"), inside(y, h_, s + "_y")}, {in});
    const ir::ValueId xi = EmitCast(n_, Clip(x, w_, s + "_x"), ir::DType::kInt64, s + "_column");
    const ir::ValueId yi = EmitCast(n_, Clip(y, h_, s + "_y"), ir::DType::kInt64, s + "_row");
    const ir::ValueId flat = Bin(ir::op::kAdd, Bin(ir::op::kMul, yi, Int64Scalar(n_, w_, s + "_width"), s + "_row_start"), xi, s + "_offset");
    const ir::ValueId index = n_.NewValue(s + "_index", ir::DType::kInt64);
    ir::Value& iv = n_.graph().value(index);
    iv.shape = {batch_, channels_, points_};
    iv.has_shape = true;
    n_.Emit(ir::op::kBroadcast, {flat}, {index});
    const ir::ValueId value = n_.NewValue(s + "_value");
    n_.Emit(ir::op::kGatherElements, {image_, index}, {value}).attrs.set("axis", int64_t{2});
    return Bin(ir::op::kMul, value, EmitCast(n_, in, ir::DType::kFloat32, s + "_mask"), s + "_masked");
  }

  ir::ValueId Bilinear(ir::ValueId x, ir::ValueId y) {
    const ir::ValueId x0 = Unary(ir::op::kFloor, x, "x0"), y0 = Unary(ir::op::kFloor, y, "y0");
    const ir::ValueId one = F(1.0f, "one");
    const ir::ValueId x1 = Bin(ir::op::kAdd, x0, one, "x1"), y1 = Bin(ir::op::kAdd, y0, one, "y1");
    const ir::ValueId wx1 = Bin(ir::op::kSub, x, x0, "wx1"), wy1 = Bin(ir::op::kSub, y, y0, "wy1");
    const ir::ValueId wx0 = Bin(ir::op::kSub, one, wx1, "wx0"), wy0 = Bin(ir::op::kSub, one, wy1, "wy0");
    ir::ValueId sum = ir::kNoValue;
    const ir::ValueId ys[] = {y0, y1}, xs[] = {x0, x1}, wys[] = {wy0, wy1}, wxs[] = {wx0, wx1};
    for (int a = 0; a < 2; ++a) {
      for (int b = 0; b < 2; ++b) {
        const std::string s = "tap" + std::to_string(a) + std::to_string(b);
        const ir::ValueId weight = Bin(ir::op::kMul, wys[a], wxs[b], s + "_weight");
        const ir::ValueId term = Bin(ir::op::kMul, Read(ys[a], xs[b], s), weight, s + "_term");
        sum = sum == ir::kNoValue ? term : Bin(ir::op::kAdd, sum, term, s + "_sum");
      }
    }
    return sum;
  }

  // The cubic convolution weights (A = -0.75) of taps -1, 0, 1, 2 around floor(v).
  std::vector<ir::ValueId> CubicWeights(ir::ValueId t, const std::string& s) {
    const float a = -0.75f;
    auto near = [&](ir::ValueId d, const std::string& k) {  // ((a + 2) d - (a + 3)) d d + 1, |d| <= 1
      const ir::ValueId inner = Bin(ir::op::kSub, Bin(ir::op::kMul, d, F(a + 2, k + "_a2"), k + "_d_a2"), F(a + 3, k + "_a3"), k + "_inner");
      return Bin(ir::op::kAdd, Bin(ir::op::kMul, Bin(ir::op::kMul, inner, d, k + "_id"), d, k + "_idd"), F(1.0f, k + "_one"), k + "_w");
    };
    auto far = [&](ir::ValueId d, const std::string& k) {  // ((a d - 5a) d + 8a) d - 4a, 1 < |d| < 2
      const ir::ValueId p = Bin(ir::op::kSub, Bin(ir::op::kMul, d, F(a, k + "_a"), k + "_ad"), F(5 * a, k + "_5a"), k + "_p");
      const ir::ValueId q = Bin(ir::op::kAdd, Bin(ir::op::kMul, p, d, k + "_pd"), F(8 * a, k + "_8a"), k + "_q");
      return Bin(ir::op::kSub, Bin(ir::op::kMul, q, d, k + "_qd"), F(4 * a, k + "_4a"), k + "_w");
    };
    const ir::ValueId one = F(1.0f, s + "_one"), two = F(2.0f, s + "_two");
    return {far(Bin(ir::op::kAdd, t, one, s + "_d0"), s + "_w0"), near(t, s + "_w1"),
            near(Bin(ir::op::kSub, one, t, s + "_d2"), s + "_w2"), far(Bin(ir::op::kSub, two, t, s + "_d3"), s + "_w3")};
  }

  ir::ValueId Bicubic(ir::ValueId x, ir::ValueId y) {
    const ir::ValueId x0 = Unary(ir::op::kFloor, x, "x0"), y0 = Unary(ir::op::kFloor, y, "y0");
    const std::vector<ir::ValueId> wx = CubicWeights(Bin(ir::op::kSub, x, x0, "tx"), "cx");
    const std::vector<ir::ValueId> wy = CubicWeights(Bin(ir::op::kSub, y, y0, "ty"), "cy");
    std::vector<ir::ValueId> xs, ys;
    for (int k = 0; k < 4; ++k) {
      const std::string s = std::to_string(k);
      xs.push_back(Pad(Bin(ir::op::kAdd, x0, F(static_cast<float>(k - 1), "x_offset" + s), "x_tap" + s), w_, "x_tap" + s));
      ys.push_back(Pad(Bin(ir::op::kAdd, y0, F(static_cast<float>(k - 1), "y_offset" + s), "y_tap" + s), h_, "y_tap" + s));
    }
    ir::ValueId sum = ir::kNoValue;
    for (int a = 0; a < 4; ++a) {
      ir::ValueId row = ir::kNoValue;
      for (int b = 0; b < 4; ++b) {
        const std::string s = "tap" + std::to_string(a) + std::to_string(b);
        const ir::ValueId term = Bin(ir::op::kMul, Read(ys[static_cast<size_t>(a)], xs[static_cast<size_t>(b)], s), wx[static_cast<size_t>(b)], s + "_term");
        row = row == ir::kNoValue ? term : Bin(ir::op::kAdd, row, term, s + "_row");
      }
      const ir::ValueId weighted = Bin(ir::op::kMul, row, wy[static_cast<size_t>(a)], "row" + std::to_string(a) + "_weighted");
      sum = sum == ir::kNoValue ? weighted : Bin(ir::op::kAdd, sum, weighted, "rows" + std::to_string(a));
    }
    return sum;
  }

  NodeLowering& n_;
  const int64_t batch_, channels_, h_, w_, points_;
  std::string padding_;
  bool align_ = false;
  ir::ValueId image_ = ir::kNoValue;
};

}  // namespace

void LowerGridSample(NodeLowering& n) {
  for (int i = 0; i < 2; ++i) {
    if (n.input_value(i).dtype != ir::DType::kFloat32) {
      n.NotSupported(std::string("input of type ") + ir::DTypeName(n.input_value(i).dtype));
    }
  }
  const ir::Shape x = n.input_shape(0), grid = n.input_shape(1);
  if (x.size() != 4) n.NotValid("X", "must be 4-D (NCHW)");
  if (grid.size() != 4 || grid[0] != x[0] || grid[3] != 2) n.NotValid("grid", "must be [N, H_out, W_out, 2]");
  if (!n.graph().value(n.output(0)).has_shape) n.graph().value(n.output(0)).shape = {x[0], x[1], grid[1], grid[2]};
  GridSampler(n, x, grid).Lower();
}

}  // namespace neo::onnx_frontend

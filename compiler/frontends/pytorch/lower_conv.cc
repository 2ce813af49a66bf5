// aten::_convolution, aten::conv2d, aten::convolution, aten::conv_transpose2d -> Conv2D /
// ConvTranspose2D. 1-D convolutions run as 2-D ones over [N, C, 1, L].
#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

struct ConvArgs {
  std::vector<int64_t> stride, padding, dilation, output_padding;
  std::string padding_mode;  // "" (explicit), "same" or "valid"
  bool transposed = false;
  int64_t groups = 1;
};

std::vector<int64_t> Pair(const NodeLowering& n, std::vector<int64_t> v, const std::string& what,
                          size_t rank) {
  if (v.size() == 1) v.resize(rank, v[0]);
  if (v.size() != rank) n.NotValid(what, "must have " + std::to_string(rank) + " entries");
  return v;
}

void EmitConv(NodeLowering& n, ConvArgs a) {
  ir::ValueId x = n.Tensor(0);
  const ir::Shape xs = n.Shape(x);
  if (!n.IsConstant(1)) n.NotSupported("non-constant weights");
  ir::ValueId w = n.Tensor(1);
  ir::Shape ws = n.Shape(w);
  if (xs.size() != ws.size() || (xs.size() != 4 && xs.size() != 3)) {
    n.NotSupported("a convolution of rank " + std::to_string(static_cast<int>(xs.size()) - 2) +
                   " (1-D and 2-D only)");
  }
  const size_t spatial = xs.size() - 2;
  a.stride = Pair(n, a.stride, "stride", spatial);
  a.dilation = Pair(n, a.dilation, "dilation", spatial);
  if (a.padding_mode.empty()) a.padding = Pair(n, a.padding, "padding", spatial);
  if (a.transposed) a.output_padding = Pair(n, a.output_padding, "output_padding", spatial);
  if (a.groups <= 0) n.NotValid("groups", "must be positive");
  for (int64_t s : a.stride) {
    if (s <= 0) n.NotValid("stride", "must be positive");
  }
  for (int64_t p : a.padding) {
    if (p < 0) n.NotValid("padding", "cannot be negative");
  }

  // 1-D: a 2-D convolution with a one-row kernel.
  const bool one_d = spatial == 1;
  if (one_d) {
    x = n.Reshape(x, {xs[0], xs[1], 1, xs[2]});
    const ir::Value& wv = n.graph().value(w);
    ir::Value w4 = wv;
    w4.name = n.graph().UniqueName(wv.name + "/2d");
    w4.shape = {ws[0], ws[1], 1, ws[2]};
    w = n.graph().AddValue(w4);
    ws = w4.shape;
    a.stride.insert(a.stride.begin(), 1);
    a.dilation.insert(a.dilation.begin(), 1);
    if (a.padding_mode.empty()) a.padding.insert(a.padding.begin(), 0);
    if (a.transposed) a.output_padding.insert(a.output_padding.begin(), 0);
  }
  const ir::Shape x4 = n.Shape(x);
  std::vector<int64_t> pads(4);
  for (int d = 0; d < 2; ++d) {
    if (a.padding_mode == "valid") continue;
    if (a.padding_mode == "same") {
      if (a.stride[d] != 1) n.NotValid("padding", "'same' needs stride 1");
      const int64_t total = a.dilation[d] * (ws[2 + d] - 1);
      pads[d] = total / 2;               // PyTorch puts the odd row at the end
      pads[d + 2] = total - total / 2;
    } else {
      pads[d] = pads[d + 2] = a.padding[d];
    }
  }
  std::vector<ir::ValueId> inputs = {x, w};
  if (!n.IsNone(2)) {
    if (!n.IsConstant(2)) n.NotSupported("non-constant bias");
    inputs.push_back(n.Tensor(2));
  }
  ir::Attributes attrs;
  attrs.set("strides", a.stride);
  attrs.set("dilations", a.dilation);
  attrs.set("pads", pads);
  attrs.set("group", a.groups);
  attrs.set("layout", std::string("NCHW"));
  if (a.transposed) {
    if (x4[1] != ws[0]) n.NotValid("weight", "does not match the input's channels");
    attrs.set("output_padding", a.output_padding);
  } else if (x4[1] != ws[1] * a.groups || ws[0] % a.groups != 0) {
    n.NotValid("groups", "does not match the input and weight channels");
  }
  ir::ValueId y = n.Emit(a.transposed ? ir::op::kConvTranspose2D : ir::op::kConv2D, inputs, attrs);
  if (one_d) {
    const ir::Shape ys = n.Shape(y);
    y = n.Reshape(y, {ys[0], ys[1], ys[3]});
  }
  n.SetOutput(0, y);
}

void ReadPadding(NodeLowering& n, size_t i, ConvArgs* a) {
  const Slot& s = n.input(i);
  if (s.kind == Slot::Kind::kConstant && s.constant.isString()) {
    a->padding_mode = s.constant.toStringRef();
    if (a->padding_mode != "same" && a->padding_mode != "valid") {
      n.NotValid("padding", "must be 'same', 'valid' or a list of integers");
    }
  } else {
    a->padding = n.Ints(i, "padding");
  }
}

}  // namespace

// _convolution(input, weight, bias, stride, padding, dilation, transposed,
//              output_padding, groups, benchmark, deterministic, cudnn_enabled[, tf32])
// convolution(input, weight, bias, stride, padding, dilation, transposed,
//             output_padding, groups)
void LowerConvolution(NodeLowering& n) {
  ConvArgs a;
  a.stride = n.Ints(3, "stride");
  ReadPadding(n, 4, &a);
  a.dilation = n.Ints(5, "dilation");
  a.transposed = n.Bool(6, "transposed");
  a.output_padding = n.Ints(7, "output_padding");
  a.groups = n.Int(8, "groups");
  EmitConv(n, a);
}

// conv1d/conv2d(input, weight, bias, stride, padding, dilation, groups)
void LowerConv2d(NodeLowering& n) {
  ConvArgs a;
  a.stride = n.Ints(3, "stride");
  ReadPadding(n, 4, &a);
  a.dilation = n.Ints(5, "dilation");
  a.groups = n.Int(6, "groups");
  EmitConv(n, a);
}

// conv_transpose1d/2d(input, weight, bias, stride, padding, output_padding, groups, dilation)
void LowerConvTranspose2d(NodeLowering& n) {
  ConvArgs a;
  a.transposed = true;
  a.stride = n.Ints(3, "stride");
  a.padding = n.Ints(4, "padding");
  a.output_padding = n.Ints(5, "output_padding");
  a.groups = n.Int(6, "groups");
  a.dilation = n.Ints(7, "dilation");
  EmitConv(n, a);
}

}  // namespace neo::pytorch_frontend

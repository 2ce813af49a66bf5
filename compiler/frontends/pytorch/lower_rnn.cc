// aten::lstm, aten::gru, aten::rnn_tanh and aten::rnn_relu (traced nn.LSTM, nn.GRU,
// nn.RNN), unrolled over the time steps the input shape fixes. Each layer and direction
// projects the whole sequence once (one FullyConnected on [T * B, I]) and then runs one
// FullyConnected on the hidden state per step plus the gate arithmetic. Weights come in
// PyTorch's flat order: per layer, per direction, w_ih, w_hh, b_ih, b_hh; gates are
// LSTM i, f, g, o and GRU r, z, n (whose hidden bias stays inside r * (W_hn h + b_hn)).
#include <string>
#include <vector>

#include "compiler/frontends/pytorch/linear.h"
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/ir/ops.h"

namespace neo::pytorch_frontend {

namespace {

enum class Cell { kLstm, kGru, kTanh, kRelu };

class RecurrentLayers {
 public:
  RecurrentLayers(NodeLowering& n, Cell cell) : n_(n), cell_(cell) {}

  void Lower() {
    const bool lstm = cell_ == Cell::kLstm;
    has_biases_ = n_.Bool(3, "has_biases");
    const int64_t layers = n_.Int(4, "num_layers");
    const double dropout = n_.Float(5, "dropout");
    if (n_.Bool(6, "train") && dropout > 0) n_.NotSupported("dropout in training mode (a random mask)");
    dirs_ = n_.Bool(7, "bidirectional") ? 2 : 1;
    const bool batch_first = n_.Bool(8, "batch_first");
    ir::ValueId x = n_.Tensor(0);
    ir::Shape xs = n_.Shape(x);
    if (xs.size() != 3) n_.NotSupported("an unbatched (2-D) input");
    if (batch_first) {
      x = Transpose(x, {1, 0, 2});
      xs = {xs[1], xs[0], xs[2]};
    }
    steps_ = xs[0];
    batch_ = xs[1];
    std::vector<ir::ValueId> initial = lstm ? n_.TensorList(1) : std::vector<ir::ValueId>{n_.Tensor(1)};
    if (initial.size() != (lstm ? 2u : 1u)) n_.NotValid("hx", "must hold h0 (and c0 for an LSTM)");
    params_ = n_.TensorList(2);
    const size_t per = has_biases_ ? 4 : 2;
    if (params_.size() != per * static_cast<size_t>(layers * dirs_)) {
      n_.NotSupported("this parameter list (proj_size > 0 adds projection weights)");
    }
    hidden_ = n_.Shape(params_[1])[1];
    std::vector<ir::ValueId> h_n, c_n;
    for (int64_t layer = 0; layer < layers; ++layer) {
      std::vector<ir::ValueId> outputs;
      for (int64_t dir = 0; dir < dirs_; ++dir) {
        const int64_t k = layer * dirs_ + dir;
        ir::ValueId h = Row(initial[0], k), c = lstm ? Row(initial[1], k) : ir::kNoValue;
        outputs.push_back(Direction(x, static_cast<size_t>(k) * per, dir == 1, &h, &c));
        h_n.push_back(n_.Reshape(h, {1, batch_, hidden_}));
        if (lstm) c_n.push_back(n_.Reshape(c, {1, batch_, hidden_}));
      }
      x = outputs.size() == 1 ? outputs[0] : Concat(outputs, 2);
    }
    n_.SetOutput(0, batch_first ? Transpose(x, {1, 0, 2}) : x);
    n_.SetOutput(1, Concat(h_n, 0));
    if (lstm) n_.SetOutput(2, Concat(c_n, 0));
  }

 private:
  int Gates() const { return cell_ == Cell::kLstm ? 4 : cell_ == Cell::kGru ? 3 : 1; }

  ir::ValueId Transpose(ir::ValueId x, std::vector<int64_t> perm) {
    ir::Attributes a;
    a.set("perm", std::move(perm));
    return n_.Emit(ir::op::kTranspose, {x}, a);
  }
  ir::ValueId Concat(const std::vector<ir::ValueId>& parts, int64_t axis) {
    if (parts.size() == 1) return parts[0];
    ir::Attributes a;
    a.set("axis", axis);
    return n_.Emit(ir::op::kConcat, parts, a);
  }
  // x[..., begin:end] along `axis`.
  ir::ValueId Slice(ir::ValueId x, size_t axis, int64_t begin, int64_t end) {
    const ir::Shape s = n_.Shape(x);
    std::vector<int64_t> starts(s.size(), 0), ends(s.begin(), s.end());
    starts[axis] = begin;
    ends[axis] = end;
    ir::Attributes a;
    a.set("starts", starts);
    a.set("ends", ends);
    a.set("steps", std::vector<int64_t>(s.size(), 1));
    return n_.Emit(ir::op::kSlice, {x}, a);
  }
  // State k of a [layers * dirs, B, H] initial state as [B, H].
  ir::ValueId Row(ir::ValueId state, int64_t k) {
    return n_.Reshape(Slice(state, 0, k, k + 1), {batch_, hidden_});
  }
  ir::ValueId Gate(ir::ValueId x, int g) { return Slice(x, 1, g * hidden_, (g + 1) * hidden_); }
  ir::ValueId Binary(const char* op, ir::ValueId a, ir::ValueId b) { return n_.Emit(op, {a, b}); }
  ir::ValueId Unary(const char* op, ir::ValueId a) { return n_.Emit(op, {a}); }

  // A constant bias `v` as a new constant.
  ir::ValueId BiasConstant(const std::vector<float>& v) {
    return n_.FloatConstant("bias", {static_cast<int64_t>(v.size())}, v);
  }
  std::vector<float> Floats(ir::ValueId v) {
    const ir::Value& value = n_.graph().value(v);
    if (!value.is_constant()) n_.NotSupported("computed weights");
    const float* p = value.data_as<float>();
    return std::vector<float>(p, p + value.num_elements());
  }

  // One direction of one layer over x [T, B, I]; returns [T, B, H] and leaves the final
  // state in h (and c).
  ir::ValueId Direction(ir::ValueId x, size_t p, bool reverse, ir::ValueId* h, ir::ValueId* c) {
    const ir::ValueId w_ih = params_[p], w_hh = params_[p + 1];
    const int64_t width = Gates() * hidden_;
    // Input-side bias: b_ih + b_hh, except GRU's n gate, whose b_hn is applied inside r * (.).
    ir::ValueId in_bias = ir::kNoValue, hidden_bias = ir::kNoValue;
    if (has_biases_) {
      std::vector<float> b = Floats(params_[p + 2]);
      const std::vector<float> bh = Floats(params_[p + 3]);
      const int64_t merged = cell_ == Cell::kGru ? 2 * hidden_ : width;
      for (int64_t i = 0; i < merged; ++i) b[static_cast<size_t>(i)] += bh[static_cast<size_t>(i)];
      in_bias = BiasConstant(b);
      if (cell_ == Cell::kGru) {
        std::vector<float> hn(static_cast<size_t>(width), 0.0f);
        std::copy(bh.begin() + 2 * hidden_, bh.end(), hn.begin() + 2 * hidden_);
        hidden_bias = BiasConstant(hn);
      }
    }
    const ir::ValueId projected = n_.Reshape(FullyConnected(n_, x, w_ih, in_bias), {steps_, batch_ * width});
    std::vector<ir::ValueId> ys(static_cast<size_t>(steps_));
    for (int64_t k = 0; k < steps_; ++k) {
      const int64_t t = reverse ? steps_ - 1 - k : k;
      const ir::ValueId xt = n_.Reshape(Slice(projected, 0, t, t + 1), {batch_, width});
      const ir::ValueId ht = FullyConnected(n_, *h, w_hh, hidden_bias);
      switch (cell_) {
        case Cell::kLstm: {
          const ir::ValueId gates = Binary(ir::op::kAdd, xt, ht);
          const ir::ValueId i = Unary(ir::op::kSigmoid, Gate(gates, 0)), f = Unary(ir::op::kSigmoid, Gate(gates, 1));
          const ir::ValueId g = Unary(ir::op::kTanh, Gate(gates, 2)), o = Unary(ir::op::kSigmoid, Gate(gates, 3));
          *c = Binary(ir::op::kAdd, Binary(ir::op::kMul, f, *c), Binary(ir::op::kMul, i, g));
          *h = Binary(ir::op::kMul, o, Unary(ir::op::kTanh, *c));
          break;
        }
        case Cell::kGru: {
          const ir::ValueId r = Unary(ir::op::kSigmoid, Binary(ir::op::kAdd, Gate(xt, 0), Gate(ht, 0)));
          const ir::ValueId z = Unary(ir::op::kSigmoid, Binary(ir::op::kAdd, Gate(xt, 1), Gate(ht, 1)));
          const ir::ValueId cand = Unary(ir::op::kTanh, Binary(ir::op::kAdd, Gate(xt, 2), Binary(ir::op::kMul, r, Gate(ht, 2))));
          // h' = n + z * (h - n)
          *h = Binary(ir::op::kAdd, cand, Binary(ir::op::kMul, z, Binary(ir::op::kSub, *h, cand)));
          break;
        }
        case Cell::kTanh:
        case Cell::kRelu:
          *h = Unary(cell_ == Cell::kTanh ? ir::op::kTanh : ir::op::kRelu, Binary(ir::op::kAdd, xt, ht));
          break;
      }
      ys[static_cast<size_t>(t)] = n_.Reshape(*h, {1, batch_, hidden_});
    }
    return Concat(ys, 0);
  }

  NodeLowering& n_;
  Cell cell_;
  bool has_biases_ = true;
  int64_t dirs_ = 1, steps_ = 0, batch_ = 0, hidden_ = 0;
  std::vector<ir::ValueId> params_;
};

}  // namespace

// lstm(input, hx[h0, c0], params, has_biases, num_layers, dropout, train, bidirectional,
// batch_first) -> (output, h_n, c_n)
void LowerLstm(NodeLowering& n) { RecurrentLayers(n, Cell::kLstm).Lower(); }
// gru / rnn_tanh / rnn_relu(input, hx, params, ...) -> (output, h_n)
void LowerGru(NodeLowering& n) { RecurrentLayers(n, Cell::kGru).Lower(); }
void LowerRnnTanh(NodeLowering& n) { RecurrentLayers(n, Cell::kTanh).Lower(); }
void LowerRnnRelu(NodeLowering& n) { RecurrentLayers(n, Cell::kRelu).Lower(); }

}  // namespace neo::pytorch_frontend

// The recurrent layers RNN, GRU and LSTM, unrolled over their time steps into IR
// operators: shapes are static, so the sequence length is known when lowering and each
// step becomes a FullyConnected on the hidden state plus element-wise gate arithmetic.
// The input projection X * W^T of every time step is one FullyConnected (the recurrence
// does not depend on it). sequence_lens, run-time data, becomes a per-step mask that
// freezes the state and zeroes Y past each sequence's end.
//
// W, R, B and P must be constants (every exporter writes them as initializers); the
// gates are split and the two biases summed at compile time.
#include <string>
#include <vector>

#include "compiler/frontends/onnx/lower_rnn_activation.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

enum class Cell { kRnn, kGru, kLstm };

// ONNX's gate order in W, R and B: RNN i; GRU z, r, h; LSTM i, o, f, c.
int NumGates(Cell cell) { return cell == Cell::kRnn ? 1 : cell == Cell::kGru ? 3 : 4; }

struct Dims {
  int64_t seq, batch, input, hidden, dirs;
};

bool HasOutput(NodeLowering& n, int i) {
  return n.num_outputs() > i && !n.node().output(i).empty();
}

// Rows [row0, row0 + rows) of direction `dir` of a constant [dirs, R, C] tensor.
std::vector<float> Rows(const std::vector<float>& all, int64_t dir, int64_t total_rows,
                        int64_t cols, int64_t row0, int64_t rows) {
  const auto begin = all.begin() + (dir * total_rows + row0) * cols;
  return std::vector<float>(begin, begin + rows * cols);
}

class Unroller {
 public:
  Unroller(NodeLowering& n, Cell cell) : n_(n), g_(n.graph()), cell_(cell) {}

  void Lower();

 private:
  ir::ValueId Constant(const std::string& what, ir::Shape shape, std::vector<float> v) {
    // Named after the node's first output, as the other lowerings name their constants.
    std::string base;
    for (const std::string& o : n_.node().output()) {
      if (base.empty()) base = o;
    }
    return g_.AddFloatConstant(g_.UniqueName(base + "/" + what), std::move(shape), v);
  }
  ir::ValueId Emit1(const std::string& op, std::vector<ir::ValueId> in, const std::string& what,
                    ir::ValueId out = ir::kNoValue) {
    if (out == ir::kNoValue) out = n_.NewValue(what);
    n_.Emit(op, std::move(in), {out});
    return out;
  }
  ir::ValueId Reshape(ir::ValueId in, const ir::Shape& shape, ir::ValueId out = ir::kNoValue) {
    if (out == ir::kNoValue) out = n_.NewValue("reshaped");
    n_.Emit(ir::op::kReshape, {in}, {out}).attrs.set("shape", shape);
    return out;
  }
  // Columns [c0, c0 + cols) of a [batch, width] value.
  ir::ValueId Columns(ir::ValueId in, int64_t width, int64_t c0, int64_t cols) {
    if (c0 == 0 && cols == width) return in;
    return Slice(in, {0, c0}, {dims_.batch, c0 + cols});
  }
  ir::ValueId Slice(ir::ValueId in, std::vector<int64_t> starts, std::vector<int64_t> ends) {
    const ir::ValueId out = n_.NewValue("slice");
    ir::Node& s = n_.Emit(ir::op::kSlice, {in}, {out});
    s.attrs.set("steps", std::vector<int64_t>(starts.size(), 1));
    s.attrs.set("starts", std::move(starts));
    s.attrs.set("ends", std::move(ends));
    return out;
  }
  // x * w^T (+ bias) for a constant w[rows, cols].
  ir::ValueId Project(ir::ValueId x, const std::string& what, int64_t rows, int64_t cols,
                      std::vector<float> w, std::vector<float> bias) {
    std::vector<ir::ValueId> in = {x, Constant(what + "_weights", {rows, cols}, std::move(w))};
    if (!bias.empty()) in.push_back(Constant(what + "_bias", {rows}, std::move(bias)));
    return Emit1(ir::op::kFullyConnected, std::move(in), what);
  }
  // The activation `act` of a gate's pre-activation, clipped first when clip is set.
  ir::ValueId Activate(ir::ValueId pre, const RnnActivation& act) {
    if (clip_ > 0.0f) {
      const ir::ValueId clipped = n_.NewValue("clipped");
      ir::Node& c = n_.Emit(ir::op::kClamp, {pre}, {clipped});
      c.attrs.set("min", -static_cast<double>(clip_));
      c.attrs.set("max", static_cast<double>(clip_));
      pre = clipped;
    }
    return EmitRnnActivation(n_, act, pre);
  }

  void ReadDims();
  void ReadWeights();
  void InputProjection(int64_t dir);
  ir::ValueId InitialState(int input, int64_t dir);
  ir::ValueId StepMask(int64_t t);
  void Step(int64_t dir, int64_t t);
  void WriteOutputs();

  NodeLowering& n_;
  ir::Graph& g_;
  Cell cell_;
  Dims dims_{};
  int64_t gates_ = 0;
  float clip_ = 0.0f;
  bool linear_before_reset_ = false, input_forget_ = false;
  int64_t layout_ = 0;
  bool reverse_only_ = false;
  std::vector<RnnActivation> acts_;
  std::vector<float> w_, r_, b_, p_;
  // X as [seq * batch, input] (time-major); the current direction's projected inputs
  // [seq * batch, gates * hidden] and state [batch, hidden].
  ir::ValueId projected_x_ = ir::kNoValue, projected_ = ir::kNoValue;
  ir::ValueId seq_lens_ = ir::kNoValue, zeros_ = ir::kNoValue, zero_ = ir::kNoValue;
  ir::ValueId h_ = ir::kNoValue, c_ = ir::kNoValue;
  std::vector<ir::ValueId> masks_;
  // y_[t][dir]: the hidden output at step t; final_h_ / final_c_ per direction.
  std::vector<std::vector<ir::ValueId>> y_;
  std::vector<ir::ValueId> final_h_, final_c_;
};

void Unroller::ReadDims() {
  for (int i = 0; i < n_.num_inputs(); ++i) {
    if (n_.has_input(i) && i != 4 && n_.input_value(i).dtype != ir::DType::kFloat32) {
      n_.NotSupported(std::string("input of type ") + ir::DTypeName(n_.input_value(i).dtype));
    }
  }
  layout_ = n_.IntAttr("layout", 0);
  if (layout_ != 0 && layout_ != 1) n_.NotValid("layout", "must be 0 or 1");
  const ir::Shape x = n_.input_shape(0), r = n_.input_shape(2);
  if (x.size() != 3) n_.NotValid("X", "must have rank 3");
  if (r.size() != 3) n_.NotValid("R", "must have rank 3");
  dims_.seq = layout_ ? x[1] : x[0];
  dims_.batch = layout_ ? x[0] : x[1];
  dims_.input = x[2];
  dims_.hidden = n_.IntAttr("hidden_size", r[2]);
  gates_ = NumGates(cell_);
  const std::string direction = n_.StringAttr("direction", "forward");
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional") {
    n_.NotValid("direction", "must be forward, reverse or bidirectional");
  }
  reverse_only_ = direction == "reverse";
  dims_.dirs = direction == "bidirectional" ? 2 : 1;
  const int64_t h = dims_.hidden, gh = gates_ * h;
  if (n_.input_shape(1) != ir::Shape{dims_.dirs, gh, dims_.input}) {
    n_.NotValid("W", "must be [num_directions, " + std::to_string(gates_) + " * hidden_size, " +
                         "input_size]");
  }
  if (r != ir::Shape{dims_.dirs, gh, h}) {
    n_.NotValid("R", "must be [num_directions, " + std::to_string(gates_) +
                         " * hidden_size, hidden_size]");
  }
  if (n_.has_input(3) && n_.input_shape(3) != ir::Shape{dims_.dirs, 2 * gh}) {
    n_.NotValid("B", "must be [num_directions, " + std::to_string(2 * gates_) + " * hidden_size]");
  }
  const ir::Shape state = layout_ ? ir::Shape{dims_.batch, dims_.dirs, h}
                                  : ir::Shape{dims_.dirs, dims_.batch, h};
  for (int i : {5, 6}) {
    if (n_.num_inputs() > i && n_.has_input(i) && n_.input_shape(i) != state) {
      n_.NotValid(i == 5 ? "initial_h" : "initial_c", "must be " + ir::ShapeToString(state));
    }
  }
  if (cell_ == Cell::kLstm && n_.num_inputs() > 7 && n_.has_input(7) &&
      n_.input_shape(7) != ir::Shape{dims_.dirs, 3 * h}) {
    n_.NotValid("P", "must be [num_directions, 3 * hidden_size]");
  }
  clip_ = n_.has_attr("clip") ? n_.FloatAttr("clip") : 0.0f;
  if (n_.has_attr("clip") && !(clip_ > 0.0f)) n_.NotValid("clip", "must be positive");
  linear_before_reset_ = cell_ == Cell::kGru && n_.IntAttr("linear_before_reset", 0) != 0;
  input_forget_ = cell_ == Cell::kLstm && n_.IntAttr("input_forget", 0) != 0;
  const int per_dir = cell_ == Cell::kRnn ? 1 : cell_ == Cell::kGru ? 2 : 3;
  acts_ = ReadRnnActivations(n_, cell_ == Cell::kRnn   ? std::vector<std::string>{"Tanh"}
                                 : cell_ == Cell::kGru ? std::vector<std::string>{"Sigmoid", "Tanh"}
                                                       : std::vector<std::string>{"Sigmoid", "Tanh", "Tanh"},
                             per_dir, static_cast<int>(dims_.dirs));
}

void Unroller::ReadWeights() {
  w_ = n_.ConstantFloats(1, "W");
  r_ = n_.ConstantFloats(2, "R");
  const int64_t gh = gates_ * dims_.hidden;
  b_ = n_.has_input(3) ? n_.ConstantFloats(3, "B")
                       : std::vector<float>(static_cast<size_t>(dims_.dirs * 2 * gh), 0.0f);
  if (cell_ == Cell::kLstm && n_.num_inputs() > 7 && n_.has_input(7)) {
    p_ = n_.ConstantFloats(7, "P");
  }
}

// X * W^T + biases for every step at once: [seq * batch, gates * hidden]. The recurrent
// bias joins it, except GRU's h-gate one under linear_before_reset (scaled by r).
void Unroller::InputProjection(int64_t dir) {
  const int64_t h = dims_.hidden, gh = gates_ * h;
  std::vector<float> bias(static_cast<size_t>(gh));
  for (int64_t j = 0; j < gh; ++j) {
    const bool recurrent = !(linear_before_reset_ && j >= 2 * h);
    bias[j] = b_[dir * 2 * gh + j] + (recurrent ? b_[dir * 2 * gh + gh + j] : 0.0f);
  }
  if (projected_x_ == ir::kNoValue) {
    ir::ValueId x = n_.input(0);
    if (layout_ == 1) {
      const ir::ValueId t = n_.NewValue("time_major");
      n_.Emit(ir::op::kTranspose, {x}, {t}).attrs.set("perm", std::vector<int64_t>{1, 0, 2});
      x = t;
    }
    projected_x_ = Reshape(x, {dims_.seq * dims_.batch, dims_.input});
  }
  projected_ = Project(projected_x_, "input_projection", gh, dims_.input,
                       Rows(w_, dir, gh, dims_.input, 0, gh), bias);
}

// Direction `dir`'s slice of initial_h (input 5) or initial_c (6) as [batch, hidden].
ir::ValueId Unroller::InitialState(int input, int64_t dir) {
  if (n_.num_inputs() <= input || !n_.has_input(input)) {
    if (zeros_ == ir::kNoValue) {
      zeros_ = Constant("zero_state", {dims_.batch, dims_.hidden},
                        std::vector<float>(static_cast<size_t>(dims_.batch * dims_.hidden), 0.0f));
    }
    return zeros_;
  }
  const ir::ValueId s =
      layout_ ? Slice(n_.input(input), {0, dir, 0}, {dims_.batch, dir + 1, dims_.hidden})
              : Slice(n_.input(input), {dir, 0, 0}, {dir + 1, dims_.batch, dims_.hidden});
  return Reshape(s, {dims_.batch, dims_.hidden});
}

// [batch, 1] bool: whether step t is inside each sequence. Reverse passes use the same
// masks: with the state frozen at its initial value until t < seq_lens, the pass starts
// at each sequence's last step.
ir::ValueId Unroller::StepMask(int64_t t) {
  if (seq_lens_ == ir::kNoValue) return ir::kNoValue;
  if (masks_[t] == ir::kNoValue) {
    const ir::ValueId step = g_.AddInt64Constant(
        g_.UniqueName(n_.node().name() + "/step" + std::to_string(t)), {}, {t});
    masks_[t] = n_.NewValue("step_mask", ir::DType::kBool);
    n_.Emit(ir::op::kLess, {step, seq_lens_}, {masks_[t]});
  }
  return masks_[t];
}

void Unroller::Step(int64_t dir, int64_t t) {
  const int64_t h = dims_.hidden, gh = gates_ * h, b = dims_.batch;
  const size_t a0 = static_cast<size_t>(dir) * acts_.size() / static_cast<size_t>(dims_.dirs);
  const ir::ValueId x = Slice(projected_, {t * b, 0}, {(t + 1) * b, gh});
  ir::ValueId new_h = ir::kNoValue, new_c = ir::kNoValue;
  if (cell_ == Cell::kRnn) {
    const ir::ValueId rh = Project(h_, "recurrence", h, h, Rows(r_, dir, h, h, 0, h), {});
    new_h = Activate(Emit1(ir::op::kAdd, {x, rh}, "pre"), acts_[a0]);
  } else if (cell_ == Cell::kGru) {
    const ir::ValueId zr_pre = Emit1(
        ir::op::kAdd,
        {Columns(x, gh, 0, 2 * h), Project(h_, "recurrence_zr", 2 * h, h, Rows(r_, dir, gh, h, 0, 2 * h), {})},
        "zr_pre");
    const ir::ValueId z = Activate(Columns(zr_pre, 2 * h, 0, h), acts_[a0]);
    const ir::ValueId r = Activate(Columns(zr_pre, 2 * h, h, h), acts_[a0]);
    ir::ValueId hr;
    const std::vector<float> rh_w = Rows(r_, dir, gh, h, 2 * h, h);
    if (linear_before_reset_) {
      const std::vector<float> rb(b_.begin() + dir * 2 * gh + gh + 2 * h,
                                  b_.begin() + dir * 2 * gh + 2 * gh);
      hr = Emit1(ir::op::kMul, {r, Project(h_, "recurrence_h", h, h, rh_w, rb)}, "reset");
    } else {
      hr = Project(Emit1(ir::op::kMul, {r, h_}, "reset"), "recurrence_h", h, h, rh_w, {});
    }
    const ir::ValueId cand =
        Activate(Emit1(ir::op::kAdd, {Columns(x, gh, 2 * h, h), hr}, "h_pre"), acts_[a0 + 1]);
    // (1 - z) * cand + z * h == cand + z * (h - cand)
    const ir::ValueId kept = Emit1(ir::op::kMul, {z, Emit1(ir::op::kSub, {h_, cand}, "delta")}, "kept");
    new_h = Emit1(ir::op::kAdd, {cand, kept}, "hidden");
  } else {
    const ir::ValueId pre = Emit1(
        ir::op::kAdd, {x, Project(h_, "recurrence", gh, h, Rows(r_, dir, gh, h, 0, gh), {})},
        "gates_pre");
    auto peephole = [&](ir::ValueId gate_pre, int k, ir::ValueId c) {
      if (p_.empty()) return gate_pre;
      const auto p0 = p_.begin() + (dir * 3 + k) * h;
      const ir::ValueId pk = Constant("peephole", {h}, std::vector<float>(p0, p0 + h));
      return Emit1(ir::op::kAdd, {gate_pre, Emit1(ir::op::kMul, {pk, c}, "peep")}, "peeped");
    };
    // P's order is i, o, f.
    const ir::ValueId i = Activate(peephole(Columns(pre, gh, 0, h), 0, c_), acts_[a0]);
    ir::ValueId f;
    if (input_forget_) {
      f = Emit1(ir::op::kSub, {Constant("one", {}, {1.0f}), i}, "forget");
    } else {
      f = Activate(peephole(Columns(pre, gh, 2 * h, h), 2, c_), acts_[a0]);
    }
    const ir::ValueId cand = Activate(Columns(pre, gh, 3 * h, h), acts_[a0 + 1]);
    new_c = Emit1(ir::op::kAdd,
                  {Emit1(ir::op::kMul, {f, c_}, "kept"), Emit1(ir::op::kMul, {i, cand}, "added")},
                  "cell");
    const ir::ValueId o = Activate(peephole(Columns(pre, gh, h, h), 1, new_c), acts_[a0]);
    new_h = Emit1(ir::op::kMul, {o, EmitRnnActivation(n_, acts_[a0 + 2], new_c)}, "hidden");
  }
  const ir::ValueId mask = StepMask(t);
  if (mask == ir::kNoValue) {
    y_[t][dir] = h_ = new_h;
    if (new_c != ir::kNoValue) c_ = new_c;
    return;
  }
  if (zero_ == ir::kNoValue) zero_ = Constant("zero", {}, {0.0f});
  y_[t][dir] = Emit1(ir::op::kWhere, {mask, new_h, zero_}, "masked_output");
  h_ = Emit1(ir::op::kWhere, {mask, new_h, h_}, "masked_hidden");
  if (new_c != ir::kNoValue) c_ = Emit1(ir::op::kWhere, {mask, new_c, c_}, "masked_cell");
}

void Unroller::WriteOutputs() {
  const int64_t s = dims_.seq, d = dims_.dirs, b = dims_.batch, h = dims_.hidden;
  // Joins `parts` ([batch, hidden] each) along a new leading axis, into `shape` (in
  // the time-major layout), then into ONNX output `i` in the requested layout.
  auto write = [&](int i, const std::vector<ir::ValueId>& parts, const ir::Shape& shape,
                   const std::vector<int64_t>& batch_major_perm) {
    ir::ValueId joined = parts[0];
    if (parts.size() > 1) {
      joined = n_.NewValue("joined");
      n_.Emit(ir::op::kConcat, parts, {joined}).attrs.set("axis", int64_t{0});
    }
    if (layout_ == 0) {
      Reshape(joined, shape, n_.output(i));
      return;
    }
    n_.Emit(ir::op::kTranspose, {Reshape(joined, shape)}, {n_.output(i)})
        .attrs.set("perm", batch_major_perm);
  };
  if (HasOutput(n_, 0)) {
    std::vector<ir::ValueId> parts;
    for (int64_t t = 0; t < s; ++t) {
      for (int64_t dir = 0; dir < d; ++dir) parts.push_back(y_[t][dir]);
    }
    write(0, parts, {s, d, b, h}, {2, 0, 1, 3});
  }
  if (HasOutput(n_, 1)) write(1, final_h_, {d, b, h}, {1, 0, 2});
  if (HasOutput(n_, 2)) {
    if (cell_ != Cell::kLstm) n_.NotValid("outputs", "has no third output (only LSTM has Y_c)");
    write(2, final_c_, {d, b, h}, {1, 0, 2});
  }
}

void Unroller::Lower() {
  ReadDims();
  ReadWeights();
  if (n_.has_input(4)) {
    if (n_.input_shape(4) != ir::Shape{dims_.batch}) n_.NotValid("sequence_lens", "must be [batch_size]");
    bool full = n_.input_value(4).is_constant();
    if (full) {
      for (int64_t v : n_.ConstantInts(4, "sequence_lens")) full = full && v == dims_.seq;
    }
    // A constant full length needs no masks.
    if (!full) {
      ir::ValueId lens = n_.input(4);
      if (n_.input_value(4).dtype != ir::DType::kInt64) {
        lens = n_.NewValue("sequence_lens64", ir::DType::kInt64);
        n_.Emit(ir::op::kCast, {n_.input(4)}, {lens}).attrs.set("to", std::string("int64"));
      }
      seq_lens_ = n_.NewValue("sequence_lens_column", ir::DType::kInt64);
      Reshape(lens, {dims_.batch, 1}, seq_lens_);
      masks_.assign(static_cast<size_t>(dims_.seq), ir::kNoValue);
    }
  }
  y_.assign(static_cast<size_t>(dims_.seq), std::vector<ir::ValueId>(dims_.dirs));
  for (int64_t dir = 0; dir < dims_.dirs; ++dir) {
    InputProjection(dir);
    h_ = InitialState(5, dir);
    c_ = cell_ == Cell::kLstm ? InitialState(6, dir) : ir::kNoValue;
    const bool backwards = dir == 1 || reverse_only_;
    for (int64_t k = 0; k < dims_.seq; ++k) Step(dir, backwards ? dims_.seq - 1 - k : k);
    final_h_.push_back(h_);
    final_c_.push_back(c_);
  }
  WriteOutputs();
}

}  // namespace

// RNN / GRU / LSTM (X, W, R, B?, sequence_lens?, initial_h?[, initial_c?, P?]) -> Y?, Y_h?[, Y_c?]
void LowerRnn(NodeLowering& n) { Unroller(n, Cell::kRnn).Lower(); }
void LowerGru(NodeLowering& n) { Unroller(n, Cell::kGru).Lower(); }
void LowerLstm(NodeLowering& n) { Unroller(n, Cell::kLstm).Lower(); }

}  // namespace neo::onnx_frontend

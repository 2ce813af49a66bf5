// Shape and data-movement operators: Concat, Reshape, Flatten, Squeeze, Unsqueeze,
// Transpose, Identity, Dropout (inference), Constant, Shape. Shapes are static once
// data_shape is known, so Shape becomes a constant and reshapes are fully resolved.
#include <algorithm>
#include <set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/onnx/operator_table.h"
#include "compiler/frontends/onnx/tensor_proto.h"
#include "compiler/ir/ops.h"

namespace neo::onnx_frontend {

namespace {

void EmitReshape(NodeLowering& n, const ir::Shape& shape) {
  if (ir::NumElements(shape) != n.input_value(0).num_elements()) {
    n.NotValid("shape", "changes the number of elements");
  }
  n.Emit(ir::op::kReshape, {n.input(0)}, {n.output(0)}).attrs.set("shape", shape);
}

ir::ValueId AddConstantOutput(NodeLowering& n, ir::Value v) {
  v.name = n.graph().UniqueName(n.node().output(0));
  ir::ValueId id = n.graph().AddValue(std::move(v));
  n.Alias(0, id);
  return id;
}

}  // namespace

void LowerConcat(NodeLowering& n) {
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  // `axis` is required from opset 4; before, it defaulted to the channel axis.
  const int64_t axis_attr = n.opset() < 4 ? n.IntAttr("axis", 1) : n.IntAttr("axis");
  const int64_t axis = NormalizeAxis(n, "axis", axis_attr, rank);
  std::vector<ir::ValueId> inputs;
  for (int i = 0; i < n.num_inputs(); ++i) {
    if (n.has_input(i)) inputs.push_back(n.input(i));
  }
  n.Emit(ir::op::kConcat, inputs, {n.output(0)}).attrs.set("axis", axis);
}

void LowerReshape(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  std::vector<int64_t> spec =
      n.opset() < 5 ? n.IntsAttr("shape") : n.ConstantInts(1, "shape");
  const bool allow_zero = n.IntAttr("allowzero", 0) != 0;
  ir::Shape out(spec.size());
  int infer = -1;
  int64_t known = 1;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == -1) {
      if (infer >= 0) n.NotValid("shape", "has more than one -1");
      infer = static_cast<int>(i);
      continue;
    }
    if (spec[i] < -1) n.NotValid("shape", "cannot be negative");
    if (spec[i] == 0 && !allow_zero) {
      if (i >= in.size()) n.NotValid("shape", "copies a dimension the input lacks");
      out[i] = in[i];
    } else {
      out[i] = spec[i];
    }
    if (out[i] > 0 && known > (int64_t{1} << 62) / out[i]) {
      n.NotValid("shape", "has more elements than fit in 64 bits");
    }
    known *= out[i];
  }
  if (infer >= 0) {
    const int64_t total = ir::NumElements(in);
    if (known == 0 || total % known != 0) n.NotValid("shape", "does not divide the input");
    out[static_cast<size_t>(infer)] = total / known;
  }
  EmitReshape(n, out);
}

void LowerFlatten(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(in.size());
  int64_t axis = n.IntAttr("axis", 1);
  if (axis < -rank || axis > rank) n.NotValid("axis", "is outside the input's rank");
  if (axis < 0) axis += rank;
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < rank; ++i) (i < axis ? outer : inner) *= in[i];
  EmitReshape(n, {outer, inner});
}

void LowerSqueeze(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(in.size());
  std::vector<int64_t> axes;
  if (n.opset() < 13) {
    axes = n.IntsAttr("axes", {});
  } else if (n.has_input(1)) {
    axes = n.ConstantInts(1, "axes");
  }
  std::set<int64_t> drop;
  for (int64_t a : axes) {
    a = NormalizeAxis(n, "axes", a, rank);
    if (in[a] != 1) n.NotValid("axes", "names a dimension that is not 1");
    drop.insert(a);
  }
  ir::Shape out;
  for (int64_t i = 0; i < rank; ++i) {
    const bool squeeze = axes.empty() ? in[i] == 1 : drop.count(i) != 0;
    if (!squeeze) out.push_back(in[i]);
  }
  EmitReshape(n, out);
}

void LowerUnsqueeze(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  std::vector<int64_t> axes = n.opset() < 13 ? n.IntsAttr("axes") : n.ConstantInts(1, "axes");
  const int64_t rank = static_cast<int64_t>(in.size() + axes.size());
  std::set<int64_t> added;
  for (int64_t a : axes) {
    if (!added.insert(NormalizeAxis(n, "axes", a, rank)).second) {
      n.NotValid("axes", "repeats an axis");
    }
  }
  ir::Shape out;
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i) out.push_back(added.count(i) ? 1 : in[next++]);
  EmitReshape(n, out);
}

void LowerTranspose(NodeLowering& n) {
  const int64_t rank = static_cast<int64_t>(n.input_shape(0).size());
  std::vector<int64_t> perm(static_cast<size_t>(rank));
  for (int64_t i = 0; i < rank; ++i) perm[i] = rank - 1 - i;
  perm = n.IntsAttr("perm", perm);
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < static_cast<int64_t>(sorted.size()); ++i) {
    if (sorted.size() != static_cast<size_t>(rank) || sorted[i] != i) {
      n.NotValid("perm", "is not a permutation of the input's axes");
    }
  }
  n.Emit(ir::op::kTranspose, {n.input(0)}, {n.output(0)}).attrs.set("perm", perm);
}

void LowerIdentity(NodeLowering& n) { n.Alias(0, n.input(0)); }

void LowerDropout(NodeLowering& n) {
  // Inference: dropout passes its input through and its mask is all true. Training
  // mode would need randomness the compiled model does not have, unless ratio is 0.
  if (n.opset() < 7 && n.IntAttr("is_test", 0) == 0) n.NotSupported("is_test");
  bool training = false;
  if (n.opset() >= 12 && n.has_input(2)) {
    training = n.ConstantInts(2, "training_mode").at(0) != 0;
  }
  if (training) {
    const float ratio = n.has_input(1) ? n.ConstantFloats(1, "ratio").at(0) : 0.5f;
    if (ratio != 0.0f) n.NotSupported("training_mode");
  }
  n.Alias(0, n.input(0));
  if (n.num_outputs() > 1 && !n.node().output(1).empty()) {
    const ir::Shape shape = n.input_shape(0);
    ir::Graph& g = n.graph();
    ir::ValueId mask = g.AddConstant(g.UniqueName(n.node().output(1)), ir::DType::kBool, shape,
                                     std::vector<uint8_t>(static_cast<size_t>(ir::NumElements(shape)), 1));
    n.Alias(1, mask);
  }
}

void LowerConstant(NodeLowering& n) {
  ir::Value v;
  if (n.has_attr("value")) {
    v = ValueFromTensorProto(n.TensorAttr("value"));
  } else if (n.has_attr("value_float")) {
    v.dtype = ir::DType::kFloat32;
    float f = n.FloatAttr("value_float");
    v.data = std::make_shared<const std::vector<uint8_t>>(
        reinterpret_cast<uint8_t*>(&f), reinterpret_cast<uint8_t*>(&f) + sizeof f);
  } else if (n.has_attr("value_int")) {
    v.dtype = ir::DType::kInt64;
    int64_t i = n.IntAttr("value_int");
    v.data = std::make_shared<const std::vector<uint8_t>>(
        reinterpret_cast<uint8_t*>(&i), reinterpret_cast<uint8_t*>(&i) + sizeof i);
  } else if (n.has_attr("value_ints")) {
    v.dtype = ir::DType::kInt64;
    std::vector<int64_t> ints = n.IntsAttr("value_ints");
    v.shape = {static_cast<int64_t>(ints.size())};
    v.data = std::make_shared<const std::vector<uint8_t>>(
        reinterpret_cast<uint8_t*>(ints.data()),
        reinterpret_cast<uint8_t*>(ints.data() + ints.size()));
  } else if (n.has_attr("sparse_value") || n.has_attr("value_floats") ||
             n.has_attr("value_string") || n.has_attr("value_strings")) {
    n.NotSupported(n.has_attr("sparse_value")    ? "sparse_value"
                   : n.has_attr("value_floats")  ? "value_floats"
                                                 : "value_string");
  } else {
    throw AttributeRequiredError("value", n.op_type());
  }
  v.has_shape = true;
  AddConstantOutput(n, std::move(v));
}

void LowerShape(NodeLowering& n) {
  const ir::Shape in = n.input_shape(0);
  const int64_t rank = static_cast<int64_t>(in.size());
  int64_t start = n.IntAttr("start", 0), end = n.IntAttr("end", rank);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  std::vector<int64_t> dims(in.begin() + start, in.begin() + end);
  ir::Value v;
  v.dtype = ir::DType::kInt64;
  v.shape = {static_cast<int64_t>(dims.size())};
  v.has_shape = true;
  v.data = std::make_shared<const std::vector<uint8_t>>(
      reinterpret_cast<uint8_t*>(dims.data()), reinterpret_cast<uint8_t*>(dims.data() + dims.size()));
  AddConstantOutput(n, std::move(v));
}

}  // namespace neo::onnx_frontend

// Test-only builder of ONNX ModelProtos, so each test states the graph it needs.
#ifndef NEO_COMPILER_FRONTENDS_ONNX_MODEL_BUILDER_H_
#define NEO_COMPILER_FRONTENDS_ONNX_MODEL_BUILDER_H_

#include <string>
#include <vector>

#include "onnx/onnx_pb.h"

namespace neo::onnx_frontend {

// A small model builder, so each test states the graph it needs.
class ModelBuilder {
 public:
  explicit ModelBuilder(int opset = 13) {
    model_.set_ir_version(7);
    auto* op = model_.add_opset_import();
    op->set_domain("");
    op->set_version(opset);
  }
  void Input(const std::string& name, std::vector<int64_t> dims) {
    auto* vi = model_.mutable_graph()->add_input();
    vi->set_name(name);
    auto* tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) {
      auto* dim = tt->mutable_shape()->add_dim();
      if (d < 0) dim->set_dim_param("N"); else dim->set_dim_value(d);
    }
  }
  void Output(const std::string& name) { model_.mutable_graph()->add_output()->set_name(name); }
  void Weight(const std::string& name, std::vector<int64_t> dims, float fill) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    int64_t n = 1;
    for (int64_t d : dims) { t->add_dims(d); n *= d; }
    for (int64_t i = 0; i < n; ++i) t->add_float_data(fill);
  }
  // A float initializer holding `values` (row-major, as many as `dims` has elements).
  void WeightValues(const std::string& name, std::vector<int64_t> dims,
                    const std::vector<float>& values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t->add_dims(d);
    for (float v : values) t->add_float_data(v);
  }
  onnx::NodeProto* Node(const std::string& op, std::vector<std::string> in,
                        std::vector<std::string> out, const std::string& name = "") {
    auto* n = model_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name.empty() ? op + std::to_string(model_.graph().node_size()) : name);
    for (auto& s : in) n->add_input(s);
    for (auto& s : out) n->add_output(s);
    return n;
  }
  static void Ints(onnx::NodeProto* n, const std::string& name, std::vector<int64_t> v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
  }
  static void Int(onnx::NodeProto* n, const std::string& name, int64_t v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
  }
  static void Float(onnx::NodeProto* n, const std::string& name, float v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
  }
  static void Floats(onnx::NodeProto* n, const std::string& name, std::vector<float> v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOATS);
    for (float x : v) a->add_floats(x);
  }
  static void String(onnx::NodeProto* n, const std::string& name, const std::string& v) {
    auto* a = n->add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
  }
  // An int64 initializer (axes, pads, shapes given as inputs).
  void Int64s(const std::string& name, std::vector<int64_t> values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values) t->add_int64_data(v);
  }
  // A 1-D float initializer (scales, roi given as inputs).
  void Float32s(const std::string& name, std::vector<float> values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    t->add_dims(static_cast<int64_t>(values.size()));
    for (float v : values) t->add_float_data(v);
  }
  // A graph input of element type `elem_type` (onnx::TensorProto::UINT8, INT8, ...).
  void TypedInput(const std::string& name, int elem_type, std::vector<int64_t> dims) {
    Input(name, std::move(dims));
    model_.mutable_graph()->mutable_input()->rbegin()->mutable_type()->mutable_tensor_type()
        ->set_elem_type(elem_type);
  }
  // An initializer of an integer type that ONNX stores in int32_data (UINT8, INT8,
  // INT32), shaped `dims` ({} for a scalar).
  void IntTensor(const std::string& name, int elem_type, std::vector<int64_t> dims,
                 const std::vector<int32_t>& values) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(elem_type);
    for (int64_t d : dims) t->add_dims(d);
    for (int32_t v : values) t->add_int32_data(v);
  }
  // A float initializer shaped `dims` ({} for a scalar).
  void FloatTensor(const std::string& name, std::vector<int64_t> dims,
                   const std::vector<float>& values) {
    WeightValues(name, std::move(dims), values);
  }
  std::string Bytes() const { return model_.SerializeAsString(); }

 private:
  onnx::ModelProto model_;
};

}  // namespace neo::onnx_frontend

#endif  // NEO_COMPILER_FRONTENDS_ONNX_MODEL_BUILDER_H_

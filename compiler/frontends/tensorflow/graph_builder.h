// Builds small GraphDefs in tests, written as TensorFlow writes them (attr names and
// types from TensorFlow's op registry).
#ifndef NEO_COMPILER_FRONTENDS_TENSORFLOW_GRAPH_BUILDER_H_
#define NEO_COMPILER_FRONTENDS_TENSORFLOW_GRAPH_BUILDER_H_

#include <cstring>
#include <string>
#include <vector>

#include "compiler/frontends/tensorflow/proto/graph.pb.h"

namespace neo::tf_frontend::testing {

class GraphBuilder {
 public:
  tensorflow::NodeDef& Node(const std::string& name, const std::string& op,
                            const std::vector<std::string>& inputs = {}) {
    tensorflow::NodeDef* n = graph_.add_node();
    n->set_name(name);
    n->set_op(op);
    for (const auto& i : inputs) n->add_input(i);
    return *n;
  }
  tensorflow::NodeDef& Placeholder(const std::string& name, const std::vector<int64_t>& dims,
                                   tensorflow::DataType dtype = tensorflow::DT_FLOAT) {
    tensorflow::NodeDef& n = Node(name, "Placeholder");
    (*n.mutable_attr())["dtype"].set_type(dtype);
    auto* shape = (*n.mutable_attr())["shape"].mutable_shape();
    for (int64_t d : dims) shape->add_dim()->set_size(d);
    return n;
  }
  tensorflow::NodeDef& FloatConst(const std::string& name, const std::vector<int64_t>& dims,
                                  const std::vector<float>& values) {
    tensorflow::NodeDef& n = Node(name, "Const");
    (*n.mutable_attr())["dtype"].set_type(tensorflow::DT_FLOAT);
    auto* t = (*n.mutable_attr())["value"].mutable_tensor();
    t->set_dtype(tensorflow::DT_FLOAT);
    for (int64_t d : dims) t->mutable_tensor_shape()->add_dim()->set_size(d);
    std::string bytes(values.size() * 4, '\0');
    std::memcpy(bytes.data(), values.data(), bytes.size());
    t->set_tensor_content(bytes);
    return n;
  }
  // int32 constants go in int_val, as TensorFlow writes small ones.
  tensorflow::NodeDef& IntConst(const std::string& name, const std::vector<int64_t>& dims,
                                const std::vector<int>& values) {
    tensorflow::NodeDef& n = Node(name, "Const");
    (*n.mutable_attr())["dtype"].set_type(tensorflow::DT_INT32);
    auto* t = (*n.mutable_attr())["value"].mutable_tensor();
    t->set_dtype(tensorflow::DT_INT32);
    for (int64_t d : dims) t->mutable_tensor_shape()->add_dim()->set_size(d);
    for (int v : values) t->add_int_val(v);
    return n;
  }
  const tensorflow::GraphDef& graph() const { return graph_; }

 private:
  tensorflow::GraphDef graph_;
};

inline void SetString(tensorflow::NodeDef& n, const std::string& attr, const std::string& v) {
  (*n.mutable_attr())[attr].set_s(v);
}
inline void SetInt(tensorflow::NodeDef& n, const std::string& attr, int64_t v) {
  (*n.mutable_attr())[attr].set_i(v);
}
inline void SetFloat(tensorflow::NodeDef& n, const std::string& attr, float v) {
  (*n.mutable_attr())[attr].set_f(v);
}
inline void SetBool(tensorflow::NodeDef& n, const std::string& attr, bool v) {
  (*n.mutable_attr())[attr].set_b(v);
}
inline void SetInts(tensorflow::NodeDef& n, const std::string& attr,
                    const std::vector<int64_t>& v) {
  auto* l = (*n.mutable_attr())[attr].mutable_list();
  for (int64_t x : v) l->add_i(x);
}
inline void SetStrings(tensorflow::NodeDef& n, const std::string& attr,
                       const std::vector<std::string>& v) {
  auto* l = (*n.mutable_attr())[attr].mutable_list();
  for (const auto& x : v) l->add_s(x);
}

}  // namespace neo::tf_frontend::testing

#endif  // NEO_COMPILER_FRONTENDS_TENSORFLOW_GRAPH_BUILDER_H_

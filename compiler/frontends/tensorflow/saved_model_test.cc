// FreezeSavedModel on the SavedModels //tools/tensorflow writes in TensorFlow's layouts:
// TF1 (ref and resource variables, binary and text), TF2 (captures, two levels of
// functions, an object graph numbered differently from the checkpoint's).
#include "compiler/frontends/tensorflow/saved_model.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/tensorflow/saved_model_test_util.h"
#include "compiler/load/test_matchers.h"

namespace neo::tf_frontend {
namespace {

using testing::Floats;
using testing::LoadTestModel;
using testing::WriterValues;

std::map<std::string, const tensorflow::NodeDef*> Nodes(const FrozenGraph& g) {
  std::map<std::string, const tensorflow::NodeDef*> nodes;
  for (const auto& n : g.graph.node()) nodes[n.name()] = &n;
  return nodes;
}

std::set<std::string> Names(const FrozenGraph& g) {
  std::set<std::string> names;
  for (const auto& n : g.graph.node()) names.insert(n.name());
  return names;
}

std::vector<std::pair<std::string, std::string>> Pairs(const std::vector<GraphTensor>& ts) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const GraphTensor& t : ts) out.emplace_back(t.key, t.tensor);
  return out;
}

std::vector<float> ConstValue(const tensorflow::NodeDef& n) {
  EXPECT_EQ(n.op(), "Const") << n.name();
  EXPECT_EQ(n.attr().at("dtype").type(), tensorflow::DT_FLOAT);
  return Floats(n.attr().at("value").tensor().tensor_content());
}

void ExpectTf1Conv(const FrozenGraph& g, const std::string& kernel, const std::string& bias) {
  EXPECT_EQ(Pairs(g.inputs), (std::vector<std::pair<std::string, std::string>>{{"x", "x:0"}}));
  EXPECT_EQ(Pairs(g.outputs), (std::vector<std::pair<std::string, std::string>>{
                                  {"pre_activation", "conv/BiasAdd:0"},
                                  {"scores", "conv/Relu:0"}}));
  const auto nodes = Nodes(g);
  EXPECT_EQ(ConstValue(*nodes.at(kernel)), WriterValues(72, 1));
  EXPECT_EQ(ConstValue(*nodes.at(bias)), WriterValues(4, 2));
  // The variable's shapes survive the rewrite.
  EXPECT_EQ(nodes.at(kernel)->attr().at("_output_shapes").list().shape(0).dim_size(), 4);
  EXPECT_EQ(nodes.at("conv/Conv2D")->input(0), "x");
  EXPECT_EQ(g.graph.library().function_size(), 0);
  for (const auto& n : g.graph.node()) {
    for (const std::string& in : n.input()) EXPECT_NE(in[0], '^') << n.name();
  }
}

TEST(FreezeSavedModel, Tf1RefVariablesBecomeConstsAndSaveRestoreIsPruned) {
  const FrozenGraph g = FreezeSavedModel(LoadTestModel("tf1_conv"), "");
  EXPECT_EQ(Names(g), (std::set<std::string>{"x", "conv/kernel", "conv/kernel/read",
                                             "conv/bias", "conv/bias/read", "conv/Conv2D",
                                             "conv/BiasAdd", "conv/Relu"}));
  ExpectTf1Conv(g, "conv/kernel", "conv/bias");
  // Graph order is kept.
  EXPECT_EQ(g.graph.node(0).name(), "x");
  EXPECT_EQ(g.graph.versions().producer(), 134);
}

TEST(FreezeSavedModel, Tf1TextFormatGivesTheSameGraph) {
  const FrozenGraph binary = FreezeSavedModel(LoadTestModel("tf1_conv"), "");
  const ModelFiles files = LoadTestModel("tf1_conv_pbtxt");
  ASSERT_TRUE(files.text_proto);
  const FrozenGraph text = FreezeSavedModel(files, "");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(text.graph, binary.graph));
}

TEST(FreezeSavedModel, Tf1ResourceVariablesAreReadByName) {
  const FrozenGraph g = FreezeSavedModel(LoadTestModel("tf1_resource"), "");
  EXPECT_EQ(Names(g), (std::set<std::string>{"x", "conv/kernel/Read/ReadVariableOp",
                                             "conv/bias/Read/ReadVariableOp", "conv/Conv2D",
                                             "conv/BiasAdd", "conv/Relu"}));
  ExpectTf1Conv(g, "conv/kernel/Read/ReadVariableOp", "conv/bias/Read/ReadVariableOp");
}

TEST(FreezeSavedModel, SignatureSelection) {
  const FrozenGraph g = FreezeSavedModel(LoadTestModel("tf1_conv"), "conv_only");
  EXPECT_EQ(Pairs(g.inputs),
            (std::vector<std::pair<std::string, std::string>>{{"image", "x:0"}}));
  EXPECT_EQ(Pairs(g.outputs),
            (std::vector<std::pair<std::string, std::string>>{{"conv", "conv/Conv2D:0"}}));
  EXPECT_EQ(Names(g), (std::set<std::string>{"x", "conv/kernel", "conv/kernel/read",
                                             "conv/Conv2D"}));
  EXPECT_NEO_ERROR(FreezeSavedModel(LoadTestModel("tf1_conv"), "predict"), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb has no signature 'predict'; its "
                   "signatures are 'conv_only', 'serving_default'.");
}

ModelFiles WithSavedModel(ModelFiles files,
                          const std::function<void(tensorflow::SavedModel*)>& edit) {
  tensorflow::SavedModel model = ParseSavedModel(files.model, files.text_proto);
  edit(&model);
  files.model.contents = model.SerializeAsString();
  files.text_proto = false;
  return files;
}

TEST(FreezeSavedModel, SignatureAndMetaGraphErrors) {
  const ModelFiles tf1 = LoadTestModel("tf1_conv");
  // Without serving_default, two signatures are ambiguous and one is taken.
  const ModelFiles two = WithSavedModel(tf1, [](tensorflow::SavedModel* m) {
    auto& sigs = *m->mutable_meta_graphs(0)->mutable_signature_def();
    sigs["other"] = sigs["serving_default"];
    sigs.erase("serving_default");
  });
  EXPECT_NEO_ERROR(FreezeSavedModel(two, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb has no signature 'serving_default' and "
                   "several others, so which to compile is unclear; its signatures are "
                   "'conv_only', 'other'.");
  EXPECT_EQ(FreezeSavedModel(two, "other").outputs.size(), 2u);
  const ModelFiles one = WithSavedModel(two, [](tensorflow::SavedModel* m) {
    m->mutable_meta_graphs(0)->mutable_signature_def()->erase("other");
  });
  EXPECT_EQ(FreezeSavedModel(one, "").outputs[0].key, "conv");
  const ModelFiles none = WithSavedModel(one, [](tensorflow::SavedModel* m) {
    m->mutable_meta_graphs(0)->clear_signature_def();
  });
  EXPECT_NEO_ERROR(FreezeSavedModel(none, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb has no signature.");

  // Meta graphs: "serve" wins over order; none tagged among several is an error.
  const ModelFiles train_first = WithSavedModel(tf1, [](tensorflow::SavedModel* m) {
    tensorflow::MetaGraphDef train = m->meta_graphs(0);
    train.mutable_meta_info_def()->set_tags(0, "train");
    train.clear_signature_def();
    *m->add_meta_graphs() = m->meta_graphs(0);
    *m->mutable_meta_graphs(0) = train;
  });
  EXPECT_EQ(FreezeSavedModel(train_first, "").outputs.size(), 2u);
  const ModelFiles untagged = WithSavedModel(train_first, [](tensorflow::SavedModel* m) {
    m->mutable_meta_graphs(1)->mutable_meta_info_def()->set_tags(0, "gpu");
  });
  EXPECT_NEO_ERROR(FreezeSavedModel(untagged, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb has 2 meta graphs and none is tagged "
                   "'serve'.");
  const ModelFiles empty =
      WithSavedModel(tf1, [](tensorflow::SavedModel* m) { m->clear_meta_graphs(); });
  EXPECT_NEO_ERROR(FreezeSavedModel(empty, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb holds no meta graph.");

  const ModelFiles sparse = WithSavedModel(tf1, [](tensorflow::SavedModel* m) {
    auto& out = (*m->mutable_meta_graphs(0)->mutable_signature_def())["serving_default"];
    (*out.mutable_outputs())["scores"].mutable_coo_sparse()->set_values_tensor_name("a:0");
  });
  EXPECT_NEO_ERROR(FreezeSavedModel(sparse, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb: signature 'serving_default''s tensor "
                   "'scores' is not a dense tensor name; neoc compiles dense tensors only.");

  ModelFiles garbage = tf1;
  garbage.model.contents = "\xff\xff\xff";
  EXPECT_NEO_ERROR(FreezeSavedModel(garbage, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb is not a valid SavedModel: it does not "
                   "parse as a SavedModel protobuf.");
  ModelFiles bad_text = LoadTestModel("tf1_conv_pbtxt");
  bad_text.model.contents = "meta_graphs { graph_def { node { name: 3 } }";
  EXPECT_NEO_ERROR(FreezeSavedModel(bad_text, ""), ErrorClass::kLoad,
                   "Load Error: saved_model.pbtxt is not a valid SavedModel: line 1, column 40: "
                   "Expected string, got: 3.");
  // Fields this reader does not declare are skipped in text.
  ModelFiles newer = LoadTestModel("tf1_conv_pbtxt");
  newer.model.contents = "future_field { a: 1 }\n" + newer.model.contents;
  EXPECT_EQ(FreezeSavedModel(newer, "").outputs.size(), 2u);
}

TEST(FreezeSavedModel, VariableErrors) {
  ModelFiles no_variables = LoadTestModel("tf1_conv");
  no_variables.variables.clear();
  EXPECT_NEO_ERROR(FreezeSavedModel(no_variables, ""), ErrorClass::kLoadInputConfiguration,
                   "Load Error: InputConfiguration: The saved model's variables folder has no "
                   "variables.index.");

  ModelFiles missing = LoadTestModel("tf1_conv");
  ModelFile& index = testing::VariablesFile(missing, "variables.index");
  TableEntries entries = ReadTable(index.contents, index.name);
  entries.erase(entries.begin() + 1);  // conv/bias
  index.contents = testing::WriteTable(entries);
  EXPECT_NEO_ERROR(FreezeSavedModel(missing, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/variables/variables.index has no value for variable "
                   "'conv/bias'.");

  ModelFiles wrong_type = LoadTestModel("tf1_conv");
  testing::EditEntry(wrong_type, "conv/bias",
                     [](auto* e) { e->set_dtype(tensorflow::DT_INT32); });
  EXPECT_NEO_ERROR(FreezeSavedModel(wrong_type, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/variables/variables.index: the value of variable "
                   "'conv/bias' is DT_INT32, not the variable's DT_FLOAT.");

  // Two nodes of one name: the freezer's indexes would keep one of them silently.
  const ModelFiles twice = WithSavedModel(LoadTestModel("tf1_conv"), [](tensorflow::SavedModel* m) {
    auto* graph = m->mutable_meta_graphs(0)->mutable_graph_def();
    *graph->add_node() = graph->node(graph->node_size() - 1);
  });
  EXPECT_NEO_ERROR(FreezeSavedModel(twice, ""), ErrorClass::kLoad,
                   "Load Error: tf1_conv/saved_model.pb: the graph has two nodes named "
                   "'save/restore_all'.");

  // A graph that needs no variable needs no checkpoint.
  const ModelFiles identity = WithSavedModel(no_variables, [](tensorflow::SavedModel* m) {
    auto& sig = (*m->mutable_meta_graphs(0)->mutable_signature_def())["serving_default"];
    sig.clear_outputs();
    (*sig.mutable_outputs())["same"].set_name("x:0");
  });
  EXPECT_EQ(Names(FreezeSavedModel(identity, "")), std::set<std::string>{"x"});
}

TEST(FreezeSavedModel, Tf2InlinesCallsAndResolvesCapturesThroughTheObjectGraphs) {
  const FrozenGraph g = FreezeSavedModel(LoadTestModel("tf2_dense"), "");
  const std::string call = "StatefulPartitionedCall/StatefulPartitionedCall/";
  EXPECT_EQ(Pairs(g.inputs), (std::vector<std::pair<std::string, std::string>>{
                                 {"x", "serving_default_x:0"}}));
  EXPECT_EQ(Pairs(g.outputs), (std::vector<std::pair<std::string, std::string>>{
                                  {"features", "StatefulPartitionedCall/Identity_1:0"},
                                  {"logits", "StatefulPartitionedCall/Identity:0"}}));
  EXPECT_EQ(Names(g), (std::set<std::string>{
                          "serving_default_x",
                          "StatefulPartitionedCall/Identity",
                          "StatefulPartitionedCall/Identity_1",
                          call + "dense/MatMul/ReadVariableOp", call + "dense/MatMul",
                          call + "dense/BiasAdd/ReadVariableOp", call + "dense/BiasAdd",
                          call + "dense/Relu",
                          call + "dense_1/MatMul/ReadVariableOp", call + "dense_1/MatMul",
                          call + "dense_1/BiasAdd/ReadVariableOp", call + "dense_1/BiasAdd",
                          call + "Identity", call + "Identity_1"}));
  const auto nodes = Nodes(g);
  // Checkpoint values 10.. in the writer's order: dense kernel, bias, dense_1 kernel, bias.
  EXPECT_EQ(ConstValue(*nodes.at(call + "dense/MatMul/ReadVariableOp")), WriterValues(12, 10));
  EXPECT_EQ(ConstValue(*nodes.at(call + "dense/BiasAdd/ReadVariableOp")), WriterValues(3, 11));
  EXPECT_EQ(ConstValue(*nodes.at(call + "dense_1/MatMul/ReadVariableOp")), WriterValues(6, 12));
  EXPECT_EQ(ConstValue(*nodes.at(call + "dense_1/BiasAdd/ReadVariableOp")), WriterValues(2, 13));
  // "node:output_arg:k" became graph indices; arguments became the caller's tensors.
  const auto& matmul = *nodes.at(call + "dense/MatMul");
  EXPECT_EQ(matmul.input(0), "serving_default_x");
  EXPECT_EQ(matmul.input(1), call + "dense/MatMul/ReadVariableOp");
  EXPECT_EQ(nodes.at(call + "dense_1/MatMul")->input(0), call + "dense/Relu");
  EXPECT_EQ(nodes.at("StatefulPartitionedCall/Identity_1")->input(0), call + "Identity_1");
  EXPECT_EQ(nodes.at(call + "dense/BiasAdd")->attr().at("_output_shapes").list().shape(0).dim(1).size(), 3);
  for (const auto& n : g.graph.node()) {
    EXPECT_NE(n.op(), "VarHandleOp");
    EXPECT_NE(n.op(), "StatefulPartitionedCall");
  }
}

TEST(FreezeSavedModel, Tf2VariablesResolveWithoutCapturesByName) {
  // Without bound_inputs, the SavedVariable named like the VarHandleOp's shared_name.
  const ModelFiles no_bound = WithSavedModel(LoadTestModel("tf2_dense"), [](tensorflow::SavedModel* m) {
    for (auto& [name, f] : *m->mutable_meta_graphs(0)->mutable_object_graph_def()
                                ->mutable_concrete_functions()) {
      f.clear_bound_inputs();
    }
  });
  const FrozenGraph g = FreezeSavedModel(no_bound, "");
  const auto nodes = Nodes(g);
  EXPECT_EQ(ConstValue(*nodes.at("StatefulPartitionedCall/StatefulPartitionedCall/dense_1/"
                                 "MatMul/ReadVariableOp")),
            WriterValues(6, 12));

  // Neither captures nor object graph: no key matches, and the error names the index.
  const ModelFiles nothing = WithSavedModel(no_bound, [](tensorflow::SavedModel* m) {
    m->mutable_meta_graphs(0)->clear_object_graph_def();
  });
  EXPECT_NEO_ERROR(FreezeSavedModel(nothing, ""), ErrorClass::kLoad,
                   "Load Error: variables/variables.index has no value for variable "
                   "'dense/kernel'.");
}

TEST(FreezeSavedModel, Tf2FunctionErrors) {
  const ModelFiles missing = WithSavedModel(LoadTestModel("tf2_dense"), [](tensorflow::SavedModel* m) {
    auto* lib = m->mutable_meta_graphs(0)->mutable_graph_def()->mutable_library();
    for (int i = 0; i < lib->function_size(); ++i) {
      if (lib->function(i).signature().name() == "__inference___call___100") {
        lib->mutable_function()->DeleteSubrange(i, 1);
        break;
      }
    }
  });
  EXPECT_NEO_ERROR(FreezeSavedModel(missing, ""), ErrorClass::kLoad,
                   "Load Error: saved_model.pb: call 'StatefulPartitionedCall/"
                   "StatefulPartitionedCall' calls '__inference___call___100', which is not in "
                   "the graph's function library.");
}

}  // namespace
}  // namespace neo::tf_frontend

// A frozen TensorFlow graph, binary .pb or text .pbtxt (the first byte's low bit picks),
// through the frontend and the compiler.
#include <vector>

#include "compiler/frontends/tensorflow/tf_import.h"
#include "compiler/fuzz/compile_graph.h"
#include "compiler/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace neo;
  if (size == 0) return 0;
  const bool text = (data[0] & 1) != 0;
  fuzz::ExpectNeoErrorsOnly([&] {
    tf_frontend::FrozenGraph graph = tf_frontend::FreezeGraphDef(tf_frontend::ParseGraphDef(
        fuzz::Bytes(data + 1, size - 1), text ? "fuzz.pbtxt" : "fuzz.pb", text));
    tf_frontend::CheckOperators(graph);
    std::vector<ir::Shape> shapes;
    for (const auto& in : tf_frontend::TfModelInputs(graph)) {
      auto shape = fuzz::SmallShape(in.rank, in.dims);
      if (!shape) return;
      shapes.push_back(*shape);
    }
    fuzz::CompileGraph(tf_frontend::LowerTfModel(graph, shapes));
  });
  return 0;
}

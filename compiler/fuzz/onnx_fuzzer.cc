// An .onnx file through the ONNX frontend (protobuf parse, checks, lowering) and the rest
// of the compiler.
#include <vector>

#include "compiler/frontends/onnx/onnx_import.h"
#include "compiler/fuzz/compile_graph.h"
#include "compiler/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace neo;
  fuzz::ExpectNeoErrorsOnly([&] {
    auto model = onnx_frontend::ParseOnnxModel(fuzz::Bytes(data, size), "fuzz.onnx");
    std::vector<ir::Shape> shapes;
    for (const auto& in : onnx_frontend::OnnxModelInputs(*model)) {
      auto shape = fuzz::SmallShape(in.has_rank ? static_cast<int>(in.dims.size()) : -1, in.dims);
      if (!shape) return;
      shapes.push_back(*shape);
    }
    fuzz::CompileGraph(onnx_frontend::LowerOnnxModel(*model, shapes));
  });
  return 0;
}

// An MXNet model: its symbol JSON and its .params, given as one input (the JSON, a NUL
// byte, then the params; JSON text holds no NUL), through the frontend and the compiler.
#include <string>
#include <vector>

#include "compiler/frontends/mxnet/mx_import.h"
#include "compiler/fuzz/compile_graph.h"
#include "compiler/fuzz/fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace neo;
  const std::string input = fuzz::Bytes(data, size);
  const size_t nul = input.find('\0');
  const std::string symbol = input.substr(0, nul);
  const std::string params = nul == std::string::npos ? "" : input.substr(nul + 1);
  fuzz::ExpectNeoErrorsOnly([&] {
    const mx_frontend::MxModel model =
        mx_frontend::ReadMxModel(symbol, "fuzz-symbol.json", params, "fuzz-0000.params");
    mx_frontend::CheckOperators(model);
    // MXNet declares no input shapes: every input gets NCHW [1, 2, 4, 4].
    std::vector<ir::Shape> shapes(mx_frontend::MxModelInputs(model).size(), ir::Shape{1, 2, 4, 4});
    fuzz::CompileGraph(mx_frontend::LowerMxModel(model, shapes));
  });
  return 0;
}

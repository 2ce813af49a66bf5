// Classifies one iris flower from its four measurements in cm (sepal length, sepal
// width, petal length, petal width) with the compiled model:
//   bazel run //examples/quickstart/onnx:classify -- 6.3 3.3 6.0 2.5
// prints the class and its probability, e.g. "virginica 1.00".
#include <cstdio>
#include <cstdlib>

#include "examples/quickstart/onnx/iris_net.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s SEPAL_LENGTH SEPAL_WIDTH PETAL_LENGTH PETAL_WIDTH\n", argv[0]);
    return 2;
  }
  static const char* const kClasses[] = {"setosa", "versicolor", "virginica"};
  quickstart::IrisNet model;  // builds the kernels and the arena once
  float* x = model.input_x();   // [1,4]
  for (int i = 0; i < 4; ++i) x[i] = std::strtof(argv[i + 1], nullptr);
  model.Run();
  const float* probs = model.output_probs();  // [1,3]
  int best = 0;
  for (int c = 1; c < 3; ++c) {
    if (probs[c] > probs[best]) best = c;
  }
  std::printf("%s %.2f\n", kClasses[best], probs[best]);
  return 0;
}
